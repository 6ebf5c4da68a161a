#include "ControlApi.h"

namespace baton {

QString ControlError::dbusName() const
{
    switch (code) {
    case ControlErrorCode::Conflict: return QStringLiteral("io.github.baton.Daemon1.Error.Conflict");
    case ControlErrorCode::InvalidConfig: return QStringLiteral("io.github.baton.Daemon1.Error.InvalidConfig");
    case ControlErrorCode::NotFound: return QStringLiteral("io.github.baton.Daemon1.Error.NotFound");
    case ControlErrorCode::PermissionDenied: return QStringLiteral("io.github.baton.Daemon1.Error.PermissionDenied");
    case ControlErrorCode::Unavailable: return QStringLiteral("io.github.baton.Daemon1.Error.Unavailable");
    case ControlErrorCode::IoError: return QStringLiteral("io.github.baton.Daemon1.Error.IoError");
    case ControlErrorCode::InvalidParams: return QStringLiteral("org.freedesktop.DBus.Error.InvalidArgs");
    case ControlErrorCode::MethodNotFound: return QStringLiteral("org.freedesktop.DBus.Error.UnknownMethod");
    default: return QStringLiteral("org.freedesktop.DBus.Error.Failed");
    }
}

QStringList ControlApi::methods()
{
    return {QStringLiteral("status"),       QStringLiteral("reload"),  QStringLiteral("validate"),
            QStringLiteral("get_config"),   QStringLiteral("apply_config"), QStringLiteral("history"),
            QStringLiteral("get_version"),  QStringLiteral("rollback"), QStringLiteral("events"),
            QStringLiteral("reset"),        QStringLiteral("stop"),    QStringLiteral("logs")};
}

bool ControlApi::changesState(const QString &method)
{
    return method == QLatin1String("reload") || method == QLatin1String("apply_config")
        || method == QLatin1String("rollback") || method == QLatin1String("reset") || method == QLatin1String("stop");
}

bool ControlApi::needsWriteRights(const QString &method)
{
    return changesState(method) || method == QLatin1String("logs") || method == QLatin1String("subscribe_logs");
}

} // namespace baton
