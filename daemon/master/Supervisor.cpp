#include "Supervisor.h"

#include "DaemonEvent.h"
#include "SignalWatcher.h"
#include "sd_protocol.hpp"

#include "baton/ConfigDiff.h"
#include "baton/ConfigLoader.h"
#include "baton/RuntimePaths.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QProcessEnvironment>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <sys/wait.h>

namespace baton {

Supervisor::Supervisor(const QString &configPath, const QStringList &searchDirs, QObject *parent)
    : QObject(parent)
    , m_configPath(QFileInfo(configPath).absoluteFilePath())
    , m_searchDirs(searchDirs)
    , m_workingDirectory(QFileInfo(configPath).absolutePath())
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *own : {"LISTEN_FDS", "LISTEN_FDNAMES", "LISTEN_PID", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"})
        env.remove(QString::fromLatin1(own));
    m_baseEnvironment = env.toStringList();
}

Supervisor::~Supervisor()
{
    m_fdStore->setExiting();
    for (Service *s : std::as_const(m_services))
        s->killAll();
}

LoadOptions Supervisor::loadOptions(SignatureMode mode) const
{
    LoadOptions options;
    options.filePath = m_configPath;
    options.extraSearchDirs = m_searchDirs;
    options.signatureMode = mode;
    options.trustedKeys = m_trustedKeys;
    return options;
}

void Supervisor::recordSignatureRefused(const QString &what, const LoadResult &loaded)
{
    if (!loaded.signatureRefused())
        return;
    const QString where = QStringLiteral("%1:%2").arg(m_configPath).arg(loaded.signature->line);
    record(daemonEvent(EventKind::Security,
                       QStringLiteral("%1 refused: %2: %3; the running configuration keeps serving")
                           .arg(what, where, loaded.signature->message),
                       loaded.signature->message));
}

void Supervisor::record(Event event)
{
    const Event &stored = m_events.append(std::move(event));
    std::fprintf(stderr, "batond: %s\n", qPrintable(stored.toLogLine()));
}

void Supervisor::notifySystemd(const QString &state) const
{
    sd::notify(state.toStdString());
}

QString Supervisor::statusLine() const
{
    QStringList parts;
    for (const Service *s : m_services)
        parts << s->summary();
    return parts.join(QLatin1String("; "));
}

bool Supervisor::start(QString *error)
{
    // Nothing runs yet: the keys the file names verify it (README "Signed configs").
    const LoadResult loaded = loadConfigFile(m_configPath, loadOptions(SignatureMode::FromFile));
    for (const Diagnostic &d : loaded.diagnostics)
        std::fprintf(stderr, "%s\n", qPrintable(d.format(m_configPath)));
    if (loaded.signatureRefused()) {
        // No event log yet (its folder comes from the refused file): the log line only.
        std::fprintf(stderr, "batond: security: %s:%d: configuration refused: %s\n", qPrintable(m_configPath),
                     loaded.signature->line, qPrintable(loaded.signature->message));
        *error = QStringLiteral("%1 is not signed by one of its signing_keys").arg(m_configPath);
        return false;
    }
    if (!loaded.ok()) {
        *error = QStringLiteral("%1 is invalid").arg(m_configPath);
        return false;
    }
    const Config &config = *loaded.config;
    m_daemon = config.daemon;
    m_logs.configure(m_daemon.log);
    m_trustedKeys = loaded.signingKeys;
    if (!m_events.open(stateDir(), error))
        return false;
    m_trees.start();   // before the first worker: subreaper, cgroups
    m_leftovers = new LeftoverDrain(m_trees, m_trees.takeLeftovers(), this);
    if (!m_leftovers->isEmpty())
        std::fprintf(stderr, "batond: %lld worker(s) of a previous batond still serve: drained once this one's generations are ready\n",
                     qlonglong(m_leftovers->count()));

    m_signals = new SignalWatcher({SIGHUP, SIGTERM, SIGINT, SIGCHLD, SIGUSR2}, this);
    if (!m_signals->isValid()) {
        *error = QStringLiteral("cannot watch signals (signalfd failed)");
        return false;
    }
    connect(m_signals, &SignalWatcher::received, this, &Supervisor::onSignal);

    // Bind everything before starting anything: a port in use fails start-up cleanly.
    QList<Service::Listeners> listeners;
    for (const ServiceConfig &s : config.services) {
        auto acquired = acquireListeners(s, error);
        if (!acquired)
            return false;
        listeners.append(std::move(*acquired));
    }
    m_fdStore->closeUnclaimed();
    m_startedAtMs = QDateTime::currentMSecsSinceEpoch();
    record(daemonEvent(EventKind::DaemonStarted, QStringLiteral("batond %1 (pid %2) managing %3 service(s) from %4")
                           .arg(QStringLiteral(BATON_VERSION)).arg(QCoreApplication::applicationPid())
                           .arg(config.services.size()).arg(m_configPath)));
    // Workers start on the first turn of the event loop, after the caller has
    // finished its own start-up (the control socket): if that fails, no
    // worker was ever spawned.
    QStringList names;
    for (const ServiceConfig &sc : config.services)
        names << sc.name;
    m_coordinator.startupBegun(names);
    QTimer::singleShot(0, this, [this, services = config.services, listeners = std::move(listeners)]() mutable {
        if (m_coordinator.phase() != ReloadCoordinator::Phase::Starting)
            return;
        for (qsizetype i = 0; i < services.size(); ++i)
            startGeneration(addService(services[i]), services[i], std::move(listeners[i]), QStringLiteral("initial start"));
        runCoordinator();
    });
    return true;
}

Service *Supervisor::addService(const ServiceConfig &config)
{
    auto *service = new Service(config, *this, this);
    QString error;
    if (!service->open(&error))
        std::fprintf(stderr, "batond: %s: %s\n", qPrintable(config.name), qPrintable(error));   // its spawns fail visibly
    watchService(service);
    return service;
}

void Supervisor::watchService(Service *service)
{
    connect(service, &Service::stateChanged, this, &Supervisor::noteState);
    connect(service, &Service::stopped, this, [this, service] {
        if (stopping()) {
            bool allStopped = true;
            for (const Service *s : std::as_const(m_services))
                allStopped = allStopped && s->liveWorkerCount() == 0;
            if (allStopped) {
                record(daemonEvent(EventKind::DaemonStopped, QStringLiteral("every worker has exited")));
                Q_EMIT finished(0);
            }
            return;
        }
        m_services.removeOne(service);   // removed from the config and drained
        service->deleteLater();
    });
    m_services.append(service);
}

void Supervisor::startGeneration(Service *service, const ServiceConfig &config, Service::Listeners listeners, const QString &why)
{
    if (service->isStoppedByRequest()) {
        // It stays stopped and keeps the config for its start; no outcome
        // to wait for (an answer now would come before reloadStarted()).
        service->startGeneration(config, {}, why);
        return;
    }
    const quint64 round = m_coordinator.round();
    QPointer<Service> guard(service);
    const QString name = config.name;
    service->startGeneration(config, std::move(listeners), why, [this, name, round](bool ok, const QString &reason) {
        m_coordinator.serviceSettled(name, round, ok, reason);
        runCoordinator();
    });
}

std::optional<Service::Listeners> Supervisor::acquireListeners(const ServiceConfig &config, QString *error)
{
    Service::Listeners out;
    for (const ListenerConfig &l : config.listeners) {
        const QString key = l.address.toString();
        std::shared_ptr<ListenerSocket> socket = m_listeners.value(key).lock();
        if (socket) {
            if (!socket->update(l, error))
                return std::nullopt;
        } else {
            // Passed back by systemd's FD store (a restart of batond): the
            // same socket, with what waits in its backlog. Else bound anew.
            UniqueFd inherited = m_fdStore->takeInherited(l.address);
            const bool adopted = bool(inherited);
            socket = adopted ? ListenerSocket::adoptPassed(std::move(inherited), l, error) : ListenerSocket::bind(l, error);
            if (!socket) {
                *error = QStringLiteral("service %1, listener %2: %3").arg(config.name, l.name, *error);
                return std::nullopt;
            }
            if (adopted)
                std::fprintf(stderr, "batond: %s: listener %s taken over from systemd\n", qPrintable(config.name),
                             qPrintable(key));
            m_fdStore->store(*socket);
            watchStored(*socket);
            m_listeners.insert(key, socket);
        }
        out.push_back(std::move(socket));
    }
    return out;
}

// The workers a crashed batond left serving: drained now that ours serve
// (LeftoverDrain.h says why they are there), within the longest drain_timeout.
void Supervisor::drainLeftovers()
{
    if (!m_leftovers || m_leftovers->isEmpty())
        return;
    qint64 drainMs = 0;
    for (const Service *s : std::as_const(m_services))
        drainMs = std::max<qint64>(drainMs, s->config().drainTimeout.count());
    record(daemonEvent(EventKind::Drain, QStringLiteral("draining %1 worker(s) left by the previous batond").arg(m_leftovers->count())));
    m_leftovers->start(int(std::max<qint64>(drainMs, 1000)), [this](const QString &message) {
        record(daemonEvent(EventKind::Drain, message));
    });
}

void Supervisor::watchStored(ListenerSocket &socket)
{
    socket.setOnClose([store = std::weak_ptr<SystemdFdStore>(m_fdStore)](const ListenAddress &address) {
        if (auto s = store.lock())
            s->remove(address);
    });
}

Config Supervisor::runningConfig() const
{
    Config config;
    config.filePath = m_configPath;
    config.daemon = m_daemon;
    for (const Service *s : m_services) {
        if (!s->isStopping())
            config.services.append(s->config());
    }
    return config;
}

void Supervisor::runCoordinator()
{
    if (m_coordinating)
        return;   // an action fed the coordinator: the outer loop picks up its actions
    m_coordinating = true;
    using T = ReloadCoordinator::Action::Type;
    for (auto actions = m_coordinator.takeActions(); !actions.empty(); actions = m_coordinator.takeActions()) {
        for (const ReloadCoordinator::Action &a : actions) {
            switch (a.type) {
            case T::BeginReload:
                beginReload(a.force, a.round);
                break;
            case T::Answer:
                for (const auto id : a.waiters) {
                    if (ReloadCallback callback = m_waiters.take(id))
                        callback({a.outcome.ok, a.outcome.outcome, a.outcome.rolledBack});
                }
                break;
            case T::ReloadFinished:
                if (m_pendingKeys && a.outcome.rolledBack.isEmpty())
                    m_trustedKeys = *m_pendingKeys;   // the new config runs: its keys verify the next one
                m_pendingKeys.reset();
                if (const auto history = std::exchange(m_pendingMetricsHistory, std::nullopt); history && a.outcome.rolledBack.isEmpty()) {
                    m_daemon.metricsHistory = *history;
                    Q_EMIT metricsHistoryChanged();
                }
                if (std::exchange(m_daemonChanged, false) && a.outcome.rolledBack.isEmpty())
                    QTimer::singleShot(0, this, &Supervisor::reexecWanted);
                record(daemonEvent(EventKind::ReloadFinished, a.outcome.outcome, a.outcome.rolledBack.join(QLatin1String(", "))));
                notifySystemd(QStringLiteral("READY=1\nSTATUS=%1").arg(statusLine()));
                break;
            case T::StartupDone:
                if (a.outcome.ok) {
                    notifySystemd(QStringLiteral("READY=1\nSTATUS=%1").arg(statusLine()));
                    drainLeftovers();
                    Q_EMIT started();
                } else {
                    Q_EMIT startFailed(a.outcome.outcome);
                }
                break;
            case T::PhaseChanged:
                noteState();
                break;
            }
        }
    }
    m_coordinating = false;
}

void Supervisor::rejectReload(const QString &reason, const Diagnostics &diagnostics)
{
    for (const Diagnostic &d : diagnostics)
        std::fprintf(stderr, "%s\n", qPrintable(d.format(m_configPath)));
    m_pendingKeys.reset();
    m_pendingMetricsHistory.reset();
    m_daemonChanged = false;
    record(daemonEvent(EventKind::ReloadRejected, QStringLiteral("reload rejected, nothing changed: %1").arg(reason), reason));
    notifySystemd(QStringLiteral("READY=1\nSTATUS=reload rejected: %1").arg(reason));
    m_coordinator.reloadRejected(reason);
}

void Supervisor::reload(bool force, ReloadCallback done)
{
    ReloadCoordinator::WaiterId waiter = 0;
    if (done) {
        waiter = ++m_lastWaiter;
        m_waiters.insert(waiter, std::move(done));
    }
    m_coordinator.requestReload(force, waiter);
    runCoordinator();
}

void Supervisor::beginReload(bool force, quint64)
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    notifySystemd(QStringLiteral("RELOADING=1\nMONOTONIC_USEC=%1\nSTATUS=reloading")
                      .arg(qint64(now.tv_sec) * 1000000 + now.tv_nsec / 1000));

