#pragma once

#include "Config.h"
#include "Event.h"
#include "ExitCause.h"
#include "RestartBackoff.h"

#include <QList>
#include <QString>
#include <QVariantMap>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <sys/types.h>
#include <vector>

namespace baton {

// The generations and workers of one service as a pure state machine: the
// executor (daemon/master/Service) feeds it what happened, with the time as
// a value, and carries out the actions it returns. No process, timer or
// socket is touched here, so every transition is unit-tested
// (tests/tst_generation_machine.cpp). See GenerationMachine.cpp for how
// reloads are queued, coalesced and answered.
class GenerationMachine final {
public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;
    using RequestId = quint64;   // a caller waiting for the outcome of a reload
    using TimerToken = quint64;

    enum class WorkerState { Starting, Ready, Draining, Lingering };   // Lingering: leader gone, its tree not yet
    enum class Role { Starting, Current, Draining, Failed };
    enum class State { Starting, Running, Reloading, Degraded, Failed, Stopping, Stopped };

    struct Action {
        enum class Type {
            Spawn,           // generation, slot: start a worker, then call spawned() or spawnFailed()
            SignalTree,      // pid, signal, onlyMissed: to the worker's whole process tree
            KillTree,        // pid: SIGKILL to everything of the worker's tree
            ArmTimer,        // timer, delay: call timerFired(timer) when it passes
            CancelTimer,     // timer: it will be ignored if it fires anyway
            Emit,            // event
            Answer,          // requests, ok, reason: the outcome of the reload they waited for
            StateChanged,    // state
            GenerationGone,  // generation: nothing of it is left (drop its listeners)
        };
        Type type = Type::Emit;
        int generation = 0;
        int slot = 0;
        pid_t pid = 0;
        int signal = 0;
        // SignalTree: the same signal again, only to what its last delivery
        // to this tree missed (each process gets a stop signal once).
        bool onlyMissed = false;
        TimerToken timer = 0;
        Milliseconds delay{0};
        Event event;
        QList<RequestId> requests;
        bool ok = false;
        QString reason;
        State state = State::Starting;
    };

    struct WorkerInfo {
        pid_t pid = 0;
        int generation = 0;
        int slot = 0;
        WorkerState state = WorkerState::Starting;
        TimePoint started;
        QString status;                              // last STATUS=
        std::optional<qint64> requests;              // last X_BATON_REQUESTS= (total served), if it sends one
        std::optional<TimePoint> drainDeadline;
    };
    struct GenerationInfo {
        int number = 0;
        Role role = Role::Starting;
        int workers = 0;                             // alive, lingering included
        int ready = 0;                               // of them, ready
    };

    // `jitter` returns a value in [-1, 1] for the restart delay (tests: 0).
    GenerationMachine(const ServiceConfig &config, std::function<double()> jitter = {});

    // Inputs. Each appends actions; takeActions() hands them over.
    void startGeneration(const ServiceConfig &config, const QString &why, RequestId request, TimePoint now);
    void spawned(int generation, int slot, pid_t pid, TimePoint now);
    void spawnFailed(int generation, int slot, const QString &error, TimePoint now);
    void execFailed(pid_t pid, const QString &error);
    void execSucceeded(pid_t pid, TimePoint now);          // counts as READY for ready = "exec"
    void ready(pid_t pid, TimePoint now);                  // READY=1
    void watchdogPing(pid_t pid, TimePoint now);           // WATCHDOG=1
    void statusText(pid_t pid, const QString &status);     // STATUS=
    void requestCount(pid_t pid, qint64 requests);         // X_BATON_REQUESTS=
    // The worker's own process was reaped; `treeRemains`: something it
    // started is still alive (its cgroup or process group is not empty).
    // `stderrTail`: its last lines on stderr, oldest first, for the exit
    // event; a rollback it causes quotes the last one.
    bool exited(pid_t pid, int waitStatus, bool treeRemains, bool oomKilled, TimePoint now,
                const QStringList &stderrTail = {});
    void treeGone(pid_t pid, TimePoint now);               // after exited(..., treeRemains = true)
    void timerFired(TimerToken timer, TimePoint now);
    void scale(const ServiceConfig &config, TimePoint now);
    void applyHot(const ServiceConfig &config);
    void reset(TimePoint now);                              // close the storm breaker, refill slots
    void stop(TimePoint now);                               // drain everything, for good (removed, shutdown)
    void killAll();                                         // SIGKILL everything now (shutdown)

    // Operator requests (GenerationMachineRequests.cpp). Each is answered
    // once with an Answer action (a restart's carries the new worker's pid).
    // Restart: a replacement in the same generation and slot; once it is
    // ready the old worker is drained (restarted-by-request); if it is not,
    // the old one keeps serving and the request fails. Check refusesRestart() first.
    void restartWorker(pid_t pid, RequestId request, TimePoint now);
    // An operator's signal, sent through batond. An exit that follows it is
    // signalled-by-request (never a crash) and its slot is refilled at once.
    void signalWorker(pid_t pid, int signal);
    // Stop on request: every worker drains (stopped-by-request) and the
    // service stays stopped, through reloads, until startByRequest().
    // Answered once every worker has exited.
    void stopByRequest(RequestId request, TimePoint now);
    // A new generation with the service's config; answered when it settles.
    void startByRequest(RequestId request, TimePoint now);

    std::vector<Action> takeActions() { return std::exchange(m_actions, {}); }

