// A worker's process tree, and how batond stops all of it. Why this way:
//
// - With a delegated cgroup v2 subtree (ProcessTree.h, WorkerCgroups) each
//   worker is spawned into its own cgroup before it execs, so nothing it
//   forks can leave: signals go to every PID in it, a kill is cgroup.kill,
//   and the tree is gone when the cgroup is no longer populated.
// - Without cgroups, batond is a child subreaper: whatever a worker forks is
//   re-parented to batond when its parent dies, never to init. Signals go to
//   the worker's process group (it leads one) and to the orphans batond
//   adopted from it. When a leader is reaped, batond's children that are no
//   worker are attributed to a tree (a process group of a known leader, else
//   the LISTEN_PID they inherited, else the leader that just exited, whose
//   death re-parented them); orphans
//   that left the group with setsid() while their worker still lived are
//   known only then. Every process of a tree eventually dies as batond's
//   child, so "tree alive" is re-checked whenever batond reaps anything.
#include "WorkerTrees.h"

#include "ProcessTree.h"

#include <QFile>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace baton {

namespace {

// The LISTEN_PID a process was started with: batond gives every worker its
// own PID there, and whatever the worker forks or execs inherits it unless it
// scrubs its environment. A label, not a proof: used only to tell which tree
// an adopted orphan came from, never to grant anything.
pid_t listenPidOf(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/environ").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray environ = file.read(256 * 1024);
    for (const QByteArray &entry : environ.split('\0')) {
        if (entry.startsWith("LISTEN_PID="))
            return pid_t(entry.mid(11).toInt());
    }
    return 0;
}

pid_t processGroupOf(pid_t pid)
{
    const pid_t pgid = ::getpgid(pid);
    return pgid > 0 ? pgid : 0;
}

bool groupAlive(pid_t pgid)
{
    return ::kill(-pgid, 0) == 0 || errno == EPERM;
}

bool alive(pid_t pid)
{
    return ::kill(pid, 0) == 0 || errno == EPERM;
}

} // namespace

WorkerTrees::WorkerTrees() = default;
WorkerTrees::~WorkerTrees() = default;

void WorkerTrees::start()
{
    QString error;
    m_subreaper = becomeChildSubreaper(&error);
    if (!m_subreaper)
        std::fprintf(stderr, "batond: cannot become a child subreaper (%s): orphans of workers escape to init\n", qPrintable(error));
    m_cgroups = WorkerCgroups::probe(&m_cgroupWhyNot);
    std::fprintf(stderr, "batond: worker process trees: %s%s\n", qPrintable(mechanism()),
                 m_cgroups ? "" : qPrintable(QStringLiteral(" (no cgroups: %1)").arg(m_cgroupWhyNot)));
}

QList<upgrade::Tree> WorkerTrees::saveTrees() const
{
    QList<upgrade::Tree> out;
    for (const auto &[leader, tree] : m_trees) {
        upgrade::Tree t;
        t.leader = leader;
        for (const pid_t orphan : tree.orphans)
            t.orphans << orphan;
        t.leaderGone = tree.leaderGone;
        for (const auto &[signal, d] : tree.delivered) {
            upgrade::Tree::Delivery saved{signal, d.group, qint64(d.groupAt), {}};
            for (const auto &[pid, start] : d.reached)
                saved.reached.append({pid, qint64(start)});
            t.delivered << saved;
        }
        if (tree.cgroup) {
            t.cgroupName = tree.cgroup->name;
            t.cgroupPath = tree.cgroup->path;
            t.cgroupRelative = tree.cgroup->relative;
        }
        out << t;
    }
    return out;
}

QVariantMap WorkerTrees::saveCgroups() const
{
    return m_cgroups ? m_cgroups->saveState() : QVariantMap();
}

