#include "Service.h"

#include "ProcessSpawner.h"

#include "baton/SignalNames.h"

#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/wait.h>

namespace baton {

namespace {

Event withReason(const QString &reason)
{
    Event e;
    e.reason = reason;
    return e;
}

qint64 msSince(Service::Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Service::Clock::now() - start).count();
}

QTimer *singleShotTimer(QObject *parent, std::chrono::milliseconds interval)
{
    auto *timer = new QTimer(parent);
    timer->setSingleShot(true);
    timer->setInterval(interval);
    return timer;
}

void deleteTimer(QTimer *&timer)
{
    if (timer) {
        timer->stop();
        timer->deleteLater();
        timer = nullptr;
    }
}

} // namespace

QString workerStateName(WorkerState state)
{
    switch (state) {
    case WorkerState::Starting: return QStringLiteral("starting");
    case WorkerState::Ready: return QStringLiteral("ready");
    case WorkerState::Draining: return QStringLiteral("draining");
    }
    return {};
}

QString serviceStateName(ServiceState state)
{
    switch (state) {
    case ServiceState::Starting: return QStringLiteral("starting");
    case ServiceState::Running: return QStringLiteral("running");
    case ServiceState::Reloading: return QStringLiteral("reloading");
    case ServiceState::Degraded: return QStringLiteral("degraded");
    case ServiceState::Failed: return QStringLiteral("failed");
    case ServiceState::Stopping: return QStringLiteral("stopping");
    }
    return {};
}

Service::Service(const ServiceConfig &config, ServiceHost &host, QObject *parent)
    : QObject(parent), m_config(config), m_host(host), m_backoff(config.restart)
{
}

Service::~Service()
{
    killAll();
}

Service::Generation *Service::generation(int number)
{
    const auto it = m_generations.find(number);
    return it == m_generations.end() ? nullptr : &it->second;
}

Service::Generation *Service::current()
{
    for (auto &[number, gen] : m_generations) {
        if (gen.role == Role::Current)
            return &gen;
    }
    return nullptr;
}

Service::Generation *Service::starting()
{
    for (auto &[number, gen] : m_generations) {
        if (gen.role == Role::Starting)
            return &gen;
    }
    return nullptr;
}

Service::Worker *Service::workerFor(pid_t pid)
{
    if (const auto it = m_workers.find(pid); it != m_workers.end())
        return it->second.get();
    for (auto &[workerPid, worker] : m_workers) {
        if (worker->mainPid == pid)
            return worker.get();
    }
    return nullptr;
}

bool Service::ownsPid(pid_t pid) const
{
    return const_cast<Service *>(this)->workerFor(pid) != nullptr;
}

int Service::countDraining() const
{
    int n = 0;
    for (const auto &[number, gen] : m_generations)
        n += gen.role == Role::Draining ? 1 : 0;
    return n;
}

int Service::currentGeneration() const
{
    for (const auto &[number, gen] : m_generations) {
        if (gen.role == Role::Current)
            return number;
    }
    return 0;
}

bool Service::isSettling() const
{
    if (m_pending)
        return true;
    for (const auto &[number, gen] : m_generations) {
        if (gen.role == Role::Starting)
            return true;
    }
    return false;
}

ServiceState Service::state() const
{
    if (m_stopping)
        return ServiceState::Stopping;
    if (m_backoff.isOpen())
        return ServiceState::Failed;
    const int cur = currentGeneration();
    if (isSettling())
        return cur ? ServiceState::Reloading : ServiceState::Starting;
    int ready = 0;
    for (const auto &[pid, w] : m_workers)
        ready += w->generation == cur && w->state == WorkerState::Ready ? 1 : 0;
    return ready >= m_config.workers ? ServiceState::Running : ServiceState::Degraded;
}

QString Service::summary() const
{
    const int cur = currentGeneration();
    int ready = 0;
    for (const auto &[pid, w] : m_workers)
        ready += w->generation == cur && w->state == WorkerState::Ready ? 1 : 0;
    return QStringLiteral("%1: %2, generation %3, %4/%5 ready")
        .arg(name(), serviceStateName(state())).arg(cur).arg(ready).arg(m_config.workers);
}

