#pragma once

#include "baton/Config.h"
#include "baton/UniqueFd.h"

#include <QString>

#include <functional>
#include <memory>

namespace baton {

// A bound, listening socket owned by the master for as long as any
// generation uses it. Shared by address across reloads; closing the last
// reference closes the socket (and removes its Unix socket file), so a
// listener is never re-bound while it exists.
class ListenerSocket final {
public:
    static std::shared_ptr<ListenerSocket> bind(const ListenerConfig &config, QString *error);
    // A socket already bound to config.address and listening (passed by
    // systemd): its backlog and Unix mode are brought to the config's.
    static std::shared_ptr<ListenerSocket> adoptPassed(UniqueFd fd, const ListenerConfig &config, QString *error);
    // Upgrade in place: the socket the previous image bound (inode: its Unix socket file).
    static std::shared_ptr<ListenerSocket> adopt(UniqueFd fd, const ListenerConfig &config, qint64 inode);
    ~ListenerSocket();

    ListenerSocket(const ListenerSocket &) = delete;
    ListenerSocket &operator=(const ListenerSocket &) = delete;

    int fd() const { return m_fd.get(); }
    const ListenAddress &address() const { return m_address; }
    int backlog() const { return m_backlog; }
    qint64 inode() const { return qint64(m_inode); }
    // Applies a new backlog or Unix mode in place (listen() again, chmod).
    bool update(const ListenerConfig &config, QString *error);
    // Called once the last reference is gone (the config dropped the listener).
    void setOnClose(std::function<void(const ListenAddress &)> onClose) { m_onClose = std::move(onClose); }

private:
    ListenerSocket(UniqueFd fd, const ListenerConfig &config);

    UniqueFd m_fd;
    ListenAddress m_address;
    int m_backlog;
    ino_t m_inode = 0;    // Unix: the socket file we created, so we only unlink ours
    std::function<void(const ListenAddress &)> m_onClose;
};

} // namespace baton
