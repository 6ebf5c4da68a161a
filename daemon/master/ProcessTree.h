#pragma once

// A generation owns every process it started (issue 11 §2): the primitives
// with which batond finds and stops a worker's whole process tree, not only
// the PID it spawned. Two mechanisms, chosen once at start-up:
//
//  * cgroup v2 (WorkerCgroups), where batond finds a writable, delegated
//    subtree: every worker is spawned into a cgroup of its own, so whatever it
//    forks, including processes that call setsid() or double-fork, stays
//    inside and is killed with it (cgroup.kill, else freeze + SIGKILL each +
//    thaw). Emptiness is "populated 0" in cgroup.events.
//  * otherwise the process group + subreaper: batond is a child subreaper, so
//    nothing a worker forks escapes to init and every orphan is re-parented
//    to batond and reaped by its waitpid(-1) loop; signals go to the worker's
//    process group (signalTree), which outlives its leader while any member
//    lives. What left the group with setsid() is found as an adopted child of
//    batond (childrenOf(getpid()) minus the workers) or with descendantsOf().
//
// Nothing here owns policy (when to stop, which signal, deadlines): Service
// decides, these functions only act and observe. All calls are synchronous
// and short (a few small /proc or cgroupfs reads and writes).

#include "baton/UniqueFd.h"

#include <QObject>
#include <QString>
#include <QVariantMap>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sys/types.h>
#include <vector>