    // Upgrade in place (docs/upgrade-state.md; GenerationMachineState.cpp):
    // everything as plain values, each armed timer with its time left
    // (`remaining`: the executor's timers know it). restoreState() takes it
    // back and re-arms every timer with ArmTimer actions.
    QVariantMap saveState(const std::map<TimerToken, Milliseconds> &remaining) const;
    bool restoreState(const QVariantMap &saved, QString *error);

    // Queries.
    const QString &name() const { return m_config.name; }
    const ServiceConfig &config() const { return m_config; }   // of the serving generation
    const ServiceConfig *generationConfig(int generation) const;
    State state() const;
    int currentGeneration() const;
    bool isSettling() const;                                  // a generation starting or queued
    bool owns(pid_t pid) const { return m_workers.count(pid) > 0; }
    QString refusesRestart(pid_t pid) const;                  // why restartWorker(pid) cannot be done; empty: it can
    bool isStoppedByRequest() const { return m_held && !m_stopping; }
    // For state Failed: why, and what starts it again, in one sentence.
    QString failureReason() const;
    bool isFinal() const { return m_stopping; }               // stopped for good: removed from the config, or shutdown
    bool wantsSpawn(int generation) const;                    // false once its generation was given up
    int liveWorkerCount() const { return int(m_workers.size()); }
    int readyWorkers() const;                                 // of the serving generation
    std::vector<WorkerInfo> workers() const;
    std::vector<GenerationInfo> generations() const;
    int restartsInWindow(TimePoint now) const { return m_backoff.restartsInWindow(now); }
    Milliseconds nextRestartDelay() const { return m_backoff.nextDelay(); }

private:
    enum class TimerKind { GenerationReady, WorkerReady, Watchdog, DrainDeadline, Restart, ReadyHold };
    struct Timer {
        TimerKind kind;
        int generation = 0;
        pid_t pid = 0;
        int slot = 0;
    };
    struct Generation {
        int number = 0;
        Role role = Role::Starting;
        ServiceConfig config;
        QList<RequestId> requests;                 // answered when it settles
        TimerToken readyTimer = 0;
        TimerToken holdTimer = 0;                  // all ready, holding for ready_hold before promote()
    };
    struct Worker {
        WorkerInfo info;
        std::optional<ExitCause> cause;            // what batond did to it, if anything
        // Set by kill(): the cause from before the SIGKILL, for an exit that
        // came first (SIGKILL cannot be caught: any other end was its own).
        std::optional<ExitCause> causeBeforeKill;
        bool killSent = false;
        int operatorSignal = 0;
        QString execError;
        TimerToken readyTimer = 0, watchdogTimer = 0, drainTimer = 0;
    };
    struct Pending {
        ServiceConfig config;
        QString why;
        QList<RequestId> requests;
    };
    struct Restart {
        pid_t oldPid = 0;
        int generation = 0;
        int slot = 0;
        pid_t newPid = 0;                          // 0 until the replacement is spawned
        RequestId request = 0;
    };

    void launch(const ServiceConfig &config, const QString &why, QList<RequestId> requests, TimePoint now);
    void launchPending(TimePoint now);
    void spawn(Generation &gen, int slot);
    void markReady(Worker &w, TimePoint now);
    void promote(Generation &gen, TimePoint now);
    void rollback(Generation &gen, const QString &reason, std::optional<ExitCause> notReadyCause, TimePoint now);
    void drain(Worker &w, const QString &why, TimePoint now);
    void kill(Worker &w, ExitCause cause, const QString &why);
    void onFailure(Generation &gen, int slot, Milliseconds uptime, const QString &how, TimePoint now);
    void removeWorker(pid_t pid);
    void dropFinishedGenerations();
    void answer(QList<RequestId> requests, bool ok, const QString &reason);
    void finishInput();   // state change and "stopped" bookkeeping after every input
    // Hooks of the operator requests (GenerationMachineRequests.cpp).
    void noteSpawned(int generation, int slot, pid_t pid);
    void noteSpawnFailed(int generation, int slot, const QString &error);
    void completeRestart(Worker &replacement, TimePoint now);
    void afterRequestedExit(int generation, int slot, ExitCause cause);
    void settleRequests();                         // answers what can no longer succeed, or has

    TimerToken arm(Milliseconds delay, Timer timer);
    void cancel(TimerToken &token);
    void emitEvent(const QString &kind, const Worker *w, int generation, const QString &message, Event extra = {});
    Generation *generation(int number);
    Generation *withRole(Role role);
    Worker *worker(pid_t pid);
    bool slotOccupied(int generation, int slot) const;

    ServiceConfig m_config;
    std::function<double()> m_jitter;
    RestartBackoff m_backoff;
    std::map<int, Generation> m_generations;
    std::map<pid_t, Worker> m_workers;
    std::map<TimerToken, Timer> m_timers;
    std::optional<Pending> m_pending;
    std::vector<Action> m_actions;
    TimerToken m_lastTimer = 0;
    int m_lastGeneration = 0;
    bool m_stopping = false;
    bool m_held = false;                           // stopped by request: no generation until started
    QString m_failure;                             // what failed it last (storm breaker, a first generation rolled back)
    std::vector<Restart> m_restarts;
    QList<RequestId> m_stopRequests;               // answered once every worker has exited
    std::optional<State> m_reportedState;
};

QString generationStateName(GenerationMachine::State state);     // "running", "reloading", ...
QString generationWorkerStateName(GenerationMachine::WorkerState state);
QString generationRoleName(GenerationMachine::Role role);

} // namespace baton
