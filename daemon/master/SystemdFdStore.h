#pragma once

#include "baton/ListenAddress.h"
#include "baton/UniqueFd.h"

#include <QList>
#include <QString>

#include <memory>

namespace baton {

class ListenerSocket;
struct ListenerConfig;

// Listeners that outlive batond (issue 12 section 3): kept in systemd's file
// descriptor store, taken back on the next start. See SystemdFdStore.cpp.
class SystemdFdStore final {
public:
    // Reads LISTEN_FDS/LISTEN_FDNAMES/LISTEN_PID (ours only) once, at
    // start-up, and unsets them (an upgrade in place keeps the PID).
    SystemdFdStore();
    ~SystemdFdStore();

    SystemdFdStore(const SystemdFdStore &) = delete;
    SystemdFdStore &operator=(const SystemdFdStore &) = delete;

    // A socket systemd passed for this address, if any (at most once each).
    UniqueFd takeInherited(const ListenAddress &address);
    // After start-up: closes what no listener took, with a warning each, and
    // drops it from the store (FDSTOREREMOVE=1).
    void closeUnclaimed();
    int inheritedCount() const { return int(m_inherited.size()); }

    // Puts the socket into the store (FDSTORE=1 with FDNAME=); a no-op
    // outside systemd. systemd ignores a descriptor it already holds.
    void store(const ListenerSocket &socket);
    // The listener left the config: out of the store (not at batond's exit,
    // when the store must keep everything for the next start).
    void remove(const ListenAddress &address);
    void setExiting() { m_exiting = true; }
    bool active() const { return m_active; }

    // "127.0.0.1_8080", "[__1]_8080", "unix_/run/baton/x.sock": the address as
    // a valid FDNAME (printable, no ':', at most 255 characters).
    static QString nameFor(const ListenAddress &address);
    // The address a listening socket is bound to, or nullopt.
    static std::optional<ListenAddress> boundAddress(int fd);

private:
    struct Inherited {
        UniqueFd fd;
        QString name;
        std::optional<ListenAddress> address;
    };
    void notify(const QByteArray &state, int fd = -1) const;

    QList<std::shared_ptr<Inherited>> m_inherited;
    bool m_active = false;    // NOTIFY_SOCKET was set: running under systemd
    bool m_exiting = false;
};

} // namespace baton
