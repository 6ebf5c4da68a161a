// Upgrade in place: batond re-executes itself, keeping its PID (the HAProxy
// master-worker and einhorn way). Why it is done in these steps:
//
// 1. Checks that need nothing but this process: no upgrade under way,
//    nothing in flight the carried state cannot express (a reload, a
//    starting generation, an apply: their callers are callbacks in this
//    image), and a binary that is an absolute path to an executable file.
//    The default binary is /proc/self/exe's path as it was, so a package
//    upgrade that replaced the file is picked up whatever argv[0] said.
// 2. The preflight, einhorn's --upgrade-check: the new binary is run as a
//    child (spawned like a worker and reaped by the Supervisor: the event loop never waits) with
//    --check-upgrade FD, FD being a memfd holding the state that would be
//    carried. It exits 0 and prints "baton-upgrade-check: accept <token>",
//    the token being one this image put into that state, only if it reads
//    that format, the running config is valid under it and its state_dir
//    opens (everything adopting could fail on, for after execve there is no
//    way back); otherwise its stderr is the reason. Exit status 0 alone is
//    not enough: any program that is not a batond may exit 0. Qt reaps that
//    child itself, so the Supervisor's waitpid loop is told to leave it alone.
// 3. The state is collected again (it may have moved during the preflight)
//    into a fresh memfd, the D-Bus name is given up (and the bus's answer
//    awaited, asynchronously), the carried descriptors lose FD_CLOEXEC and
//    execve runs, all on the main thread: the workers' PR_SET_PDEATHSIG
//    fires when the *thread* that forked them exits, and execve keeps the
//    calling thread (every other thread goes). If execve fails, FD_CLOEXEC
//    is restored, the name asked for again, and the caller told why.
// 4. The new image (main.cpp, --upgrade-from FD) adopts everything instead
//    of starting, then finishAdoption() records upgrade-finished, answers
//    the caller on its carried connection (D-Bus: UpgradeFinished once the
//    name is owned again) and reaps whatever exited in between.
// Any failure before execve leaves this image running unchanged.
#include "Upgrader.h"

#include "DaemonEvent.h"

#include "BusTransport.h"
#include "DaemonControl.h"
#include "JsonRpcServer.h"
#include "ProcessSpawner.h"
#include "StartupGuard.h"
#include "Supervisor.h"

#include "baton/ConfigHistory.h"
#include "baton/ConfigLoader.h"
#include "baton/ControlProtocol.h"
#include "baton/EventLog.h"
#include "baton/GenerationMachine.h"
#include "baton/RuntimePaths.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QDir>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTextStream>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace baton {

namespace {

constexpr int PreflightTimeoutMs = 20000;
constexpr qint64 MaxStateBytes = 64 * 1024 * 1024;

QString errnoText(int error) { return QString::fromLocal8Bit(std::strerror(error)); }

QString who(const Caller &caller)
{
    if (caller.transport.isEmpty())
        return QStringLiteral("SIGUSR2");
    if (caller.transport == QLatin1String("config"))
        return QStringLiteral("a [daemon] change of the running configuration");
    const QString name = caller.userName.isEmpty() ? QStringLiteral("uid %1").arg(caller.uid) : caller.userName;
    return QStringLiteral("%1 (%2)").arg(name, caller.transport);
}

UniqueFd stateMemfd(const QByteArray &bytes, QString *error)
{
    UniqueFd fd(::memfd_create("baton-upgrade-state", MFD_CLOEXEC));
    if (!fd) {
        *error = QStringLiteral("memfd_create: %1").arg(errnoText(errno));
        return {};
    }
    for (qsizetype done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd.get(), bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = QStringLiteral("writing the upgrade state: %1").arg(errnoText(errno));
            return {};
        }
        done += n;
    }
    ::lseek(fd.get(), 0, SEEK_SET);
    return fd;
}

