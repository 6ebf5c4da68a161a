#pragma once

#include "baton/UniqueFd.h"

#include <QString>
#include <QStringList>

#include <sys/types.h>
#include <vector>

namespace baton {

struct SpawnRequest {
    QString program;              // absolute path
    QStringList arguments;        // argv, including argv[0]
    QStringList environment;      // "KEY=VALUE", without LISTEN_PID (set in the child)
    std::vector<int> listenerFds; // become 3, 4, ... in this order
    QString workingDirectory;
    // Write end of a cgroup's cgroup.procs (WorkerCgroup::procsFd), or -1: the
    // child writes "0" into it before execve, so the worker is inside its
    // cgroup before it can fork; if that fails, so does the spawn (execStatus).
    int cgroupProcsFd = -1;
    // Write ends of the pipes batond reads the worker's output from, or -1
    // to leave batond's own: they become the child's FDs 1 and 2.
    int stdoutFd = -1;
    int stderrFd = -1;
};

struct SpawnResult {
    pid_t pid = -1;
    // Read end of a CLOEXEC pipe: EOF means exec succeeded; an int (errno)
    // means it failed. Lets "exec succeeded" be observed without blocking.
    UniqueFd execStatus;
    QString error;                // the clone itself failed
};

// clone(CLONE_VM | CLONE_VFORK) + exec of one worker (see ProcessSpawner.cpp),
// doing only async-signal-safe work in the child:
// listeners are moved to 3.. (via high temporaries, so a listener already
// sitting at 4 is not clobbered by the dup2 to 4), every other FD is CLOEXEC,
// stdout and stderr become the given pipes (when given),
// signals are unblocked and reset, the worker joins its cgroup (when given)
// and leads its own process group,
// and LISTEN_PID is written into a buffer prepared before the clone.
SpawnResult spawnProcess(const SpawnRequest &request);

} // namespace baton