void WorkerTrees::restore(const QList<upgrade::Tree> &trees, const QVariantMap &cgroups)
{
    QString error;
    m_subreaper = becomeChildSubreaper(&error);   // kept across execve; asked again for the record
    if (!cgroups.isEmpty())
        m_cgroups = WorkerCgroups::restoreState(cgroups);
    else
        m_cgroupWhyNot = QStringLiteral("none when batond first started");
    for (const upgrade::Tree &t : trees) {
        Tree tree;
        for (const qint64 orphan : t.orphans)
            tree.orphans.insert(pid_t(orphan));
        tree.leaderGone = t.leaderGone;
        for (const upgrade::Tree::Delivery &saved : t.delivered) {
            SignalDelivery &d = tree.delivered[saved.signal];
            d.group = pid_t(saved.group);
            d.groupAt = (unsigned long long)saved.groupAt;
            for (const auto &[pid, start] : saved.reached)
                d.reached.insert({pid_t(pid), (unsigned long long)start});
        }
        if (!t.cgroupPath.isEmpty())
            tree.cgroup = WorkerCgroup{t.cgroupName, t.cgroupPath, t.cgroupRelative, UniqueFd()};
        m_trees.emplace(pid_t(t.leader), std::move(tree));
    }
}

QString WorkerTrees::mechanism() const
{
    return processTreeMechanism(m_cgroups.get());
}

std::optional<WorkerTrees::Placement> WorkerTrees::prepare(const QString &name, QString *error)
{
    Placement p;
    if (!m_cgroups)
        return p;
    QString safe = name;
    for (QChar &c : safe) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('.') && c != QLatin1Char('-'))
            c = QLatin1Char('_');
    }
    p.cgroup = m_cgroups->create(safe, error);
    if (!p.cgroup)
        return std::nullopt;
    return p;
}

void WorkerTrees::signalCgroup(const WorkerCgroup &cgroup, int signal) const
{
    if (!m_cgroups)
        return;
    for (const pid_t pid : m_cgroups->pids(cgroup))
        ::kill(pid, signal);
}

void WorkerTrees::abandon(Placement &placement)
{
    if (m_cgroups && placement.cgroup) {
        placement.cgroup->procsFd.reset();
        m_cgroups->remove(*placement.cgroup);
    }
}

void WorkerTrees::adopt(pid_t leader, Placement placement)
{
    Tree tree;
    tree.cgroup = std::move(placement.cgroup);
    if (tree.cgroup)
        tree.cgroup->procsFd.reset();
    m_trees.emplace(leader, std::move(tree));
}

// Every process of the tree gets the signal exactly once (planTreeSignal).
// It used to get it up to three times (per cgroup member, to the group, to
// the leader): a Python worker then re-entered its SIGTERM handler inside
// Event.set() and deadlocked, and was killed at its drain deadline under
// ./dev bench. A member that changes its group between the classification
// and the kill may miss the signal; the drain deadline still ends it.
void WorkerTrees::signalTree(pid_t leader, int signal, bool onlyMissed)
{
    const auto it = m_trees.find(leader);
    if (it == m_trees.end()) {
        baton::signalTree(leader, signal);
        return;
    }
    Tree &tree = it->second;
    std::vector<pid_t> members;
    if (m_cgroups && tree.cgroup) {
        const auto pids = m_cgroups->pids(*tree.cgroup);
        members.assign(pids.begin(), pids.end());
    }
    if (!tree.leaderGone)
        members.push_back(leader);
    members.insert(members.end(), tree.orphans.begin(), tree.orphans.end());
    const auto previous = tree.delivered.find(signal);
    const bool again = onlyMissed && previous != tree.delivered.end();
    if (again && !(m_cgroups && tree.cgroup)) {
        const std::vector<pid_t> group = processGroupMembers(leader);   // no group kill this time: one by one
        members.insert(members.end(), group.begin(), group.end());
    }
    // Classified first, then signalled: see planTreeSignal (ProcessTree.h).
    const TreeSignalPlan plan = planTreeSignal(leader, std::move(members), probeProcess, again ? &previous->second : nullptr);
    if (plan.group > 1)
        ::kill(-plan.group, signal);   // the worker's group, however many it holds (it outlives its leader)
    // Right after the group kill: whatever the group held then started before
    // it. (Those signalled one by one are recorded by PID and start time.)
    const unsigned long long now = bootTimeTicks();
    for (pid_t pid : plan.individual)
        ::kill(pid, signal);
    if (signal == SIGKILL)
        return;   // nothing to spare: a second SIGKILL changes nothing
    SignalDelivery &record = tree.delivered[signal];
    if (!again)
        record = {};
    recordDelivery(record, plan, now);
}

