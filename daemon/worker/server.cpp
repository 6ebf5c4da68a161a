#include "server.hpp"

#include "log.hpp"
#include "sd_protocol.hpp"

#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <sys/socket.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <cstdint>
#include <optional>
#include <utility>

namespace baton::worker {
namespace net = boost::asio;
using boost::system::error_code;
using namespace std::chrono_literals;

// Accepts on one inherited listener. Exactly one operation (an accept or a
// back-off wait) is outstanding at any time, so the loop knows precisely when
// it has ended and can report that to the tracker.
class AcceptLoop final : public std::enable_shared_from_this<AcceptLoop> {
public:
    AcceptLoop(IoPool& pool, std::shared_ptr<ServiceContext> ctx, InheritedListener l)
        : pool_(pool), ctx_(std::move(ctx)), listener_(std::move(l)),
          strand_(net::make_strand(pool.main())),
          acceptor_(strand_), backoff_(strand_)
    {
    }

    bool open(std::string& error)
    {
        error_code ec;
        acceptor_.assign(net::generic::stream_protocol(listener_.family, SOCK_STREAM),
                         listener_.fd, ec);
        if (ec) error = "fd " + std::to_string(listener_.fd) + ": " + ec.message();
        return !ec;
    }

    void start()
    {
        ctx_->tracker.accept_loop_started();
        net::post(strand_, [self = shared_from_this()] { self->do_accept(); });
    }

    // Thread-safe. Closing our copy of the fd refuses nothing: the master
    // keeps the listening socket open for the next generation.
    void stop()
    {
        net::post(strand_, [self = shared_from_this()] {
            self->stopped_ = true;
            error_code ec;
            self->acceptor_.close(ec);
            self->backoff_.cancel();
        });
    }

private:
    void do_accept()
    {
        if (stopped_) return finish();
        // The new connection lives on the next I/O context for good.
        acceptor_.async_accept(pool_.next().get_executor(),
                               [self = shared_from_this()](const error_code& ec,
                                                           HttpSession::Socket socket) {
                                   self->on_accept(ec, std::move(socket));
                               });
    }

    void on_accept(const error_code& ec, HttpSession::Socket socket)
    {
        if (!ec) {
            // Even after stop(), a connection the kernel already handed us
            // is served (it will drain itself) rather than dropped.
            if (warned_) log_line("listener " + listener_.name + ": accepting again");
            warned_ = false;
            delay_ = 0ms;
            if (listener_.family != AF_UNIX) {
                error_code ignored;
                socket.set_option(net::ip::tcp::no_delay(true), ignored);
            }
            try {
                std::make_shared<HttpSession>(std::move(socket), ctx_)->start();
            } catch (const std::exception& e) {  // e.g. bad_alloc: drop this one only
                log_line(std::string("cannot start connection: ") + e.what());
            }
            do_accept();
            return;
        }
        if (stopped_ || ec == net::error::operation_aborted) return finish();
        if (ec == net::error::connection_aborted || ec == net::error::interrupted ||
            ec == net::error::try_again || ec == net::error::would_block) {
            do_accept();  // that one client gave up; the listener is fine
            return;
        }
        // EMFILE, ENFILE, ENOBUFS, ENOMEM, ...: the pending connection stays
        // queued, so retrying at once would spin. Back off exponentially.
        // Rate-limited: under sustained fd pressure this would flap per accept.
        const auto now = std::chrono::steady_clock::now();
        if (delay_ == 0ms && (!last_warning_ || now - *last_warning_ >= 10s)) {
            log_line("listener " + listener_.name + ": accept failed: " + ec.message() +
                     "; backing off");
            last_warning_ = now;
            warned_ = true;
        }
        delay_ = std::clamp<std::chrono::milliseconds>(delay_ * 2, 10ms, 1000ms);
        backoff_.expires_after(delay_);
        backoff_.async_wait([self = shared_from_this()](const error_code&) { self->do_accept(); });
    }

    void finish()
    {
        if (finished_) return;
        finished_ = true;
        ctx_->tracker.accept_loop_finished();
    }

