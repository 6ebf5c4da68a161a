// Executor of one service's GenerationMachine (core/): every rule about
// generations, readiness, drain, rollback and restarts lives there and is
// unit-tested; this file only turns its actions into processes, signals,
// timers and events, and turns what the kernel reports back into inputs.
// run() drains the machine's actions after every input, so transitions that
// follow each other within one event-loop turn are all carried out (and
// their state changes all signalled) in order.
#include "Service.h"

#include "LogHub.h"
#include "ProcessSpawner.h"
#include "WorkerOutput.h"
#include "WorkerTrees.h"

#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace baton {

namespace {

double jitter()
{
    return QRandomGenerator::global()->generateDouble() * 2.0 - 1.0;
}

} // namespace

Service::Service(const ServiceConfig &config, ServiceHost &host, QObject *parent)
    : QObject(parent), m_host(host), m_machine(config, jitter)
{
    connect(&m_notify, &NotifySocket::message, this, &Service::onNotify);
    if (LogHub *logs = m_host.logHub())
        logs->configureService(config);
}

Service::~Service()
{
    m_machine.killAll();
    run();
    for (auto &[token, timer] : m_timers)
        delete timer;
}

bool Service::open(QString *error)
{
    return m_notify.open(error);
}

upgrade::Service Service::saveState(const std::function<int(const ListenerSocket *)> &listenerIndex) const
{
    upgrade::Service s;
    s.name = name();
    s.notifyFd = m_notify.fd();
    s.notifyAddress = m_notify.address();
    std::map<GenerationMachine::TimerToken, Milliseconds> remaining;
    for (const auto &[token, timer] : m_timers)
        remaining.emplace(token, Milliseconds(std::max(0, timer->remainingTime())));
    s.machine = m_machine.saveState(remaining);
    for (const auto &[generation, listeners] : m_listeners) {
        QList<int> indices;
        for (const auto &l : listeners)
            indices << listenerIndex(l.get());
        s.generationListeners.append({generation, indices});
    }
    for (const auto &w : m_machine.workers()) {
        upgrade::WorkerFds fds;
        fds.pid = w.pid;
        if (const auto it = m_outputs.find(w.pid); it != m_outputs.end()) {
            fds.stdoutFd = it->second->stdoutFd();
            fds.stderrFd = it->second->stderrFd();
        }
        if (const auto it = m_exec.find(w.pid); it != m_exec.end() && it->second.fd)
            fds.execFd = it->second.fd.get();
        s.workers << fds;
    }
    for (const pid_t pid : m_lingering)
        s.lingering << pid;
    for (auto it = m_mainPids.begin(); it != m_mainPids.end(); ++it)
        s.mainPids.append({it.key(), it.value()});
    return s;
}

bool Service::adopt(const upgrade::Service &state, const std::function<std::shared_ptr<ListenerSocket>(int)> &listenerAt,
                    QString *error)
{
    if (!m_machine.restoreState(state.machine, error))
        return false;
    m_notify.adopt(UniqueFd(state.notifyFd), state.notifyAddress);
    for (const auto &[generation, indices] : state.generationListeners) {
        Listeners listeners;
        for (const int i : indices) {
            auto socket = listenerAt(i);
            if (!socket) {
                *error = QStringLiteral("%1: generation %2 names listener #%3, which was not carried").arg(name()).arg(generation).arg(i);
                return false;
            }
            listeners.push_back(std::move(socket));
        }
        m_listeners[generation] = std::move(listeners);
    }
    std::map<pid_t, int> generationOf;
    for (const auto &w : m_machine.workers())
        generationOf[w.pid] = w.generation;
    LogHub *logs = m_host.logHub();
    for (const upgrade::WorkerFds &fds : state.workers) {
        const pid_t pid = pid_t(fds.pid);
        if (logs && (fds.stdoutFd >= 0 || fds.stderrFd >= 0)) {
            auto *output = new WorkerOutput(name(), generationOf[pid], UniqueFd(fds.stdoutFd), UniqueFd(fds.stderrFd), *logs, this);
            output->setPid(pid);
            m_outputs[pid] = output;
        }
        if (fds.execFd >= 0) {
            ExecWatch &watch = m_exec[pid];
            watch.fd = UniqueFd(fds.execFd);
            watch.notifier = new QSocketNotifier(watch.fd.get(), QSocketNotifier::Read, this);
            connect(watch.notifier, &QSocketNotifier::activated, this, [this, pid] {
                readExecStatus(pid);
                run();
            });
        }
    }
    for (const qint64 pid : state.lingering)
        m_lingering.insert(pid_t(pid));
    for (const auto &[mainPid, worker] : state.mainPids)
        m_mainPids.insert(mainPid, pid_t(worker));
    run();   // re-arms the timers
    return true;
}

