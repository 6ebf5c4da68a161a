// GenerationMachine's timers: what happens when one fires, and the watchdog
// ping that re-arms one. Timers are tokens (see GenerationMachine.cpp): one
// that was cancelled, or replaced by a newer token, is ignored when it fires.
#include "baton/GenerationMachine.h"

#include "baton/Duration.h"

namespace baton {

void GenerationMachine::timerFired(TimerToken token, TimePoint now)
{
    const auto it = m_timers.find(token);
    if (it == m_timers.end())
        return;   // cancelled
    const Timer t = it->second;
    m_timers.erase(it);
    switch (t.kind) {
    case TimerKind::GenerationReady:
        if (Generation *g = generation(t.generation); g && g->role == Role::Starting) {
            g->readyTimer = 0;
            rollback(*g, QStringLiteral("not ready within %1 (ready_timeout)").arg(formatDuration(g->config.readyTimeout)),
                     ExitCause::KilledNotReady, now);
        }
        break;
    case TimerKind::ReadyHold:
        if (Generation *g = generation(t.generation); g && g->role == Role::Starting && g->holdTimer == token) {
            g->holdTimer = 0;
            promote(*g, now);   // an exit of one of its workers meanwhile would have rolled it back
        }
        break;
    case TimerKind::WorkerReady:
        if (Worker *w = worker(t.pid); w && w->readyTimer == token && w->info.state == WorkerState::Starting) {
            w->readyTimer = 0;
            const ServiceConfig *c = generationConfig(w->info.generation);
            kill(*w, ExitCause::KilledNotReady, QStringLiteral("not ready within %1 (ready_timeout)").arg(formatDuration(c ? c->readyTimeout : m_config.readyTimeout)));
        }
        break;
    case TimerKind::Watchdog:
        if (Worker *w = worker(t.pid); w && w->watchdogTimer == token) {
            w->watchdogTimer = 0;
            const ServiceConfig *c = generationConfig(w->info.generation);
            emitEvent(EventKind::WatchdogTimeout, w, 0, QStringLiteral("no WATCHDOG=1 within %1").arg(formatDuration(c ? c->watchdog : m_config.watchdog)));
            kill(*w, ExitCause::KilledWatchdog, QStringLiteral("watchdog timeout"));
        }
        break;
    case TimerKind::DrainDeadline:
        if (Worker *w = worker(t.pid); w && w->drainTimer == token) {
            w->drainTimer = 0;
            w->info.drainDeadline.reset();
            kill(*w, ExitCause::KilledDrainDeadline, QStringLiteral("still running at the drain deadline"));
        }
        break;
    case TimerKind::Restart:
        if (Generation *g = generation(t.generation); g && g->role == Role::Current && !m_stopping && !m_backoff.isOpen()
            && t.slot < g->config.workers && !slotOccupied(t.generation, t.slot))
            spawn(*g, t.slot);
        break;
    }
    finishInput();
}

void GenerationMachine::watchdogPing(pid_t pid, TimePoint)
{
    if (Worker *w = worker(pid); w && w->watchdogTimer) {
        cancel(w->watchdogTimer);
        const ServiceConfig *c = generationConfig(w->info.generation);
        w->watchdogTimer = arm(c ? c->watchdog : m_config.watchdog, {TimerKind::Watchdog, w->info.generation, pid, w->info.slot});
    }
}

} // namespace baton
