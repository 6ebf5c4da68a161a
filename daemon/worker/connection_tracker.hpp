#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace baton::worker {

class HttpSession;

// Thread-safe registry of live connections and accept loops. It is the single
// place that knows when a drain is complete: draining, no connections left
// and every accept loop has stopped (so no accepted socket is still in flight).
class ConnectionTracker final {
public:
    using DrainedCallback = std::function<void()>;

    void set_on_drained(DrainedCallback cb);

    std::uint64_t next_id() { return next_id_.fetch_add(1, std::memory_order_relaxed); }

    // Returns true when a drain is already under way, in which case the new
    // session must drain itself: it was not in begin_drain()'s snapshot.
    bool add(std::uint64_t id, std::weak_ptr<HttpSession> session);
    void remove(std::uint64_t id);

    void accept_loop_started();
    void accept_loop_finished();

    // Marks the drain as begun and returns the sessions alive right now.
    std::vector<std::shared_ptr<HttpSession>> begin_drain();

    std::size_t open_connections() const;
    std::uint64_t requests() const { return requests_.load(std::memory_order_relaxed); }
    void count_request() { requests_.fetch_add(1, std::memory_order_relaxed); }

private:
    // Called with mu_ held; returns the callback to run after unlocking.
    DrainedCallback take_drained_callback_locked();

    mutable std::mutex mu_;
    std::unordered_map<std::uint64_t, std::weak_ptr<HttpSession>> sessions_;
    int accept_loops_ = 0;
    bool draining_ = false;
    bool drained_fired_ = false;
    DrainedCallback on_drained_;
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> next_id_{1};
};

}  // namespace baton::worker
