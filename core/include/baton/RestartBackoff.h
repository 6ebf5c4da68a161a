#pragma once

#include "Config.h"

#include <QList>
#include <QVariantMap>

#include <chrono>
#include <functional>

namespace baton {

// Crash-restart policy of one service: exponential delays and a storm breaker.
// Pure logic over caller-supplied times, so it is tested without waiting.
class RestartBackoff final {
public:
    using Clock = std::chrono::steady_clock;

    explicit RestartBackoff(RestartPolicy policy = {}) : m_policy(policy) {}

    void setPolicy(const RestartPolicy &policy) { m_policy = policy; }
    const RestartPolicy &policy() const { return m_policy; }

    struct Decision {
        bool restart = false;          // false: the storm breaker is open
        Milliseconds delay{0};
        int attempt = 0;               // 1 for the first restart in a row
        int restartsInWindow = 0;      // including this one
    };

    // A worker crashed at `now` after running for `uptime`. `jitter` in
    // [-1, 1] scales ±10 % of the delay (tests pass 0).
    Decision onCrash(Clock::time_point now, Milliseconds uptime, double jitter);

    int restartsInWindow(Clock::time_point now) const;
    // Delay the next crash would get (for status displays).
    Milliseconds nextDelay() const;
    bool isOpen() const { return m_open; }   // open breaker = service failed
    void reset();                            // reload or explicit reset

    // Upgrade in place: the counters as plain values (steady-clock ns).
    QVariantMap saveState() const;
    void restoreState(const QVariantMap &state);

private:
    Milliseconds delayForAttempt(int attempt) const;

    RestartPolicy m_policy;
    QList<Clock::time_point> m_restarts;
    int m_consecutive = 0;
    bool m_open = false;
};

} // namespace baton
