#include "connection_tracker.hpp"

#include <utility>

namespace baton::worker {

void ConnectionTracker::set_on_drained(DrainedCallback cb)
{
    std::lock_guard lock(mu_);
    on_drained_ = std::move(cb);
}

bool ConnectionTracker::add(std::uint64_t id, std::weak_ptr<HttpSession> session)
{
    std::lock_guard lock(mu_);
    sessions_.emplace(id, std::move(session));
    return draining_;
}

void ConnectionTracker::remove(std::uint64_t id)
{
    DrainedCallback cb;
    {
        std::lock_guard lock(mu_);
        sessions_.erase(id);
        cb = take_drained_callback_locked();
    }
    if (cb) cb();
}

void ConnectionTracker::accept_loop_started()
{
    std::lock_guard lock(mu_);
    ++accept_loops_;
}

void ConnectionTracker::accept_loop_finished()
{
    DrainedCallback cb;
    {
        std::lock_guard lock(mu_);
        --accept_loops_;
        cb = take_drained_callback_locked();
    }
    if (cb) cb();
}

std::vector<std::shared_ptr<HttpSession>> ConnectionTracker::begin_drain()
{
    std::vector<std::shared_ptr<HttpSession>> alive;
    DrainedCallback cb;
    {
        std::lock_guard lock(mu_);
        draining_ = true;
        alive.reserve(sessions_.size());
        for (const auto& [id, weak] : sessions_)
            if (auto s = weak.lock()) alive.push_back(std::move(s));
        cb = take_drained_callback_locked();
    }
    if (cb) cb();
    return alive;
}

std::size_t ConnectionTracker::open_connections() const
{
    std::lock_guard lock(mu_);
    return sessions_.size();
}

ConnectionTracker::DrainedCallback ConnectionTracker::take_drained_callback_locked()
{
    if (!draining_ || drained_fired_ || !sessions_.empty() || accept_loops_ > 0 || !on_drained_)
        return {};
    drained_fired_ = true;
    return on_drained_;
}

}  // namespace baton::worker
