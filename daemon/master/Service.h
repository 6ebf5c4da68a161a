#pragma once

#include "ListenerSocket.h"

#include "baton/Config.h"
#include "baton/Event.h"
#include "baton/NotifyMessage.h"
#include "baton/RestartBackoff.h"
#include "baton/UniqueFd.h"

#include <QHash>
#include <QObject>
#include <QVariantMap>
#include <QStringList>

#include <chrono>
#include <map>
#include <memory>
#include <vector>

class QSocketNotifier;
class QTimer;

namespace baton {

// What a Service needs from the daemon around it.
class ServiceHost {
public:
    virtual ~ServiceHost() = default;
    virtual void record(Event event) = 0;
    virtual QString notifySocketAddress() const = 0;
    virtual QStringList workerBaseEnvironment() const = 0;
    virtual QString workingDirectory() const = 0;
};

enum class WorkerState { Starting, Ready, Draining };
enum class ServiceState { Starting, Running, Reloading, Degraded, Failed, Stopping };
QString workerStateName(WorkerState state);
QString serviceStateName(ServiceState state);

// One [service.NAME]: its generations of workers, their readiness, drain and
// crash supervision.
//
// Generations move Starting -> Current -> Draining -> gone. A Starting
// generation becomes Current only when every one of its workers is ready;
// until then the Current one keeps serving, and if the new one fails (a
// worker exits, or ready_timeout passes) it is killed: that is the rollback.
// At most three generations are alive; a new one waits while two drain.
class Service final : public QObject {
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;
    using Listeners = std::vector<std::shared_ptr<ListenerSocket>>;

    Service(const ServiceConfig &config, ServiceHost &host, QObject *parent = nullptr);
    ~Service() override;

    const QString &name() const { return m_config.name; }
    const ServiceConfig &config() const { return m_config; }   // of the current generation
    ServiceState state() const;
    int currentGeneration() const;
    bool isSettling() const;            // a generation is starting or waiting to start
    int liveWorkerCount() const { return int(m_workers.size()); }
    QString summary() const;            // "web: running, generation 2, 2/2 ready"

    // Starts a new generation with `config` on `listeners`; settled() follows.
    void startGeneration(const ServiceConfig &config, Listeners listeners, const QString &why);
    void scale(const ServiceConfig &config);      // workers count (and hot keys)
    void applyHot(const ServiceConfig &config);   // timeouts and restart policy
    void stop();                                  // drain everything; stopped() follows
    void killAll();                               // SIGKILL every worker's process group

    // Closes the storm breaker and restarts missing workers of the current generation.
    void reset();
    QList<qint64> workerPids() const;
    // Plain description for the control API (docs/control-api.md, Service).
    // `metrics` maps pid -> {fds, rss_bytes, cpu_percent}.
    QVariantMap snapshot(const QHash<qint64, QVariantMap> &metrics) const;

    // Returns false when pid is none of ours.
    bool handleExit(pid_t pid, int waitStatus);
    bool ownsPid(pid_t pid) const;
    void handleNotify(pid_t pid, const NotifyMessage &message);

Q_SIGNALS:
    void settled(bool ok, const QString &reason);
    void stopped();

private:
    enum class Role { Starting, Current, Draining, Failed };
    struct Generation {
        int number = 0;
        Role role = Role::Starting;
        ServiceConfig config;
        Listeners listeners;
        QTimer *readyTimer = nullptr;
    };
    struct Worker {
        pid_t pid = 0;
        qint64 mainPid = 0;             // from MAINPID=
        int generation = 0;
        int slot = 0;
        WorkerState state = WorkerState::Starting;
        Clock::time_point started;
        QString status;
        UniqueFd execStatus;
        int execError = 0;
        QString killReason;             // why batond killed it, if it did
        QSocketNotifier *execNotifier = nullptr;
        QTimer *readyTimer = nullptr;   // replacement workers in a current generation
        QTimer *watchdog = nullptr;
        QTimer *drainDeadline = nullptr;
    };

    Generation *generation(int number);
    Generation *current();
    Generation *starting();
    Worker *workerFor(pid_t pid);
    int countDraining() const;
    void launchPending();
    void spawnWorker(Generation &gen, int slot);
    void readExecStatus(Worker &worker);
    void markReady(Worker &worker);
    void promote(Generation &gen);
    void rollback(Generation &gen, const QString &reason);
    void drainWorker(Worker &worker, const QString &why);
    void killWorker(Worker &worker, const QString &why);
    void onCrash(const Generation &gen, int slot, qint64 uptimeMs, const QString &how);
    void forgetWorker(pid_t pid);
    void dropFinishedGenerations();
    void emitEvent(const QString &kind, const Worker *worker, int generation, const QString &message, Event extra = {});

    ServiceConfig m_config;
    ServiceHost &m_host;
    RestartBackoff m_backoff;
    std::map<int, Generation> m_generations;
    std::map<pid_t, std::unique_ptr<Worker>> m_workers;
    int m_lastGeneration = 0;
    bool m_stopping = false;
    struct Pending {
        ServiceConfig config;
        Listeners listeners;
        QString why;
    };
    std::unique_ptr<Pending> m_pending;
};

} // namespace baton
