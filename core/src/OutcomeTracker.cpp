#include "baton/OutcomeTracker.h"

#include "baton/Event.h"

#include <algorithm>
#include <utility>

namespace baton {

namespace {

constexpr size_t MaxRecentExits = 64;

// Causes that explain a failure; a drained or rolled-back worker is a consequence.
bool explainsFailure(const QString &cause)
{
    return cause != QLatin1String("drained") && cause != QLatin1String("killed-rollback") && cause != QLatin1String("killed-stop")
           && cause != QLatin1String("killed-drain-deadline");
}

} // namespace

QString Outcome::Failure::lastLine() const
{
    for (auto it = stderrTail.crbegin(); it != stderrTail.crend(); ++it) {
        if (!it->trimmed().isEmpty())
            return it->trimmed();
    }
    return {};
}

OutcomeTracker::OutcomeTracker(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<baton::Outcome>();
}

void OutcomeTracker::clear()
{
    m_recentExits.clear();
    m_rollbacks.clear();
    m_applyEvent.reset();
    m_current.reset();
}

void OutcomeTracker::addEvent(const QVariantMap &event)
{
    const QString kind = event.value(QStringLiteral("kind")).toString();
    const QString service = event.value(QStringLiteral("service")).toString();
    const QString reason = event.value(QStringLiteral("reason")).toString();
    const QString message = event.value(QStringLiteral("message")).toString();
    if (kind == EventKind::Exit) {
        onExit({service, event.value(QStringLiteral("generation")).toInt(), event.value(QStringLiteral("pid")).toLongLong(),
                event.value(QStringLiteral("cause")).toString(), event.value(QStringLiteral("stderr_tail")).toStringList()});
    } else if (kind == EventKind::ReloadRolledBack) {
        Outcome::Failure failure{service, event.value(QStringLiteral("generation")).toInt(), 0, reason.isEmpty() ? message : reason, {}};
        completeFailure(failure);
        m_rollbacks.append(failure);
    } else if (kind == EventKind::ConfigApplied) {
        m_applyEvent = event;
    } else if (kind == EventKind::ReloadFinished) {
        Outcome outcome;
        outcome.seq = event.value(QStringLiteral("seq")).toLongLong();
        outcome.service = service;
        outcome.ok = reason.isEmpty();
        outcome.message = message;
        outcome.reason = reason;
        // A full reload gathers every rollback since the last outcome; one service's only its own.
        const auto mine = [&service](const Outcome::Failure &f) { return service.isEmpty() || f.service == service; };
        std::copy_if(m_rollbacks.cbegin(), m_rollbacks.cend(), std::back_inserter(outcome.failures), mine);
        m_rollbacks.removeIf(mine);
        if (service.isEmpty() && m_applyEvent) {
            outcome.kind = Outcome::Kind::Apply;
            outcome.applyEvent = *std::exchange(m_applyEvent, std::nullopt);
            outcome.applyMessage = outcome.applyEvent.value(QStringLiteral("message")).toString();
        }
        settle(std::move(outcome));
    } else if (kind == EventKind::ReloadRejected) {
        Outcome outcome;
        outcome.seq = event.value(QStringLiteral("seq")).toLongLong();
        outcome.kind = Outcome::Kind::Rejected;
        outcome.message = message;
        outcome.reason = reason;
        m_applyEvent.reset();
        settle(std::move(outcome));
    } else if (kind == EventKind::ConfigRestored) {
        if (m_current && m_current->kind == Outcome::Kind::Apply && !m_current->ok && m_current->restoredMessage.isEmpty()) {
            m_current->restoredMessage = message;
            Q_EMIT outcomeChanged(*m_current, false);
        }
    }
}

void OutcomeTracker::settle(Outcome outcome)
{
    m_current = std::move(outcome);
    Q_EMIT outcomeChanged(*m_current, true);
}

void OutcomeTracker::onExit(const Exit &exit)
{
    m_recentExits.push_back(exit);
    if (m_recentExits.size() > MaxRecentExits)
        m_recentExits.pop_front();
    // A worker killed after its generation was given up (ready timeout): its output completes the failure.
    const auto fill = [&exit](Outcome::Failure &f) {
        if (f.service != exit.service || f.generation != exit.generation || !f.stderrTail.isEmpty() || !explainsFailure(exit.cause)
            || (f.pid != 0 && f.pid != exit.pid))
            return false;
        const bool changed = f.pid != exit.pid || !exit.stderrTail.isEmpty();
        f.pid = exit.pid;
        f.stderrTail = exit.stderrTail;
        return changed;
    };
    for (Outcome::Failure &f : m_rollbacks)
        fill(f);
    if (!m_current)
        return;
    bool amended = false;
    for (Outcome::Failure &f : m_current->failures)
        amended |= fill(f);
    if (amended)
        Q_EMIT outcomeChanged(*m_current, false);
}

void OutcomeTracker::completeFailure(Outcome::Failure &failure) const
{
    // The worker named by the daemon's reason ("worker 1234 exited …"), else the newest failing exit of that generation.
    const Exit *best = nullptr;
    for (auto it = m_recentExits.crbegin(); it != m_recentExits.crend(); ++it) {
        if (it->service != failure.service || it->generation != failure.generation || !explainsFailure(it->cause))
            continue;
        if (failure.reason.contains(QStringLiteral("worker %1 ").arg(it->pid))) {
            best = &*it;
            break;
        }
        if (!best)
            best = &*it;
    }
    if (best) {
        failure.pid = best->pid;
        failure.stderrTail = best->stderrTail;
    }
}

} // namespace baton
