#pragma once

#include "LeftoverDrain.h"
#include "ListenerSocket.h"
#include "LogHub.h"
#include "Service.h"
#include "SystemdFdStore.h"
#include "WorkerTrees.h"

#include "baton/Config.h"
#include "baton/ConfigLoader.h"
#include "baton/EventLog.h"
#include "baton/ReloadCoordinator.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QVariantMap>

#include <functional>

#include <memory>
#include <optional>

namespace baton {

class SignalWatcher;

// The master: owns the listeners, the services and the notify socket, turns
// signals into start, reload and stop, and keeps systemd informed.
//
// Listeners live in a registry of weak references keyed by address: every
// generation holds strong references to the sockets it was started with, so
// an address kept across a reload is handed over (never re-bound), and one
// dropped from the config closes when the last generation using it is gone.
class Supervisor final : public QObject, public ServiceHost {
    Q_OBJECT
public:
    Supervisor(const QString &configPath, const QStringList &searchDirs, QObject *parent = nullptr);
    ~Supervisor() override;

    // Synchronous part of start-up: config, state dir, notify socket,
    // listeners. Generations then start; started() or startFailed() follows.
    bool start(QString *error);

    struct ReloadOutcome {
        bool ok = true;
        QString outcome;              // one line for humans
        QStringList rolledBack;       // "web (not ready within 10s)"
    };
    using ReloadCallback = std::function<void(const ReloadOutcome &)>;
    // Re-reads the file and applies its plan. `force` also gives unchanged
    // services a fresh generation (SIGHUP, `batonctl reload`); applying an
    // edited config does not. Requests during a reload are coalesced into
    // one more; every callback gets the outcome of a reload that started
    // after its request.
    void reload(bool force = true, ReloadCallback done = {});
    // A fresh generation of one service with its running config.
    bool reloadService(const QString &name, ReloadCallback done, QString *error);
    bool resetService(const QString &name, QString *error);
    void stop();

    // Operator requests on one worker or one service (SupervisorRequests.cpp).
    // A refusal comes back at once with its ControlErrorCode; otherwise
    // `done` gets the outcome once the service's machine answers.
    struct Refusal {
        int code = 0;
        QString message;
    };
    std::optional<Refusal> restartWorker(pid_t pid, Service::RestartDone done);
    std::optional<Refusal> signalWorker(pid_t pid, int signal);
    std::optional<Refusal> stopService(const QString &name, Service::Done done);
    std::optional<Refusal> startService(const QString &name, Service::Done done);
    QString serviceState(const QString &name) const;   // "" when there is no such service

    const QString &configPath() const { return m_configPath; }
    // As started, plus the hot [daemon] keys (metrics_history) of the last reload
    // that finished without rollback; the other keys change only by re-exec.
    const DaemonConfig &daemonConfig() const { return m_daemon; }
    QString stateDir() const;
    Config runningConfig() const;
    QString stateName() const;        // running, reloading, starting, stopping
    QList<qint64> workerPids() const;
    QVariantMap status(const QHash<qint64, QVariantMap> &metrics) const;
    EventLog &events() { return m_events; }
    // Trusted (the default): a text must be signed by a key of the running
    // config, when it names any (README "Signed configs").
    LoadOptions loadOptions(SignatureMode mode = SignatureMode::Trusted) const;
    const QList<PublicKey> &trustedKeys() const { return m_trustedKeys; }
    // A `security` event (and the log line) for a config refused because of its signature.
    void recordSignatureRefused(const QString &what, const LoadResult &loaded);

