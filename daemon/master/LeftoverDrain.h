#pragma once

#include "ProcessTree.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <vector>

namespace baton {

class WorkerTrees;

// Drains the workers a crashed batond left running (issue 12 section 3).
// Why: with KillMode=process systemd does not kill them when the master
// dies, so they keep serving on the listeners (the same sockets, from the
// FD store) while the restarted master starts its own generation; once that
// is ready they get SIGTERM (baton-worker finishes what is in flight and
// closes its idle keep-alive connections, which clients retry) and, past the
// drain timeout, SIGKILL. They are no children of the new batond, so they
// are found and watched through their cgroups (populated in cgroup.events),
// polled on a timer while there are any: no wait blocks the loop.
class LeftoverDrain final : public QObject {
    Q_OBJECT
public:
    using Report = std::function<void(const QString &message)>;
    LeftoverDrain(WorkerTrees &trees, std::vector<WorkerCgroup> cgroups, QObject *parent = nullptr);

    bool isEmpty() const { return m_cgroups.empty(); }
    qsizetype count() const { return qsizetype(m_cgroups.size()); }
    // SIGTERM now, SIGKILL after drainMs; report() says what happened.
    void start(int drainMs, Report report);

private:
    void poll();

    WorkerTrees &m_trees;
    std::vector<WorkerCgroup> m_cgroups;
    QTimer m_poll;
    QTimer m_deadline;
    Report m_report;
    int m_killed = 0;
    qsizetype m_total = 0;
};

} // namespace baton
