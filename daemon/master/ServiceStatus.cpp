// Service as the control API shows it (docs/control-api.md, Service): read
// from the machine's own view, never re-derived.
#include "Service.h"

#include "LogHub.h"

namespace baton {

QVariantMap Service::snapshot(const QHash<qint64, QVariantMap> &metrics) const
{
    const auto now = Clock::now();
    auto remaining = [now](GenerationMachine::TimePoint deadline) {
        return std::max<qint64>(0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
    };
    const auto workers = m_machine.workers();
    QVariantList generations, workerList;
    for (const auto &g : m_machine.generations()) {
        QVariantMap gen{{QStringLiteral("number"), g.number},
                        {QStringLiteral("role"), generationRoleName(g.role)},
                        {QStringLiteral("workers"), g.workers}};
        qint64 deadline = -1;
        for (const auto &w : workers) {
            if (w.generation == g.number && w.drainDeadline)
                deadline = std::max(deadline, remaining(*w.drainDeadline));
        }
        if (deadline >= 0)
            gen.insert(QStringLiteral("drain_deadline_ms"), deadline);
        generations << gen;
    }
    for (const auto &w : workers) {
        QVariantMap worker{{QStringLiteral("pid"), qint64(w.pid)},
                           {QStringLiteral("generation"), w.generation},
                           {QStringLiteral("slot"), w.slot},
                           {QStringLiteral("state"), generationWorkerStateName(w.state)},
                           {QStringLiteral("uptime_ms"), qint64(std::chrono::duration_cast<std::chrono::milliseconds>(now - w.started).count())},
                           {QStringLiteral("status"), w.status},
                           {QStringLiteral("fds"), -1},
                           {QStringLiteral("rss_bytes"), -1},
                           {QStringLiteral("cpu_percent"), -1.0}};
        const QVariantMap sampled = metrics.value(w.pid);
        for (auto it = sampled.begin(); it != sampled.end(); ++it)
            worker.insert(it.key(), it.value());
        workerList << worker;
    }
    QVariantMap log{{QStringLiteral("buffer_bytes"), config().logBuffer}};
    if (const LogHub *logs = const_cast<Service *>(this)->m_host.logHub()) {
        const LogRing *ring = logs->store().ring(name());
        log.insert(QStringLiteral("used_bytes"), ring ? qint64(ring->bytes()) : 0);
        log.insert(QStringLiteral("lines"), ring ? qint64(ring->lines().size()) : 0);
        log.insert(QStringLiteral("dropped"), ring ? ring->dropped() : 0);
    }
    return {{QStringLiteral("name"), name()},
            {QStringLiteral("log"), log},
            {QStringLiteral("state"), serviceStateName(state())},
            {QStringLiteral("generation"), currentGeneration()},
            {QStringLiteral("workers_wanted"), config().workers},
            {QStringLiteral("ready_workers"), m_machine.readyWorkers()},
            {QStringLiteral("restarts_in_window"), m_machine.restartsInWindow(now)},
            {QStringLiteral("next_restart_delay_ms"), qint64(m_machine.nextRestartDelay().count())},
            {QStringLiteral("generations"), generations},
            {QStringLiteral("workers"), workerList}};
}

} // namespace baton
