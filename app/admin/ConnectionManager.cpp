#include "ConnectionManager.h"

#include "ClientRouter.h"
#include "DaemonAppearanceWatch.h"

#include <algorithm>

namespace baton {

namespace {

constexpr int LocalAttemptTimeoutMs = 5000;
constexpr int SshAttemptTimeoutMs = 30000;   // host key lookups, slow links

} // namespace

ConnectionManager::ConnectionManager(QObject *parent)
    : QObject(parent), m_router(new ClientRouter(this)), m_appearance(new DaemonAppearanceWatch(this))
{
    connect(m_appearance, &DaemonAppearanceWatch::appeared, this, [this] {
        if (m_state == State::Offline)
            reconnectNow();
    });
    m_retryTimer.setSingleShot(true);
    m_attemptTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ConnectionManager::reconnectNow);
    connect(&m_attemptTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Connecting)
            candidateFailed(tr("%1: no answer").arg(m_candidates.value(m_candidate).description()));
    });
    connect(m_router, &ControlClient::connected, this, &ConnectionManager::onConnected);
    connect(m_router, &ControlClient::disconnected, this, &ConnectionManager::onDisconnected);
}

ConnectionManager::~ConnectionManager()
{
    disconnect(m_router, nullptr, this, nullptr);
}

ControlClient *ConnectionManager::client() const
{
    return m_router;
}

QString ConnectionManager::endpoint() const
{
    return m_router->endpoint();
}

void ConnectionManager::setProfile(const ConnectionProfile &profile)
{
    m_profile = profile;
    m_preferred = 0;
    Q_EMIT profileChanged(profile);
    start();
}

void ConnectionManager::start()
{
    m_failedRounds = 0;
    reconnectNow();
}

void ConnectionManager::reconnectNow()
{
    m_retryTimer.stop();
    m_appearance->stop();
    m_nextAttempt = {};
    m_failures.clear();
    m_candidates = m_profile.candidates();
    // Start where it worked before; fall back to the others in order.
    const int first = std::clamp(m_preferred, 0, int(m_candidates.size()) - 1);
    if (first > 0)
        m_candidates.move(first, 0);
    m_preferred = 0;
    tryCandidate(0);
}

void ConnectionManager::tryCandidate(int index)
{
    ++m_attempt;
    m_candidate = index;
    if (index >= m_candidates.size()) {
        replaceBackend(nullptr);
        m_lastError = m_failures.join(QLatin1Char('\n'));
        scheduleRetry();
        return;
    }
    setState(State::Connecting);
    ControlClient *client = m_candidates[index].createClient(m_router);
    if (!client) {
        m_failures << tr("%1: not supported by this build").arg(m_candidates[index].description());
        return tryCandidate(index + 1);
    }
    replaceBackend(client);
    m_attemptTimer.start(m_candidates[index].kind == ConnectionProfile::Kind::Ssh ? SshAttemptTimeoutMs : LocalAttemptTimeoutMs);
    client->connectToDaemon();
}

void ConnectionManager::onConnected()
{
    // Offline means the current transport was given up (its replacement is
    // queued): a "connected" from it now, e.g. batond replaced on the bus
    // by another owner, is not trusted; the retry connects afresh.
    if (m_state == State::Offline)
        return;
    m_attemptTimer.stop();
    m_failedRounds = 0;
    m_failures.clear();
    m_lastError.clear();
    // Remember the working endpoint by its place in the profile's own order.
    const QList<ConnectionProfile> order = m_profile.candidates();
    m_preferred = std::max(0, int(order.indexOf(m_candidates.value(m_candidate))));
    setState(State::Connected);
}

void ConnectionManager::replaceBackend(ControlClient *client)
{
    // The old transport's "disconnected" is ours, not a failure of the new one.
    const bool wasSwitching = std::exchange(m_switching, true);
    m_router->setBackend(client);
    m_switching = wasSwitching;
}

void ConnectionManager::onDisconnected(const QString &reason)
{
    if (m_switching)
        return;
    if (m_state == State::Connecting)
        return candidateFailed(reason);
    if (m_state != State::Connected)
        return;
    m_lastError = reason;
    m_failures.clear();
    // Lost: the first retry comes quickly, and goes to the same endpoint first.
    m_failedRounds = 0;
    ++m_attempt;
    m_router->silenceBackend();   // whatever it says next (batond replaced: "connected") is not believed
    scheduleRetry();   // offline now, so nothing is shown as live from here on
    // This runs inside the lost transport's signal (a D-Bus name watcher, a
    // socket's disconnected()): replace it once that handler has returned,
    // never delete an object that is still emitting.
    QMetaObject::invokeMethod(this, [this, attempt = m_attempt] {
        if (attempt == m_attempt)   // not overtaken by a reconnect
            replaceBackend(nullptr);
    }, Qt::QueuedConnection);
}

void ConnectionManager::candidateFailed(const QString &reason)
{
    m_attemptTimer.stop();
    m_failures << reason;
    // Leave the signal handler of the failed transport before replacing it.
    const int next = m_candidate + 1;
    QMetaObject::invokeMethod(this, [this, next, attempt = m_attempt] {
        if (m_state == State::Connecting && attempt == m_attempt)   // not overtaken by a reconnect
            tryCandidate(next);
    }, Qt::QueuedConnection);
}

void ConnectionManager::scheduleRetry()
{
    const int seconds = std::min(MaxBackoffSeconds, 1 << std::min(m_failedRounds, 5));
    ++m_failedRounds;
    m_nextAttempt = QDateTime::currentDateTime().addSecs(seconds);
    m_retryTimer.start(seconds * 1000);
    m_appearance->watch(m_profile.candidates());   // batond taking its bus name again ends the wait
    setState(State::Offline);
}

void ConnectionManager::setState(State state)
{
    if (state == m_state && state != State::Offline)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);   // Offline again: new reason and retry time
}

} // namespace baton
