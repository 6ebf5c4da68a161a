// The generation state machine of one service. Why it works this way:
//
// - Generations move Starting -> Current -> Draining -> gone, or Starting ->
//   Failed -> gone. A Starting generation becomes Current only when every
//   one of its workers said READY=1; until then the Current one keeps
//   serving. If the new one fails (a worker exits, ready_timeout passes) it
//   is rolled back: workers that were ready are drained like an old
//   generation (they are accepting on the shared listener, so a kill would
//   cut requests in flight); only those never ready are killed.
// - Reloads are queued and coalesced per service: at most one generation is
//   Starting. A request while one starts becomes the pending one; later
//   requests replace its config (the newest wins) and add their callers. The
//   pending generation launches the moment the starting one settles,
//   promoted or rolled back, never later (draining generations do not hold
//   it up: they are bounded by drain_timeout). Every request is answered
//   exactly once, with the outcome of a generation launched after it was
//   made, or "stopping" when the service stops first.
// - Every exit has a cause, decided from what batond itself did to the
//   worker before it exited (ExitCause.h). Only failures (the worker should
//   still run) restart with backoff and count towards the storm breaker.
// - A worker owns its process tree: stop signals and kills address the tree
//   (the executor knows how: cgroup or process group), and a worker whose
//   own process exited while its tree lives on is Lingering until the tree
//   is gone, still under its drain deadline.
// - Timers are tokens: cancelled ones that fire anyway are ignored.
#include "baton/GenerationMachine.h"

#include "baton/Duration.h"
#include "baton/SignalNames.h"

#include <algorithm>
#include <sys/wait.h>

namespace baton {

namespace {

qint64 msBetween(GenerationMachine::TimePoint from, GenerationMachine::TimePoint to)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

constexpr qsizetype MaxStderrTail = 20;
constexpr qsizetype MaxQuotedChars = 300;

// `: "the last non-empty line"`, shortened, for a rollback reason; empty without one.
QString quotedLastLine(const QStringList &tail)
{
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
        QString line = it->trimmed();
        if (line.isEmpty())
            continue;
        if (line.size() > MaxQuotedChars)
            line = line.left(MaxQuotedChars - 1) + QChar(0x2026);
        return QStringLiteral(": \"%1\"").arg(line);
    }
    return {};
}

Event withReason(const QString &reason)
{
    Event e;
    e.reason = reason;
    return e;
}

} // namespace

// ---------------------------------------------------------------------------
// Plumbing

GenerationMachine::TimerToken GenerationMachine::arm(Milliseconds delay, Timer timer)
{
    const TimerToken token = ++m_lastTimer;
    m_timers.emplace(token, timer);
    Action a;
    a.type = Action::Type::ArmTimer;
    a.timer = token;
    a.delay = delay;
    m_actions.push_back(std::move(a));
    return token;
}

void GenerationMachine::cancel(TimerToken &token)
{
    if (!token)
        return;
    m_timers.erase(token);
    Action a;
    a.type = Action::Type::CancelTimer;
    a.timer = token;
    m_actions.push_back(std::move(a));
    token = 0;
}

void GenerationMachine::emitEvent(const QString &kind, const Worker *w, int number, const QString &message, Event extra)
{
    extra.kind = kind;
    extra.service = name();
    extra.generation = w ? w->info.generation : number;
    extra.pid = w ? w->info.pid : 0;
    extra.message = message;
    Action a;
    a.type = Action::Type::Emit;
    a.event = std::move(extra);
    m_actions.push_back(std::move(a));
}

void GenerationMachine::answer(QList<RequestId> requests, bool ok, const QString &reason)
{
    if (requests.isEmpty())
        return;
    Action a;
    a.type = Action::Type::Answer;
    a.requests = std::move(requests);
    a.ok = ok;
    a.reason = reason;
    m_actions.push_back(std::move(a));
}

void GenerationMachine::finishInput()
{
    settleRequests();
    dropFinishedGenerations();
    const State now = state();
    if (m_reportedState != now) {
        m_reportedState = now;
        Action a;
        a.type = Action::Type::StateChanged;
        a.state = now;
        m_actions.push_back(std::move(a));
    }
}

void GenerationMachine::removeWorker(pid_t pid)
{
    Worker *w = worker(pid);
    if (!w)
        return;
    cancel(w->readyTimer);
    cancel(w->watchdogTimer);
    cancel(w->drainTimer);
    m_workers.erase(pid);
}

