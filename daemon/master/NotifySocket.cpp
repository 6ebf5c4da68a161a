#include "NotifySocket.h"

#include <QRandomGenerator>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace baton {

NotifySocket::NotifySocket(QObject *parent) : QObject(parent) {}

bool NotifySocket::open(QString *error)
{
    m_fd.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!m_fd) {
        *error = QStringLiteral("cannot create the notify socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    const int one = 1;
    ::setsockopt(m_fd.get(), SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
    const int buffer = 1024 * 1024;   // bursts of READY/STATUS from many workers
    ::setsockopt(m_fd.get(), SOL_SOCKET, SO_RCVBUF, &buffer, sizeof(buffer));

    const QByteArray name = QStringLiteral("baton-notify-%1-%2").arg(::getpid())
                                .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0')).toLatin1();
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path + 1, name.constData(), size_t(name.size()));   // sun_path[0] = 0: abstract
    const socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + 1 + size_t(name.size()));
    if (::bind(m_fd.get(), reinterpret_cast<const sockaddr *>(&sun), length) < 0) {
        *error = QStringLiteral("cannot bind the notify socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_address = QLatin1Char('@') + QString::fromLatin1(name);
    m_notifier = new QSocketNotifier(m_fd.get(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &NotifySocket::readAll);
    return true;
}

void NotifySocket::adopt(UniqueFd fd, const QString &address)
{
    m_fd = std::move(fd);
    m_address = address;
    m_notifier = new QSocketNotifier(m_fd.get(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &NotifySocket::readAll);
}

void NotifySocket::readAll()
{
    // Bounded per wake-up so a flood cannot starve the event loop.
    for (int i = 0; i < 256; ++i) {
        char data[NotifyMessage::MaxBytes + 1];
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred)) + CMSG_SPACE(sizeof(int) * 253)];
        iovec iov{data, sizeof(data)};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof(control);
        const ssize_t n = ::recvmsg(m_fd.get(), &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (n < 0)
            return;   // EAGAIN: drained
        qint64 pid = 0;
        for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET)
                continue;
            if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len >= CMSG_LEN(sizeof(ucred))) {
                ucred cred{};
                std::memcpy(&cred, CMSG_DATA(c), sizeof(cred));
                pid = cred.pid;
            } else if (c->cmsg_type == SCM_RIGHTS) {
                const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                for (size_t k = 0; k < count; ++k) {
                    int fd = -1;
                    std::memcpy(&fd, CMSG_DATA(c) + k * sizeof(int), sizeof(int));
                    if (fd >= 0)
                        ::close(fd);
                }
            }
        }
        const bool truncated = (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;
        const auto parsed = truncated || pid <= 0 ? std::nullopt : NotifyMessage::parse(QByteArray(data, qsizetype(n)));
        if (!parsed) {
            ++m_malformed;
            continue;
        }
        Q_EMIT message(pid, *parsed);
    }
}

} // namespace baton
