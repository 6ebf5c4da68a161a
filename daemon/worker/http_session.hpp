#pragma once

#include "connection_tracker.hpp"
#include "request_handler.hpp"

#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

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
        : handler(std::move(h)), worker_pid(std::move(pid)), greeting(std::move(greet))
    {
    }

    RequestHandler handler;
    std::string worker_pid;
    std::optional<std::string> greeting;  // X-Greeting value, when GREETING is set
    ConnectionTracker tracker;
};

// One HTTP/1.1 connection (TCP or Unix). All members are touched only on the
// socket's strand; drain() is the only entry point safe from other threads.
class HttpSession final : public std::enable_shared_from_this<HttpSession> {
public:
    using Socket = boost::asio::generic::stream_protocol::socket;

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
    void on_idle_read(const boost::beast::error_code& ec, std::size_t n);
    void read_request();
    void on_request(const boost::beast::error_code& ec);
    void send(Reply&& reply, bool head, unsigned version, bool keep_alive);
    template <class Message>
    void write_message(std::shared_ptr<Message> msg);
    template <class Message, class Serializer>
    void write_some(std::shared_ptr<Message> msg, std::shared_ptr<Serializer> sr);
    void on_response_written(bool keep_alive);
    void start_linger();
    void linger_read();
    void continue_linger(const boost::beast::error_code& ec);
    void close();
    void arm_timer(std::chrono::steady_clock::duration d);
    void on_timer();

    Socket socket_;
    boost::asio::steady_timer timer_;
    std::shared_ptr<ServiceContext> ctx_;
    const std::uint64_t id_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::array<char, 4096> discard_{};
    State state_ = State::idle;
    bool draining_ = false;
    bool read_pending_ = false;
    bool registered_ = false;
};

}  // namespace baton::worker
