#include "baton/OutputRateLimit.h"

#include <algorithm>
#include <limits>

namespace baton {

using std::chrono::nanoseconds;

void OutputRateLimit::setRate(qint64 bytesPerSecond)
{
    m_rate = std::max<qint64>(0, bytesPerSecond);
    if (!m_started)
        m_tokens = m_rate;   // a new service starts with a full second
    m_tokens = std::min(m_tokens, capacity());
}

void OutputRateLimit::refill(Clock::time_point now)
{
    if (!m_started) {
        m_started = true;
        m_last = now;
        return;
    }
    if (now <= m_last)
        return;
    // At most one second counts: the bucket holds no more, and ns x rate stays in range.
    const qint64 elapsedNs = std::min<qint64>(std::chrono::duration_cast<nanoseconds>(now - m_last).count(), 1'000'000'000);
    const qint64 gained = elapsedNs * m_rate / 1'000'000'000;
    if (gained == 0)
        return;   // keep m_last: the fraction accrues until it is worth a byte
    m_tokens = std::min(capacity(), m_tokens + gained);
    m_last = gained == m_rate ? now : m_last + nanoseconds(gained * 1'000'000'000 / m_rate);
}

qint64 OutputRateLimit::available(Clock::time_point now)
{
    if (m_rate == 0)
        return std::numeric_limits<qint64>::max();
    refill(now);
    return std::max<qint64>(0, m_tokens);
}

void OutputRateLimit::take(qint64 bytes, Clock::time_point now)
{
    if (m_rate == 0 || bytes <= 0)
        return;
    refill(now);
    m_tokens = std::max(m_tokens - bytes, -capacity());
}

Milliseconds OutputRateLimit::untilReadable(Clock::time_point now)
{
    if (m_rate == 0)
        return Milliseconds(0);
    refill(now);
    const qint64 want = std::min(MinGrant, capacity());
    if (m_tokens >= want)
        return Milliseconds(0);
    const qint64 missing = want - m_tokens;
    // Rounded up: waking early would find the bucket still short.
    const Milliseconds wait((missing * 1000 + m_rate - 1) / m_rate);
    const Clock::time_point until = now + wait;
    if (until > m_pausedUntil) {
        m_pausedMs += std::chrono::duration_cast<Milliseconds>(until - std::max(now, m_pausedUntil)).count();
        m_pausedUntil = until;
    }
    return wait;
}

} // namespace baton
