#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

class QSettings;

namespace baton {

class ControlClient;

// Where baton-admin finds a batond: the local daemon (first the session
// bus, then the system bus, then the default control socket), one bus, a
// socket path, or a remote host through `ssh -T HOST batonctl bridge`.
struct ConnectionProfile {
    Q_DECLARE_TR_FUNCTIONS(ConnectionProfile)
public:
    enum class Kind { Local, SessionBus, SystemBus, Socket, Ssh };

    QString name;
    Kind kind = Kind::Local;
    QString socketPath;     // Socket: the local path; Ssh: the remote one (empty = batonctl's default)
    QString host;           // Ssh
    QString user;           // Ssh; empty = ssh's default
    int port = 0;           // Ssh; 0 = ssh's default

    QString title() const;          // the name, or a description when unnamed
    QString description() const;    // "D-Bus session bus", "socket /run/baton/control.sock", "ssh admin@web1"
    bool isValid() const;
    // The concrete endpoints to try, in order (Local expands to three).
    QList<ConnectionProfile> candidates() const;
    // A new client for one concrete endpoint; nullptr when this build
    // cannot speak it.
    ControlClient *createClient(QObject *parent) const;

    static QString kindText(Kind kind);
    static QList<ConnectionProfile> load(QSettings &settings);
    static void save(QSettings &settings, const QList<ConnectionProfile> &profiles);
    static ConnectionProfile local();

    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

} // namespace baton
