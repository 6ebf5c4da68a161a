#include "JsonRpcLines.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>

namespace baton {

JsonRpcLines::JsonRpcLines(Write write, Notification notification)
    : m_write(std::move(write)), m_notification(std::move(notification))
{
}

void JsonRpcLines::call(const QString &method, const QVariantMap &params, ControlClient::Callback callback)
{
    const qint64 id = m_nextId++;
    m_pending.insert(id, std::move(callback));
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("id"), id},
          {QStringLiteral("method"), method},
          {QStringLiteral("params"), QJsonObject::fromVariantMap(params)}});
}

void JsonRpcLines::notify(const QString &method, const QVariantMap &params)
{
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("method"), method},
          {QStringLiteral("params"), QJsonObject::fromVariantMap(params)}});
}

void JsonRpcLines::send(const QJsonObject &message)
{
    m_write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

bool JsonRpcLines::feed(const QByteArray &bytes)
{
    m_in.append(bytes);
    const quint64 epoch = m_epoch;
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = m_in.indexOf('\n', start);
        if (newline < 0)
            break;
        const QByteArray line = m_in.sliced(start, newline - start);
        start = newline + 1;
        handleLine(line);
        if (m_epoch != epoch)
            return true;   // a callback ended the connection: the rest is moot
    }
    m_in.remove(0, start);
    if (m_in.size() <= MaxLineBytes)
        return true;
    m_serverError = QStringLiteral("batond sent a line longer than %1 MiB").arg(MaxLineBytes >> 20);
    return false;
}

void JsonRpcLines::handleLine(const QByteArray &line)
{
    const QJsonObject message = QJsonDocument::fromJson(line).object();
    if (message.isEmpty())
        return;   // blank, or not an object: batond only sends objects
    const QJsonValue id = message.value(QLatin1String("id"));
    if (id.isDouble()) {
        const ControlClient::Callback callback = m_pending.take(qint64(id.toDouble()));
        if (!callback)
            return;
        const QJsonValue error = message.value(QLatin1String("error"));
        if (error.isObject()) {
            const QJsonObject e = error.toObject();
            callback({}, ClientError{e.value(QLatin1String("code")).toInt(-32603), e.value(QLatin1String("message")).toString(),
                                     e.value(QLatin1String("data")).toObject().toVariantMap()});
        } else {
            callback(message.value(QLatin1String("result")).toObject().toVariantMap(), std::nullopt);
        }
        return;
    }
    if (message.contains(QLatin1String("error"))) {
        m_serverError = message.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
        return;
    }
    m_notification(message.value(QLatin1String("method")).toString(),
                   message.value(QLatin1String("params")).toObject().toVariantMap());
}

void JsonRpcLines::failAll(const ClientError &error)
{
    ++m_epoch;
    const QHash<qint64, ControlClient::Callback> pending = std::exchange(m_pending, {});
    QList<qint64> ids = pending.keys();
    std::sort(ids.begin(), ids.end());
    for (qint64 id : ids)
        pending.value(id)(QVariantMap{}, error);
}

void JsonRpcLines::reset()
{
    m_in.clear();
    m_serverError.clear();
}

} // namespace baton