void GenerationMachine::dropFinishedGenerations()
{
    for (auto it = m_generations.begin(); it != m_generations.end();) {
        const int number = it->first;
        const bool finished = it->second.role == Role::Draining || it->second.role == Role::Failed;
        const bool hasWorkers = std::any_of(m_workers.begin(), m_workers.end(),
                                            [number](const auto &w) { return w.second.info.generation == number; });
        if (finished && !hasWorkers) {
            cancel(it->second.readyTimer);
            Action a;
            a.type = Action::Type::GenerationGone;
            a.generation = number;
            m_actions.push_back(std::move(a));
            it = m_generations.erase(it);
        } else {
            ++it;
        }
    }
}

// ---------------------------------------------------------------------------
// Reloads

void GenerationMachine::startGeneration(const ServiceConfig &config, const QString &why, RequestId request, TimePoint now)
{
    QList<RequestId> requests;
    if (request)
        requests << request;
    if (m_stopping) {
        answer(requests, false, QStringLiteral("%1 is stopping").arg(name()));
        return finishInput();
    }
    if (m_held) {
        // Stopped by request stays stopped: the config is kept for the start.
        m_config = config;
        m_backoff.setPolicy(config.restart);
        answer(requests, true, QStringLiteral("%1 is stopped by request and stays stopped until started").arg(name()));
        return finishInput();
    }
    if (withRole(Role::Starting)) {
        // Coalesced: the newest config wins, every caller is answered by it.
        if (m_pending) {
            m_pending->config = config;
            m_pending->why = why;
            m_pending->requests += requests;
        } else {
            m_pending = Pending{config, why, requests};
        }
        return finishInput();
    }
    launch(config, why, requests, now);
    finishInput();
}

void GenerationMachine::launchPending(TimePoint now)
{
    if (!m_pending || m_stopping || withRole(Role::Starting))
        return;
    Pending p = std::move(*m_pending);
    m_pending.reset();
    launch(p.config, p.why, p.requests, now);
}

void GenerationMachine::launch(const ServiceConfig &config, const QString &why, QList<RequestId> requests, TimePoint)
{
    const int number = ++m_lastGeneration;
    Generation &gen = m_generations[number];
    gen.number = number;
    gen.role = Role::Starting;
    gen.config = config;
    gen.requests = std::move(requests);
    gen.readyTimer = arm(config.readyTimeout, {TimerKind::GenerationReady, number, 0, 0});
    emitEvent(EventKind::ReloadStarted, nullptr, number,
              QStringLiteral("starting generation %1 with %2 worker%3: %4").arg(number).arg(config.workers)
                  .arg(config.workers == 1 ? QString() : QStringLiteral("s"), why));
    for (int slot = 0; slot < config.workers; ++slot)
        spawn(gen, slot);
}

void GenerationMachine::spawn(Generation &gen, int slot)
{
    Action a;
    a.type = Action::Type::Spawn;
    a.generation = gen.number;
    a.slot = slot;
    m_actions.push_back(std::move(a));
}

void GenerationMachine::spawned(int number, int slot, pid_t pid, TimePoint now)
{
    Generation *gen = generation(number);
    Worker w;
    w.info.pid = pid;
    w.info.generation = number;
    w.info.slot = slot;
    w.info.started = now;
    if (gen && gen->role != Role::Starting)   // a replacement or an added worker: its own deadline
        w.readyTimer = arm(gen->config.readyTimeout, {TimerKind::WorkerReady, number, pid, slot});
    const QString command = gen ? gen->config.command.join(QLatin1Char(' ')) : QString();
    m_workers[pid] = std::move(w);
    noteSpawned(number, slot, pid);
    emitEvent(EventKind::Spawn, &m_workers[pid], number, QStringLiteral("spawned %1 (slot %2)").arg(command).arg(slot));
    if (!gen || gen->role == Role::Failed || gen->role == Role::Draining || m_stopping) {
        // Its generation was given up while the spawn was on its way.
        kill(m_workers[pid], m_stopping ? ExitCause::KilledStop : ExitCause::KilledRollback, QStringLiteral("its generation is gone"));
    }
    finishInput();
}

void GenerationMachine::spawnFailed(int number, int slot, const QString &error, TimePoint now)
{
    emitEvent(EventKind::ExecFailed, nullptr, number, QStringLiteral("cannot start a worker: %1").arg(error), withReason(error));
    noteSpawnFailed(number, slot, error);
    if (Generation *gen = generation(number)) {
        if (gen->role == Role::Starting)
            rollback(*gen, error, ExitCause::KilledRollback, now);
        else if (gen->role == Role::Current && !m_stopping && !slotOccupied(number, slot))
            onFailure(*gen, slot, Milliseconds(0), error, now);
    }
    finishInput();
}