void Service::drainOutput()
{
    for (auto &[pid, output] : m_outputs)
        output->drain();
}

QString Service::summary() const
{
    return QStringLiteral("%1: %2, generation %3, %4/%5 ready")
        .arg(name(), serviceStateName(state())).arg(currentGeneration()).arg(m_machine.readyWorkers()).arg(config().workers);
}

QList<qint64> Service::workerPids() const
{
    QList<qint64> pids;
    for (const auto &w : m_machine.workers())
        pids << w.pid;
    return pids;
}

// ---------------------------------------------------------------------------
// Inputs

void Service::startGeneration(const ServiceConfig &config, Listeners listeners, const QString &why, Done done)
{
    GenerationMachine::RequestId request = 0;
    if (done)
        request = wait([done = std::move(done)](const GenerationMachine::Action &a) { done(a.ok, a.reason); });
    // The newest request's listeners go with the newest config; a service
    // stopped by request starts nothing, and holds no listener meanwhile.
    m_queuedListeners = m_machine.isStoppedByRequest() ? Listeners() : std::move(listeners);
    if (LogHub *logs = m_host.logHub())
        logs->configureService(config);
    m_machine.startGeneration(config, why, request, Clock::now());
    run();
}

void Service::scale(const ServiceConfig &config)
{
    if (LogHub *logs = m_host.logHub())
        logs->configureService(config);
    m_machine.scale(config, Clock::now());
    run();
}

void Service::applyHot(const ServiceConfig &config)
{
    if (LogHub *logs = m_host.logHub())
        logs->configureService(config);
    m_machine.applyHot(config);
    run();
}

void Service::stop()
{
    m_machine.stop(Clock::now());
    run();
}

void Service::killAll()
{
    m_machine.killAll();
    run();
}

void Service::reset()
{
    m_machine.reset(Clock::now());
    run();
}

GenerationMachine::RequestId Service::wait(std::function<void(const GenerationMachine::Action &)> answered)
{
    const GenerationMachine::RequestId request = ++m_lastRequest;
    m_waiting.emplace(request, std::move(answered));
    return request;
}

void Service::restartWorker(pid_t pid, RestartDone done)
{
    const auto request = wait([done = std::move(done)](const GenerationMachine::Action &a) { done(a.ok, a.reason, a.pid); });
    m_machine.restartWorker(pid, request, Clock::now());
    run();
}

void Service::signalWorker(pid_t pid, int signal)
{
    m_machine.signalWorker(pid, signal);
    run();
}

void Service::stopByRequest(Done done)
{
    const auto request = wait([done = std::move(done)](const GenerationMachine::Action &a) { done(a.ok, a.reason); });
    m_machine.stopByRequest(request, Clock::now());
    run();
}

void Service::startByRequest(Listeners listeners, Done done)
{
    const auto request = wait([done = std::move(done)](const GenerationMachine::Action &a) { done(a.ok, a.reason); });
    m_queuedListeners = std::move(listeners);
    m_machine.startByRequest(request, Clock::now());
    run();
}

bool Service::handleExit(pid_t pid, int waitStatus)
{
    if (!m_machine.owns(pid))
        return false;
    readExecStatus(pid);   // the exec pipe may not have been read yet
    if (const auto it = m_exec.find(pid); it != m_exec.end()) {
        it->second.notifier->setEnabled(false);
        it->second.notifier->deleteLater();
        m_exec.erase(it);
    }
    WorkerTrees &trees = m_host.workerTrees();
    const bool oom = trees.oomKilled(pid);
    const bool remains = trees.leaderExited(pid);
    // Everything it wrote is in its pipes now: read it before the exit event.
    QStringList tail;
    if (const auto it = m_outputs.find(pid); it != m_outputs.end()) {
        it->second->drain();
        tail = it->second->stderrTail();
    }
    if (remains) {
        m_lingering.insert(pid);
    } else {
        trees.forget(pid);
        closeOutput(pid);
    }
    m_machine.exited(pid, waitStatus, remains, oom, Clock::now(), tail);
    run();
    return true;
}

