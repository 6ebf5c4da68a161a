// systemd's file descriptor store for batond's listeners. Why it works this way:
//
// - A restart (`systemctl restart`, or Restart=on-failure after a crash)
//   would close every listener with the old process and re-bind it in the
//   new one: in between, connections are refused. With each listener in the
//   store (FDSTORE=1, FDNAME=), systemd holds a reference across the restart
//   and hands it back in LISTEN_FDS/LISTEN_FDNAMES, so the socket never
//   closes and connections wait in its backlog until the new master's
//   workers accept them.
// - Matching is by the address the socket is bound to (getsockname), not by
//   name: a name can be stale or come from a user's batond.socket unit. A
//   socket no listener of the config claims is closed with a warning and
//   removed from the store; so is a listener the config drops (FDSTOREREMOVE),
//   but never at batond's own exit, when keeping them is the point.
// - The descriptors systemd passes lack FD_CLOEXEC; they get it at once, so
//   that only what batond hands a worker deliberately is inherited.
// - sd::notify_with_fds (daemon/sd, libsystemd's protocol written out) sends
//   the message with the descriptor (SCM_RIGHTS); systemd ignores one it already holds, so storing
//   an adopted listener again is harmless. The unit must allow it:
//   FileDescriptorStoreMax= above zero and NotifyAccess=main (batond itself
//   sends FDSTORE=1).
#include "SystemdFdStore.h"

#include "ListenerSocket.h"
#include "sd_protocol.hpp"

#include <arpa/inet.h>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace baton {

namespace {

// Same family, port and binary address (the text forms of IPv6 vary).
bool sameAddress(const ListenAddress &a, const ListenAddress &b)
{
    if (a.kind != b.kind)
        return false;
    if (a.kind == ListenAddress::Kind::Unix)
        return a.path == b.path;
    if (a.port != b.port)
        return false;
    const int family = a.kind == ListenAddress::Kind::Tcp4 ? AF_INET : AF_INET6;
    unsigned char x[16] = {}, y[16] = {};
    return ::inet_pton(family, a.host.toLatin1().constData(), x) == 1
        && ::inet_pton(family, b.host.toLatin1().constData(), y) == 1 && std::memcmp(x, y, sizeof(x)) == 0;
}

} // namespace

SystemdFdStore::SystemdFdStore()
{
    m_active = !qEnvironmentVariableIsEmpty("NOTIFY_SOCKET");
    // Checks LISTEN_PID, marks the FDs close-on-exec and unsets LISTEN_*: an
    // upgrade in place keeps the PID, and its new image must not take FDs
    // 3... for passed sockets again.
    std::vector<std::string> names;
    const int count = sd::listen_fds_with_names(names);
    if (count <= 0)
        return;
    for (int i = 0; i < count; ++i) {
        const int fd = sd::ListenFdsStart + i;
        auto in = std::make_shared<Inherited>();
        in->fd = UniqueFd(fd);
        in->name = QString::fromStdString(names[size_t(i)]);
        in->address = boundAddress(fd);
        m_inherited.append(std::move(in));
    }
    std::fprintf(stderr, "batond: %d listening socket(s) passed by systemd (file descriptor store or socket unit)\n", count);
}

SystemdFdStore::~SystemdFdStore() = default;

std::optional<ListenAddress> SystemdFdStore::boundAddress(int fd)
{
    int type = 0, listening = 0;
    socklen_t len = sizeof(type);
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_STREAM)
        return std::nullopt;
    len = sizeof(listening);
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) < 0 || !listening)
        return std::nullopt;
    sockaddr_storage ss{};
    len = sizeof(ss);
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len) < 0)
        return std::nullopt;
    ListenAddress a;
    char text[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        const auto *sin = reinterpret_cast<const sockaddr_in *>(&ss);
        a.kind = ListenAddress::Kind::Tcp4;
        a.port = ntohs(sin->sin_port);
        ::inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text));
    } else if (ss.ss_family == AF_INET6) {
        const auto *sin6 = reinterpret_cast<const sockaddr_in6 *>(&ss);
        a.kind = ListenAddress::Kind::Tcp6;
        a.port = ntohs(sin6->sin6_port);
        ::inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text));
    } else if (ss.ss_family == AF_UNIX) {
        const auto *sun = reinterpret_cast<const sockaddr_un *>(&ss);
        a.kind = ListenAddress::Kind::Unix;
        a.path = QString::fromLocal8Bit(sun->sun_path, qsizetype(::strnlen(sun->sun_path, sizeof(sun->sun_path))));
        return a;
    } else {
        return std::nullopt;
    }
    a.host = QString::fromLatin1(text);
    return a;
}

QString SystemdFdStore::nameFor(const ListenAddress &address)
{
    QString name = address.kind == ListenAddress::Kind::Unix ? QStringLiteral("unix_") + address.path : address.toString();
    name.replace(QLatin1Char(':'), QLatin1Char('_'));
    for (QChar &c : name) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7E)
            c = QLatin1Char('_');
    }
    return name.left(255);
}

UniqueFd SystemdFdStore::takeInherited(const ListenAddress &address)
{
    for (qsizetype i = 0; i < m_inherited.size(); ++i) {
        const auto &in = m_inherited[i];
        if (in->address && sameAddress(*in->address, address)) {
            UniqueFd fd = std::move(in->fd);
            m_inherited.removeAt(i);
            return fd;
        }
    }
    return {};
}

void SystemdFdStore::closeUnclaimed()
{
    for (const auto &in : std::as_const(m_inherited)) {
        std::fprintf(stderr, "batond: warning: closing the passed socket \"%s\" (%s): no listener of the config uses it\n",
                     qPrintable(in->name), in->address ? qPrintable(in->address->toString()) : "not a listening stream socket");
        notify("FDSTOREREMOVE=1\nFDNAME=" + in->name.toUtf8());
    }
    m_inherited.clear();
}

void SystemdFdStore::store(const ListenerSocket &socket)
{
    if (m_active)
        notify("FDSTORE=1\nFDNAME=" + nameFor(socket.address()).toUtf8(), socket.fd());
}

void SystemdFdStore::remove(const ListenAddress &address)
{
    if (m_active && !m_exiting)
        notify("FDSTOREREMOVE=1\nFDNAME=" + nameFor(address).toUtf8());
}

void SystemdFdStore::notify(const QByteArray &state, int fd) const
{
    if (!m_active)
        return;
    sd::notify_with_fds(state.toStdString(), &fd, fd >= 0 ? 1 : 0);
}

} // namespace baton