void Service::emitEvent(const QString &kind, const Worker *worker, int generationNumber, const QString &message, Event extra)
{
    extra.kind = kind;
    extra.service = name();
    extra.generation = worker ? worker->generation : generationNumber;
    extra.pid = worker ? worker->pid : 0;
    extra.message = message;
    m_host.record(std::move(extra));
}

void Service::startGeneration(const ServiceConfig &config, Listeners listeners, const QString &why)
{
    // Bounded generations: current + one draining + this one.
    if (starting() || countDraining() > 1) {
        m_pending = std::make_unique<Pending>(Pending{config, std::move(listeners), why});
        return;
    }
    m_backoff.reset();   // a reload closes the storm breaker
    const int number = ++m_lastGeneration;
    Generation &gen = m_generations[number];
    gen.number = number;
    gen.role = Role::Starting;
    gen.config = config;
    gen.listeners = std::move(listeners);
    gen.readyTimer = singleShotTimer(this, config.readyTimeout);
    connect(gen.readyTimer, &QTimer::timeout, this, [this, number] {
        if (Generation *g = generation(number); g && g->role == Role::Starting)
            rollback(*g, QStringLiteral("not ready within %1 (ready_timeout)").arg(formatDuration(g->config.readyTimeout)));
    });
    gen.readyTimer->start();
    emitEvent(EventKind::ReloadStarted, nullptr, number,
              QStringLiteral("starting generation %1 with %2 worker%3: %4").arg(number).arg(config.workers)
                  .arg(config.workers == 1 ? QString() : QStringLiteral("s"), why));
    for (int slot = 0; slot < config.workers; ++slot) {
        spawnWorker(gen, slot);
        if (!generation(number) || gen.role != Role::Starting)
            return;   // rolled back already (spawn failed)
    }
}

void Service::launchPending()
{
    if (!m_pending || m_stopping || starting() || countDraining() > 1)
        return;
    auto pending = std::move(m_pending);
    startGeneration(pending->config, std::move(pending->listeners), pending->why);
}

void Service::spawnWorker(Generation &gen, int slot)
{
    const ServiceConfig &c = gen.config;
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
    for (qsizetype i = 0; i < c.listeners.size(); ++i) {
        names << c.listeners[i].name;
        request.listenerFds.push_back(gen.listeners[size_t(i)]->fd());
    }
    request.environment << QStringLiteral("LISTEN_FDS=%1").arg(c.listeners.size())
                        << QStringLiteral("LISTEN_FDNAMES=%1").arg(names.join(QLatin1Char(':')))
                        << QStringLiteral("NOTIFY_SOCKET=%1").arg(m_host.notifySocketAddress());
    if (c.watchdog.count() > 0)
        request.environment << QStringLiteral("WATCHDOG_USEC=%1").arg(qint64(c.watchdog.count()) * 1000);
    for (const auto &[key, value] : c.env)
        request.environment << key + QLatin1Char('=') + value;

    SpawnResult spawned = spawnProcess(request);
    if (spawned.pid < 0) {
        emitEvent(EventKind::ExecFailed, nullptr, gen.number, QStringLiteral("cannot start a worker: %1").arg(spawned.error));
        if (gen.role == Role::Starting)
            rollback(gen, spawned.error);
        else
            onCrash(gen, slot, 0, spawned.error);
        return;
    }
    auto worker = std::make_unique<Worker>();
    Worker &w = *worker;
    w.pid = spawned.pid;
    w.generation = gen.number;
    w.slot = slot;
    w.started = Clock::now();
    w.execStatus = std::move(spawned.execStatus);
    w.execNotifier = new QSocketNotifier(w.execStatus.get(), QSocketNotifier::Read, this);
    const pid_t pid = w.pid;
    connect(w.execNotifier, &QSocketNotifier::activated, this, [this, pid] {
        if (Worker *found = workerFor(pid))
            readExecStatus(*found);
    });
    if (gen.role != Role::Starting) {
        // A replacement or an added worker: its own deadline, a crash if missed.
        w.readyTimer = singleShotTimer(this, c.readyTimeout);
        connect(w.readyTimer, &QTimer::timeout, this, [this, pid] {
            if (Worker *found = workerFor(pid); found && found->state == WorkerState::Starting)
                killWorker(*found, QStringLiteral("not ready within %1 (ready_timeout)").arg(formatDuration(m_config.readyTimeout)));
        });
        w.readyTimer->start();
    }
    m_workers.emplace(pid, std::move(worker));
    emitEvent(EventKind::Spawn, &w, gen.number, QStringLiteral("spawned %1 (slot %2)").arg(c.command.join(QLatin1Char(' '))).arg(slot));
}