namespace baton {

// prctl(PR_SET_CHILD_SUBREAPER): orphans of batond's descendants are
// re-parented to batond instead of init. Call once, early in main(), before
// the first worker is spawned, in the process that stays batond: the flag is
// not inherited by fork(), so after --daemonize's fork. False (with *error)
// when the kernel refuses.
bool becomeChildSubreaper(QString *error);

// Process-group fallback: kill(-leader, sig) reaches every member of the
// worker's group, also after the leader itself has exited (a group lives as
// long as any member); kill(leader, sig) only when the leader has moved to a
// group of its own with setpgid()/setsid(), so that it never gets the signal
// twice (planTreeSignal). Errors (ESRCH) are ignored.
void signalTree(pid_t leader, int sig);

// Who gets a stop signal so that every process of a worker's tree gets it
// exactly once (a second SIGTERM is "stop now, skip the drain" to many
// servers, and re-enters handlers): the worker's process group by one
// kill(-leader), which reaches every member still in it (the leader too while
// it leads it), and each member outside the group by a kill() of its own.
//
// The same signal sent again to the same tree (its leader exited first and the
// rest lingers: GenerationMachine's "only what it missed") reaches only what
// the first delivery did not: `before` is that delivery's record. Then there
// is no group kill; a group member started after the group kill and a member
// outside the group not reached before get one kill() each. Start times
// are clock ticks (10 ms), so a process forked in the very tick of the group
// kill counts as reached: a missed signal is still ended by the drain
// deadline, a second one is not undone. Without cgroups the members listed
// at the first delivery are the leader and its known orphans only, so a
// group member that left the group after the group kill (setsid) and was
// then orphaned gets the signal again; with cgroups every member is listed.
// Pure: `probe` reads /proc in batond, a table in the tests.
using ProcessKey = std::pair<pid_t, unsigned long long>;   // PID and start time: one process, across PID reuse
struct TreeSignalPlan {
    pid_t group = 0;                  // kill(-group, sig)
    std::vector<pid_t> individual;    // kill(pid, sig) each, sorted, no duplicates
    std::vector<ProcessKey> reaches;  // the listed members it reaches, by the group or on their own
};
struct ProcessIdentity {
    pid_t pgid = 0;
    unsigned long long startTime = 0;   // as processStartTime()
};
using ProcessProbe = std::function<std::optional<ProcessIdentity>(pid_t)>;
// What one signal already reached in one tree.
struct SignalDelivery {
    pid_t group = 0;                    // kill(-group) was sent...
    unsigned long long groupAt = 0;     // ...at this boot-time clock tick
    std::set<ProcessKey> reached;       // listed members it reached, by the group or on their own
};
TreeSignalPlan planTreeSignal(pid_t leader, std::vector<pid_t> members, const ProcessProbe &probe,
                              const SignalDelivery *before = nullptr);
// Adds a plan just carried out at boot-time tick `now` to `record`.
void recordDelivery(SignalDelivery &record, const TreeSignalPlan &plan, unsigned long long now);
// The pgid and start time from /proc/PID/stat; nullopt when it is gone.
std::optional<ProcessIdentity> probeProcess(pid_t pid);
// Now, in the clock of /proc's start times (CLOCK_BOOTTIME in clock ticks).
unsigned long long bootTimeTicks();
// Every live process whose process group is pgid, from one scan of /proc.
std::vector<pid_t> processGroupMembers(pid_t pgid);

// Whether pid is ancestor itself or one of its descendants, by walking the
// parent chain in /proc/PID/stat (at most 64 steps). Each parent's start time
// must not be later than its child's, so a PID reused by an unrelated process
// after the real parent exited does not count. Remaining limits: the chain is
// read one /proc file at a time, so a process in the middle that exits during
// the walk breaks it (a false "no", never a false "yes"), and a process whose
// parent exited before the walk was re-parented to the subreaper (batond) and
// is not found under its original ancestor. Where the worker has a cgroup,
// use WorkerCgroups::contains() instead: membership cannot be escaped.
bool isDescendantOf(pid_t pid, pid_t ancestor);

// Direct children of pid (/proc/PID/task/*/children, else a /proc scan).
// childrenOf(getpid()) minus the workers batond spawned = the orphans it
// adopted as subreaper (e.g. the setsid'd grandchild of a double fork).
std::vector<pid_t> childrenOf(pid_t pid);

// Every live descendant of root (not root itself), from one scan of /proc.
std::vector<pid_t> descendantsOf(pid_t root);

// The process's start time (field 22 of /proc/PID/stat, clock ticks after
// boot): with the PID it identifies a process across PID reuse. nullopt when
// it does not exist.
std::optional<unsigned long long> processStartTime(pid_t pid);

// One worker's cgroup, made by WorkerCgroups::create().
struct WorkerCgroup {
    QString name;      // the single path component given to create()
    QString path;      // absolute directory in the cgroup2 mount
    QString relative;  // the same, as /proc/PID/cgroup shows it ("0::<relative>")
    // O_WRONLY | O_CLOEXEC on <path>/cgroup.procs: give it to the spawner
    // (SpawnRequest::cgroupProcsFd), whose child writes "0" into it before
    // execve; close it (procsFd.reset()) once the worker has been spawned.
    UniqueFd procsFd;
};

// A delegated cgroup v2 subtree in which each worker gets a cgroup of its own.
//
// Layout, where <own> is batond's cgroup at start-up:
//   delegated (<own> holds batond alone, e.g. a unit with Delegate=yes):
//     <own>/batond        batond itself (the no-internal-process rule: a
//                         cgroup with children that use controllers holds no
//                         process, and systemd 252 has no DelegateSubgroup=)
//     <own>/w/<name>      one per worker
//   shared (<own> is the root of the hierarchy or of a cgroup namespace, with
//   other processes in it, e.g. a container or a shell):
//     <own>/batond-<pid>/{batond,w/<name>} - removed again by the destructor;
//     stale ones of dead batonds are removed by probe() when empty.
// Refused: a systemd unit or scope that is not delegated, a read-only mount
// (ProtectControlGroups=yes), no write access, no cgroup v2, or
// BATON_NO_CGROUPS set in the environment (tests of the fallback).
// BATON_CGROUP_FREEZE_KILL in the environment makes kill() use freeze+kill
// even where cgroup.kill exists (tests of that path).
class WorkerCgroups final {
public:
    // Finds batond's cgroup v2 (/proc/self/cgroup "0::/path", the mount in
    // /proc/self/mountinfo), checks it is writable, moves batond into its
    // leaf, creates the workers' parent, enables the memory controller there
    // when it is available (for oomKilled) and chooses the kill mechanism.
    // Call once, before the first worker is spawned, in the process that
    // stays batond (after --daemonize's fork). nullptr with *whyNot
    // (one line, for the log and status) when cgroups cannot be used.
    static std::unique_ptr<WorkerCgroups> probe(QString *whyNot);
    // Removes every empty worker cgroup; for the shared layout also
    // moves batond back into <own> and removes its subtree when empty.
    ~WorkerCgroups();
    // Upgrade in place: the subtree as found at the first start, and back.
    QVariantMap saveState() const;
    static std::unique_ptr<WorkerCgroups> restoreState(const QVariantMap &state);
    WorkerCgroups(const WorkerCgroups &) = delete;
    WorkerCgroups &operator=(const WorkerCgroups &) = delete;

