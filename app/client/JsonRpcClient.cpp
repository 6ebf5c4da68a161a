// JSON-RPC over QLocalSocket. Every call gets an integer id and waits in
// m_pending until the line with that id arrives; a lost connection answers
// every waiting call with code -1, so each callback runs exactly once.
// batond refuses an unauthorised peer with one id-less error line and closes:
// that message is kept and becomes the reason of the disconnect.
#include "JsonRpcClient.h"

#include "baton/RuntimePaths.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLocalSocket>
#include <QTimer>

#include <algorithm>

namespace baton {

namespace {

QString connectError(QLocalSocket::LocalSocketError error, const QString &fallback)
{
    switch (error) {
    case QLocalSocket::ServerNotFoundError: return QStringLiteral("no such socket (is batond running?)");
    case QLocalSocket::ConnectionRefusedError: return QStringLiteral("connection refused (batond is not running, or its socket is stale)");
    case QLocalSocket::SocketAccessError:
        return QStringLiteral("permission denied (the control socket admits root, batond's user and its admin_group)");
    case QLocalSocket::SocketTimeoutError: return QStringLiteral("timed out");
    default: return fallback;
    }
}

} // namespace

JsonRpcClient::JsonRpcClient(const QString &socketPath, QObject *parent)
    : ControlClient(parent), m_path(QFileInfo(socketPath.isEmpty() ? defaultControlSocket() : socketPath).absoluteFilePath()),
      m_socket(new QLocalSocket(this))
{
    connect(m_socket, &QLocalSocket::connected, this, &JsonRpcClient::onConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &JsonRpcClient::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &JsonRpcClient::onDisconnected);
    connect(m_socket, &QLocalSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() == 0)
            Q_EMIT allWritten();
    });
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError error) {
        if (m_connected)
            return;   // a running connection ends in onDisconnected()
        Q_EMIT disconnected(QStringLiteral("cannot connect to %1: %2").arg(endpoint(), connectError(error, m_socket->errorString())));
    });
}

JsonRpcClient::~JsonRpcClient()
{
    // Callbacks may capture objects that die with us: drop them unanswered.
    m_pending.clear();
    disconnect(m_socket, nullptr, this, nullptr);
}

void JsonRpcClient::connectToDaemon()
{
    if (m_socket->state() != QLocalSocket::UnconnectedState)
        return;
    m_in.clear();
    m_serverError.clear();
    m_socket->connectToServer(m_path);
}

void JsonRpcClient::disconnectFromDaemon()
{
    if (m_socket->state() == QLocalSocket::UnconnectedState)
        return;
    const bool wasConnected = std::exchange(m_connected, false);
    failAll({-1, QStringLiteral("disconnected from batond"), {}});
    m_socket->disconnectFromServer();   // writes what is queued first
    if (wasConnected)
        Q_EMIT disconnected(QStringLiteral("disconnected"));
}

bool JsonRpcClient::isConnected() const
{
    return m_connected;
}

QString JsonRpcClient::endpoint() const
{
    return QStringLiteral("unix:") + m_path;
}

void JsonRpcClient::call(const QString &method, const QVariantMap &params, Callback callback)
{
    if (!m_connected) {
        const ClientError error{-1, QStringLiteral("not connected to batond (%1)").arg(endpoint()), {}};
        QTimer::singleShot(0, this, [callback, error] { callback({}, error); });
        return;
    }
    const qint64 id = m_nextId++;
    m_pending.insert(id, std::move(callback));
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("id"), id},
          {QStringLiteral("method"), method},
          {QStringLiteral("params"), QJsonObject::fromVariantMap(params)}});
}

bool JsonRpcClient::notify(const QString &method, const QVariantMap &params)
{
    if (!m_connected)
        return false;
    send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
          {QStringLiteral("method"), method},
          {QStringLiteral("params"), QJsonObject::fromVariantMap(params)}});
    return true;
}

qint64 JsonRpcClient::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void JsonRpcClient::subscribe(bool events, bool metrics)
{
    m_subscribed = events || metrics;
    m_subscribeEvents = events;
    m_subscribeMetrics = metrics;
    if (!m_connected)
        return;   // sent by onConnected()
    if (m_subscribed)
        call(QStringLiteral("subscribe"), {{QStringLiteral("events"), events}, {QStringLiteral("metrics"), metrics}},
             [](const QVariantMap &, const std::optional<ClientError> &) {});
    else
        call(QStringLiteral("unsubscribe"), {}, [](const QVariantMap &, const std::optional<ClientError> &) {});
}

void JsonRpcClient::send(const QJsonObject &message)
{
    m_socket->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

void JsonRpcClient::onConnected()
{
    m_connected = true;
    if (m_subscribed)
        subscribe(m_subscribeEvents, m_subscribeMetrics);
    Q_EMIT connected();
}

void JsonRpcClient::onReadyRead()
{
    m_in.append(m_socket->readAll());
    qsizetype start = 0;
    while (m_connected) {
        const qsizetype newline = m_in.indexOf('\n', start);
        if (newline < 0)
            break;
        const QByteArray line = m_in.sliced(start, newline - start);
        start = newline + 1;
        handleLine(line);
    }
    if (!m_connected)
        return;
    m_in.remove(0, start);
    if (m_in.size() > MaxLineBytes) {
        m_serverError = QStringLiteral("batond sent a line longer than %1 MiB").arg(MaxLineBytes >> 20);
        m_socket->abort();
    }
}

void JsonRpcClient::handleLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return;
    const QJsonObject message = QJsonDocument::fromJson(line).object();
    if (message.isEmpty())
        return;   // not ours to judge: batond only sends objects
    const QJsonValue id = message.value(QLatin1String("id"));
    if (id.isDouble()) {
        const auto callback = m_pending.take(qint64(id.toDouble()));
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
    const QString method = message.value(QLatin1String("method")).toString();
    const QVariantMap params = message.value(QLatin1String("params")).toObject().toVariantMap();
    if (method == QLatin1String("event"))
        Q_EMIT eventReceived(params);
    else if (method == QLatin1String("metrics"))
        Q_EMIT metricsReceived(params);
    else if (method == QLatin1String("services_changed"))
        Q_EMIT servicesChanged(params);
}

void JsonRpcClient::onDisconnected()
{
    if (!m_connected)
        return;   // we hung up ourselves; already reported
    // Lines that arrived together with the close still count (a final error line).
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (!m_connected)
        return;   // a callback hung up meanwhile
    m_connected = false;
    const QString reason = m_serverError.isEmpty() ? QStringLiteral("batond closed the connection") : m_serverError;
    failAll({-1, reason, {}});
    Q_EMIT disconnected(reason);
}

void JsonRpcClient::failAll(const ClientError &error)
{
    const QHash<qint64, Callback> pending = std::exchange(m_pending, {});
    QList<qint64> ids = pending.keys();
    std::sort(ids.begin(), ids.end());
    for (qint64 id : ids)
        pending.value(id)(QVariantMap{}, error);
}

} // namespace baton