void setCloseOnExec(const QList<int> &fds, bool on)
{
    for (const int fd : fds) {
        const int flags = ::fcntl(fd, F_GETFD);
        if (flags >= 0)
            ::fcntl(fd, F_SETFD, on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC);
    }
}

} // namespace

Upgrader::Upgrader(Supervisor &supervisor, DaemonControl &control, JsonRpcServer &socket, BusTransport *bus, const ConfigLock &lock,
                   const QString &pidFile, QObject *parent)
    : QObject(parent), m_supervisor(supervisor), m_control(control), m_socket(socket), m_bus(bus), m_lock(lock), m_pidFile(pidFile)
{
    m_preflightTimeout.setSingleShot(true);
    m_preflightTimeout.setInterval(PreflightTimeoutMs);
    connect(&m_preflightTimeout, &QTimer::timeout, this, [this] {
        if (m_preflightPid)
            ::kill(m_preflightPid, SIGKILL);   // reaped by the Supervisor: onPreflightDone() follows
    });
}

Upgrader::~Upgrader() = default;

QString Upgrader::ownExecutable(QString *error)
{
    char buffer[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
    if (n > 0) {
        QString path = QFile::decodeName(QByteArray(buffer, int(n)));
        if (path.endsWith(QLatin1String(" (deleted)")))
            path.chop(10);   // replaced on disk: the new file has the same path
        return path;
    }
    const QString argv0 = QCoreApplication::arguments().value(0);
    if (argv0.startsWith(QLatin1Char('/')))
        return argv0;
    *error = QStringLiteral("cannot tell which binary to re-execute: /proc/self/exe is unreadable and argv[0] \"%1\" "
                            "is a relative path; give one with --binary").arg(argv0);
    return {};
}

void Upgrader::requestFromSignal()
{
    request({}, Caller{}, {});
}

void Upgrader::requestForDaemonChange()
{
    Caller config;
    config.transport = QStringLiteral("config");
    request({}, config, {});
}

void Upgrader::request(const QVariantMap &params, const Caller &caller, const ControlApi::Reply &reply)
{
    auto refuse = [&](int code, const QString &stage, const QString &reason) {
        m_supervisor.record(daemonEvent(EventKind::UpgradeFailed,
                                         QStringLiteral("upgrade asked for by %1 refused, batond %2 serves on: %3")
                                             .arg(who(caller), QStringLiteral(BATON_VERSION), reason), reason));
        if (reply)
            reply({}, ControlError{code, reason, {{QStringLiteral("stage"), stage}}});
    };
    if (m_pending)
        return refuse(ControlErrorCode::Conflict, QStringLiteral("busy"), QStringLiteral("an upgrade is already in progress"));
    QString why;
    if (!m_supervisor.readyForUpgrade(&why))
        return refuse(ControlErrorCode::Conflict, QStringLiteral("busy"), why);
    if (m_control.isApplying())
        return refuse(ControlErrorCode::Conflict, QStringLiteral("busy"), QStringLiteral("an apply is in progress; upgrade once it has finished"));
    QString binary = params.value(QStringLiteral("binary")).toString();
    if (binary.isEmpty()) {
        binary = ownExecutable(&why);
        if (binary.isEmpty())
            return refuse(ControlErrorCode::IoError, QStringLiteral("binary"), why);
    } else if (!binary.startsWith(QLatin1Char('/'))) {
        return refuse(ControlErrorCode::InvalidParams, QStringLiteral("binary"),
                      QStringLiteral("the binary \"%1\" is a relative path; batond re-executes only an absolute one").arg(binary));
    }
    struct stat st{};
    if (::stat(QFile::encodeName(binary).constData(), &st) < 0)
        return refuse(errno == ENOENT ? ControlErrorCode::NotFound : ControlErrorCode::IoError, QStringLiteral("binary"),
                      QStringLiteral("cannot use %1: %2").arg(binary, errnoText(errno)));
    if (!S_ISREG(st.st_mode) || ::access(QFile::encodeName(binary).constData(), X_OK) < 0)
        return refuse(ControlErrorCode::IoError, QStringLiteral("binary"), QStringLiteral("%1 is not an executable file").arg(binary));

    m_pending = Pending{binary, caller, reply, false};
    m_supervisor.record(daemonEvent(EventKind::UpgradeStarted,
                                     QStringLiteral("upgrade in place to %1 asked for by %2: running its preflight").arg(binary, who(caller))));
    if (caller.transport == QLatin1String("dbus") && reply) {
        reply({{QStringLiteral("ok"), true}, {QStringLiteral("accepted"), true}, {QStringLiteral("binary"), binary}}, std::nullopt);
        m_pending->accepted = true;
    }
    startPreflight();
}

upgrade::State Upgrader::collect() const
{
    upgrade::State s;
    m_supervisor.saveState(&s);
    QString ignored;
    s.previousVersion = QStringLiteral(BATON_VERSION);
    s.previousBinary = ownExecutable(&ignored);
    s.binary = m_pending ? m_pending->binary : QString();
    s.upgrades += 1;
    s.upgradedAtMs = QDateTime::currentMSecsSinceEpoch();
    s.runningText = m_control.runningText();
    s.diskVersion = m_control.diskVersion();
    s.metricsSamples = m_control.saveMetrics();
    s.pidFile = m_pidFile;
    s.lockFd = m_lock.fd();
    s.lockPath = m_lock.path();
    m_socket.saveState(&s);
    return s;
}

// The preflight is spawned like a worker (spawnProcess: the memfd becomes
// its FD 3, its stderr a pipe read here) and reaped by the Supervisor's
// SIGCHLD loop like every other child. Not QProcess: batond reaps children
// itself (signalfd, waitpid), and whether Qt still learns of its child's exit
// then depends on how Qt's forkfd waits for it, which changed between Qt 6.4
// and 6.8 (Debian 13's preflight never finished).
void Upgrader::startPreflight()
{
    QString why;
    upgrade::State state = collect();
    // The answer must name this token: exit status 0 alone would accept any
    // program (`--binary /bin/true` exits 0, then the exec'ed image is gone).
    m_preflightToken = QString::number(QRandomGenerator::system()->generate64(), 16)
                     + QString::number(QRandomGenerator::system()->generate64(), 16);
    state.preflightToken = m_preflightToken;
    m_preflightState = stateMemfd(state.encode(), &why);
    if (!m_preflightState)
        return fail(ControlErrorCode::IoError, QStringLiteral("preflight"), why);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0)
        return fail(ControlErrorCode::IoError, QStringLiteral("preflight"), QStringLiteral("pipe: %1").arg(errnoText(errno)));
    UniqueFd readEnd(fds[0]), writeEnd(fds[1]);
    ::fcntl(readEnd.get(), F_SETFL, O_NONBLOCK);
    SpawnRequest request;
    request.program = m_pending->binary;
    request.arguments = {m_pending->binary, QStringLiteral("--check-upgrade"), QStringLiteral("3")};
    for (const QString &kv : QProcessEnvironment::systemEnvironment().toStringList()) {
        if (!kv.startsWith(QLatin1String("LISTEN_")) && !kv.startsWith(QLatin1String("NOTIFY_SOCKET=")))
            request.environment << kv;
    }
    request.listenerFds = {m_preflightState.get()};
    request.workingDirectory = QDir::currentPath();
    request.stdoutFd = writeEnd.get();
    request.stderrFd = writeEnd.get();
    SpawnResult spawned = spawnProcess(request);
    writeEnd.reset();
    if (spawned.pid <= 0)
        return fail(ControlErrorCode::IoError, QStringLiteral("preflight"),
                    QStringLiteral("cannot run %1: %2").arg(m_pending->binary, spawned.error));
    m_preflightPid = spawned.pid;
    m_preflightExec = std::move(spawned.execStatus);
    m_preflightOutput.clear();
    m_preflightPipe = std::move(readEnd);
    m_preflightNotifier = new QSocketNotifier(m_preflightPipe.get(), QSocketNotifier::Read, this);
    connect(m_preflightNotifier, &QSocketNotifier::activated, this, &Upgrader::readPreflightOutput);
    m_supervisor.setForeignChild(spawned.pid, [this](int status) { onPreflightDone(status); });
    m_preflightTimeout.start();
}