    // Upgrade in place (Upgrader.cpp, docs/upgrade-state.md).
    // Nothing in flight that the carried state cannot express: no reload,
    // no generation starting, not stopping.
    bool readyForUpgrade(QString *why) const;
    void saveState(upgrade::State *state);            // listeners, services, trees, events, times
    bool adopt(const upgrade::State &state, QString *error);   // in the new image, instead of start()
    int upgrades() const { return m_upgrades; }
    // A child of batond that is no worker (the upgrade preflight): reaped
    // here like any child, its status handed to onExit, and never taken
    // for an orphan of a worker meanwhile. 0: none.
    void setForeignChild(pid_t pid, std::function<void(int status)> onExit = {})
    {
        m_foreignChild = pid;
        m_foreignExit = std::move(onExit);
        m_trees.setForeignChild(pid);
    }
    void reapNow() { reapChildren(); }
    void notifySystemd(const QString &state) const;

    // ServiceHost
    void record(Event event) override;
    QStringList workerBaseEnvironment() const override { return m_baseEnvironment; }
    QString workingDirectory() const override { return m_workingDirectory; }
    WorkerTrees &workerTrees() override { return m_trees; }
    LogHub *logHub() override { return &m_logs; }
    LogHub &logs() { return m_logs; }

Q_SIGNALS:
    void upgradeRequested();   // SIGUSR2
    // A reload with [daemon] changes finished without rollback: they apply
    // by re-executing in place (emitted once the reload's callers have
    // their answers and the running text is the new one).
    void reexecWanted();
    void metricsHistoryChanged();   // daemonConfig().metricsHistory was applied in place
    void started();
    void startFailed(const QString &reason);
    void finished(int exitCode);
    // Every transition of stateName(), in order, also when several follow
    // each other within one turn of the event loop (D-Bus State property).
    void stateChanged(const QString &state);

private:
    void onSignal(int signal);
    void reapChildren();
    std::optional<Service::Listeners> acquireListeners(const ServiceConfig &config, QString *error);
    Service *addService(const ServiceConfig &config);
    void watchService(Service *service);
    void startGeneration(Service *service, const ServiceConfig &config, Service::Listeners listeners, const QString &why);
    void runCoordinator();   // carry out the ReloadCoordinator's actions
    void beginReload(bool force, quint64 round);
    void rejectReload(const QString &reason, const Diagnostics &diagnostics = {});
    void noteState();
    bool stopping() const { return m_coordinator.phase() == ReloadCoordinator::Phase::Stopping; }
    QString statusLine() const;
    Service *service(const QString &name) const;
    // A listener in systemd's FD store leaves it when the last generation lets go.
    void watchStored(ListenerSocket &socket);
    void drainLeftovers();
    Service *serviceOfWorker(pid_t pid) const;

    QString m_configPath;
    QStringList m_searchDirs;
    QString m_workingDirectory;
    QStringList m_baseEnvironment;
    DaemonConfig m_daemon;
    QList<Service *> m_services;
    QHash<QString, std::weak_ptr<ListenerSocket>> m_listeners;
    // Shared with the listeners' close hooks, which may run after this object.
    std::shared_ptr<SystemdFdStore> m_fdStore = std::make_shared<SystemdFdStore>();
    EventLog m_events;
    WorkerTrees m_trees;
    LogHub m_logs;
    SignalWatcher *m_signals = nullptr;
    LeftoverDrain *m_leftovers = nullptr;

    ReloadCoordinator m_coordinator;
    bool m_coordinating = false;
    ReloadCoordinator::WaiterId m_lastWaiter = 0;
    QHash<ReloadCoordinator::WaiterId, ReloadCallback> m_waiters;
    // The keys that verify the next config: those of the running one. A
    // reload's own keys take over only once it finished without rollback.
    QList<PublicKey> m_trustedKeys;
    std::optional<QList<PublicKey>> m_pendingKeys;
    std::optional<Milliseconds> m_pendingMetricsHistory;   // a hot [daemon] key, applied once the reload has finished
    qint64 m_startedAtMs = 0;
    qint64 m_upgradedAtMs = 0;
    int m_upgrades = 0;
    QString m_previousVersion;
    pid_t m_foreignChild = 0;
    std::function<void(int status)> m_foreignExit;
    bool m_daemonChanged = false;      // the reload under way changes [daemon]
    QString m_reportedState;
};

} // namespace baton