void GenerationMachine::execFailed(pid_t pid, const QString &error)
{
    if (Worker *w = worker(pid)) {
        w->execError = error;
        const ServiceConfig *c = generationConfig(w->info.generation);
        emitEvent(EventKind::ExecFailed, w, 0, QStringLiteral("cannot exec %1: %2").arg(c ? c->program : QString(), error), withReason(error));
    }
    finishInput();
}

void GenerationMachine::execSucceeded(pid_t pid, TimePoint now)
{
    Worker *w = worker(pid);
    const ServiceConfig *c = w ? generationConfig(w->info.generation) : nullptr;
    if (w && c && c->ready == ReadyMode::Exec)
        markReady(*w, now);
    finishInput();
}

void GenerationMachine::ready(pid_t pid, TimePoint now)
{
    if (Worker *w = worker(pid))
        markReady(*w, now);
    finishInput();
}

void GenerationMachine::markReady(Worker &w, TimePoint now)
{
    if (w.info.state != WorkerState::Starting)
        return;
    w.info.state = WorkerState::Ready;
    cancel(w.readyTimer);
    Generation *gen = generation(w.info.generation);
    if (!gen)
        return;
    emitEvent(EventKind::Ready, &w, 0, QStringLiteral("ready after %1 ms").arg(msBetween(w.info.started, now)));
    if (gen->config.watchdog.count() > 0)
        w.watchdogTimer = arm(gen->config.watchdog, {TimerKind::Watchdog, gen->number, w.info.pid, w.info.slot});
    completeRestart(w, now);
    if (gen->role == Role::Failed) {
        drain(w, QStringLiteral("its generation was rolled back"), now);
        return;
    }
    if (gen->role != Role::Starting)
        return;
    int ready = 0;
    for (const auto &[pid, other] : m_workers) {
        if (other.info.generation != gen->number)
            continue;
        if (other.info.state != WorkerState::Ready)
            return;
        ++ready;
    }
    if (ready < gen->config.workers)
        return;
    if (gen->config.readyHold.count() <= 0)
        return promote(*gen, now);
    // Ready, but not trusted yet: both generations serve; an exit of one of
    // its workers before the hold ends rolls it back (exited(): a failure in
    // a Starting generation), and the old one was never signalled.
    cancel(gen->readyTimer);
    gen->holdTimer = arm(gen->config.readyHold, {TimerKind::ReadyHold, gen->number, 0, 0});
    Event hold;
    hold.delayMs = gen->config.readyHold.count();
    emitEvent(EventKind::GenerationHolding, nullptr, gen->number,
              QStringLiteral("generation %1 is ready; it takes over once every worker stayed ready for %2 (ready_hold)")
                  .arg(gen->number).arg(formatDuration(gen->config.readyHold)), hold);
}

void GenerationMachine::promote(Generation &gen, TimePoint now)
{
    cancel(gen.readyTimer);
    cancel(gen.holdTimer);
    Generation *old = withRole(Role::Current);
    gen.role = Role::Current;
    m_config = gen.config;
    // A reload closes the storm breaker once it succeeded, not when it
    // starts: one that is rolled back leaves the service as failed as it was
    // (the crashes counted, no restart announced that never comes).
    m_backoff.setPolicy(m_config.restart);
    m_backoff.reset();
    m_failure.clear();
    emitEvent(EventKind::GenerationReady, nullptr, gen.number, QStringLiteral("generation %1 is ready and serving").arg(gen.number));
    if (old) {
        old->role = Role::Draining;
        for (auto &[pid, w] : m_workers) {
            if (w.info.generation == old->number)
                drain(w, QStringLiteral("replaced by generation %1").arg(gen.number), now);
        }
    }
    answer(std::exchange(gen.requests, {}), true, {});
    launchPending(now);
}