void Upgrader::readPreflightOutput()
{
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(m_preflightPipe.get(), buffer, sizeof(buffer));
        if (n > 0) {
            if (m_preflightOutput.size() < 64 * 1024)
                m_preflightOutput.append(buffer, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 && m_preflightNotifier)   // EOF: nothing more will come
            m_preflightNotifier->setEnabled(false);
        return;
    }
}

void Upgrader::onPreflightDone(int status)
{
    if (!m_preflightPid || !m_pending)
        return;
    m_preflightTimeout.stop();
    m_preflightPid = 0;
    readPreflightOutput();   // what it wrote before exiting is in the pipe already
    if (m_preflightNotifier) {
        m_preflightNotifier->setEnabled(false);
        m_preflightNotifier->deleteLater();
        m_preflightNotifier = nullptr;
    }
    m_preflightPipe.reset();
    m_preflightState.reset();
    int execErrno = 0;
    const bool execFailed = ::read(m_preflightExec.get(), &execErrno, sizeof(execErrno)) == ssize_t(sizeof(execErrno));
    m_preflightExec.reset();
    const QString binary = m_pending->binary;
    if (execFailed)
        return fail(ControlErrorCode::IoError, QStringLiteral("preflight"), QStringLiteral("cannot run %1: %2").arg(binary, errnoText(execErrno)));
    const QString stderrText = QString::fromLocal8Bit(m_preflightOutput).trimmed();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const QString how = !WIFEXITED(status) ? QStringLiteral("was killed or crashed")
                                               : QStringLiteral("exited with %1").arg(WEXITSTATUS(status));
        return fail(ControlErrorCode::IoError, QStringLiteral("preflight"),
                    QStringLiteral("%1 --check-upgrade refused the state (%2)%3").arg(binary, how,
                        stderrText.isEmpty() ? QString() : QStringLiteral(": ") + stderrText.right(2000)));
    }
    const QByteArray accept = "baton-upgrade-check: accept " + m_preflightToken.toLatin1();
    if (!m_preflightOutput.split('\n').contains(accept))
        return fail(ControlErrorCode::IoError, QStringLiteral("preflight"),
                    QStringLiteral("%1 --check-upgrade exited with 0 but never said it can adopt the state "
                                   "(no \"baton-upgrade-check: accept\" line with this upgrade's token): is it a batond "
                                   "of this state format?%2").arg(binary,
                        stderrText.isEmpty() ? QString() : QStringLiteral(" It printed: ") + stderrText.right(2000)));
    QString why;
    if (!m_supervisor.readyForUpgrade(&why))   // something started during the preflight
        return fail(ControlErrorCode::Conflict, QStringLiteral("busy"), why);
    if (m_bus)
        m_bus->releaseName([this] { execNow(); });
    else
        execNow();
}

