#include "baton/RuntimePaths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

#include <unistd.h>

namespace baton {

QString runtimeDir()
{
    const QString systemd = qEnvironmentVariable("RUNTIME_DIRECTORY").section(QLatin1Char(':'), 0, 0);
    if (!systemd.isEmpty())
        return systemd;
    if (geteuid() == 0)
        return QStringLiteral("/run/baton");
    const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!xdg.isEmpty())
        return xdg + QStringLiteral("/baton");
    return QDir::tempPath() + QStringLiteral("/baton-%1").arg(geteuid());
}

QString defaultControlSocket()
{
    return runtimeDir() + QStringLiteral("/control.sock");
}

QString defaultStateDir()
{
    const QString systemd = qEnvironmentVariable("STATE_DIRECTORY").section(QLatin1Char(':'), 0, 0);
    if (!systemd.isEmpty())
        return systemd;
    if (geteuid() == 0)
        return QStringLiteral("/var/lib/baton");
    const QString xdg = qEnvironmentVariable("XDG_STATE_HOME");
    return (xdg.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/state") : xdg) + QStringLiteral("/baton");
}

QString lockFileFor(const QString &configPath)
{
    const QByteArray canonical = QFileInfo(configPath).absoluteFilePath().toUtf8();
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex().left(16));
    return runtimeDir() + QStringLiteral("/batond-%1.lock").arg(hash);
}

} // namespace baton
