#include "baton/RestartBackoff.h"

#include <algorithm>
#include <cmath>

namespace baton {

Milliseconds RestartBackoff::delayForAttempt(int attempt) const
{
    const double base = double(m_policy.initialDelay.count()) * std::pow(2.0, std::clamp(attempt - 1, 0, 40));
    return Milliseconds(qint64(std::min(base, double(m_policy.maxDelay.count()))));
}

RestartBackoff::Decision RestartBackoff::onCrash(Clock::time_point now, Milliseconds uptime, double jitter)
{
    // A worker that stayed up a whole window was healthy: start over.
    if (uptime >= m_policy.window)
        m_consecutive = 0;
    m_restarts.removeIf([&](Clock::time_point t) { return now - t >= m_policy.window; });

    Decision decision;
    decision.restartsInWindow = int(m_restarts.size()) + 1;
    if (m_open || decision.restartsInWindow > m_policy.maxRestarts) {
        m_open = true;
        decision.restartsInWindow -= 1;
        return decision;
    }
    m_restarts.append(now);
    decision.restart = true;
    decision.attempt = ++m_consecutive;
    const Milliseconds delay = delayForAttempt(decision.attempt);
    const double jittered = double(delay.count()) * (1.0 + 0.1 * std::clamp(jitter, -1.0, 1.0));
    decision.delay = Milliseconds(qint64(std::max(0.0, jittered)));
    return decision;
}

int RestartBackoff::restartsInWindow(Clock::time_point now) const
{
    return int(std::count_if(m_restarts.begin(), m_restarts.end(),
                             [&](Clock::time_point t) { return now - t < m_policy.window; }));
}

Milliseconds RestartBackoff::nextDelay() const
{
    return m_open ? Milliseconds(0) : delayForAttempt(m_consecutive + 1);
}

void RestartBackoff::reset()
{
    m_restarts.clear();
    m_consecutive = 0;
    m_open = false;
}

QVariantMap RestartBackoff::saveState() const
{
    QVariantList restarts;
    for (const Clock::time_point t : m_restarts)
        restarts << qint64(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
    return {{QStringLiteral("restarts_ns"), restarts}, {QStringLiteral("consecutive"), m_consecutive}, {QStringLiteral("open"), m_open}};
}

void RestartBackoff::restoreState(const QVariantMap &state)
{
    m_restarts.clear();
    for (const QVariant &t : state.value(QStringLiteral("restarts_ns")).toList())
        m_restarts.append(Clock::time_point(std::chrono::nanoseconds(t.toLongLong())));
    m_consecutive = state.value(QStringLiteral("consecutive")).toInt();
    m_open = state.value(QStringLiteral("open")).toBool();
}

} // namespace baton
