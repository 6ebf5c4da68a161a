#include "ListenerSocket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

namespace baton {

namespace {

QString errnoText(int error) { return QString::fromLocal8Bit(std::strerror(error)); }

sockaddr_un unixAddress(const QString &path)
{
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    const QByteArray bytes = path.toLocal8Bit();
    std::memcpy(sun.sun_path, bytes.constData(), std::min<size_t>(size_t(bytes.size()), sizeof(sun.sun_path) - 1));
    return sun;
}

// A socket file left by a dead master refuses connections; a live one accepts.
bool unixSocketIsLive(const sockaddr_un &sun)
{
    UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!probe)
        return false;
    return ::connect(probe.get(), reinterpret_cast<const sockaddr *>(&sun), sizeof(sun)) == 0;
}

} // namespace

ListenerSocket::ListenerSocket(UniqueFd fd, const ListenerConfig &config)
    : m_fd(std::move(fd)), m_address(config.address), m_backlog(config.backlog)
{
}

ListenerSocket::~ListenerSocket()
{
    if (m_onClose)
        m_onClose(m_address);
    if (m_address.kind == ListenAddress::Kind::Unix && m_inode) {
        struct stat st{};
        const QByteArray path = m_address.path.toLocal8Bit();
        if (::stat(path.constData(), &st) == 0 && st.st_ino == m_inode)
            ::unlink(path.constData());
    }
}

std::shared_ptr<ListenerSocket> ListenerSocket::adopt(UniqueFd fd, const ListenerConfig &config, qint64 inode)
{
    std::shared_ptr<ListenerSocket> socket(new ListenerSocket(std::move(fd), config));
    socket->m_inode = ino_t(inode);
    return socket;
}

std::shared_ptr<ListenerSocket> ListenerSocket::bind(const ListenerConfig &config, QString *error)
{
    const ListenAddress &a = config.address;
    const QString where = a.toString();
    auto fail = [&](const QString &what, int err) -> std::shared_ptr<ListenerSocket> {
        *error = QStringLiteral("cannot %1 %2: %3").arg(what, where, errnoText(err));
        return nullptr;
    };

    const int family = a.kind == ListenAddress::Kind::Tcp4 ? AF_INET : a.kind == ListenAddress::Kind::Tcp6 ? AF_INET6 : AF_UNIX;
    UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd)
        return fail(QStringLiteral("create a socket for"), errno);

    int result = -1;
    ino_t inode = 0;
    if (a.kind == ListenAddress::Kind::Unix) {
        const sockaddr_un sun = unixAddress(a.path);
        result = ::bind(fd.get(), reinterpret_cast<const sockaddr *>(&sun), sizeof(sun));
        if (result < 0 && errno == EADDRINUSE) {
            if (unixSocketIsLive(sun)) {
                *error = QStringLiteral("cannot bind %1: another process is listening on it").arg(where);
                return nullptr;
            }
            struct stat st{};
            if (::lstat(sun.sun_path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
                *error = QStringLiteral("cannot bind %1: the path exists and is not a socket").arg(where);
                return nullptr;
            }
            ::unlink(sun.sun_path);   // stale file of a dead master
            result = ::bind(fd.get(), reinterpret_cast<const sockaddr *>(&sun), sizeof(sun));
        }
        if (result == 0) {
            if (config.mode && ::chmod(sun.sun_path, *config.mode) < 0)
                return fail(QStringLiteral("set the mode of"), errno);
            struct stat st{};
            if (::stat(sun.sun_path, &st) == 0)
                inode = st.st_ino;
        }
    } else {
        const int one = 1;
        ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (a.kind == ListenAddress::Kind::Tcp4) {
            sockaddr_in sin{};
            sin.sin_family = AF_INET;
            sin.sin_port = htons(a.port);
            ::inet_pton(AF_INET, a.host.toLatin1().constData(), &sin.sin_addr);
            result = ::bind(fd.get(), reinterpret_cast<const sockaddr *>(&sin), sizeof(sin));
        } else {
            ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
            sockaddr_in6 sin6{};
            sin6.sin6_family = AF_INET6;
            sin6.sin6_port = htons(a.port);
            ::inet_pton(AF_INET6, a.host.toLatin1().constData(), &sin6.sin6_addr);
            result = ::bind(fd.get(), reinterpret_cast<const sockaddr *>(&sin6), sizeof(sin6));
        }
    }
    if (result < 0)
        return fail(QStringLiteral("bind"), errno);
    if (::listen(fd.get(), config.backlog) < 0)
        return fail(QStringLiteral("listen on"), errno);

    std::shared_ptr<ListenerSocket> socket(new ListenerSocket(std::move(fd), config));
    socket->m_inode = inode;
    return socket;
}

std::shared_ptr<ListenerSocket> ListenerSocket::adoptPassed(UniqueFd fd, const ListenerConfig &config, QString *error)
{
    std::shared_ptr<ListenerSocket> socket(new ListenerSocket(std::move(fd), config));
    socket->m_backlog = -1;   // unknown: update() applies the config's
    if (config.address.kind == ListenAddress::Kind::Unix) {
        struct stat st{};
        if (::stat(config.address.path.toLocal8Bit().constData(), &st) == 0 && S_ISSOCK(st.st_mode))
            socket->m_inode = st.st_ino;
    }
    if (!socket->update(config, error))
        return nullptr;
    return socket;
}

bool ListenerSocket::update(const ListenerConfig &config, QString *error)
{
    if (config.backlog != m_backlog) {
        if (::listen(m_fd.get(), config.backlog) < 0) {
            *error = QStringLiteral("cannot change the backlog of %1: %2").arg(m_address.toString(), errnoText(errno));
            return false;
        }
        m_backlog = config.backlog;
    }
    if (config.mode && m_address.kind == ListenAddress::Kind::Unix
        && ::chmod(m_address.path.toLocal8Bit().constData(), *config.mode) < 0) {
        *error = QStringLiteral("cannot set the mode of %1: %2").arg(m_address.toString(), errnoText(errno));
        return false;
    }
    return true;
}

} // namespace baton