    const LoadResult loaded = loadConfigFile(m_configPath, loadOptions());
    recordSignatureRefused(QStringLiteral("reload"), loaded);
    if (!loaded.ok()) {
        QStringList first;
        for (const Diagnostic &d : loaded.diagnostics) {
            if (d.severity == Severity::Error)
                first << d.format(QFileInfo(m_configPath).fileName());
        }
        rejectReload(QStringLiteral("invalid configuration: %1").arg(first.join(QLatin1String("; "))), loaded.diagnostics);
        return;
    }
    const Config &next = *loaded.config;
    const ReloadPlan plan = planReload(runningConfig(), next);
    m_pendingKeys = loaded.signingKeys;
    m_daemonChanged = plan.needsReexec();
    if (!plan.daemonHotChanges.isEmpty())
        m_pendingMetricsHistory = next.daemon.metricsHistory;

    // Bind new listeners for every service that gets a new generation before
    // touching anything, so a port in use rejects the reload as a whole.
    QHash<QString, Service::Listeners> listeners;
    for (const ServicePlan &p : plan.services) {
        if (p.action == ServiceAction::Stop || p.action == ServiceAction::Hot || p.action == ServiceAction::Scale
            || (p.action == ServiceAction::Unchanged && !force))
            continue;
        if (const Service *s = service(p.service); s && s->isStoppedByRequest())
            continue;   // stays stopped: binds nothing until started
        QString error;
        auto acquired = acquireListeners(*next.service(p.service), &error);
        if (!acquired) {
            rejectReload(error);
            return;
        }
        listeners.insert(p.service, std::move(*acquired));
    }
    record(daemonEvent(EventKind::ReloadStarted, QStringLiteral("reload: %1").arg(plan.sentences().join(QLatin1String("; ")))));
    for (const QString &sentence : plan.daemonHotSentences + plan.daemonSentences)
        std::fprintf(stderr, "batond: %s\n", qPrintable(sentence));

