#pragma once

#include "ListenerSocket.h"
#include "NotifySocket.h"

#include "baton/Config.h"
#include "baton/Event.h"
#include "baton/GenerationMachine.h"
#include "baton/NotifyMessage.h"
#include "baton/UniqueFd.h"
#include "baton/UpgradeState.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QVariantMap>

#include <functional>
#include <map>
#include <memory>
#include <vector>

class QSocketNotifier;
class QTimer;

namespace baton {

class LogHub;
class WorkerOutput;
class WorkerTrees;

// What a Service needs from the daemon around it.
class ServiceHost {
public:
    virtual ~ServiceHost() = default;
    virtual void record(Event event) = 0;
    virtual QStringList workerBaseEnvironment() const = 0;
    virtual QString workingDirectory() const = 0;
    virtual WorkerTrees &workerTrees() = 0;
    virtual LogHub *logHub() { return nullptr; }   // nullptr: workers keep batond's stdout and stderr
};

using ServiceState = GenerationMachine::State;
using WorkerState = GenerationMachine::WorkerState;
inline QString serviceStateName(ServiceState state) { return generationStateName(state); }

// One [service.NAME]: the executor of its GenerationMachine. The machine
// decides; this class carries out its actions with real processes (spawn,
// signals to a worker's whole process tree through WorkerTrees), real
// timers and the service's own notify socket, and feeds back what happened.
// No supervision rule lives here.
class Service final : public QObject {
    Q_OBJECT
public:
    using Clock = GenerationMachine::Clock;
    using Listeners = std::vector<std::shared_ptr<ListenerSocket>>;
    using Done = std::function<void(bool ok, const QString &reason)>;

    Service(const ServiceConfig &config, ServiceHost &host, QObject *parent = nullptr);
    ~Service() override;

    // Its own NOTIFY_SOCKET: a message on it can only ever concern this service.
    bool open(QString *error);

    // Upgrade in place (docs/upgrade-state.md, "services"): what this service
    // holds as a record, and back in the new image instead of open().
    // listenerIndex / listenerAt map sockets to State::listeners.
    upgrade::Service saveState(const std::function<int(const ListenerSocket *)> &listenerIndex) const;
    bool adopt(const upgrade::Service &state, const std::function<std::shared_ptr<ListenerSocket>(int)> &listenerAt, QString *error);
    void drainOutput();   // read what the workers wrote so far (before execve)

    const QString &name() const { return m_machine.name(); }
    const ServiceConfig &config() const { return m_machine.config(); }   // of the serving generation
    ServiceState state() const { return m_machine.state(); }
    // Stopping for good (removed from the config, batond stopping); a
    // service stopped by request is not: it stays, and may start again.
    bool isStopping() const { return m_machine.isFinal(); }
    bool isStoppedByRequest() const { return m_machine.isStoppedByRequest(); }
    int currentGeneration() const { return m_machine.currentGeneration(); }
    bool isSettling() const { return m_machine.isSettling(); }
    int liveWorkerCount() const { return m_machine.liveWorkerCount(); }
    QString summary() const;            // "web: running, generation 2, 2/2 ready"

    // A new generation with `config` on `listeners`; `done` gets its outcome
    // (or that of the coalesced generation it was queued into).
    void startGeneration(const ServiceConfig &config, Listeners listeners, const QString &why, Done done = {});
    void scale(const ServiceConfig &config);
    void applyHot(const ServiceConfig &config);
    void stop();                        // drain everything; stopped() follows
    void killAll();                     // SIGKILL every worker's tree
    void reset();                       // close the storm breaker, restart missing workers
    // Operator requests (GenerationMachineRequests.cpp decides; see there).
    using RestartDone = std::function<void(bool ok, const QString &outcome, pid_t newPid)>;
    QString refusesRestart(pid_t pid) const { return m_machine.refusesRestart(pid); }
    void restartWorker(pid_t pid, RestartDone done);
    void signalWorker(pid_t pid, int signal);
    void stopByRequest(Done done);
    void startByRequest(Listeners listeners, Done done);

    QList<qint64> workerPids() const;
    // Plain description for the control API (docs/control-api.md, Service).
    QVariantMap snapshot(const QHash<qint64, QVariantMap> &metrics) const;

    // A child was reaped. Returns false when it is none of this service's workers.
    bool handleExit(pid_t pid, int waitStatus);
    // Something of a lingering worker's tree may have gone (any child reaped).
    void checkLingering();
    bool ownsPid(pid_t pid) const { return m_machine.owns(pid); }

Q_SIGNALS:
    void stateChanged(baton::ServiceState state);   // every transition, in order
    void stopped();

private:
    void run();                          // carry out the machine's actions until none are left
    void execute(const GenerationMachine::Action &action);
    void spawnWorker(int generation, int slot);
    void readExecStatus(pid_t pid);
    void onNotify(qint64 senderPid, const NotifyMessage &message);
    pid_t workerForSender(qint64 senderPid) const;
    void closeOutput(pid_t pid);

    ServiceHost &m_host;
    GenerationMachine m_machine;
    NotifySocket m_notify;
    std::map<int, Listeners> m_listeners;        // per generation
    Listeners m_queuedListeners;                 // for the next generation to launch
    std::map<GenerationMachine::TimerToken, QTimer *> m_timers;
    GenerationMachine::RequestId wait(std::function<void(const GenerationMachine::Action &)> answered);
    std::map<GenerationMachine::RequestId, std::function<void(const GenerationMachine::Action &)>> m_waiting;
    GenerationMachine::RequestId m_lastRequest = 0;
    struct ExecWatch {
        UniqueFd fd;
        QSocketNotifier *notifier = nullptr;
    };
    std::map<pid_t, ExecWatch> m_exec;
    QHash<qint64, pid_t> m_mainPids;             // MAINPID= -> worker
    QSet<pid_t> m_lingering;
    std::map<pid_t, WorkerOutput *> m_outputs;   // until the worker's whole tree is gone
    bool m_running = false;
    bool m_stoppedSignalled = false;
    quint64 m_spawns = 0;                        // names each worker's cgroup uniquely
};

} // namespace baton