void Service::checkLingering()
{
    if (m_lingering.isEmpty())
        return;
    WorkerTrees &trees = m_host.workerTrees();
    const QSet<pid_t> lingering = m_lingering;
    for (pid_t pid : lingering) {
        if (trees.treeAlive(pid))
            continue;
        m_lingering.remove(pid);
        trees.forget(pid);
        closeOutput(pid);
        m_machine.treeGone(pid, Clock::now());
    }
    run();
}

pid_t Service::workerForSender(qint64 sender) const
{
    if (m_machine.owns(pid_t(sender)))
        return pid_t(sender);
    if (const auto it = m_mainPids.find(sender); it != m_mainPids.end() && m_machine.owns(it.value()))
        return it.value();
    const WorkerTrees &trees = const_cast<Service *>(this)->m_host.workerTrees();
    for (const auto &w : m_machine.workers()) {
        if (trees.isInTree(pid_t(sender), w.pid))
            return w.pid;
    }
    return 0;
}

void Service::onNotify(qint64 sender, const NotifyMessage &message)
{
    const pid_t pid = workerForSender(sender);
    if (!pid)
        return;   // not one of ours: on this service's own socket, so at worst a stray process of this service
    const auto now = Clock::now();
    if (message.mainPid && *message.mainPid != pid) {
        // MAINPID= may only name a process of the worker's own tree.
        if (m_host.workerTrees().isInTree(pid_t(*message.mainPid), pid))
            m_mainPids.insert(*message.mainPid, pid);
    }
    if (message.status)
        m_machine.statusText(pid, *message.status);
    if (message.requests)
        m_machine.requestCount(pid, *message.requests);
    if (message.watchdog)
        m_machine.watchdogPing(pid, now);
    if (message.ready)
        m_machine.ready(pid, now);
    run();
}

void Service::closeOutput(pid_t pid)
{
    if (auto node = m_outputs.extract(pid)) {
        node.mapped()->close();
        node.mapped()->deleteLater();
    }
}

void Service::readExecStatus(pid_t pid)
{
    const auto it = m_exec.find(pid);
    if (it == m_exec.end() || !it->second.fd)
        return;
    int error = 0;
    const ssize_t n = ::read(it->second.fd.get(), &error, sizeof(error));
    if (n < 0 && errno == EAGAIN)
        return;
    it->second.notifier->setEnabled(false);   // its FD closes now: never polled again
    it->second.notifier->deleteLater();   // may be the sender of the current slot
    m_exec.erase(it);
    if (n == ssize_t(sizeof(error)))
        m_machine.execFailed(pid, QString::fromLocal8Bit(std::strerror(error)));
    else
        m_machine.execSucceeded(pid, Clock::now());
}

// ---------------------------------------------------------------------------
// Actions

void Service::run()
{
    if (m_running)
        return;   // an action fed an input: the outer loop picks up its actions
    m_running = true;
    for (auto actions = m_machine.takeActions(); !actions.empty(); actions = m_machine.takeActions()) {
        for (const GenerationMachine::Action &a : actions)
            execute(a);
    }
    m_running = false;
}

void Service::execute(const GenerationMachine::Action &a)
{
    using T = GenerationMachine::Action::Type;
    WorkerTrees &trees = m_host.workerTrees();
    switch (a.type) {
    case T::Spawn:
        if (m_machine.wantsSpawn(a.generation))
            spawnWorker(a.generation, a.slot);
        break;
    case T::SignalTree:
        trees.signalTree(a.pid, a.signal, a.onlyMissed);
        break;
    case T::KillTree:
        trees.killTree(a.pid);
        break;
    case T::ArmTimer: {
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
        const auto token = a.timer;
        connect(timer, &QTimer::timeout, this, [this, token] {
            if (const auto it = m_timers.find(token); it != m_timers.end()) {
                it->second->deleteLater();
                m_timers.erase(it);
            }
            m_machine.timerFired(token, Clock::now());
            run();
        });
        m_timers.emplace(token, timer);
        timer->start(a.delay);
        break;
    }
    case T::CancelTimer:
        if (const auto it = m_timers.find(a.timer); it != m_timers.end()) {
            it->second->stop();
            it->second->deleteLater();
            m_timers.erase(it);
        }
        break;
    case T::Emit:
        m_host.record(a.event);
        break;
    case T::Answer:
        for (const auto id : a.requests) {
            if (auto node = m_waiting.extract(id))
                node.mapped()(a);
        }
        break;
    case T::StateChanged:
        Q_EMIT stateChanged(a.state);
        if (a.state == ServiceState::Stopped && m_machine.isFinal() && !m_stoppedSignalled) {
            m_stoppedSignalled = true;
            QTimer::singleShot(0, this, &Service::stopped);
        }
        break;
    case T::GenerationGone:
        m_listeners.erase(a.generation);   // drops its listener references
        for (auto it = m_mainPids.begin(); it != m_mainPids.end();)
            it = m_machine.owns(it.value()) ? std::next(it) : m_mainPids.erase(it);
        break;
    }
}

