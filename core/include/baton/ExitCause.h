#pragma once

#include <QString>

#include <optional>

namespace baton {

// Why a worker's process exited. batond decides this from what it asked of
// the worker before the exit (nothing, a drain, one of its own kills), so
// its own kills are never reported as crashes. Documented in README
// ("Exit causes") and docs/control-api.md.
enum class ExitCause {
    Crash,                 // exited by itself while it should run
    Drained,               // exited after batond asked it to stop
    KilledDrainDeadline,   // still alive at drain_timeout
    KilledNotReady,        // no READY=1 within ready_timeout
    KilledRollback,        // its generation was rolled back before it was ready
    KilledWatchdog,        // no WATCHDOG=1 within watchdog
    KilledStop,            // batond was told to stop at once (second stop signal, shutdown)
    OomKilled,             // the kernel's OOM killer (its cgroup's memory.events says so)
    SignalNotFromBatond,   // killed by a signal batond did not send
    SignalledByRequest,    // exited after a signal an operator sent through batond (signal_worker)
    RestartedByRequest,    // replaced on request (restart_worker): drained once its replacement was ready
    StoppedByRequest,      // drained because its service was stopped on request (stop_service)
};

QString exitCauseName(ExitCause cause);   // "crash", "killed-rollback", ...
// Also reads "signalled-by-operator", the name of SignalledByRequest in
// event logs written before it was renamed with the other "-by-request" causes.
std::optional<ExitCause> exitCauseFromName(const QString &name);

// Unplanned exits: the worker should have kept running. They restart with
// backoff and count towards the storm breaker; every other cause is batond
// (or an operator) acting on purpose and never does.
bool isFailure(ExitCause cause);

} // namespace baton