void GenerationMachine::rollback(Generation &gen, const QString &reason, std::optional<ExitCause> notReadyCause, TimePoint now)
{
    cancel(gen.readyTimer);
    cancel(gen.holdTimer);
    gen.role = Role::Failed;
    const int number = gen.number;
    for (auto &[pid, w] : m_workers) {
        if (w.info.generation != number)
            continue;
        if (w.info.state == WorkerState::Ready)
            drain(w, QStringLiteral("generation %1 rolled back").arg(number), now);
        else if (w.info.state == WorkerState::Starting)
            kill(w, notReadyCause.value_or(ExitCause::KilledRollback), QStringLiteral("generation %1 rolled back before it was ready").arg(number));
    }
    const int serving = currentGeneration();
    QString after = QStringLiteral("generation %1 keeps serving").arg(serving);
    if (!serving) {
        after = QStringLiteral("nothing is serving");
        m_failure = QStringLiteral("generation %1, the first, was rolled back: %2").arg(number).arg(reason);
    } else if (readyWorkers() == 0) {
        after = QStringLiteral("generation %1 stays, with no worker ready%2")
                    .arg(serving)
                    .arg(m_backoff.isOpen() ? QStringLiteral(" (the storm breaker is open: reset or reload)") : QString());
    }
    emitEvent(EventKind::ReloadRolledBack, nullptr, number, QStringLiteral("generation %1 rolled back: %2; %3").arg(number).arg(reason, after),
              withReason(reason));
    answer(std::exchange(gen.requests, {}), false, reason);
    launchPending(now);
}

// ---------------------------------------------------------------------------
// Stopping workers

void GenerationMachine::drain(Worker &w, const QString &why, TimePoint now)
{
    if (w.info.state == WorkerState::Draining || w.info.state == WorkerState::Lingering)
        return;
    w.info.state = WorkerState::Draining;
    if (!w.cause)
        w.cause = ExitCause::Drained;
    cancel(w.watchdogTimer);
    cancel(w.readyTimer);
    const ServiceConfig *gc = generationConfig(w.info.generation);
    const ServiceConfig &c = gc ? *gc : m_config;
    Action a;
    a.type = Action::Type::SignalTree;
    a.pid = w.info.pid;
    a.signal = c.stopSignal;
    m_actions.push_back(std::move(a));
    w.info.drainDeadline = now + c.drainTimeout;
    w.drainTimer = arm(c.drainTimeout, {TimerKind::DrainDeadline, w.info.generation, w.info.pid, w.info.slot});
    emitEvent(EventKind::Drain, &w, 0, QStringLiteral("%1 sent (%2); deadline %3").arg(signalName(c.stopSignal), why, formatDuration(c.drainTimeout)));
}

void GenerationMachine::kill(Worker &w, ExitCause cause, const QString &why)
{
    if (!w.killSent)
        w.causeBeforeKill = w.cause;
    w.killSent = true;
    w.cause = cause;
    cancel(w.watchdogTimer);
    cancel(w.readyTimer);
    Action a;
    a.type = Action::Type::KillTree;
    a.pid = w.info.pid;
    m_actions.push_back(std::move(a));
    Event extra = withReason(why);
    extra.cause = exitCauseName(cause);
    emitEvent(EventKind::Kill, &w, 0, QStringLiteral("SIGKILL: %1").arg(why), extra);
}