    QStringList waitingFor;
    for (const ServicePlan &p : plan.services) {
        Service *service = nullptr;
        for (Service *s : std::as_const(m_services)) {
            if (s->name() == p.service && !s->isStopping())
                service = s;
        }
        const ServiceConfig *config = next.service(p.service);
        const bool newGeneration = p.action == ServiceAction::Start || p.action == ServiceAction::NewGeneration
                                   || (p.action == ServiceAction::Unchanged && force);
        if (newGeneration && !(service && service->isStoppedByRequest()))
            waitingFor << p.service;
        switch (p.action) {
        case ServiceAction::Start:
            startGeneration(addService(*config), *config, listeners.take(p.service), p.sentence);
            break;
        case ServiceAction::Stop:
            if (service)
                service->stop();
            break;
        case ServiceAction::Hot:
            service->applyHot(*config);
            break;
        case ServiceAction::Scale:
            service->scale(*config);
            break;
        case ServiceAction::Unchanged:
            if (force)
                startGeneration(service, *config, listeners.take(p.service), QStringLiteral("reload requested, configuration unchanged"));
            break;
        case ServiceAction::NewGeneration:
            startGeneration(service, *config, listeners.take(p.service),
                            p.action == ServiceAction::Unchanged ? QStringLiteral("reload requested, configuration unchanged") : p.sentence);
            break;
        }
    }
    m_coordinator.reloadStarted(waitingFor);
}

