#pragma once

#include "Duration.h"

#include <QtGlobal>

#include <chrono>

namespace baton {

// How fast batond takes one service's worker output (`log_rate`): a token
// bucket of bytes, refilled at `rate` bytes a second and holding at most one
// second of it. Pure logic over caller-supplied times, tested without waiting.
// WorkerOutput asks it before every read; when it is empty the service's
// pipes are left alone, so a worker printing faster waits in write(), as it
// would on a slow terminal (see WorkerOutput.cpp for why this is the design).
class OutputRateLimit final {
public:
    using Clock = std::chrono::steady_clock;
    // The least a paused pipe waits for: fewer, larger reads while throttled.
    static constexpr qint64 MinGrant = 64 * 1024;

    explicit OutputRateLimit(qint64 bytesPerSecond = 0) { setRate(bytesPerSecond); }

    // 0: no limit. A change keeps what the bucket holds, within the new size.
    void setRate(qint64 bytesPerSecond);

    // Bytes that may be read at `now`: the bucket's content, or "any" without a limit.
    qint64 available(Clock::time_point now);
    // `bytes` were read at `now`. The exit path reads what is left whatever
    // the bucket holds: it may go into debt, at most a second's worth.
    void take(qint64 bytes, Clock::time_point now);
    // How long from `now` until a paused pipe may read again (MinGrant, or
    // the whole bucket if that is smaller). Zero when it may read now.
    Milliseconds untilReadable(Clock::time_point now);

    // Time the service's output spent paused (the union of the waits
    // untilReadable gave, however many pipes waited at once), for status.
    qint64 pausedMs() const { return m_pausedMs; }

private:
    void refill(Clock::time_point now);
    qint64 capacity() const { return m_rate; }

    qint64 m_rate = 0;
    qint64 m_tokens = 0;
    bool m_started = false;
    Clock::time_point m_last{};
    Clock::time_point m_pausedUntil{};
    qint64 m_pausedMs = 0;
};

} // namespace baton
