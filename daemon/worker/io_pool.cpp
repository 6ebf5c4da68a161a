#include "io_pool.hpp"

#include "log.hpp"

#include <exception>
#include <string>
#include <thread>

namespace baton::worker {

IoPool::IoPool(unsigned threads)
{
    if (threads == 0) threads = 1;
    contexts_.reserve(threads);
    guards_.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
        // Concurrency hint 1: each context is run by exactly one thread.
        contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
        guards_.push_back(boost::asio::make_work_guard(*contexts_.back()));
    }
}

boost::asio::io_context& IoPool::next()
{
    const unsigned i = next_.fetch_add(1, std::memory_order_relaxed);
    return *contexts_[i % contexts_.size()];
}

void IoPool::run()
{
    auto run_one = [](boost::asio::io_context& ioc) {
        for (;;) {
            try {
                ioc.run();
                return;
            } catch (const std::exception& e) {
                // A throwing handler only loses its own connection.
                log_line(std::string("unexpected exception: ") + e.what());
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(contexts_.size() - 1);
    for (std::size_t i = 1; i < contexts_.size(); ++i)
        pool.emplace_back(run_one, std::ref(*contexts_[i]));
    run_one(main());
    for (auto& t : pool) t.join();
}

void IoPool::stop()
{
    for (auto& ioc : contexts_) ioc->stop();
}

}  // namespace baton::worker
