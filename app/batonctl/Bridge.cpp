#include "Bridge.h"

#include "Ctl.h"
#include "Format.h"

#include <QCoreApplication>
#include <QLocalSocket>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace baton::ctl {

namespace {

constexpr qsizetype Chunk = 64 * 1024;
constexpr qsizetype HighWater = 1024 * 1024;   // pause the producing side above this

int makeNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    return flags;
}

} // namespace

Bridge::Bridge(const QString &socketPath, QObject *parent)
    : QObject(parent), m_path(socketPath), m_socket(new QLocalSocket(this))
{
    m_socket->setReadBufferSize(HighWater);
}

Bridge::~Bridge()
{
    if (m_stdinFlags >= 0)
        ::fcntl(STDIN_FILENO, F_SETFL, m_stdinFlags);
    if (m_stdoutFlags >= 0)
        ::fcntl(STDOUT_FILENO, F_SETFL, m_stdoutFlags);
}

void Bridge::start()
{
    std::signal(SIGPIPE, SIG_IGN);   // a reader of stdout that went away ends the bridge, quietly
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this] {
        if (m_socket->state() != QLocalSocket::ConnectedState && !m_stdin)
            finish(Exit::NoDaemon, QStringLiteral("cannot connect to unix:%1: %2").arg(m_path, m_socket->errorString()));
    });
    connect(m_socket, &QLocalSocket::connected, this, [this] {
        m_stdinFlags = makeNonBlocking(STDIN_FILENO);
        m_stdoutFlags = makeNonBlocking(STDOUT_FILENO);
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, &Bridge::onStdinReadable);
        m_stdout = new QSocketNotifier(STDOUT_FILENO, QSocketNotifier::Write, this);
        m_stdout->setEnabled(false);
        connect(m_stdout, &QSocketNotifier::activated, this, &Bridge::writeStdout);
    });
    connect(m_socket, &QLocalSocket::readyRead, this, &Bridge::onSocketReadable);
    connect(m_socket, &QLocalSocket::bytesWritten, this, [this] {
        if (m_stdin && !m_stdinEof && m_socket->bytesToWrite() < HighWater / 4)
            m_stdin->setEnabled(true);
        maybeHalfClose();
    });
    connect(m_socket, &QLocalSocket::disconnected, this, [this] {
        m_socketClosed = true;
        onSocketReadable();
        if (m_stdoutPos == m_toStdout.size())
            finish(Exit::Ok);
    });
    m_socket->connectToServer(m_path);
}

void Bridge::onStdinReadable()
{
    char buffer[Chunk];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof(buffer));
    if (n > 0) {
        m_socket->write(buffer, n);
        if (m_socket->bytesToWrite() > HighWater)
            m_stdin->setEnabled(false);   // batond is slower than our stdin; resume on bytesWritten
        return;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (n < 0)
        err(QStringLiteral("batonctl: bridge: reading stdin: %1\n").arg(QString::fromLocal8Bit(std::strerror(errno))));
    m_stdinEof = true;
    m_stdin->setEnabled(false);
    maybeHalfClose();
}

// Once stdin ended and everything read from it is in the kernel, tell batond
// we are done sending; it answers what is pending and then closes.
void Bridge::maybeHalfClose()
{
    if (!m_stdinEof || m_halfClosed || m_socket->bytesToWrite() > 0 || m_socket->state() != QLocalSocket::ConnectedState)
        return;
    m_halfClosed = true;
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
}

void Bridge::onSocketReadable()
{
    if (m_toStdout.size() - m_stdoutPos >= HighWater)
        return;   // resumed by writeStdout()
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    if (m_stdoutPos == m_toStdout.size()) {
        m_toStdout = data;
        m_stdoutPos = 0;
    } else {
        m_toStdout.append(data);
    }
    writeStdout();
}

void Bridge::writeStdout()
{
    while (m_stdoutPos < m_toStdout.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, m_toStdout.constData() + m_stdoutPos, size_t(m_toStdout.size() - m_stdoutPos));
        if (n > 0) {
            m_stdoutPos += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (m_stdout)
                m_stdout->setEnabled(true);
            return;
        }
        if (n < 0 && errno == EPIPE)
            return finish(Exit::Ok);   // nobody reads our output any more
        return finish(Exit::Failed, QStringLiteral("bridge: writing stdout: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    m_toStdout.clear();
    m_stdoutPos = 0;
    if (m_stdout)
        m_stdout->setEnabled(false);
    if (m_socket->bytesAvailable() > 0)
        return onSocketReadable();
    if (m_socketClosed)
        finish(Exit::Ok);
}

void Bridge::finish(int code, const QString &error)
{
    if (std::exchange(m_finished, true))
        return;
    if (!error.isEmpty())
        err(QStringLiteral("batonctl: %1\n").arg(error));
    if (m_stdin)
        m_stdin->setEnabled(false);
    if (m_stdout)
        m_stdout->setEnabled(false);
    QCoreApplication::exit(code);
}

} // namespace baton::ctl