void Upgrader::execNow()
{
    if (!m_pending)
        return;
    QString why;
    if (!m_supervisor.readyForUpgrade(&why)) {
        if (m_bus)
            m_bus->requestName();
        return fail(ControlErrorCode::Conflict, QStringLiteral("busy"), why);
    }
    upgrade::State state = collect();
    const Caller &caller = m_pending->caller;
    const bool stillConnected = std::any_of(state.clients.begin(), state.clients.end(),
                                            [&](const upgrade::Client &c) { return c.fd == caller.connectionFd; });
    if (caller.transport == QLatin1String("unix") && caller.connectionFd >= 0 && stillConnected) {
        state.requester = {QStringLiteral("unix"), caller.connectionFd, caller.requestId};
    } else {
        state.requester.transport = caller.transport.isEmpty() ? QStringLiteral("signal") : caller.transport;
    }
    UniqueFd memfd = stateMemfd(state.encode(), &why);
    if (!memfd) {
        if (m_bus)
            m_bus->requestName();
        return fail(ControlErrorCode::IoError, QStringLiteral("exec"), why);
    }
    QList<int> fds = state.descriptors();
    fds << memfd.get();

    const QByteArray path = QFile::encodeName(m_pending->binary);
    QList<QByteArray> args{path, "--config", QFile::encodeName(state.configPath)};
    if (!m_pidFile.isEmpty())
        args << "--pid-file" << QFile::encodeName(m_pidFile);
    args << "--upgrade-from" << QByteArray::number(memfd.get());
    std::vector<char *> argv;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    m_supervisor.notifySystemd(QStringLiteral("RELOADING=1\nMONOTONIC_USEC=%1\nSTATUS=upgrading in place to %2")
                                   .arg(qint64(now.tv_sec) * 1000000 + now.tv_nsec / 1000).arg(m_pending->binary));
    std::fprintf(stderr, "batond: upgrade: re-executing %s (pid %d, %lld descriptor(s) carried)\n", path.constData(), int(::getpid()),
                 static_cast<long long>(fds.size()));
    std::fflush(stdout);
    std::fflush(stderr);
    // The last moment: only what the new image adopts loses FD_CLOEXEC.
    setCloseOnExec(fds, false);
    ::execve(path.constData(), argv.data(), environ);
    const int err = errno;
    setCloseOnExec(fds, true);
    m_supervisor.notifySystemd(QStringLiteral("READY=1\nSTATUS=upgrade failed"));
    if (m_bus)
        m_bus->requestName();
    fail(ControlErrorCode::IoError, QStringLiteral("exec"), QStringLiteral("execve %1: %2").arg(m_pending->binary, errnoText(err)));
}