void Service::readExecStatus(Worker &w)
{
    if (!w.execStatus)
        return;
    int error = 0;
    const ssize_t n = ::read(w.execStatus.get(), &error, sizeof(error));
    if (n < 0 && errno == EAGAIN)
        return;
    delete w.execNotifier;
    w.execNotifier = nullptr;
    w.execStatus.reset();
    if (n == ssize_t(sizeof(error))) {
        w.execError = error;
        emitEvent(EventKind::ExecFailed, &w, 0, QStringLiteral("cannot exec %1: %2")
                                                   .arg(generation(w.generation) ? generation(w.generation)->config.program : QString(),
                                                        QString::fromLocal8Bit(std::strerror(error))));
        return;
    }
    const Generation *gen = generation(w.generation);
    if (gen && gen->config.ready == ReadyMode::Exec)
        markReady(w);
}

void Service::markReady(Worker &w)
{
    if (w.state != WorkerState::Starting)
        return;
    w.state = WorkerState::Ready;
    deleteTimer(w.readyTimer);
    Generation *gen = generation(w.generation);
    if (!gen)
        return;
    emitEvent(EventKind::Ready, &w, 0, QStringLiteral("ready after %1 ms").arg(msSince(w.started)));
    if (gen->config.watchdog.count() > 0) {
        w.watchdog = singleShotTimer(this, gen->config.watchdog);
        const pid_t pid = w.pid;
        connect(w.watchdog, &QTimer::timeout, this, [this, pid] {
            if (Worker *found = workerFor(pid)) {
                emitEvent(EventKind::WatchdogTimeout, found, 0, QStringLiteral("no WATCHDOG=1 within %1").arg(formatDuration(m_config.watchdog)));
                killWorker(*found, QStringLiteral("watchdog timeout"));
            }
        });
        w.watchdog->start();
    }
    if (gen->role != Role::Starting)
        return;
    for (const auto &[pid, other] : m_workers) {
        if (other->generation == gen->number && other->state != WorkerState::Ready)
            return;
    }
    int alive = 0;
    for (const auto &[pid, other] : m_workers)
        alive += other->generation == gen->number ? 1 : 0;
    if (alive >= gen->config.workers)
        promote(*gen);
}

void Service::promote(Generation &gen)
{
    deleteTimer(gen.readyTimer);
    Generation *old = current();
    gen.role = Role::Current;
    m_config = gen.config;
    m_backoff.setPolicy(m_config.restart);
    emitEvent(EventKind::GenerationReady, nullptr, gen.number,
              QStringLiteral("generation %1 is ready and serving").arg(gen.number));
    if (old) {
        old->role = Role::Draining;
        for (auto &[pid, w] : m_workers) {
            if (w->generation == old->number)
                drainWorker(*w, QStringLiteral("replaced by generation %1").arg(gen.number));
        }
    }
    dropFinishedGenerations();
    Q_EMIT settled(true, {});
}

void Service::rollback(Generation &gen, const QString &reason)
{
    deleteTimer(gen.readyTimer);
    gen.role = Role::Failed;
    const int number = gen.number;
    for (auto &[pid, w] : m_workers) {
        if (w->generation == number)
            ::kill(-pid, SIGKILL);
    }
    emitEvent(EventKind::ReloadRolledBack, nullptr, number,
              QStringLiteral("generation %1 rolled back: %2; generation %3 keeps serving").arg(number).arg(reason).arg(currentGeneration()),
              withReason(reason));
    dropFinishedGenerations();
    Q_EMIT settled(false, reason);
    launchPending();
}

