// Full reloads of the daemon. Why it works this way:
//
// - One full reload at a time. A request while one runs (or while batond
//   starts up) is queued; any number of queued requests coalesce into one
//   more reload (forced if any of them was), which begins the moment the
//   running one finishes, and whose outcome answers all of them. So every
//   caller gets the outcome of a reload that began after its request.
// - A reload finishes when every service it started a generation for has
//   settled. Settlements are tagged with the round they belong to: after a
//   stop (or a newer round) a late one changes nothing.
// - stop() answers everyone still waiting, at once, with "batond is
//   stopping"; a request after it is answered the same way.
#include "baton/ReloadCoordinator.h"

namespace baton {

void ReloadCoordinator::setPhase(Phase phase)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    Action a;
    a.type = Action::Type::PhaseChanged;
    a.phase = phase;
    m_actions.push_back(std::move(a));
}

void ReloadCoordinator::answer(QList<WaiterId> waiters, const Outcome &outcome)
{
    waiters.removeAll(0);
    if (waiters.isEmpty())
        return;
    Action a;
    a.type = Action::Type::Answer;
    a.waiters = std::move(waiters);
    a.outcome = outcome;
    m_actions.push_back(std::move(a));
}

void ReloadCoordinator::startupBegun(const QStringList &services)
{
    ++m_round;
    setPhase(Phase::Starting);
    m_settling = std::set<QString>(services.begin(), services.end());
    m_rolledBack.clear();
    if (m_settling.empty())
        finish();
}

void ReloadCoordinator::requestReload(bool force, WaiterId waiter)
{
    if (m_phase == Phase::Stopping) {
        answer({waiter}, {false, QStringLiteral("batond is stopping"), {}});
        return;
    }
    if (m_phase != Phase::Running) {
        m_pending = true;
        m_pendingForce = m_pendingForce || force;
        if (waiter)
            m_pendingWaiters << waiter;
        return;
    }
    begin(force, waiter ? QList<WaiterId>{waiter} : QList<WaiterId>{});
}

void ReloadCoordinator::begin(bool force, QList<WaiterId> waiters)
{
    ++m_round;
    setPhase(Phase::Reloading);
    m_current = std::move(waiters);
    m_settling.clear();
    m_rolledBack.clear();
    Action a;
    a.type = Action::Type::BeginReload;
    a.force = force;
    a.round = m_round;
    m_actions.push_back(std::move(a));
}

void ReloadCoordinator::reloadRejected(const QString &reason)
{
    if (m_phase != Phase::Reloading)
        return;
    setPhase(Phase::Running);
    answer(std::exchange(m_current, {}), {false, QStringLiteral("reload rejected: %1").arg(reason), {}});
    startPending();
}

void ReloadCoordinator::reloadStarted(const QStringList &waitingFor)
{
    if (m_phase != Phase::Reloading)
        return;
    for (const QString &s : waitingFor)
        m_settling.insert(s);
    if (m_settling.empty())
        finish();
}

void ReloadCoordinator::serviceSettled(const QString &service, quint64 round, bool ok, const QString &reason)
{
    if (round != m_round || !m_settling.count(service))
        return;
    m_settling.erase(service);
    if (!ok)
        m_rolledBack << QStringLiteral("%1 (%2)").arg(service, reason);
    if (m_settling.empty())
        finish();
}

void ReloadCoordinator::finish()
{
    if (m_phase == Phase::Starting) {
        Action a;
        a.type = Action::Type::StartupDone;
        a.outcome.ok = m_rolledBack.isEmpty();
        a.outcome.rolledBack = m_rolledBack;
        a.outcome.outcome = a.outcome.ok ? QStringLiteral("started")
                                         : QStringLiteral("not ready: %1").arg(m_rolledBack.join(QLatin1String(", ")));
        m_actions.push_back(a);
        if (!a.outcome.ok) {
            // batond exits: whoever asked for a reload meanwhile hears why.
            m_pending = false;
            answer(std::exchange(m_pendingWaiters, {}), {false, a.outcome.outcome, m_rolledBack});
            return;
        }
        setPhase(Phase::Running);
        startPending();
        return;
    }
    if (m_phase != Phase::Reloading)
        return;
    Outcome outcome{m_rolledBack.isEmpty(),
                    m_rolledBack.isEmpty() ? QStringLiteral("reload finished")
                                           : QStringLiteral("reload finished; rolled back: %1").arg(m_rolledBack.join(QLatin1String(", "))),
                    m_rolledBack};
    Action a;
    a.type = Action::Type::ReloadFinished;
    a.outcome = outcome;
    m_actions.push_back(std::move(a));
    setPhase(Phase::Running);
    answer(std::exchange(m_current, {}), outcome);
    startPending();
}

void ReloadCoordinator::startPending()
{
    if (!m_pending || m_phase != Phase::Running)
        return;
    m_pending = false;
    const bool force = std::exchange(m_pendingForce, false);
    begin(force, std::exchange(m_pendingWaiters, {}));
}

void ReloadCoordinator::stop()
{
    if (m_phase == Phase::Stopping)
        return;
    ++m_round;
    setPhase(Phase::Stopping);
    m_settling.clear();
    m_pending = false;
    const Outcome stopping{false, QStringLiteral("batond is stopping"), {}};
    answer(std::exchange(m_current, {}) + std::exchange(m_pendingWaiters, {}), stopping);
}

} // namespace baton
