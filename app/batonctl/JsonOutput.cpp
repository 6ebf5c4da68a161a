#include "JsonOutput.h"

#include "Format.h"

#include <QJsonDocument>

#include <cstdio>

namespace baton::ctl::json {

namespace {

QString errorKind(int exitCode)
{
    switch (exitCode) {
    case 2: return QStringLiteral("usage");
    case 3: return QStringLiteral("unreachable");
    case 130: return QStringLiteral("interrupted");
    default: return QStringLiteral("failed");
    }
}

} // namespace

QJsonObject document(const QString &command, bool ok)
{
    return {{QStringLiteral("schema"), QLatin1String(Schema)},
            {QStringLiteral("command"), command.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(command)},
            {QStringLiteral("ok"), ok}};
}

QJsonObject document(const QString &command, bool ok, const QVariantMap &fields)
{
    QJsonObject doc = QJsonObject::fromVariantMap(fields);
    const QJsonObject envelope = document(command, ok);
    for (auto it = envelope.begin(); it != envelope.end(); ++it)
        doc.insert(it.key(), it.value());
    return doc;
}

QJsonObject errorDocument(const QString &command, int exitCode, const QString &message, std::optional<int> rpcCode,
                          const QVariantMap &data, const QVariantMap &fields)
{
    QJsonObject error{{QStringLiteral("kind"), errorKind(exitCode)}, {QStringLiteral("message"), message}};
    if (rpcCode)
        error.insert(QStringLiteral("code"), *rpcCode);
    if (!data.isEmpty())
        error.insert(QStringLiteral("data"), QJsonObject::fromVariantMap(data));
    QJsonObject doc = document(command, false, fields);
    doc.insert(QStringLiteral("error"), error);
    return doc;
}

void print(const QJsonObject &document)
{
    out(QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    std::fflush(stdout);
}

bool requested(const QStringList &arguments)
{
    for (const QString &a : arguments) {
        if (a == QLatin1String("--"))
            return false;
        if (a == QLatin1String("--json"))
            return true;
    }
    return false;
}

} // namespace baton::ctl::json