void Service::drainWorker(Worker &w, const QString &why)
{
    if (w.state == WorkerState::Draining)
        return;
    w.state = WorkerState::Draining;
    deleteTimer(w.watchdog);
    deleteTimer(w.readyTimer);
    const Generation *gen = generation(w.generation);
    const ServiceConfig &c = gen ? gen->config : m_config;
    ::kill(w.pid, c.stopSignal);
    emitEvent(EventKind::Drain, &w, 0, QStringLiteral("%1 sent (%2); deadline %3").arg(signalName(c.stopSignal), why, formatDuration(m_config.drainTimeout)));
    w.drainDeadline = singleShotTimer(this, m_config.drainTimeout);
    const pid_t pid = w.pid;
    connect(w.drainDeadline, &QTimer::timeout, this, [this, pid] {
        if (Worker *found = workerFor(pid)) {
            ::kill(-pid, SIGKILL);
            emitEvent(EventKind::Kill, found, 0, QStringLiteral("SIGKILL: still running at the drain deadline"));
        }
    });
    w.drainDeadline->start();
}

void Service::killWorker(Worker &w, const QString &why)
{
    ::kill(-w.pid, SIGKILL);
    ::kill(w.pid, SIGKILL);
    w.killReason = why;
    emitEvent(EventKind::Kill, &w, 0, QStringLiteral("SIGKILL: %1").arg(why), withReason(why));
}

void Service::killAll()
{
    for (auto &[pid, w] : m_workers) {
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
    }
}

bool Service::handleExit(pid_t pid, int waitStatus)
{
    const auto it = m_workers.find(pid);
    if (it == m_workers.end())
        return false;
    Worker &w = *it->second;
    readExecStatus(w);   // the exec pipe may not have been read yet
    Event extra;
    QString how;
    if (WIFEXITED(waitStatus)) {
        extra.exitCode = WEXITSTATUS(waitStatus);
        how = QStringLiteral("exited with status %1").arg(*extra.exitCode);
    } else if (WIFSIGNALED(waitStatus)) {
        extra.signal = WTERMSIG(waitStatus);
        extra.coreDumped = WCOREDUMP(waitStatus);
        how = QStringLiteral("killed by %1%2").arg(signalName(*extra.signal), extra.coreDumped ? QStringLiteral(" (core dumped)") : QString());
    }
    if (w.execError)
        how = QStringLiteral("could not exec: %1").arg(QString::fromLocal8Bit(std::strerror(w.execError)));
    else if (!w.killReason.isEmpty())
        how += QStringLiteral(" (%1)").arg(w.killReason);
    const qint64 uptime = msSince(w.started);
    extra.uptimeMs = uptime;
    const WorkerState stateAtExit = w.state;
    emitEvent(EventKind::Exit, &w, 0, QStringLiteral("%1 after %2 ms (%3)").arg(how).arg(uptime).arg(workerStateName(stateAtExit)), extra);

    const int number = w.generation, slot = w.slot;
    forgetWorker(pid);
    Generation *gen = generation(number);
    if (gen && !m_stopping && stateAtExit != WorkerState::Draining) {
        if (gen->role == Role::Starting)
            rollback(*gen, QStringLiteral("worker %1 %2 before READY=1").arg(pid).arg(how));
        else if (gen->role == Role::Current)
            onCrash(*gen, slot, uptime, how);
    }
    dropFinishedGenerations();
    launchPending();
    if (m_stopping && m_workers.empty())
        Q_EMIT stopped();
    return true;
}

void Service::onCrash(const Generation &gen, int slot, qint64 uptimeMs, const QString &how)
{
    const double jitter = QRandomGenerator::global()->generateDouble() * 2.0 - 1.0;
    const RestartBackoff::Decision d = m_backoff.onCrash(Clock::now(), Milliseconds(uptimeMs), jitter);
    if (!d.restart) {
        emitEvent(EventKind::StormBreaker, nullptr, gen.number,
                  QStringLiteral("%1 restarts within %2 (max_restarts %3): service failed, no more restarts until a reload or reset")
                      .arg(d.restartsInWindow).arg(formatDuration(m_config.restart.window)).arg(m_config.restart.maxRestarts),
                  withReason(how));
        return;
    }
    emitEvent(EventKind::RestartScheduled, nullptr, gen.number,
              QStringLiteral("slot %1 restarts in %2 ms (attempt %3, %4 in window): %5").arg(slot).arg(d.delay.count()).arg(d.attempt)
                  .arg(d.restartsInWindow).arg(how),
              [&] {
                  Event e = withReason(how);
                  e.delayMs = d.delay.count();
                  e.attempt = d.attempt;
                  return e;
              }());
    const int number = gen.number;
    QTimer::singleShot(d.delay, this, [this, number, slot] {
        Generation *g = generation(number);
        if (!g || g->role != Role::Current || m_stopping || m_backoff.isOpen() || slot >= g->config.workers)
            return;
        for (const auto &[pid, w] : m_workers) {
            if (w->generation == number && w->slot == slot)
                return;
        }
        spawnWorker(*g, slot);
    });
}