void Upgrader::fail(int code, const QString &stage, const QString &reason)
{
    if (!m_pending)
        return;
    const Pending pending = *std::exchange(m_pending, std::nullopt);
    m_supervisor.record(daemonEvent(EventKind::UpgradeFailed,
                                     QStringLiteral("upgrade to %1 failed at the %2 stage, batond %3 serves on: %4")
                                         .arg(pending.binary, stage, QStringLiteral(BATON_VERSION), reason), reason));
    if (pending.accepted) {
        Q_EMIT m_control.upgradeFinished({{QStringLiteral("ok"), false}, {QStringLiteral("stage"), stage}, {QStringLiteral("reason"), reason},
                                          {QStringLiteral("pid"), QCoreApplication::applicationPid()}});
    } else if (pending.reply) {
        pending.reply({}, ControlError{code, reason, {{QStringLiteral("stage"), stage}}});
    }
}

void Upgrader::finishAdoption(const upgrade::State &state)
{
    const QList<qint64> workers = m_supervisor.workerPids();
    m_supervisor.record(daemonEvent(EventKind::UpgradeFinished,
                                     QStringLiteral("upgraded in place: batond %1 (%2) -> %3 (%4), pid %5, upgrade #%6, %7 worker(s) adopted")
                                         .arg(state.previousVersion, state.previousBinary, QStringLiteral(BATON_VERSION), state.binary)
                                         .arg(QCoreApplication::applicationPid()).arg(state.upgrades).arg(workers.size())));
    QVariantList pids;
    for (const qint64 pid : workers)
        pids << pid;
    const QVariantMap outcome{{QStringLiteral("ok"), true},
                              {QStringLiteral("pid"), QCoreApplication::applicationPid()},
                              {QStringLiteral("previous_version"), state.previousVersion},
                              {QStringLiteral("version"), QStringLiteral(BATON_VERSION)},
                              {QStringLiteral("binary"), state.binary},
                              {QStringLiteral("upgrades"), state.upgrades},
                              {QStringLiteral("workers"), pids}};
    if (state.requester.transport == QLatin1String("unix") && state.requester.clientFd >= 0)
        m_socket.answer(state.requester.clientFd, state.requester.requestId, outcome);
    else if (state.requester.transport == QLatin1String("dbus"))
        Q_EMIT m_control.upgradeFinished(outcome);
    m_supervisor.reapNow();   // workers that exited while no image was looking
}