void Service::spawnWorker(int number, int slot)
{
    const ServiceConfig *gc = m_machine.generationConfig(number);
    if (!gc)
        return;
    const ServiceConfig &c = *gc;
    if (!m_listeners.count(number))
        m_listeners[number] = std::move(m_queuedListeners);   // the generation being launched
    const Listeners &listeners = m_listeners[number];

    SpawnRequest request;
    request.program = c.program;
    request.arguments = c.command;
    request.workingDirectory = m_host.workingDirectory();
    for (const QString &entry : m_host.workerBaseEnvironment()) {
        const QString key = entry.section(QLatin1Char('='), 0, 0);
        if (std::none_of(c.env.begin(), c.env.end(), [&](const auto &kv) { return kv.first == key; }))
            request.environment << entry;
    }
    QStringList names;
    for (qsizetype i = 0; i < c.listeners.size() && size_t(i) < listeners.size(); ++i) {
        names << c.listeners[i].name;
        request.listenerFds.push_back(listeners[size_t(i)]->fd());
    }
    request.environment << QStringLiteral("LISTEN_FDS=%1").arg(request.listenerFds.size())
                        << QStringLiteral("LISTEN_FDNAMES=%1").arg(names.join(QLatin1Char(':')))
                        << QStringLiteral("NOTIFY_SOCKET=%1").arg(m_notify.address())
                        << QStringLiteral("BATON_SERVICE=%1").arg(c.name)
                        << QStringLiteral("BATON_GENERATION=%1").arg(number);
    if (c.watchdog.count() > 0)
        request.environment << QStringLiteral("WATCHDOG_USEC=%1").arg(qint64(c.watchdog.count()) * 1000);
    for (const auto &[key, value] : c.env)
        request.environment << key + QLatin1Char('=') + value;

    WorkerTrees &trees = m_host.workerTrees();
    QString treeError;
    // One cgroup per spawn: a restarted worker's replacement shares its
    // generation and slot while the old one still runs.
    // batond's PID in the name too: a crashed master's workers may still
    // occupy the names of the same generation and slot.
    auto placement = trees.prepare(QStringLiteral("%1-%2-%3-%4-p%5").arg(c.name).arg(number).arg(slot).arg(++m_spawns).arg(::getpid()),
                                   &treeError);
    if (!placement) {
        m_machine.spawnFailed(number, slot, treeError, Clock::now());
        return;
    }
    request.cgroupProcsFd = placement->procsFd();
    std::optional<WorkerOutput::Pipes> pipes;
    LogHub *logs = m_host.logHub();
    if (logs) {
        QString pipeError;
        pipes = WorkerOutput::create(&pipeError);
        if (!pipes)   // out of FDs: the worker still runs, printing where batond prints
            std::fprintf(stderr, "batond: %s: cannot capture the output of a worker: %s\n", qPrintable(c.name), qPrintable(pipeError));
    }
    if (pipes) {
        request.stdoutFd = pipes->stdoutWrite.get();
        request.stderrFd = pipes->stderrWrite.get();
    }
    SpawnResult spawned = spawnProcess(request);
    if (pipes) {   // only the worker writes: EOF comes when its tree has gone
        pipes->stdoutWrite.reset();
        pipes->stderrWrite.reset();
    }
    if (spawned.pid < 0) {
        trees.abandon(*placement);
        m_machine.spawnFailed(number, slot, spawned.error, Clock::now());
        return;
    }
    if (pipes) {
        auto *output = new WorkerOutput(c.name, number, std::move(pipes->stdoutRead), std::move(pipes->stderrRead), *logs, this);
        output->setPid(spawned.pid);
        m_outputs[spawned.pid] = output;
    }
    trees.adopt(spawned.pid, std::move(*placement));
    ExecWatch &watch = m_exec[spawned.pid];
    watch.fd = std::move(spawned.execStatus);
    watch.notifier = new QSocketNotifier(watch.fd.get(), QSocketNotifier::Read, this);
    const pid_t pid = spawned.pid;
    connect(watch.notifier, &QSocketNotifier::activated, this, [this, pid] {
        readExecStatus(pid);
        run();
    });
    m_machine.spawned(number, slot, pid, Clock::now());
}

} // namespace baton
