#pragma once

#include "connection_tracker.hpp"
#include "request_handler.hpp"
#include "request_parser.hpp"
#include "response_heads.hpp"

#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/file_posix.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace baton::worker {

// Everything sessions share. Held by shared_ptr so that sessions destroyed
// late (e.g. when the io_context is torn down) never outlive what they use.
struct ServiceContext final {
    ServiceContext(RequestHandler h, std::string pid, std::optional<std::string> greet)
        : handler(std::move(h)),
          worker_pid(std::move(pid)),
          greeting(std::move(greet)),
          heads(worker_pid, greeting)
    {
    }

    RequestHandler handler;
    std::string worker_pid;
    std::optional<std::string> greeting;  // X-Greeting value, when GREETING is set
    ResponseHeads heads;                  // prebuilt header block and /healthz replies
    ConnectionTracker tracker;
};

// One HTTP/1.1 connection (TCP or Unix). Each session belongs to one
// single-threaded io_context (see io_pool.hpp), so its handlers never run
// concurrently and it needs no strand; drain() is the only entry point safe
// from other threads.
class HttpSession final : public std::enable_shared_from_this<HttpSession> {
public:
    // Concrete executor types: the default any_io_executor costs a
    // type-erased call (and a work-tracking `prefer`) on every operation.
    using Executor = boost::asio::io_context::executor_type;
    using Socket = boost::asio::basic_stream_socket<boost::asio::generic::stream_protocol, Executor>;
    using Clock = std::chrono::steady_clock;
    using Timer = boost::asio::basic_waitable_timer<Clock, boost::asio::wait_traits<Clock>, Executor>;

    HttpSession(Socket socket, std::shared_ptr<ServiceContext> ctx);
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void start();
    void drain();

private:
    enum class State {
        idle,       // waiting for the first byte of the next request
        reading,    // part of a request has arrived
        writing,    // a response is going out
        lingering,  // our FIN is sent; discarding input until the peer closes
        closed,
    };

    void on_drain();
    void next_request();
    void read_some();
    void on_read(const boost::beast::error_code& ec, std::size_t n);
    void parse_input();
    void on_request();
    void respond(Reply&& reply, bool head, unsigned version, bool keep_alive);
    void pump_output();
    bool next_file_chunk();
    void on_response_written();
    void start_linger();
    void linger_read();
    void continue_linger(const boost::beast::error_code& ec);
    void close();
    void set_deadline(Clock::duration d);
    void arm_timer();
    void on_timer(std::uint64_t generation);

    Socket socket_;
    Timer timer_;
    std::shared_ptr<ServiceContext> ctx_;
    const std::uint64_t id_;

    boost::beast::flat_buffer buffer_;    // input; pipelined bytes wait here
    RequestInfo request_;                 // reused: keeps its strings' capacity
    std::optional<RequestParser> parser_; // engaged from a request's first byte to its end

    std::string head_;                    // reused: the response head (and small body)
    boost::asio::const_buffer out_;       // what is left to write of head_ or a file chunk
    boost::beast::file_posix file_;       // static file being sent
    std::uint64_t file_left_ = 0;
    std::unique_ptr<char[]> file_chunk_;  // allocated on a connection's first file
    std::array<char, 4096> discard_{};

    // One timer per session: deadline_ moves freely, the timer is re-armed
    // only when the deadline moves earlier than its expiry (armed_).
    Clock::time_point deadline_ = Clock::time_point::max();
    Clock::time_point armed_ = Clock::time_point::max();
    std::uint64_t timer_generation_ = 0;

    State state_ = State::idle;
    bool keep_alive_ = false;
    bool request_timed_ = false;  // the request timeout runs for this request
    bool draining_ = false;
    bool read_pending_ = false;
    bool registered_ = false;
};

}  // namespace baton::worker
