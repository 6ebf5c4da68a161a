#include "http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

namespace baton::worker {
namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::beast::error_code;
using namespace std::chrono_literals;

namespace {

constexpr auto kKeepAliveTimeout = 60s;  // idle between requests
constexpr auto kRequestTimeout = 30s;    // first byte to complete request
constexpr auto kWriteStallTimeout = 60s; // no write progress at all
constexpr auto kLingerTimeout = 5s;      // wait for the peer's FIN after ours
// During a drain an idle keep-alive connection may be about to send its next
// request; waiting this long for a first byte lets us answer it (with
// "Connection: close") instead of racing our FIN against it. A client that
// falls behind for a moment (measured: a 300 ms stall under load) must not
// lose a request, so the grace is generous; the drain deadline still caps it.
constexpr auto kDrainIdleGrace = 1s;
constexpr std::size_t kReadChunk = 4096;
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::uint64_t kBodyLimit = 1024 * 1024;

http::status status_for_parse_error(const error_code& ec)
{
    if (ec == http::error::header_limit) return http::status::request_header_fields_too_large;
    if (ec == http::error::body_limit) return http::status::payload_too_large;
    return http::status::bad_request;
}

}  // namespace

HttpSession::HttpSession(Socket socket, std::shared_ptr<ServiceContext> ctx)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      ctx_(std::move(ctx)),
      id_(ctx_->tracker.next_id())
{
}

HttpSession::~HttpSession()
{
    if (registered_) ctx_->tracker.remove(id_);
}

void HttpSession::start()
{
    registered_ = true;
    const bool draining = ctx_->tracker.add(id_, weak_from_this());
    net::dispatch(socket_.get_executor(), [self = shared_from_this(), draining] {
        self->draining_ = draining;
        self->next_request();
    });
}

void HttpSession::drain()
{
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->on_drain(); });
}

void HttpSession::on_drain()
{
    if (draining_) return;
    draining_ = true;
    // Reading/writing sessions see the flag when they build the response (or
    // finish writing it); only an idle one needs its deadline shortened.
    if (state_ == State::idle) {
        const auto grace = std::chrono::steady_clock::now() + kDrainIdleGrace;
        if (timer_.expiry() > grace) arm_timer(kDrainIdleGrace);
    }
}

void HttpSession::next_request()
{
    if (buffer_.size() > 0) {  // pipelined bytes are already here
        read_request();
        return;
    }
    state_ = State::idle;
    arm_timer(draining_ ? std::chrono::steady_clock::duration(kDrainIdleGrace)
                        : std::chrono::steady_clock::duration(kKeepAliveTimeout));
    // A plain read_some (not the HTTP parser) so we can tell "idle" from
    // "request started" when a drain or timeout comes in.
    read_pending_ = true;
    socket_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](const error_code& ec, std::size_t n) {
                                self->on_idle_read(ec, n);
                            });
}

void HttpSession::on_idle_read(const error_code& ec, std::size_t n)
{
    read_pending_ = false;
    if (state_ == State::closed) return;
    if (state_ == State::lingering) {  // bytes (if any) are discarded
        continue_linger(ec);
        return;
    }
    if (ec) {  // peer closed or failed between requests: nothing is unread
        close();
        return;
    }
    buffer_.commit(n);
    read_request();
}

void HttpSession::read_request()
{
    state_ = State::reading;
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(kBodyLimit);
    arm_timer(kRequestTimeout);
    read_pending_ = true;
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](const error_code& ec, std::size_t) {
                         self->on_request(ec);
                     });
}

void HttpSession::on_request(const error_code& ec)
{
    read_pending_ = false;
    if (state_ == State::closed) return;
    if (state_ == State::lingering) {
        continue_linger(ec);
        return;
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message) {
        close();  // peer half-closed mid-request; nobody is left to answer
        return;
    }
    if (ec && ec.category() == error_code(http::error::bad_target).category()) {
        // Malformed request: answer it, then close. The parser's state is
        // unknown, so this connection cannot carry another request.
        send(make_error_reply(status_for_parse_error(ec)), false, 11, false);
        return;
    }
    if (ec) {
        close();
        return;
    }
    ctx_->tracker.count_request();
    const auto& req = parser_->get();
    Reply reply = ctx_->handler.handle(req.method(), req.target());
    send(std::move(reply), req.method() == http::verb::head, req.version(),
         req.keep_alive() && !draining_);
}

