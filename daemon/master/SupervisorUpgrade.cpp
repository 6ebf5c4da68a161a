// The Supervisor's part of an upgrade in place (Upgrader.cpp drives it):
// what it holds, as records of baton/UpgradeState.h, and adopting them in
// the new image instead of start(). Nothing is bound, spawned or re-read
// from disk here: listeners, notify sockets, pipes and workers are the
// previous image's, and the running config is the text it ran (the file on
// disk may differ, e.g. a hand edit not applied).
#include "SignalWatcher.h"
#include "Supervisor.h"

#include "baton/ConfigLoader.h"

#include <QCoreApplication>

#include <csignal>
#include <map>

namespace baton {

namespace {

// Worker output carried in the state (the newest lines): enough for
// `batonctl logs` to look the same after an upgrade, bounded so that the
// state stays small next to a worst-case log_buffer times many services.
constexpr qint64 MaxCarriedLogBytes = 16 * 1024 * 1024;

} // namespace

bool Supervisor::readyForUpgrade(QString *why) const
{
    using P = ReloadCoordinator::Phase;
    if (m_coordinator.phase() != P::Running) {
        *why = QStringLiteral("batond is %1; upgrade once it is running").arg(stateName());
        return false;
    }
    if (!m_waiters.isEmpty()) {
        *why = QStringLiteral("a reload is in progress; upgrade once it has finished");
        return false;
    }
    for (const Service *s : m_services) {
        // A starting generation has callers waiting in this image (they
        // cannot be carried); its outcome comes within its ready_timeout.
        if (s->isSettling()) {
            *why = QStringLiteral("a new generation of %1 is starting; upgrade once it has settled").arg(s->name());
            return false;
        }
    }
    return true;
}

void Supervisor::saveState(upgrade::State *state)
{
    std::map<const ListenerSocket *, int> index;
    for (auto it = m_listeners.cbegin(); it != m_listeners.cend(); ++it) {
        const std::shared_ptr<ListenerSocket> socket = it.value().lock();
        if (!socket)
            continue;
        upgrade::Listener l;
        l.fd = socket->fd();
        l.config.address = socket->address();
        l.config.backlog = socket->backlog();
        l.inode = socket->inode();
        index.emplace(socket.get(), int(state->listeners.size()));
        state->listeners << l;
    }
    const auto indexOf = [&index](const ListenerSocket *socket) {
        const auto it = index.find(socket);
        return it == index.end() ? -1 : it->second;
    };
    for (Service *s : std::as_const(m_services)) {
        s->drainOutput();
        state->services << s->saveState(indexOf);
    }
    state->trees = m_trees.saveTrees();
    state->cgroups = m_trees.saveCgroups();
    state->lastSeq = m_events.lastSeq();
    state->logLines = m_logs.saveLines(MaxCarriedLogBytes);
    state->logLastSeq = m_logs.store().lastSeq();
    state->startedAtMs = m_startedAtMs;
    state->upgrades = m_upgrades;
    state->configPath = m_configPath;
}

bool Supervisor::adopt(const upgrade::State &state, QString *error)
{
    // The running text, with the keys it names (it was trusted when it was applied).
    const LoadResult loaded = loadConfig(state.runningText, loadOptions(SignatureMode::FromFile));
    if (!loaded.ok()) {
        *error = QStringLiteral("the running configuration does not load under this binary");
        return false;
    }
    m_daemon = loaded.config->daemon;
    m_logs.configure(m_daemon.log);
    m_trustedKeys = loaded.signingKeys;
    if (!m_events.open(stateDir(), error))
        return false;
    m_events.continueAfter(state.lastSeq);
    m_trees.restore(state.trees, state.cgroups);

    m_signals = new SignalWatcher({SIGHUP, SIGTERM, SIGINT, SIGCHLD, SIGUSR2}, this);
    if (!m_signals->isValid()) {
        *error = QStringLiteral("cannot watch signals (signalfd failed)");
        return false;
    }
    connect(m_signals, &SignalWatcher::received, this, &Supervisor::onSignal);

    std::vector<std::shared_ptr<ListenerSocket>> listeners;
    for (const upgrade::Listener &l : state.listeners) {
        auto socket = ListenerSocket::adopt(UniqueFd(l.fd), l.config, l.inode);
        watchStored(*socket);   // still in systemd's FD store: out of it when the config drops it
        m_listeners.insert(l.config.address.toString(), socket);
        listeners.push_back(std::move(socket));
    }
    const auto listenerAt = [&listeners](int i) {
        return i >= 0 && size_t(i) < listeners.size() ? listeners[size_t(i)] : nullptr;
    };
    for (const upgrade::Service &s : state.services) {
        const auto config = upgrade::serviceConfigFromVariant(s.machine.value(QStringLiteral("config")), error);
        if (!config)
            return false;
        auto *service = new Service(*config, *this, this);
        if (!service->adopt(s, listenerAt, error))
            return false;
        watchService(service);
    }
    m_logs.restoreLines(state.logLines, state.logLastSeq);   // after the services set their ring sizes
    m_startedAtMs = state.startedAtMs;
    m_upgradedAtMs = state.upgradedAtMs;
    m_upgrades = state.upgrades;
    m_previousVersion = state.previousVersion;

    // Running, as the previous image was: no service has a generation
    // starting (readyForUpgrade), so start-up is done at once; StartupDone
    // tells systemd READY=1 again and emits started().
    m_coordinator.startupBegun({});
    runCoordinator();
    noteState();
    return true;
}

} // namespace baton
