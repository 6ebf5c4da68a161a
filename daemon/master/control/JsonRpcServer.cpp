// The control socket. Why it is built like this:
// - A raw AF_UNIX socket plus QSocketNotifier, not QLocalServer: SO_PEERCRED
//   and SO_PEERGROUPS come straight off the accepted FD, every FD is
//   O_CLOEXEC (workers never inherit a control connection), and the output
//   buffer is ours, so a client that stops reading is noticed at a hard limit
//   and dropped instead of growing batond's memory or blocking it.
// - Input is read and handled in bounded slices per wake-up (one busy client
//   cannot starve the others) and never held beyond one line limit plus one read.
// - Replies may come long after their request (reload answers once it has
//   finished), so each reply holds a QPointer to its connection and is dropped
//   when the client has gone.
// - A connection never deletes itself inside its own handlers: close() gives
//   back the FD at once and deleteLater()s the object.
// - Notifications are serialised once per signal and the same bytes queued
//   to every subscriber.
#include "JsonRpcServer.h"

#include "JsonRpcConnection.h"

#include "UserDatabase.h"

#include "baton/ControlProtocol.h"
#include "baton/JsonRpcRequest.h"
#include "baton/LogBuffer.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <variant>
#include <vector>

namespace baton {

static_assert(jsonrpc::ParseError == ControlErrorCode::ParseError && jsonrpc::InvalidRequest == ControlErrorCode::InvalidRequest
              && jsonrpc::InvalidParams == ControlErrorCode::InvalidParams);

namespace {

QString errnoText(int error) { return QString::fromLocal8Bit(std::strerror(error)); }

// The user's name, and the groups the user database lists for it (primary included) appended to *groups.
QString userNameOf(uid_t uid, QList<gid_t> *groups)
{
    const UserEntry user = lookUpUser(uid);
    groups->append(user.groups);
    return user.name;
}

// The supplementary groups the peer process actually had when it connected.
QList<gid_t> peerGroupsOf(int fd)
{
    std::vector<gid_t> groups(64);
    socklen_t length = socklen_t(groups.size() * sizeof(gid_t));
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &length) < 0) {
        if (errno != ERANGE)
            return {};
        groups.resize(length / sizeof(gid_t));
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &length) < 0)
            return {};
    }
    return QList<gid_t>(groups.begin(), groups.begin() + length / sizeof(gid_t));
}