void HttpSession::send(Reply&& reply, bool head, unsigned version, bool keep_alive)
{
    state_ = State::writing;
    auto fill = [&](auto& res) {
        res.version(version);
        res.result(reply.status);
        res.keep_alive(keep_alive);
        res.set(http::field::server, "baton-worker");
        res.set(http::field::content_type, reply.content_type);
        res.set("X-Worker-Pid", ctx_->worker_pid);
        if (ctx_->greeting) res.set("X-Greeting", *ctx_->greeting);
        if (!reply.location.empty()) res.set(http::field::location, reply.location);
        if (reply.allow_get_head) res.set(http::field::allow, "GET, HEAD");
    };

    if (head) {
        auto res = std::make_shared<http::response<http::empty_body>>();
        fill(*res);
        res->content_length(reply.file.is_open() ? reply.file_size : reply.body.size());
        write_message(std::move(res));
        return;
    }
    if (reply.file.is_open()) {
        auto res = std::make_shared<http::response<http::file_body>>();
        fill(*res);
        error_code ec;
        res->body().reset(std::move(reply.file), ec);
        if (!ec) {
            res->prepare_payload();
            write_message(std::move(res));
            return;
        }
        reply = make_error_reply(http::status::internal_server_error);
    }
    auto res = std::make_shared<http::response<http::string_body>>();
    fill(*res);
    res->body() = std::move(reply.body);
    res->prepare_payload();
    write_message(std::move(res));
}

template <class Message>
void HttpSession::write_message(std::shared_ptr<Message> msg)
{
    using Serializer = http::serializer<false, typename Message::body_type,
                                        typename Message::fields_type>;
    auto sr = std::make_shared<Serializer>(*msg);
    write_some(std::move(msg), std::move(sr));
}

// Chunk-wise writing (rather than one http::async_write) lets the stall
// timeout measure progress, so slow but live downloads are never cut off.
template <class Message, class Serializer>
void HttpSession::write_some(std::shared_ptr<Message> msg, std::shared_ptr<Serializer> sr)
{
    arm_timer(kWriteStallTimeout);
    auto& serializer = *sr;
    http::async_write_some(
        socket_, serializer,
        [self = shared_from_this(), msg = std::move(msg), sr = std::move(sr)](
            const error_code& ec, std::size_t) mutable {
            if (self->state_ == State::closed) return;
            if (ec) {
                self->close();
                return;
            }
            if (!sr->is_done()) {
                self->write_some(std::move(msg), std::move(sr));
                return;
            }
            self->on_response_written(msg->keep_alive());
        });
}

void HttpSession::on_response_written(bool keep_alive)
{
    parser_.reset();
    if (!keep_alive) {
        start_linger();
        return;
    }
    // If a drain began while this response was in flight, next_request()
    // gives the client a short grace to send one more request, which then
    // gets "Connection: close".
    next_request();
}

// Graceful close: send FIN, then read and discard until the peer closes too.
// Closing with unread input would make the kernel send RST, which can destroy
// a response the client has not read yet.
void HttpSession::start_linger()
{
    if (state_ == State::lingering || state_ == State::closed) return;
    state_ = State::lingering;
    error_code ec;
    socket_.shutdown(net::socket_base::shutdown_send, ec);
    if (ec) {
        close();
        return;
    }
    arm_timer(kLingerTimeout);
    if (read_pending_)
        socket_.cancel(ec);  // its handler continues with linger_read()
    else
        linger_read();
}

void HttpSession::linger_read()
{
    read_pending_ = true;
    socket_.async_read_some(net::buffer(discard_),
                            [self = shared_from_this()](const error_code& ec, std::size_t) {
                                self->read_pending_ = false;
                                if (self->state_ == State::closed) return;
                                self->continue_linger(ec);
                            });
}

void HttpSession::continue_linger(const error_code& ec)
{
    // operation_aborted with the socket still open is our own cancel() from
    // start_linger(); anything else (EOF, reset) means the peer is done.
    if (!ec || (ec == net::error::operation_aborted && socket_.is_open()))
        linger_read();
    else
        close();
}

void HttpSession::close()
{
    if (state_ == State::closed) return;
    state_ = State::closed;
    timer_.cancel();
    error_code ec;
    socket_.close(ec);
}

void HttpSession::arm_timer(std::chrono::steady_clock::duration d)
{
    timer_.expires_after(d);
    timer_.async_wait([self = shared_from_this()](const error_code& ec) {
        if (!ec) self->on_timer();
    });
}

void HttpSession::on_timer()
{
    // A completion queued just before the timer was re-armed is stale.
    if (timer_.expiry() > std::chrono::steady_clock::now()) return;
    switch (state_) {
    case State::idle:     // keep-alive timeout or drain grace over
    case State::reading:  // request too slow: stop waiting for it
        start_linger();
        break;
    case State::writing:    // peer stopped reading: nothing graceful is left
    case State::lingering:  // peer never closed its side
        close();
        break;
    case State::closed:
        break;
    }
}

}  // namespace baton::worker