void Upgrader::closeOnExecAgain(const upgrade::State &state)
{
    setCloseOnExec(state.descriptors(), true);
}

std::optional<upgrade::State> Upgrader::readState(int fd, QString *error)
{
    UniqueFd owned(fd);
    struct stat st{};
    if (::fstat(fd, &st) < 0 || st.st_size <= 0 || st.st_size > MaxStateBytes) {
        *error = QStringLiteral("descriptor %1 holds no upgrade state").arg(fd);
        return std::nullopt;
    }
    QByteArray bytes(qsizetype(st.st_size), Qt::Uninitialized);
    for (qsizetype done = 0; done < bytes.size();) {
        const ssize_t n = ::pread(fd, bytes.data() + done, size_t(bytes.size() - done), off_t(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = QStringLiteral("reading the upgrade state: %1").arg(n < 0 ? errnoText(errno) : QStringLiteral("short read"));
            return std::nullopt;
        }
        done += n;
    }
    return upgrade::State::decode(bytes, error);
}

int Upgrader::runPreflight(int fd, const QStringList &searchDirs, QTextStream &out, QTextStream &err)
{
    QString error;
    const auto state = readState(fd, &error);
    if (!state) {
        err << "batond " << BATON_VERSION << ": cannot adopt: " << error << "\n";
        return 1;
    }
    LoadOptions options;
    options.filePath = state->configPath;
    options.extraSearchDirs = searchDirs;
    options.signatureMode = SignatureMode::FromFile;
    const LoadResult loaded = loadConfig(state->runningText, options);
    if (!loaded.ok()) {
        err << "batond " << BATON_VERSION << ": cannot adopt: the running configuration is invalid under this binary:";
        for (const Diagnostic &d : loaded.diagnostics)
            err << "\n" << d.format(QFileInfo(state->configPath).fileName());
        err << "\n";
        return 1;
    }
    // What the new image opens in the (maybe new) state_dir must open, or
    // adopting would fail after the point of no return.
    const QString stateDir = loaded.config->daemon.stateDir.isEmpty() ? defaultStateDir() : loaded.config->daemon.stateDir;
    EventLog events;
    ConfigHistory history;
    if (!events.open(stateDir, &error) || !history.open(stateDir, &error, state->runningText)) {
        err << "batond " << BATON_VERSION << ": cannot adopt: state_dir " << stateDir << ": " << error << "\n";
        return 1;
    }
    // A bus config needs this binary's D-Bus module: without it the new
    // image would serve the socket only, and bus clients would lose batond.
    if (loaded.config->daemon.bus != BusKind::None && !BusTransport::probe(&error)) {
        err << "batond " << BATON_VERSION << ": cannot adopt: " << error << "\n";
        return 1;
    }
    int workers = 0;
    for (const upgrade::Service &s : state->services) {
        // Each generation machine as the new image will restore it.
        const auto config = upgrade::serviceConfigFromVariant(s.machine.value(QStringLiteral("config")), &error);
        if (config) {
            GenerationMachine machine(*config);
            if (machine.restoreState(s.machine, &error)) {
                workers += int(s.workers.size());
                continue;
            }
        }
        err << "batond " << BATON_VERSION << ": cannot adopt service " << s.name << ": " << error << "\n";
        return 1;
    }
    out << "batond " << BATON_VERSION << " can adopt the state of " << state->previousVersion << ": " << state->services.size()
        << " service(s), " << workers << " worker(s), " << state->listeners.size() << " listener(s), " << state->clients.size()
        << " control client(s)\n";
    out << "baton-upgrade-check: accept " << state->preflightToken << "\n";   // what the running image waits for
    return 0;
}

} // namespace baton