// mkdir -p with 0755 for the folders we create; existing ones are left alone.
bool makeFolders(const QString &dir, QString *error)
{
    const QByteArray native = QFile::encodeName(dir);
    struct stat st{};
    if (::stat(native.constData(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return true;
        *error = QStringLiteral("cannot create the control socket in %1: it is not a folder").arg(dir);
        return false;
    }
    const QString parent = QFileInfo(dir).path();
    if (parent != dir && !makeFolders(parent, error))
        return false;
    const bool created = ::mkdir(native.constData(), 0755) == 0;
    if (created)
        ::chmod(native.constData(), 0755);   // ours, just created: the umask must not narrow it
    if (created || errno == EEXIST)   // or made by someone else meanwhile: left as it is
        return true;
    *error = QStringLiteral("cannot create the folder %1 for the control socket: %2").arg(dir, errnoText(errno));
    return false;
}

// The socket file at path, if it is still the one we bound (dev, inode).
void unlinkIfOurs(const QString &path, dev_t dev, ino_t inode)
{
    struct stat st{};
    const QByteArray native = QFile::encodeName(path);
    if (inode && ::lstat(native.constData(), &st) == 0 && st.st_dev == dev && st.st_ino == inode)
        ::unlink(native.constData());
}

} // namespace

JsonRpcServer::JsonRpcServer(ControlApi &api, QObject *parent)
    : QObject(parent), m_api(&api)
{
    // params() is called once, and only if some connection wants the notification.
    auto broadcast = [this](const char *method, bool (JsonRpcConnection::*wants)() const, const std::function<QJsonObject()> &params) {
        QByteArray bytes;
        const QList<JsonRpcConnection *> connections = m_connections.values();   // queue() may drop one
        for (JsonRpcConnection *c : connections) {
            if (!(c->*wants)())
                continue;
            if (bytes.isEmpty())
                bytes = JsonRpcConnection::encode({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                {QStringLiteral("method"), QLatin1String(method)},
                                {QStringLiteral("params"), params()}});
            c->queue(bytes);
        }
    };
    connect(&api, &ControlApi::eventRecorded, this, [broadcast](const Event &event) {
        broadcast("event", &JsonRpcConnection::wantsEvents, [&event] { return event.toJson(); });
    });
    connect(&api, &ControlApi::metricsSampled, this, [broadcast](const QVariantMap &status) {
        broadcast("metrics", &JsonRpcConnection::wantsMetrics, [&status] { return QJsonObject::fromVariantMap(status); });
    });
    connect(&api, &ControlApi::servicesChanged, this, [broadcast, &api] {
        broadcast("services_changed", &JsonRpcConnection::wantsAny, [&api] { return QJsonObject::fromVariantMap(api.currentStatus()); });
    });
    connect(&api, &ControlApi::logsAppended, this, [this](const QVariantList &lines) {
        const QList<JsonRpcConnection *> connections = m_connections.values();
        for (JsonRpcConnection *c : connections) {
            const LogFilter *filter = c->logFilter();
            if (!filter)
                continue;
            QJsonArray matching;
            for (const QVariant &line : lines) {
                if (filter->matches(line.toMap()))
                    matching.append(QJsonObject::fromVariantMap(line.toMap()));
            }
            if (!matching.isEmpty())
                c->queue(JsonRpcConnection::encode({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                 {QStringLiteral("method"), QStringLiteral("log")},
                                 {QStringLiteral("params"), QJsonObject{{QStringLiteral("lines"), matching}}}}));
        }
    });
    connect(&api, &ControlApi::stateChanged, this, [broadcast](const QString &state) {
        broadcast("state_changed", &JsonRpcConnection::wantsAny, [&state] { return QJsonObject{{QStringLiteral("state"), state}}; });
    });
}

JsonRpcServer::~JsonRpcServer()
{
    const QList<JsonRpcConnection *> connections = m_connections.values();
    for (JsonRpcConnection *c : connections)
        c->close();
    unlinkIfOurs(m_path, m_dev, m_inode);
}

bool JsonRpcServer::moveTo(const QString &path, QString *error)
{
    if (path == m_path)
        return true;
    // Bind the new one first: if that fails, the carried socket serves on.
    struct Previous {
        UniqueFd fd;
        QString path;
        dev_t dev;
        ino_t inode;
        QSocketNotifier *notifier;
    } previous{std::move(m_fd), m_path, m_dev, m_inode, std::exchange(m_acceptNotifier, nullptr)};
    m_inode = 0;
    if (!listen(path, error)) {
        m_fd = std::move(previous.fd);
        m_path = previous.path;
        m_dev = previous.dev;
        m_inode = previous.inode;
        m_acceptNotifier = previous.notifier;
        return false;
    }
    delete previous.notifier;
    unlinkIfOurs(previous.path, previous.dev, previous.inode);
    return true;   // previous.fd closes here
}

bool JsonRpcServer::listen(const QString &path, QString *error)
{
    m_path = path;
    auto fail = [error](const QString &message) {
        *error = message;
        return false;
    };
    const QByteArray native = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (size_t(native.size()) >= sizeof(address.sun_path))
        return fail(QStringLiteral("control socket path %1 is too long (at most %2 bytes)").arg(path).arg(sizeof(address.sun_path) - 1));
    std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
    if (!makeFolders(QFileInfo(path).absolutePath(), error))
        return false;

    // An existing file: a stale socket of a dead daemon is replaced, a live one is left alone.
    struct stat st{};
    if (::lstat(native.constData(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            return fail(QStringLiteral("cannot use %1 as the control socket: the path exists and is not a socket").arg(path));
        UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        const int result = probe ? ::connect(probe.get(), reinterpret_cast<const sockaddr *>(&address), sizeof(address)) : -1;
        const int probeError = errno;
        if (result == 0 || probeError == EAGAIN || probeError == EINPROGRESS)
            return fail(QStringLiteral("another batond is already listening on the control socket %1; "
                                       "stop it or set a different [daemon] control_socket").arg(path));
        if (probeError != ECONNREFUSED)
            return fail(QStringLiteral("cannot check the existing control socket %1: %2").arg(path, errnoText(probeError)));
        if (::unlink(native.constData()) < 0 && errno != ENOENT)
            return fail(QStringLiteral("cannot remove the stale control socket %1: %2").arg(path, errnoText(errno)));
    }

    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd)
        return fail(QStringLiteral("cannot create the control socket: %1").arg(errnoText(errno)));
    // bind() creates the file with the umask applied: 0111 makes it 0666 from
    // the first instant. Connecting grants nothing but the public reads;
    // ControlApi::authorize decides every call.
    const mode_t oldMask = ::umask(0111);
    const int bound = ::bind(fd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof(address));
    const int bindError = errno;
    ::umask(oldMask);
    if (bound < 0)
        return fail(QStringLiteral("cannot bind the control socket %1: %2").arg(path, errnoText(bindError)));
    if (::lstat(native.constData(), &st) == 0) {
        m_dev = st.st_dev;
        m_inode = st.st_ino;
    }
    if (::chmod(native.constData(), 0666) < 0)
        return fail(QStringLiteral("cannot set mode 0666 on the control socket %1: %2").arg(path, errnoText(errno)));
    if (::listen(fd.get(), 128) < 0)
        return fail(QStringLiteral("cannot listen on the control socket %1: %2").arg(path, errnoText(errno)));
    m_fd = std::move(fd);
    m_acceptNotifier = new QSocketNotifier(m_fd.get(), QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, &JsonRpcServer::acceptPending);
    return true;
}

void JsonRpcServer::saveState(upgrade::State *state) const
{
    state->controlFd = m_fd.get();
    state->controlPath = m_path;
    state->controlDev = qint64(m_dev);
    state->controlInode = qint64(m_inode);
    for (const JsonRpcConnection *c : m_connections) {
        if (c->fd() >= 0)
            state->clients << c->record();
    }
}

void JsonRpcServer::adopt(const upgrade::State &state)
{
    m_path = state.controlPath;
    m_dev = dev_t(state.controlDev);
    m_inode = ino_t(state.controlInode);
    m_fd = UniqueFd(state.controlFd);
    m_acceptNotifier = new QSocketNotifier(m_fd.get(), QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, &JsonRpcServer::acceptPending);
    for (const upgrade::Client &c : state.clients) {
        Caller caller;
        caller.uid = uid_t(c.uid);
        caller.gid = gid_t(c.gid);
        caller.pid = pid_t(c.pid);
        for (const qint64 g : c.groups)
            caller.groups << gid_t(g);
        caller.userName = c.userName;
        caller.transport = QStringLiteral("unix");
        auto *connection = new JsonRpcConnection(*this, UniqueFd(c.fd), caller);
        admit(connection, caller);   // carried: counted, never refused
        connection->restore(c);
    }
}

void JsonRpcServer::answer(int clientFd, const QVariant &requestId, const QVariantMap &result)
{
    for (JsonRpcConnection *c : std::as_const(m_connections)) {
        if (c->fd() == clientFd)
            return c->answer(requestId, result);
    }
}

void JsonRpcServer::acceptPending()
{
    for (int i = 0; i < 64; ++i) {   // bounded, so a connection storm cannot starve the loop
        UniqueFd fd(::accept4(m_fd.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
        if (!fd) {
            const int err = errno;
            if (err == EINTR || err == ECONNABORTED)
                continue;
            if (err == EAGAIN || err == EWOULDBLOCK)
                return;
            // Out of FDs or memory: pause accepting for a moment instead of spinning.
            std::fprintf(stderr, "batond: control: cannot accept a connection: %s\n", std::strerror(err));
            m_acceptNotifier->setEnabled(false);
            QTimer::singleShot(250, this, [this] { m_acceptNotifier->setEnabled(true); });
            return;
        }
        ucred cred{};
        socklen_t length = sizeof(cred);
        if (::getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &cred, &length) < 0)
            continue;   // cannot tell who it is: closed unanswered
        QList<gid_t> groups = peerGroupsOf(fd.get());
        Caller caller;
        caller.uid = cred.uid;
        caller.gid = cred.gid;
        caller.pid = cred.pid;
        caller.userName = userNameOf(cred.uid, &groups);
        if (!groups.contains(cred.gid))
            groups.append(cred.gid);
        caller.groups = groups;
        caller.transport = QStringLiteral("unix");
        // Anyone who can connect may read the public state; every call is
        // authorized by the command layer's one rule (ControlApi::authorize).
        auto *connection = new JsonRpcConnection(*this, std::move(fd), caller);
        if (const QString refusal = admit(connection, caller); !refusal.isEmpty())
            connection->refuse(ControlErrorCode::Unavailable, refusal);
    }
}

QString JsonRpcServer::admit(JsonRpcConnection *connection, const Caller &caller)
{
    m_connections.insert(connection);
    const int fromUser = ++m_perUser[caller.uid];
    const int open = int(m_connections.size());
    if (open > MaxConnections)
        return QStringLiteral("too many control connections (%1 open); try again later").arg(MaxConnections);
    // The command layer's one rule says who could change batond: they keep the reserve.
    if (m_api->authorize(caller, protocol::Access::Write, false).verdict == Verdict::Allow)
        return {};
    if (fromUser > MaxConnectionsPerUser)
        return QStringLiteral("too many control connections from uid %1 (%2 open, at most %3 per user); close some")
            .arg(caller.uid).arg(fromUser - 1).arg(MaxConnectionsPerUser);
    if (open > MaxConnections - PrivilegedReserve)
        return QStringLiteral("too many control connections (%1 open); the rest are kept for those who may change batond")
            .arg(open - 1);
    return {};
}

void JsonRpcServer::forget(JsonRpcConnection *connection)
{
    if (!m_connections.remove(connection))
        return;
    const auto it = m_perUser.find(connection->caller().uid);
    if (it != m_perUser.end() && --it.value() <= 0)
        m_perUser.erase(it);
}

} // namespace baton
