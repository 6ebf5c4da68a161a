// Service as the control API shows it (docs/control-api.md, Service, built
// as records::Service): read from the machine's own view, never re-derived.
#include "Service.h"

#include "LogHub.h"

#include "baton/ControlRecords.h"

namespace baton {

QVariantMap Service::snapshot(const QHash<qint64, QVariantMap> &metrics) const
{
    const auto now = Clock::now();
    auto remaining = [now](GenerationMachine::TimePoint deadline) {
        return std::max<qint64>(0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
    };
    const auto workers = m_machine.workers();
    records::Service s;
    s.name = name();
    s.state = serviceStateName(state());
    s.generation = currentGeneration();
    s.workersWanted = config().workers;
    s.readyWorkers = m_machine.readyWorkers();
    s.restartsInWindow = m_machine.restartsInWindow(now);
    s.nextRestartDelayMs = qint64(m_machine.nextRestartDelay().count());
    s.stoppedByRequest = m_machine.isStoppedByRequest();
    if (state() == GenerationMachine::State::Failed)
        s.failure = m_machine.failureReason();
    for (const auto &g : m_machine.generations()) {
        records::Generation gen;
        gen.number = g.number;
        gen.role = generationRoleName(g.role);
        gen.workers = g.workers;
        gen.ready = g.ready;
        for (const auto &w : workers) {
            if (w.generation == g.number && w.drainDeadline)
                gen.drainDeadlineMs = std::max(gen.drainDeadlineMs.value_or(0), remaining(*w.drainDeadline));
        }
        s.generations << gen;
    }
    for (const auto &w : workers) {
        records::Worker worker;
        worker.pid = w.pid;
        worker.generation = w.generation;
        worker.slot = w.slot;
        worker.state = generationWorkerStateName(w.state);
        worker.uptimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(now - w.started).count();
        worker.status = w.status;
        worker.requests = w.requests;
        worker.restartRefused = m_machine.refusesRestart(w.pid);
        const QVariantMap sampled = metrics.value(w.pid);
        worker.fds = sampled.value(QStringLiteral("fds"), -1).toLongLong();
        worker.rssBytes = sampled.value(QStringLiteral("rss_bytes"), -1).toLongLong();
        worker.cpuPercent = sampled.value(QStringLiteral("cpu_percent"), -1.0).toDouble();
        s.workers << worker;
    }
    QVariantMap log{{QStringLiteral("buffer_bytes"), config().logBuffer}, {QStringLiteral("rate_bytes"), config().logRate}};
    if (const LogHub *logs = const_cast<Service *>(this)->m_host.logHub()) {
        const LogRing *ring = logs->store().ring(name());
        log.insert(QStringLiteral("used_bytes"), ring ? qint64(ring->bytes()) : 0);
        log.insert(QStringLiteral("lines"), ring ? qint64(ring->lines().size()) : 0);
        log.insert(QStringLiteral("dropped"), ring ? ring->dropped() : 0);
        const OutputRateLimit *rate = logs->rateLimitOf(name());
        log.insert(QStringLiteral("paused_ms"), rate ? rate->pausedMs() : 0);
    }
    s.extra.insert(QStringLiteral("log"), log);
    return s.toVariant();
}

} // namespace baton
