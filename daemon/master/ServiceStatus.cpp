// The parts of Service that only look at it (status for the control API) or
// nudge it (reset), kept apart from the supervision logic in Service.cpp.
#include "Service.h"

#include <QTimer>

namespace baton {

namespace {

qint64 msSince(Service::Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Service::Clock::now() - start).count();
}

} // namespace

void Service::reset()
{
    const bool wasFailed = m_backoff.isOpen();
    m_backoff.reset();
    Generation *gen = current();
    if (!gen || m_stopping)
        return;
    if (wasFailed)
        emitEvent(EventKind::Reset, nullptr, gen->number, QStringLiteral("storm breaker closed by reset; restarting missing workers"));
    for (int slot = 0; slot < gen->config.workers; ++slot) {
        bool occupied = false;
        for (const auto &[pid, w] : m_workers)
            occupied = occupied || (w->generation == gen->number && w->slot == slot && w->state != WorkerState::Draining);
        if (!occupied)
            spawnWorker(*gen, slot);
    }
}

QList<qint64> Service::workerPids() const
{
    QList<qint64> pids;
    for (const auto &[pid, w] : m_workers)
        pids << pid;
    return pids;
}

QVariantMap Service::snapshot(const QHash<qint64, QVariantMap> &metrics) const
{
    static const char *roleNames[] = {"starting", "current", "draining", "failed"};
    QVariantList generations, workers;
    for (const auto &[number, gen] : m_generations) {
        int count = 0;
        for (const auto &[pid, w] : m_workers)
            count += w->generation == number ? 1 : 0;
        QVariantMap g{{QStringLiteral("number"), number},
                      {QStringLiteral("role"), QString::fromLatin1(roleNames[int(gen.role)])},
                      {QStringLiteral("workers"), count}};
        qint64 deadline = -1;
        for (const auto &[pid, w] : m_workers) {
            if (w->generation == number && w->drainDeadline && w->drainDeadline->isActive())
                deadline = std::max<qint64>(deadline, w->drainDeadline->remainingTime());
        }
        if (deadline >= 0)
            g.insert(QStringLiteral("drain_deadline_ms"), deadline);
        generations << g;
    }
    for (const auto &[pid, w] : m_workers) {
        QVariantMap worker{{QStringLiteral("pid"), qint64(pid)},
                           {QStringLiteral("generation"), w->generation},
                           {QStringLiteral("slot"), w->slot},
                           {QStringLiteral("state"), workerStateName(w->state)},
                           {QStringLiteral("uptime_ms"), msSince(w->started)},
                           {QStringLiteral("status"), w->status},
                           {QStringLiteral("fds"), -1},
                           {QStringLiteral("rss_bytes"), -1},
                           {QStringLiteral("cpu_percent"), -1.0}};
        const QVariantMap sampled = metrics.value(pid);
        for (auto it = sampled.begin(); it != sampled.end(); ++it)
            worker.insert(it.key(), it.value());
        workers << worker;
    }
    const auto now = Clock::now();
    return {{QStringLiteral("name"), name()},
            {QStringLiteral("state"), serviceStateName(state())},
            {QStringLiteral("generation"), currentGeneration()},
            {QStringLiteral("workers_wanted"), m_config.workers},
            {QStringLiteral("restarts_in_window"), m_backoff.restartsInWindow(now)},
            {QStringLiteral("next_restart_delay_ms"), qint64(m_backoff.nextDelay().count())},
            {QStringLiteral("generations"), generations},
            {QStringLiteral("workers"), workers}};
}

} // namespace baton
