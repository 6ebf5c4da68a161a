#pragma once

#include "ProcessTree.h"

#include "baton/UpgradeState.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <sys/types.h>

namespace baton {

// Every process a worker starts belongs to that worker, and stopping the
// worker stops all of them (see WorkerTrees.cpp for how).
class WorkerTrees final {
public:
    WorkerTrees();
    ~WorkerTrees();

    // Makes batond a child subreaper and probes for a delegated cgroup v2
    // subtree. Never fails start-up: without cgroups, process groups and the
    // subreaper's orphans are the mechanism.
    void start();
    // Upgrade in place: the trees and the cgroup subtree as plain records,
    // and back in the new image instead of start() (no new probe: the
    // subtree and its layout stay those of the first start).
    QList<upgrade::Tree> saveTrees() const;
    QVariantMap saveCgroups() const;
    void restore(const QList<upgrade::Tree> &trees, const QVariantMap &cgroups);
    QString mechanism() const;          // for status: "cgroup (cgroup.kill)", "process group + subreaper"

    // Where a new worker goes before it execs: a cgroup of its own when
    // there are cgroups. procsFd() is written "0" by the child (-1: none).
    struct Placement {
        std::optional<WorkerCgroup> cgroup;
        int procsFd() const { return cgroup && cgroup->procsFd ? cgroup->procsFd.get() : -1; }
    };
    std::optional<Placement> prepare(const QString &name, QString *error);
    void abandon(Placement &placement);           // the spawn failed
    void adopt(pid_t leader, Placement placement);

    // The leader, its process group, its cgroup, its orphans, each once.
    // onlyMissed: the same signal again, to what its last delivery to this
    // tree missed (started since, or not then known to be of the tree).
    void signalTree(pid_t leader, int signal, bool onlyMissed = false);
    void killTree(pid_t leader);                  // SIGKILL to all of that
    // The leader was reaped: true if anything of its tree is still alive.
    bool leaderExited(pid_t leader);
    bool treeAlive(pid_t leader);
    bool oomKilled(pid_t leader) const;
    void forget(pid_t leader);                    // tree gone: drop its cgroup
    // Worker cgroups of a crashed earlier batond (see WorkerCgroups), and
    // what draining them needs; none without cgroups.
    std::vector<WorkerCgroup> takeLeftovers() { return m_cgroups ? m_cgroups->takeLeftovers() : std::vector<WorkerCgroup>{}; }
    void signalCgroup(const WorkerCgroup &cgroup, int signal) const;
    bool cgroupPopulated(const WorkerCgroup &cgroup) const { return m_cgroups && m_cgroups->populated(cgroup); }
    void killCgroup(const WorkerCgroup &cgroup) const { if (m_cgroups) m_cgroups->kill(cgroup); }
    void removeCgroup(const WorkerCgroup &cgroup) { if (m_cgroups) m_cgroups->remove(cgroup); }
    // pid is the leader or one of its descendants.
    bool isInTree(pid_t pid, pid_t leader) const;
    // A child that is no worker was reaped (an orphan adopted as subreaper).
    void orphanReaped(pid_t pid);
    // A child of batond that belongs to no worker (the upgrade preflight):
    // never taken for an orphan of a worker that exits meanwhile. 0: none.
    void setForeignChild(pid_t pid) { m_foreignChild = pid; }

private:
    struct Tree {
        std::optional<WorkerCgroup> cgroup;       // its procsFd closed
        QSet<pid_t> orphans;                      // reparented to batond
        bool leaderGone = false;
        std::map<int, SignalDelivery> delivered;  // by signal: whom it reached since it was last sent to all of the tree
    };
    void adoptOrphans(pid_t exitedLeader);
    pid_t ownerOf(pid_t orphan) const;

    std::map<pid_t, Tree> m_trees;
    std::unique_ptr<WorkerCgroups> m_cgroups;
    QString m_cgroupWhyNot;
    bool m_subreaper = false;
    pid_t m_foreignChild = 0;
};

} // namespace baton
