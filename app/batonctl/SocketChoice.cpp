#include "SocketChoice.h"

#include "baton/ConfigLoader.h"
#include "baton/RuntimePaths.h"

#include <QFileInfo>

namespace baton::ctl {

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

// Absolute: QLocalSocket would look a bare name up in /tmp.
SocketChoice socketAt(const QString &path, const QString &origin)
{
    return {QFileInfo(path).absoluteFilePath(), origin, {}};
}

SocketChoice socketOfConfig(const QString &file, const QString &origin)
{
    LoadOptions options;
    // Only the daemon section matters here: whether the workers' programs
    // exist on this PATH (batonctl may run as another user) is batond's concern.
    options.commandCheck = CommandCheck::Off;
    const LoadResult loaded = loadConfigFile(file, options);
    if (!loaded.ok()) {
        QString first;
        for (const Diagnostic &d : loaded.diagnostics) {
            if (d.severity == Severity::Error) {
                first = d.format(file);
                break;
            }
        }
        return {{}, origin, QStringLiteral("%1 %2: cannot find the control socket in it: %3").arg(origin, file, first)};
    }
    const QString socket = loaded.config->daemon.controlSocket;
    return socketAt(socket.isEmpty() ? defaultControlSocket() : socket, origin);
}

} // namespace

SocketChoice chooseSocket(const QString &socketOption, const QString &configOption)
{
    if (!socketOption.isEmpty())
        return socketAt(socketOption, QStringLiteral("--socket"));
    if (!configOption.isEmpty())
        return socketOfConfig(configOption, QStringLiteral("--config"));
    if (const QString s = env("BATON_SOCKET"); !s.isEmpty())
        return socketAt(s, QStringLiteral("BATON_SOCKET"));
    if (const QString c = env("BATON_CONFIG"); !c.isEmpty())
        return socketOfConfig(c, QStringLiteral("BATON_CONFIG"));
    return socketAt(defaultControlSocket(), QStringLiteral("default"));
}

} // namespace baton::ctl