bool GenerationMachine::exited(pid_t pid, int waitStatus, bool treeRemains, bool oomKilled, TimePoint now,
                               const QStringList &stderrTail)
{
    Worker *found = worker(pid);
    if (!found)
        return false;
    Worker &w = *found;
    if (w.info.state == WorkerState::Lingering)
        return true;   // reaped twice? nothing new
    Event extra;
    QString how;
    bool signalled = false;
    if (WIFEXITED(waitStatus)) {
        extra.exitCode = WEXITSTATUS(waitStatus);
        how = QStringLiteral("exited with status %1").arg(*extra.exitCode);
    } else if (WIFSIGNALED(waitStatus)) {
        signalled = true;
        extra.signal = WTERMSIG(waitStatus);
        extra.coreDumped = WCOREDUMP(waitStatus);
        how = QStringLiteral("killed by %1%2").arg(signalName(*extra.signal), extra.coreDumped ? QStringLiteral(" (core dumped)") : QString());
    }
    if (!w.execError.isEmpty())
        how = QStringLiteral("could not exec: %1").arg(w.execError);
    ExitCause cause = ExitCause::Crash;
    // Our SIGKILL decides the cause only if the worker died of a SIGKILL: one
    // that exited by itself (or of another signal) did so before it arrived,
    // e.g. a starting worker that exited with status 1 while its generation
    // was being rolled back. Then it is judged as if we had not sent it.
    const bool ownEnd = w.killSent && !(signalled && *extra.signal == SIGKILL);
    const std::optional<ExitCause> ours = ownEnd ? w.causeBeforeKill : w.cause;
    if (oomKilled)
        cause = ExitCause::OomKilled;
    else if (ours)
        cause = *ours;
    else if (w.operatorSignal && (!signalled || *extra.signal == w.operatorSignal))
        cause = ExitCause::SignalledByRequest;   // died of it, or exited by itself after it (a graceful TERM)
    else if (signalled)
        cause = ExitCause::SignalNotFromBatond;
    extra.cause = exitCauseName(cause);
    extra.stderrTail = stderrTail.mid(std::max<qsizetype>(0, stderrTail.size() - MaxStderrTail));
    extra.lastStatus = w.info.status;
    const Milliseconds uptime(msBetween(w.info.started, now));
    extra.uptimeMs = uptime.count();
    const WorkerState stateAtExit = w.info.state;
    emitEvent(EventKind::Exit, &w, 0, QStringLiteral("%1 after %2 ms (%3, %4)").arg(how).arg(uptime.count())
                                          .arg(generationWorkerStateName(stateAtExit), exitCauseName(cause)), extra);

    const int number = w.info.generation, slot = w.info.slot;
    if (treeRemains) {
        // What it started lives on: stop it the same way, within the same deadline.
        w.info.state = WorkerState::Lingering;
        cancel(w.readyTimer);
        cancel(w.watchdogTimer);
        Action a;
        if (cause == ExitCause::Drained) {
            const ServiceConfig *c = generationConfig(number);
            a.type = Action::Type::SignalTree;
            a.signal = c ? c->stopSignal : m_config.stopSignal;
            a.onlyMissed = true;   // drain() signalled the tree: only what started since, or was not seen then
            if (!w.drainTimer) {
                const Milliseconds deadline = c ? c->drainTimeout : m_config.drainTimeout;
                w.info.drainDeadline = now + deadline;
                w.drainTimer = arm(deadline, {TimerKind::DrainDeadline, number, pid, slot});
            }
        } else {
            a.type = Action::Type::KillTree;
        }
        a.pid = pid;
        m_actions.push_back(std::move(a));
    } else {
        removeWorker(pid);
    }

    Generation *gen = generation(number);
    if (gen && !m_stopping && isFailure(cause)) {
        if (gen->role == Role::Starting)
            rollback(*gen, QStringLiteral("worker %1 %2 %3%4").arg(pid).arg(how, stateAtExit == WorkerState::Ready
                                                                                       ? QStringLiteral("during ready_hold")
                                                                                       : QStringLiteral("before READY=1"),
                                                                   quotedLastLine(stderrTail)),
                     ExitCause::KilledRollback, now);
        else if (gen->role == Role::Current && !slotOccupied(number, slot))   // else a restart's other worker serves the slot
            onFailure(*gen, slot, uptime, how, now);
    }
    afterRequestedExit(number, slot, cause);
    finishInput();
    return true;
}

void GenerationMachine::treeGone(pid_t pid, TimePoint)
{
    if (Worker *w = worker(pid); w && w->info.state == WorkerState::Lingering)
        removeWorker(pid);
    finishInput();
}

void GenerationMachine::onFailure(Generation &gen, int slot, Milliseconds uptime, const QString &how, TimePoint now)
{
    const double jitter = m_jitter ? m_jitter() : 0.0;
    const bool wasOpen = m_backoff.isOpen();
    const RestartBackoff::Decision d = m_backoff.onCrash(now, uptime, jitter);
    if (!d.restart) {
        if (wasOpen)
            return;   // told once, when it opened: another slot's crash changes nothing
        m_failure = QStringLiteral("the storm breaker is open: %1 restarts within %2 (max_restarts %3), the last worker %4")
                        .arg(d.restartsInWindow).arg(formatDuration(m_config.restart.window)).arg(m_config.restart.maxRestarts).arg(how);
        emitEvent(EventKind::StormBreaker, nullptr, gen.number,
                  QStringLiteral("%1 restarts within %2 (max_restarts %3): service failed, no more restarts until a reload or reset")
                      .arg(d.restartsInWindow).arg(formatDuration(m_config.restart.window)).arg(m_config.restart.maxRestarts),
                  withReason(how));
        return;
    }
    Event e = withReason(how);
    e.delayMs = d.delay.count();
    e.attempt = d.attempt;
    emitEvent(EventKind::RestartScheduled, nullptr, gen.number,
              QStringLiteral("slot %1 restarts in %2 ms (attempt %3, %4 in window): %5").arg(slot).arg(d.delay.count()).arg(d.attempt)
                  .arg(d.restartsInWindow).arg(how), e);
    arm(d.delay, {TimerKind::Restart, gen.number, 0, slot});
}

void GenerationMachine::statusText(pid_t pid, const QString &status)
{
    if (Worker *w = worker(pid))
        w->info.status = status;
}

void GenerationMachine::requestCount(pid_t pid, qint64 requests)
{
    if (Worker *w = worker(pid))
        w->info.requests = requests;
}

} // namespace baton