    IoPool& pool_;
    std::shared_ptr<ServiceContext> ctx_;
    InheritedListener listener_;
    net::strand<net::io_context::executor_type> strand_;
    net::basic_socket_acceptor<net::generic::stream_protocol> acceptor_;
    net::steady_timer backoff_;
    std::chrono::milliseconds delay_{0};
    std::optional<std::chrono::steady_clock::time_point> last_warning_;
    bool warned_ = false;
    bool stopped_ = false;
    bool finished_ = false;
};

Server::Server(IoPool& pool, std::shared_ptr<ServiceContext> ctx,
               std::chrono::seconds drain_timeout)
    : pool_(pool),
      ctx_(std::move(ctx)),
      strand_(net::make_strand(pool.main())),
      signals_(strand_, SIGTERM, SIGINT),
      status_timer_(strand_),
      watchdog_timer_(strand_),
      drain_timer_(strand_),
      drain_timeout_(drain_timeout)
{
    ctx_->tracker.set_on_drained([this] {
        net::post(strand_, [this] { finish(0, "drained, exiting"); });
    });
}

Server::~Server()
{
    // Sessions may still be destroyed with the io_context after us.
    ctx_->tracker.set_on_drained(nullptr);
}

bool Server::adopt(const std::vector<InheritedListener>& listeners, std::string& error)
{
    for (const auto& l : listeners) {
        auto loop = std::make_shared<AcceptLoop>(pool_, ctx_, l);
        if (!loop->open(error)) return false;
        loops_.push_back(std::move(loop));
    }
    return true;
}

void Server::start(unsigned threads)
{
    for (auto& loop : loops_) loop->start();
    wait_signal();

    if (const std::uint64_t usec = sd::watchdog_usec(); usec > 0)
        watchdog_interval_ = std::chrono::microseconds(usec / 2);

    // X_BATON_REQUESTS: the total served, for batond's request rate (0 at first,
    // so a rate can be drawn from the first request on).
    const std::string ready = "READY=1\nSTATUS=serving on " + std::to_string(loops_.size()) +
                              " listener(s) with " + std::to_string(threads) + " thread(s)\nX_BATON_REQUESTS=0";
    sd::notify(ready);
    std::string msg = "ready: " + std::to_string(loops_.size()) + " listener(s), " +
                      std::to_string(threads) + " thread(s)";
    if (watchdog_interval_.count())
        msg += ", watchdog every " + std::to_string(watchdog_interval_.count() / 1000) + " ms";
    log_line(msg);
    schedule_status();
    if (watchdog_interval_.count()) {
        sd::notify("WATCHDOG=1");
        schedule_watchdog();
    }
}

void Server::wait_signal()
{
    signals_.async_wait([this](const error_code& ec, int signo) {
        if (ec) return;
        if (!draining_) {
            log_line(std::string("received ") + (signo == SIGTERM ? "SIGTERM" : "SIGINT") +
                     ", draining");
            begin_drain();
        } else if (signo == SIGINT) {
            finish(1, "second SIGINT, exiting without waiting for connections");
        }
        wait_signal();
    });
}

void Server::begin_drain()
{
    draining_ = true;
    sd::notify("STOPPING=1\nSTATUS=" + status_line());
    // Tracker first: any session accepted from now on drains itself.
    auto sessions = ctx_->tracker.begin_drain();
    for (auto& loop : loops_) loop->stop();
    log_line("draining " + std::to_string(sessions.size()) + " open connection(s), deadline " +
             std::to_string(drain_timeout_.count()) + " s");
    for (auto& s : sessions) s->drain();

    drain_timer_.expires_after(drain_timeout_);
    drain_timer_.async_wait([this](const error_code& ec) {
        if (ec) return;
        finish(1, "drain timeout with " + std::to_string(ctx_->tracker.open_connections()) +
                      " connection(s) still open, exiting");
    });
}

void Server::finish(int code, const std::string& why)
{
    if (finished_) return;
    finished_ = true;
    exit_code_ = code;
    log_line(why + " (" + std::to_string(ctx_->tracker.requests()) + " requests served)");
    pool_.stop();
}

std::string Server::status_line() const
{
    const auto requests = ctx_->tracker.requests();
    const auto open = ctx_->tracker.open_connections();
    return std::string(draining_ ? "draining: " : "") + std::to_string(requests) + (requests == 1 ? " request, " : " requests, ") +
           std::to_string(open) + (open == 1 ? " open connection" : " open connections");
}

void Server::schedule_status()
{
    status_timer_.expires_after(1s);
    status_timer_.async_wait([this](const error_code& ec) {
        if (ec) return;
        // Only when something changed: an idle worker must not wake the
        // master every second (batond stays at zero wake-ups when idle).
        std::string line = status_line();
        if (line != last_status_) {
            std::string message = "STATUS=" + line;
            if (const std::uint64_t requests = ctx_->tracker.requests(); requests != last_requests_) {
                message += "\nX_BATON_REQUESTS=" + std::to_string(requests);
                last_requests_ = requests;
            }
            sd::notify(message);
            last_status_ = std::move(line);
        }
        schedule_status();
    });
}

void Server::schedule_watchdog()
{
    // Keeps running during a drain: a long drain is not a hang.
    watchdog_timer_.expires_after(watchdog_interval_);
    watchdog_timer_.async_wait([this](const error_code& ec) {
        if (ec) return;
        sd::notify("WATCHDOG=1");
        schedule_watchdog();
    });
}

}  // namespace baton::worker
