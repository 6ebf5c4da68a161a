// GenerationMachine inputs from an operator acting on the whole service:
// hot settings, scale, reset of a failed service, stop, kill.
#include "baton/GenerationMachine.h"

#include "baton/Duration.h"

#include <algorithm>

namespace baton {

// ---------------------------------------------------------------------------
// Operator actions on the whole service

void GenerationMachine::applyHot(const ServiceConfig &config)
{
    m_config.readyTimeout = config.readyTimeout;
    m_config.readyHold = config.readyHold;
    m_config.drainTimeout = config.drainTimeout;
    m_config.restart = config.restart;
    m_config.logBuffer = config.logBuffer;
    m_config.logRate = config.logRate;
    m_backoff.setPolicy(config.restart);
    for (auto &[number, gen] : m_generations) {
        gen.config.readyTimeout = config.readyTimeout;
        gen.config.readyHold = config.readyHold;
        gen.config.drainTimeout = config.drainTimeout;
        gen.config.restart = config.restart;
        gen.config.logBuffer = config.logBuffer;
        gen.config.logRate = config.logRate;
    }
}

void GenerationMachine::scale(const ServiceConfig &config, TimePoint now)
{
    applyHot(config);
    const int from = m_config.workers;
    m_config.workers = config.workers;
    Generation *gen = withRole(Role::Current);
    if (gen && !m_stopping) {
        gen->config.workers = config.workers;
        emitEvent(EventKind::Scale, nullptr, gen->number, QStringLiteral("scale %1 → %2 workers").arg(from).arg(config.workers));
        for (auto &[pid, w] : m_workers) {
            if (w.info.generation == gen->number && w.info.slot >= config.workers)
                drain(w, QStringLiteral("scaled down to %1").arg(config.workers), now);
        }
        for (int slot = 0; slot < config.workers; ++slot) {
            if (!slotOccupied(gen->number, slot))
                spawn(*gen, slot);
        }
    }
    finishInput();
}

void GenerationMachine::reset(TimePoint)
{
    const bool wasFailed = m_backoff.isOpen();
    m_backoff.reset();
    Generation *gen = withRole(Role::Current);
    if (gen && !m_stopping) {
        if (wasFailed)
            emitEvent(EventKind::Reset, nullptr, gen->number, QStringLiteral("storm breaker closed by reset; restarting missing workers"));
        for (int slot = 0; slot < gen->config.workers; ++slot) {
            if (!slotOccupied(gen->number, slot))
                spawn(*gen, slot);
        }
    }
    finishInput();
}

void GenerationMachine::stop(TimePoint now)
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_held)
        m_reportedState.reset();   // already stopped: "stopped" again, now for good (the executor lets go of it)
    const QString why = QStringLiteral("%1 is stopping").arg(name());
    if (m_pending)
        answer(std::exchange(m_pending->requests, {}), false, why);
    m_pending.reset();
    for (auto &[number, gen] : m_generations) {
        cancel(gen.readyTimer);
        if (gen.role == Role::Starting)
            gen.role = Role::Failed;
        else if (gen.role == Role::Current)
            gen.role = Role::Draining;
        answer(std::exchange(gen.requests, {}), false, why);
    }
    for (auto &[pid, w] : m_workers)
        drain(w, QStringLiteral("stopping"), now);
    finishInput();
}

void GenerationMachine::killAll()
{
    for (auto &[pid, w] : m_workers) {
        if (w.cause != ExitCause::KilledStop)
            kill(w, ExitCause::KilledStop, QStringLiteral("batond is shutting down"));
    }
    finishInput();
}

} // namespace baton
