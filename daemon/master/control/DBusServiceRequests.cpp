// The D-Bus members of the operator actions on one worker or one service
// (docs/control-api.md): like every member, they only hand their arguments,
// named as in the method table, to the asynchronous chain of handle().
#include "DBusService.h"

namespace baton {

QVariantMap DBusService::RestartWorker(uint pid)
{
    handle(QStringLiteral("restart_worker"), {{QStringLiteral("pid"), qint64(pid)}});
    return {};
}

QVariantMap DBusService::SignalWorker(uint pid, const QString &signal)
{
    handle(QStringLiteral("signal_worker"), {{QStringLiteral("pid"), qint64(pid)}, {QStringLiteral("signal"), signal}});
    return {};
}

QVariantMap DBusService::StopService(const QString &service)
{
    handle(QStringLiteral("stop_service"), {{QStringLiteral("service"), service}});
    return {};
}

QVariantMap DBusService::StartService(const QString &service)
{
    handle(QStringLiteral("start_service"), {{QStringLiteral("service"), service}});
    return {};
}

} // namespace baton
