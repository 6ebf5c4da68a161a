// The D-Bus methods as ManagerAdaptor calls them: each only names its
// params as docs/control-api.md does ("" and 0 mean "not given") and hands
// them to handle(), which answers later (DBusService.cpp says how).
#include "DBusService.h"

namespace baton {

QVariantMap DBusService::Status() { handle(QStringLiteral("status"), {}); return {}; }
QVariantMap DBusService::GetConfig() { handle(QStringLiteral("get_config"), {}); return {}; }
QVariantMap DBusService::History() { handle(QStringLiteral("history"), {}); return {}; }
QVariantMap DBusService::Stop() { handle(QStringLiteral("stop"), {}); return {}; }
QVariantMap DBusService::Subscribe() { handle(QStringLiteral("subscribe"), {}); return {}; }
QVariantMap DBusService::Unsubscribe() { handle(QStringLiteral("unsubscribe"), {}); return {}; }
QVariantMap DBusService::MetricsHistory() { handle(QStringLiteral("metrics_history"), {}); return {}; }

QVariantMap DBusService::Reload(const QString &service)
{
    QVariantMap params;
    if (!service.isEmpty())
        params.insert(QStringLiteral("service"), service);
    handle(QStringLiteral("reload"), params);
    return {};
}

QVariantMap DBusService::Upgrade(const QString &binary)
{
    QVariantMap params;
    if (!binary.isEmpty())
        params.insert(QStringLiteral("binary"), binary);
    handle(QStringLiteral("upgrade"), params);
    return {};
}

QVariantMap DBusService::Validate(const QString &text)
{
    handle(QStringLiteral("validate"), {{QStringLiteral("text"), text}});
    return {};
}

QVariantMap DBusService::ApplyConfig(const QString &text, const QString &expectedVersion, const QString &comment)
{
    QVariantMap params{{QStringLiteral("text"), text}, {QStringLiteral("expected_version"), expectedVersion}};
    if (!comment.isEmpty())
        params.insert(QStringLiteral("comment"), comment);
    handle(QStringLiteral("apply_config"), params);
    return {};
}

QVariantMap DBusService::GetVersion(uint id)
{
    handle(QStringLiteral("get_version"), {{QStringLiteral("id"), qint64(id)}});
    return {};
}

QVariantMap DBusService::Rollback(uint id, const QString &comment)
{
    QVariantMap params{{QStringLiteral("id"), qint64(id)}};
    if (!comment.isEmpty())
        params.insert(QStringLiteral("comment"), comment);
    handle(QStringLiteral("rollback"), params);
    return {};
}

QVariantMap DBusService::Events(qulonglong since, uint limit)
{
    QVariantMap params{{QStringLiteral("since"), qint64(std::min<qulonglong>(since, qulonglong(1) << 53))}};
    if (limit > 0)
        params.insert(QStringLiteral("limit"), qint64(limit));
    handle(QStringLiteral("events"), params);
    return {};
}

QVariantMap DBusService::Logs(const QVariantMap &filter)
{
    handle(QStringLiteral("logs"), filter);
    return {};
}

QVariantMap DBusService::SubscribeLogs(const QVariantMap &filter)
{
    handle(QStringLiteral("subscribe_logs"), filter);
    return {};
}

QVariantMap DBusService::UnsubscribeLogs()
{
    handle(QStringLiteral("unsubscribe_logs"), {});
    return {};
}

QVariantMap DBusService::Reset(const QString &service)
{
    handle(QStringLiteral("reset"), {{QStringLiteral("service"), service}});
    return {};
}

} // namespace baton