QString Supervisor::stateDir() const
{
    return m_daemon.stateDir.isEmpty() ? defaultStateDir() : m_daemon.stateDir;
}

Service *Supervisor::service(const QString &name) const
{
    for (Service *s : m_services) {
        if (s->name() == name && !s->isStopping())
            return s;
    }
    return nullptr;
}

QString Supervisor::stateName() const
{
    using P = ReloadCoordinator::Phase;
    switch (m_coordinator.phase()) {
    case P::Idle:
    case P::Starting: return QStringLiteral("starting");
    case P::Running: break;
    case P::Reloading: return QStringLiteral("reloading");
    case P::Stopping: return QStringLiteral("stopping");
    }
    bool degraded = false, failed = false, reloading = false;
    for (const Service *s : m_services) {
        const ServiceState st = s->state();
        failed = failed || st == ServiceState::Failed;
        degraded = degraded || st == ServiceState::Degraded;
        reloading = reloading || st == ServiceState::Reloading;
    }
    return failed ? QStringLiteral("failed") : reloading ? QStringLiteral("reloading")
         : degraded ? QStringLiteral("degraded") : QStringLiteral("running");
}

QList<qint64> Supervisor::workerPids() const
{
    QList<qint64> pids;
    for (const Service *s : m_services)
        pids += s->workerPids();
    return pids;
}