void Service::forgetWorker(pid_t pid)
{
    const auto it = m_workers.find(pid);
    if (it == m_workers.end())
        return;
    Worker &w = *it->second;
    delete w.execNotifier;
    deleteTimer(w.readyTimer);
    deleteTimer(w.watchdog);
    deleteTimer(w.drainDeadline);
    m_workers.erase(it);
}

void Service::dropFinishedGenerations()
{
    for (auto it = m_generations.begin(); it != m_generations.end();) {
        const int number = it->first;
        const bool finished = it->second.role == Role::Draining || it->second.role == Role::Failed;
        bool hasWorkers = false;
        for (const auto &[pid, w] : m_workers)
            hasWorkers = hasWorkers || w->generation == number;
        if (finished && !hasWorkers) {
            deleteTimer(it->second.readyTimer);
            it = m_generations.erase(it);   // drops its listener references
        } else {
            ++it;
        }
    }
}

void Service::scale(const ServiceConfig &config)
{
    applyHot(config);
    Generation *gen = current();
    const int from = m_config.workers;
    m_config.workers = config.workers;
    if (!gen)
        return;
    gen->config.workers = config.workers;
    emitEvent(EventKind::Scale, nullptr, gen->number, QStringLiteral("scale %1 → %2 workers").arg(from).arg(config.workers));
    std::vector<int> occupied;
    for (auto &[pid, w] : m_workers) {
        if (w->generation != gen->number || w->state == WorkerState::Draining)
            continue;
        if (w->slot >= config.workers)
            drainWorker(*w, QStringLiteral("scaled down to %1").arg(config.workers));
        else
            occupied.push_back(w->slot);
    }
    for (int slot = 0; slot < config.workers; ++slot) {
        if (std::find(occupied.begin(), occupied.end(), slot) == occupied.end())
            spawnWorker(*gen, slot);
    }
}

void Service::applyHot(const ServiceConfig &config)
{
    m_config.readyTimeout = config.readyTimeout;
    m_config.drainTimeout = config.drainTimeout;
    m_config.restart = config.restart;
    m_backoff.setPolicy(config.restart);
    for (auto &[number, gen] : m_generations) {
        gen.config.readyTimeout = config.readyTimeout;
        gen.config.drainTimeout = config.drainTimeout;
        gen.config.restart = config.restart;
    }
}

void Service::stop()
{
    m_stopping = true;
    m_pending.reset();
    for (auto &[number, gen] : m_generations) {
        if (gen.role == Role::Starting) {
            deleteTimer(gen.readyTimer);
            gen.role = Role::Failed;
            Q_EMIT settled(false, QStringLiteral("stopping"));
        } else if (gen.role == Role::Current) {
            gen.role = Role::Draining;
        }
    }
    for (auto &[pid, w] : m_workers)
        drainWorker(*w, QStringLiteral("stopping"));
    if (m_workers.empty())
        QTimer::singleShot(0, this, &Service::stopped);
}

void Service::handleNotify(pid_t pid, const NotifyMessage &message)
{
    Worker *w = workerFor(pid);
    if (!w)
        return;
    if (message.mainPid && *message.mainPid != w->pid)
        w->mainPid = *message.mainPid;
    if (message.status)
        w->status = *message.status;
    if (message.watchdog && w->watchdog)
        w->watchdog->start();
    if (message.ready)
        markReady(*w);
}

} // namespace baton
