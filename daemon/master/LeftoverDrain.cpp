#include "LeftoverDrain.h"

#include "WorkerTrees.h"

#include <csignal>

namespace baton {

LeftoverDrain::LeftoverDrain(WorkerTrees &trees, std::vector<WorkerCgroup> cgroups, QObject *parent)
    : QObject(parent), m_trees(trees), m_cgroups(std::move(cgroups))
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &LeftoverDrain::poll);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        for (const WorkerCgroup &cg : m_cgroups) {
            if (m_trees.cgroupPopulated(cg)) {
                m_trees.killCgroup(cg);
                ++m_killed;
            }
        }
        poll();
    });
}

void LeftoverDrain::start(int drainMs, Report report)
{
    m_report = std::move(report);
    m_total = count();
    for (const WorkerCgroup &cg : m_cgroups)
        m_trees.signalCgroup(cg, SIGTERM);
    m_deadline.start(drainMs);
    m_poll.start();
}

void LeftoverDrain::poll()
{
    for (auto it = m_cgroups.begin(); it != m_cgroups.end();) {
        if (m_trees.cgroupPopulated(*it)) {
            ++it;
            continue;
        }
        m_trees.removeCgroup(*it);
        it = m_cgroups.erase(it);
    }
    if (!m_cgroups.empty())
        return;
    m_poll.stop();
    m_deadline.stop();
    if (m_report)
        m_report(m_killed ? QStringLiteral("%1 worker(s) of the previous batond drained, %2 killed after the drain timeout")
                                .arg(m_total - m_killed).arg(m_killed)
                          : QStringLiteral("%1 worker(s) of the previous batond drained").arg(m_total));
}

} // namespace baton