void WorkerTrees::killTree(pid_t leader)
{
    const auto it = m_trees.find(leader);
    if (it != m_trees.end() && m_cgroups && it->second.cgroup) {
        m_cgroups->kill(*it->second.cgroup);
    }
    signalTree(leader, SIGKILL);
}

pid_t WorkerTrees::ownerOf(pid_t orphan) const
{
    const pid_t pgid = processGroupOf(orphan);
    if (pgid && m_trees.count(pgid))
        return pgid;
    if (const pid_t labelled = listenPidOf(orphan); labelled && m_trees.count(labelled))
        return labelled;
    for (auto it = m_trees.begin(); it != m_trees.end(); ++it) {
        if (m_cgroups && it->second.cgroup) {
            if (m_cgroups->contains(*it->second.cgroup, orphan))
                return it->first;
        }
    }
    return 0;
}

void WorkerTrees::adoptOrphans(pid_t exitedLeader)
{
    if (!m_subreaper)
        return;
    QSet<pid_t> known;
    for (auto it = m_trees.begin(); it != m_trees.end(); ++it) {
        known.insert(it->first);
        known.unite(it->second.orphans);
    }
    for (pid_t child : childrenOf(::getpid())) {
        if (known.contains(child) || child == m_foreignChild)
            continue;
        pid_t owner = ownerOf(child);
        if (!owner)
            owner = exitedLeader;
        if (m_trees.count(owner))
            m_trees[owner].orphans.insert(child);
    }
}

bool WorkerTrees::leaderExited(pid_t leader)
{
    if (!m_trees.count(leader))
        return false;
    m_trees[leader].leaderGone = true;
    adoptOrphans(leader);
    return treeAlive(leader);
}

bool WorkerTrees::treeAlive(pid_t leader)
{
    const auto it = m_trees.find(leader);
    if (it == m_trees.end())
        return false;
    if (m_cgroups && it->second.cgroup) {
        if (m_cgroups->populated(*it->second.cgroup))
            return true;
    }
    for (auto o = it->second.orphans.begin(); o != it->second.orphans.end();)
        o = alive(*o) ? std::next(o) : it->second.orphans.erase(o);
    return groupAlive(leader) || !it->second.orphans.isEmpty();
}

bool WorkerTrees::oomKilled(pid_t leader) const
{
    const auto it = m_trees.find(leader);
    if (it == m_trees.end() || !m_cgroups || !it->second.cgroup)
        return false;
    return m_cgroups->oomKilled(*it->second.cgroup);
}

void WorkerTrees::forget(pid_t leader)
{
    const auto it = m_trees.find(leader);
    if (it == m_trees.end())
        return;
    if (m_cgroups && it->second.cgroup) {
        m_cgroups->remove(*it->second.cgroup);
    }
    m_trees.erase(it);
}

bool WorkerTrees::isInTree(pid_t pid, pid_t leader) const
{
    if (pid == leader)
        return true;
    const auto it = m_trees.find(leader);
    if (it == m_trees.end())
        return false;
    if (m_cgroups && it->second.cgroup) {
        return m_cgroups->contains(*it->second.cgroup, pid);
    }
    if (it->second.orphans.contains(pid))
        return true;
    return isDescendantOf(pid, leader);
}

void WorkerTrees::orphanReaped(pid_t pid)
{
    for (auto it = m_trees.begin(); it != m_trees.end(); ++it) {
        if (it->second.orphans.remove(pid)) {
            adoptOrphans(it->first);   // its own children are batond's now
            return;
        }
    }
    if (m_cgroups)
        m_cgroups->retryRemovals();
}

} // namespace baton
