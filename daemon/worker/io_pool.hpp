#pragma once

// One io_context per I/O thread instead of one io_context shared by all
// threads. A connection is handed to one context when it is accepted and
// stays there, so its handlers run on one thread only: sessions need no
// strand, and their sockets and timers can use the concrete
// io_context::executor_type. With the default --threads 1 there is exactly
// one context and one thread.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>
#include <vector>

namespace baton::worker {

class IoPool final {
public:
    explicit IoPool(unsigned threads);
    IoPool(const IoPool&) = delete;
    IoPool& operator=(const IoPool&) = delete;

    // Runs signals, accept loops and the server's bookkeeping (and, with one
    // thread, everything).
    boost::asio::io_context& main() { return *contexts_.front(); }

    // Round-robin choice for a new connection. Thread-safe.
    boost::asio::io_context& next();

    std::size_t size() const { return contexts_.size(); }

    // Runs every context, main() on the calling thread, until stop().
    void run();
    // Thread-safe.
    void stop();

private:
    using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
    std::vector<Guard> guards_;  // an idle context must not return from run()
    std::atomic<unsigned> next_{0};
};

}  // namespace baton::worker
