// GenerationMachine inputs an operator sends about one worker or one
// service: restart a worker, signal it, stop the service, start it again.
// Why they work this way:
//
// - A restart never leaves its slot unserved: the replacement starts in the
//   same generation and slot while the old worker keeps serving, and only
//   once the replacement said READY=1 is the old one drained (its exit is
//   restarted-by-request). If the replacement fails first, the old worker
//   simply keeps serving and the request is answered with the reason, like
//   a rolled-back reload; nothing of it counts towards the storm breaker.
// - A signal is the operator's, so the exit that follows is too
//   (signalled-by-request): no backoff, no breaker; the slot is refilled at
//   once, since the service's worker count is the config's, not the signal's.
// - Stopped by request is a state of its own, not the end of the service
//   (that is stop(), when it leaves the config or batond stops): reloads
//   keep its config but start nothing, and only startByRequest() does. It
//   lives in memory: a fresh start of batond starts the service again.
#include "baton/GenerationMachine.h"

#include "baton/SignalNames.h"

#include <algorithm>

namespace baton {

QString GenerationMachine::refusesRestart(pid_t pid) const
{
    const auto it = m_workers.find(pid);
    if (it == m_workers.end())
        return QStringLiteral("%1 has no worker %2").arg(name()).arg(pid);
    const WorkerInfo &w = it->second.info;
    if (m_stopping || m_held)
        return QStringLiteral("%1 is stopping").arg(name());
    const auto gen = m_generations.find(w.generation);
    if (gen == m_generations.end() || gen->second.role != Role::Current)
        return QStringLiteral("worker %1 is not in the serving generation; reload instead").arg(pid);
    if (w.state != WorkerState::Ready)
        return QStringLiteral("worker %1 is %2, not ready").arg(pid).arg(generationWorkerStateName(w.state));
    for (const Restart &r : m_restarts) {
        if (r.oldPid == pid || r.newPid == pid)
            return QStringLiteral("worker %1 is being restarted already").arg(pid);
    }
    return {};
}

void GenerationMachine::restartWorker(pid_t pid, RequestId request, TimePoint)
{
    if (const QString refusal = refusesRestart(pid); !refusal.isEmpty()) {
        answer({request}, false, refusal);
        return finishInput();
    }
    Worker &w = *worker(pid);
    Generation &gen = *generation(w.info.generation);
    m_restarts.push_back({pid, gen.number, w.info.slot, 0, request});
    emitEvent(EventKind::WorkerRestart, &w, 0,
              QStringLiteral("restart requested: a replacement starts in slot %1, then this worker drains").arg(w.info.slot));
    spawn(gen, w.info.slot);
    finishInput();
}

void GenerationMachine::noteSpawned(int number, int slot, pid_t pid)
{
    for (Restart &r : m_restarts) {
        if (!r.newPid && r.generation == number && r.slot == slot) {
            r.newPid = pid;
            return;
        }
    }
}

void GenerationMachine::noteSpawnFailed(int number, int slot, const QString &error)
{
    for (auto it = m_restarts.begin(); it != m_restarts.end(); ++it) {
        if (!it->newPid && it->generation == number && it->slot == slot) {
            answer({it->request}, false, QStringLiteral("cannot start a replacement: %1; worker %2 keeps serving").arg(error).arg(it->oldPid));
            m_restarts.erase(it);
            return;
        }
    }
}

void GenerationMachine::completeRestart(Worker &replacement, TimePoint now)
{
    const auto it = std::find_if(m_restarts.begin(), m_restarts.end(),
                                 [&](const Restart &r) { return r.newPid == replacement.info.pid; });
    if (it == m_restarts.end())
        return;
    const Restart r = *it;
    m_restarts.erase(it);
    if (Worker *old = worker(r.oldPid)) {
        if (!old->cause)
            old->cause = ExitCause::RestartedByRequest;
        drain(*old, QStringLiteral("restarted by request, replaced by %1").arg(replacement.info.pid), now);
    }
    Action a;
    a.type = Action::Type::Answer;
    a.requests = {r.request};
    a.ok = true;
    a.pid = replacement.info.pid;
    a.reason = QStringLiteral("worker %1 replaced by %2").arg(r.oldPid).arg(replacement.info.pid);
    m_actions.push_back(std::move(a));
}

void GenerationMachine::signalWorker(pid_t pid, int signal)
{
    if (Worker *w = worker(pid)) {
        w->operatorSignal = signal;
        emitEvent(EventKind::WorkerSignal, w, 0, QStringLiteral("%1 sent on request").arg(signalName(signal)));
        Action a;
        a.type = Action::Type::SignalTree;
        a.pid = pid;
        a.signal = signal;
        m_actions.push_back(std::move(a));
    }
    finishInput();
}

void GenerationMachine::afterRequestedExit(int number, int slot, ExitCause cause)
{
    if (cause != ExitCause::SignalledByRequest || m_stopping || m_held)
        return;
    Generation *gen = generation(number);
    if (gen && gen->role == Role::Current && slot < gen->config.workers && !slotOccupied(number, slot))
        spawn(*gen, slot);   // at once: the operator's signal is no failure to back off from
}

void GenerationMachine::stopByRequest(RequestId request, TimePoint now)
{
    if (request)
        m_stopRequests << request;
    if (m_stopping || m_held)
        return finishInput();   // answered once everything has exited
    m_held = true;
    const QString why = QStringLiteral("%1 was stopped by request").arg(name());
    if (m_pending)
        answer(std::exchange(m_pending->requests, {}), false, why);
    m_pending.reset();
    emitEvent(EventKind::ServiceStop, nullptr, currentGeneration(),
              QStringLiteral("stopped by request: every worker drains; stays stopped until started"));
    for (auto &[number, gen] : m_generations) {
        cancel(gen.readyTimer);
        if (gen.role == Role::Starting)
            gen.role = Role::Failed;
        else if (gen.role == Role::Current)
            gen.role = Role::Draining;
        answer(std::exchange(gen.requests, {}), false, why);
    }
    for (auto &[pid, w] : m_workers) {
        if (!w.cause)
            w.cause = ExitCause::StoppedByRequest;
        drain(w, QStringLiteral("stopped by request"), now);
    }
    finishInput();
}

void GenerationMachine::startByRequest(RequestId request, TimePoint now)
{
    QList<RequestId> requests;
    if (request)
        requests << request;
    if (m_stopping || !m_held) {
        answer(requests, false, m_stopping ? QStringLiteral("%1 is stopping").arg(name())
                                           : QStringLiteral("%1 is not stopped").arg(name()));
        return finishInput();
    }
    m_held = false;
    answer(std::exchange(m_stopRequests, {}), true, QStringLiteral("%1 was started again").arg(name()));
    emitEvent(EventKind::ServiceStart, nullptr, 0, QStringLiteral("started by request"));
    launch(m_config, QStringLiteral("started by request"), requests, now);
    finishInput();
}

void GenerationMachine::settleRequests()
{
    // A restart whose replacement is gone, or no longer in a serving
    // generation, cannot succeed: the old worker keeps serving.
    for (auto it = m_restarts.begin(); it != m_restarts.end();) {
        const Generation *gen = generation(it->generation);
        const Worker *replacement = it->newPid ? worker(it->newPid) : nullptr;
        QString failed;
        if (m_stopping || m_held)
            failed = QStringLiteral("%1 is stopping").arg(name());
        else if (!gen || gen->role != Role::Current)
            failed = QStringLiteral("generation %1 is no longer serving").arg(it->generation);
        else if (it->newPid && (!replacement || replacement->info.state != WorkerState::Starting))
            failed = QStringLiteral("the replacement %1 exited before READY=1; worker %2 keeps serving").arg(it->newPid).arg(it->oldPid);
        if (failed.isEmpty()) {
            ++it;
            continue;
        }
        answer({it->request}, false, failed);
        it = m_restarts.erase(it);
    }
    if (m_held && m_workers.empty() && !m_stopRequests.isEmpty())
        answer(std::exchange(m_stopRequests, {}), true, QStringLiteral("%1 stopped by request").arg(name()));
    if (m_stopping && !m_stopRequests.isEmpty() && m_workers.empty())
        answer(std::exchange(m_stopRequests, {}), true, QStringLiteral("%1 stopped").arg(name()));
}

} // namespace baton