QVariantMap Supervisor::status(const QHash<qint64, QVariantMap> &metrics) const
{
    QVariantList services;
    for (const Service *s : m_services)
        services << s->snapshot(metrics);
    const QVariantMap daemon{{QStringLiteral("pid"), QCoreApplication::applicationPid()},
                             {QStringLiteral("version"), QStringLiteral(BATON_VERSION)},
                             {QStringLiteral("config_path"), m_configPath},
                             {QStringLiteral("state"), stateName()},
                             {QStringLiteral("process_tree"), m_trees.mechanism()},
                             {QStringLiteral("worker_output"), m_logs.journal() ? QStringLiteral("journal") : QStringLiteral("stderr")},
                             {QStringLiteral("worker_output_dropped"), m_logs.forwardDropped()},
                             {QStringLiteral("uptime_ms"), QDateTime::currentMSecsSinceEpoch() - m_startedAtMs},
                             {QStringLiteral("started_at"), QDateTime::fromMSecsSinceEpoch(m_startedAtMs).toUTC().toString(Qt::ISODateWithMs)},
                             {QStringLiteral("upgrades"), m_upgrades},
                             {QStringLiteral("previous_version"), m_previousVersion},
                             {QStringLiteral("upgraded_at"), m_upgradedAtMs ? QDateTime::fromMSecsSinceEpoch(m_upgradedAtMs).toUTC().toString(Qt::ISODateWithMs) : QString()}};
    return {{QStringLiteral("daemon"), daemon}, {QStringLiteral("services"), services}};
}

void Supervisor::stop()
{
    if (stopping()) {
        std::fprintf(stderr, "batond: second stop signal: killing every worker now\n");
        for (Service *s : std::as_const(m_services))
            s->killAll();
        Q_EMIT finished(1);
        return;
    }
    m_coordinator.stop();
    m_fdStore->setExiting();   // a restart takes the stored listeners back
    runCoordinator();
    notifySystemd(QStringLiteral("STOPPING=1\nSTATUS=draining workers"));
    record(daemonEvent(EventKind::DaemonStopping, QStringLiteral("graceful stop: draining every worker")));
    if (m_services.isEmpty()) {
        Q_EMIT finished(0);
        return;
    }
    for (Service *s : std::as_const(m_services))
        s->stop();
}

void Supervisor::onSignal(int signal)
{
    switch (signal) {
    case SIGCHLD:
        reapChildren();
        break;
    case SIGHUP:
        reload(true);
        break;
    case SIGTERM:
    case SIGINT:
        stop();
        break;
    case SIGUSR2:
        Q_EMIT upgradeRequested();
        break;
    default:
        break;
    }
}

void Supervisor::reapChildren()
{
    int status = 0;
    pid_t pid;
    for (;;) {
        siginfo_t info{};
        if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0 || info.si_pid <= 0)
            break;
        if ((pid = ::waitpid(info.si_pid, &status, WNOHANG)) <= 0)
            break;
        if (m_foreignChild && pid == m_foreignChild) {   // the upgrade preflight: its owner decides
            auto onExit = std::exchange(m_foreignExit, {});
            setForeignChild(0);
            if (onExit)
                QTimer::singleShot(0, this, [onExit, status] { onExit(status); });
            continue;
        }
        bool worker = false;
        for (Service *s : std::as_const(m_services)) {
            if ((worker = s->handleExit(pid, status)))
                break;
        }
        if (!worker)
            m_trees.orphanReaped(pid);   // something a worker started, adopted as subreaper
    }
    // Whatever was reaped may have been the last process of a stopped worker's tree.
    for (Service *s : std::as_const(m_services))
        s->checkLingering();
}

void Supervisor::noteState()
{
    const QString now = stateName();
    if (now == m_reportedState)
        return;
    m_reportedState = now;
    Q_EMIT stateChanged(now);
}

} // namespace baton
