#pragma once

#include "http_session.hpp"
#include "io_pool.hpp"
#include "listeners.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace baton::worker {

class AcceptLoop;

// Owns the accept loops and the process lifecycle: readiness, periodic
// status/watchdog notifications, and the SIGTERM/SIGINT drain.
class Server final {
public:
    Server(IoPool& pool, std::shared_ptr<ServiceContext> ctx,
           std::chrono::seconds drain_timeout);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Adopts the inherited listening fds into acceptors (never binds).
    bool adopt(const std::vector<InheritedListener>& listeners, std::string& error);

    // Starts accepting and tells the service manager we are ready. Must be
    // called before the pool runs.
    void start(unsigned threads);

    int exit_code() const { return exit_code_.load(); }

private:
    using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

    void wait_signal();
    void begin_drain();
    void finish(int code, const std::string& why);
    void schedule_status();
    void schedule_watchdog();
    std::string status_line() const;
    std::string last_status_;   // last STATUS= sent
    std::uint64_t last_requests_ = 0;   // last X_BATON_REQUESTS= sent

    IoPool& pool_;
    std::shared_ptr<ServiceContext> ctx_;
    Strand strand_;  // serialises signals, timers and drain bookkeeping
    boost::asio::signal_set signals_;
    boost::asio::steady_timer status_timer_;
    boost::asio::steady_timer watchdog_timer_;
    boost::asio::steady_timer drain_timer_;
    std::vector<std::shared_ptr<AcceptLoop>> loops_;
    std::chrono::microseconds watchdog_interval_{0};
    std::chrono::seconds drain_timeout_;
    bool draining_ = false;
    bool finished_ = false;
    std::atomic<int> exit_code_{0};
};

}  // namespace baton::worker
