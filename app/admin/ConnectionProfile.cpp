#include "ConnectionProfile.h"

#include "DBusClient.h"
#include "JsonRpcClient.h"
#include "SshBridgeClient.h"
#include "baton/RuntimePaths.h"

#include <QSettings>

namespace baton {

namespace {

const char *kindKey(ConnectionProfile::Kind kind)
{
    switch (kind) {
    case ConnectionProfile::Kind::Local: return "local";
    case ConnectionProfile::Kind::SessionBus: return "session";
    case ConnectionProfile::Kind::SystemBus: return "system";
    case ConnectionProfile::Kind::Socket: return "socket";
    case ConnectionProfile::Kind::Ssh: return "ssh";
    }
    return "local";
}

ConnectionProfile::Kind kindFromKey(const QString &key)
{
    for (auto kind : {ConnectionProfile::Kind::SessionBus, ConnectionProfile::Kind::SystemBus, ConnectionProfile::Kind::Socket,
                      ConnectionProfile::Kind::Ssh}) {
        if (key == QLatin1String(kindKey(kind)))
            return kind;
    }
    return ConnectionProfile::Kind::Local;
}

} // namespace

QString ConnectionProfile::kindText(Kind kind)
{
    switch (kind) {
    case Kind::Local: return tr("Local daemon (automatic)");
    case Kind::SessionBus: return tr("D-Bus session bus");
    case Kind::SystemBus: return tr("D-Bus system bus");
    case Kind::Socket: return tr("Control socket");
    case Kind::Ssh: return tr("SSH");
    }
    return {};
}

QString ConnectionProfile::description() const
{
    switch (kind) {
    case Kind::Local:
    case Kind::SessionBus:
    case Kind::SystemBus: return kindText(kind);
    case Kind::Socket: return tr("socket %1").arg(socketPath.isEmpty() ? defaultControlSocket() : socketPath);
    case Kind::Ssh: {
        QString where = user.isEmpty() ? host : user + QLatin1Char('@') + host;
        if (port > 0)
            where += QLatin1Char(':') + QString::number(port);
        return tr("ssh %1").arg(where);
    }
    }
    return {};
}

QString ConnectionProfile::title() const
{
    return name.isEmpty() ? description() : name;
}

bool ConnectionProfile::isValid() const
{
    return kind != Kind::Ssh || !host.trimmed().isEmpty();
}

QList<ConnectionProfile> ConnectionProfile::candidates() const
{
    if (kind != Kind::Local)
        return {*this};
    ConnectionProfile session, system, socket;
    session.kind = Kind::SessionBus;
    system.kind = Kind::SystemBus;
    socket.kind = Kind::Socket;
    return {session, system, socket};
}

ControlClient *ConnectionProfile::createClient(QObject *parent) const
{
    switch (kind) {
    case Kind::Local: return nullptr;   // not concrete: see candidates()
    case Kind::SessionBus:
    case Kind::SystemBus:
        return new DBusClient(kind == Kind::SessionBus ? QDBusConnection::SessionBus : QDBusConnection::SystemBus, parent);
    case Kind::Socket: return new JsonRpcClient(socketPath, parent);
    case Kind::Ssh: return new SshBridgeClient(host, user, port, socketPath, parent);
    }
    return nullptr;
}

ConnectionProfile ConnectionProfile::local()
{
    return {};
}

QList<ConnectionProfile> ConnectionProfile::load(QSettings &settings)
{
    QList<ConnectionProfile> out;
    const int count = settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ConnectionProfile p;
        p.name = settings.value(QStringLiteral("name")).toString();
        p.kind = kindFromKey(settings.value(QStringLiteral("kind")).toString());
        p.socketPath = settings.value(QStringLiteral("socket")).toString();
        p.host = settings.value(QStringLiteral("host")).toString();
        p.user = settings.value(QStringLiteral("user")).toString();
        p.port = settings.value(QStringLiteral("port")).toInt();
        if (p.isValid())
            out << p;
    }
    settings.endArray();
    return out;
}

void ConnectionProfile::save(QSettings &settings, const QList<ConnectionProfile> &profiles)
{
    settings.remove(QStringLiteral("profiles"));
    settings.beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile &p = profiles[i];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), p.name);
        settings.setValue(QStringLiteral("kind"), QString::fromLatin1(kindKey(p.kind)));
        settings.setValue(QStringLiteral("socket"), p.socketPath);
        settings.setValue(QStringLiteral("host"), p.host);
        settings.setValue(QStringLiteral("user"), p.user);
        settings.setValue(QStringLiteral("port"), p.port);
    }
    settings.endArray();
}

} // namespace baton