    // "cgroup.kill" or "cgroup freeze+kill", for the log and status.
    QString mechanism() const;
    QString root() const { return m_base; }      // the subtree batond manages

    // mkdir <root>/w/<name> and open its cgroup.procs. name: one path
    // component of [A-Za-z0-9._-] (e.g. "web-g3-w7"); when a cgroup of that
    // name exists, even an empty one, "<name>.1", "<name>.2", ... instead.
    std::optional<WorkerCgroup> create(const QString &name, QString *error);
    // SIGKILL everything in the cgroup and below, setsid'd processes
    // included. The processes are gone once populated() is false (they still
    // have to be reaped: batond is their parent or subreaper). Without
    // cgroup.kill the freeze+kill passes go on from the event loop for up to
    // ~100 ms after this returns.
    void kill(const WorkerCgroup &cgroup) const;
    // "populated 1" in cgroup.events: some process is alive in it or below.
    bool populated(const WorkerCgroup &cgroup) const;
    // pid is in the cgroup or below (/proc/PID/cgroup).
    bool contains(const WorkerCgroup &cgroup, pid_t pid) const;
    // memory.events says oom_kill > 0 (false where the file does not exist).
    bool oomKilled(const WorkerCgroup &cgroup) const;
    // The PIDs in the cgroup and below (cgroup.procs), e.g. for a stop signal.
    std::vector<pid_t> pids(const WorkerCgroup &cgroup) const;
    // rmdir (with anything below); true when it is gone. A busy cgroup
    // (processes still exiting) is remembered and retried by later remove(),
    // create() and retryRemovals(): call remove() once the worker is reaped.
    bool remove(const WorkerCgroup &cgroup);
    void retryRemovals();
    // Populated worker cgroups found by probe(): the workers of an earlier
    // batond of this unit that crashed. Once, for the caller to drain.
    std::vector<WorkerCgroup> takeLeftovers() { return std::exchange(m_leftovers, {}); }

private:
    WorkerCgroups() = default;
    bool setUp(QString *whyNot);
    void killPass(const QString &path, bool frozenAsked, int pass) const;
    static std::vector<pid_t> pidsUnder(const QString &path);

    QString m_own;          // batond's cgroup at start-up (absolute path)
    QString m_base;         // the subtree batond manages (absolute path)
    QString m_baseRelative; // m_base as /proc/PID/cgroup shows it
    bool m_shared = false;  // m_base was created inside a shared <own>
    bool m_cgroupKill = false;
    std::vector<QString> m_unremoved;  // remove() found these busy: retried later
    std::vector<WorkerCgroup> m_leftovers;
    std::unique_ptr<QObject> m_passes = std::make_unique<QObject>();   // pending freeze+kill passes end with us
};

// The mechanism in use, for the log and status: cgroups->mechanism(), or
// "process group + subreaper" when cgroups is null.
QString processTreeMechanism(const WorkerCgroups *cgroups);

} // namespace baton
