#include "ControlApi.h"

#include "baton/ControlProtocol.h"

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
    case ControlErrorCode::InvalidParams: return QStringLiteral("io.github.baton.Daemon1.Error.InvalidArgs");
    case ControlErrorCode::MethodNotFound: return QStringLiteral("org.freedesktop.DBus.Error.UnknownMethod");
    default: return QStringLiteral("org.freedesktop.DBus.Error.Failed");
    }
}

} // namespace baton
