// One connection's HTTP/1.1 loop, written for the cost per keep-alive request.
//
// Per request, in the common case (the whole request in one read, the whole
// response accepted by the socket at once), the session does one
// async_read_some, feeds the bytes to Beast's parser with put(), and answers
// with one non-blocking write() on the spot; nothing is allocated and the
// timer is not touched. What makes that possible:
//   - the parser (request_parser.hpp) keeps no fields and drops bodies;
//   - heads are formatted into a reused string, /healthz is prebuilt
//     (response_heads.hpp);
//   - one timer per session: moving a deadline later is a store, and the
//     timer is re-armed only when a deadline moves earlier (a partial
//     request, a drain, lingering). When it fires early it re-arms itself
//     for the current deadline.
// The slow paths keep the old guarantees: a request timeout from the first
// byte of a partial request, a write-stall timeout measured from the last
// progress, graceful lingering close, and drain behaviour (see main.cpp).

#include "http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>

namespace baton::worker {
namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::beast::error_code;
using namespace std::chrono_literals;

namespace {

constexpr auto kKeepAliveTimeout = 60s;  // idle between requests
constexpr auto kRequestTimeout = 30s;    // first byte of a partial request to its end
constexpr auto kWriteStallTimeout = 60s; // no write progress at all
constexpr auto kLingerTimeout = 5s;      // wait for the peer's FIN after ours
// During a drain an idle keep-alive connection may be about to send its next
// request; waiting this long for a first byte lets us answer it (with
// "Connection: close") instead of racing our FIN against it. A client that
// falls behind for a moment (measured: a 300 ms stall under load) must not
// lose a request, so the grace is generous; the drain deadline still caps it.
constexpr auto kDrainIdleGrace = 1s;
constexpr std::size_t kReadChunk = 4096;
constexpr std::size_t kFileChunk = 64 * 1024;
constexpr std::uint64_t kInlineFile = 16 * 1024;   // sent with the head, read in one pread
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
        // Writes are tried synchronously first (pump_output), which needs a
        // socket that says EAGAIN instead of blocking.
        error_code ec;
        self->socket_.non_blocking(true, ec);
        if (ec) return self->close();
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
        const auto grace = Clock::now() + kDrainIdleGrace;
        if (grace < deadline_) {
            deadline_ = grace;
            if (deadline_ < armed_) arm_timer();
        }
    }
}

void HttpSession::next_request()
{
    if (buffer_.size() > 0) {  // pipelined bytes are already here
        parse_input();
        return;
    }
    state_ = State::idle;
    set_deadline(draining_ ? Clock::duration(kDrainIdleGrace) : Clock::duration(kKeepAliveTimeout));
    read_some();
}

void HttpSession::read_some()
{
    read_pending_ = true;
    socket_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](const error_code& ec, std::size_t n) {
                                self->on_read(ec, n);
                            });
}

void HttpSession::on_read(const error_code& ec, std::size_t n)
{
    read_pending_ = false;
    if (state_ == State::closed) return;
    if (state_ == State::lingering) {  // bytes (if any) are discarded
        continue_linger(ec);
        return;
    }
    if (ec) {
        // Between requests nothing is unread; mid-request the peer has
        // half-closed or failed and nobody is left to answer.
        close();
        return;
    }
    buffer_.commit(n);
    parse_input();
}

// Feeds what has arrived to the parser: the bytes of the read that just
// completed, or pipelined bytes left over from the previous request.
void HttpSession::parse_input()
{
    state_ = State::reading;
    if (!parser_) {
        parser_.emplace(request_);
        parser_->header_limit(kHeaderLimit);
        parser_->body_limit(kBodyLimit);
        parser_->eager(true);  // header and body in one put() when both are here
    }
    while (!parser_->is_done()) {
        error_code ec;
        const std::size_t used = buffer_.size() ? parser_->put(buffer_.data(), ec) : 0;
        buffer_.consume(used);
        if (ec && ec != http::error::need_more) {
            // Malformed request: answer it, then close. The parser's state is
            // unknown, so this connection cannot carry another request.
            parser_.reset();
            respond(make_error_reply(status_for_parse_error(ec)), false, 11, false);
            return;
        }
        if (ec || used == 0) {  // need more input
            if (!request_timed_) {
                request_timed_ = true;
                set_deadline(kRequestTimeout);
            }
            read_some();
            return;
        }
    }
    on_request();
}

void HttpSession::on_request()
{
    ctx_->tracker.count_request();
    const bool keep_alive = parser_->keep_alive() && !draining_;
    parser_.reset();
    request_timed_ = false;
    const bool head = request_.method == http::verb::head;
    respond(ctx_->handler.handle(request_), head, request_.version, keep_alive);
}

void HttpSession::respond(Reply&& reply, bool head, unsigned version, bool keep_alive)
{
    state_ = State::writing;
    keep_alive_ = keep_alive;
    if (reply.healthz) {
        const auto fixed = ctx_->heads.healthz(head, version, keep_alive);
        if (!fixed.empty()) {
            out_ = net::buffer(fixed.data(), fixed.size());
            pump_output();
            return;
        }
    }
    if (reply.file.is_open() && !head) {
        error_code ec;
        if (reply.file_offset) reply.file.seek(reply.file_offset, ec);
        if (ec) reply = make_error_reply(http::status::internal_server_error);
    }
    const std::uint64_t length = reply.file.is_open() ? reply.file_length : reply.body.size();
    ctx_->heads.format(head_, reply, version, keep_alive, length);
    if (!head) {
        if (reply.file.is_open() && reply.file_length <= kInlineFile) {
            // A small file goes out with its head in one write (one read
            // and one write per request, like the fixed responses).
            const std::size_t at = head_.size();
            const auto length = static_cast<std::size_t>(reply.file_length);
            head_.resize(at + length);
            const ssize_t got = ::pread(reply.file.native_handle(), head_.data() + at, length,
                                        static_cast<off_t>(reply.file_offset));
            if (got != static_cast<ssize_t>(length)) {
                // The file shrank under us (or cannot be read): the promised
                // Content-Length cannot be kept; only closing says so.
                close();
                return;
            }
        } else if (reply.file.is_open()) {
            file_ = std::move(reply.file);
            file_left_ = reply.file_length;
        } else {
            head_ += reply.body;
        }
    }
    out_ = net::buffer(head_);
    pump_output();
}

// Writes out_ and then the file, if any, chunk by chunk. A synchronous
// non-blocking write first: a small response almost always fits into the
// socket buffer, and then no asynchronous operation (and no completion
// handler) is needed at all. Only when the socket is full does an
// async_write_some wait; its completion comes back here. Writing chunk-wise
// lets the stall timeout measure progress, so slow but live downloads are
// never cut off.
void HttpSession::pump_output()
{
    // A fast reader could take a large file in one go; other connections on
    // this thread get their turn after this much (then via the event loop).
    std::size_t budget = 1024 * 1024;
    for (;;) {
        if (out_.size() == 0 && !next_file_chunk()) {
            on_response_written();
            return;
        }
        if (state_ == State::closed) return;
        if (budget == 0) break;
        error_code ec;
        const std::size_t n = socket_.write_some(out_, ec);
        out_ += n;
        budget -= std::min(budget, n);
        if (ec == net::error::would_block || ec == net::error::try_again) break;
        if (ec) {
            close();
            return;
        }
    }
    set_deadline(kWriteStallTimeout);
    socket_.async_write_some(out_, [self = shared_from_this()](const error_code& ec, std::size_t n) {
        if (self->state_ == State::closed) return;
        if (ec) {
            self->close();
            return;
        }
        self->out_ += n;
        self->pump_output();
    });
}

// Loads the next piece of the file into out_; false when there is none.
bool HttpSession::next_file_chunk()
{
    if (file_left_ == 0) return false;
    if (!file_chunk_) file_chunk_ = std::make_unique<char[]>(kFileChunk);
    error_code ec;
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(file_left_, kFileChunk));
    const std::size_t got = file_.read(file_chunk_.get(), want, ec);
    if (ec || got == 0) {
        // The file shrank under us: the promised Content-Length cannot be
        // kept, and only closing tells the client the body is short.
        close();
        return true;  // out_ stays empty; pump_output() sees the closed state
    }
    file_left_ -= got;
    out_ = net::buffer(file_chunk_.get(), got);
    return true;
}

void HttpSession::on_response_written()
{
    if (file_.is_open()) {
        error_code ec;
        file_.close(ec);
    }
    if (!keep_alive_) {
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
    set_deadline(kLingerTimeout);
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

void HttpSession::set_deadline(Clock::duration d)
{
    deadline_ = Clock::now() + d;
    if (deadline_ < armed_) arm_timer();
}

void HttpSession::arm_timer()
{
    // Re-arming cancels the previous wait, but its completion may already be
    // queued; the generation tells the live wait from stale ones.
    armed_ = deadline_;
    const std::uint64_t generation = ++timer_generation_;
    timer_.expires_at(deadline_);
    timer_.async_wait([self = shared_from_this(), generation](const error_code& ec) {
        if (!ec) self->on_timer(generation);
    });
}

void HttpSession::on_timer(std::uint64_t generation)
{
    if (generation != timer_generation_ || state_ == State::closed) return;
    armed_ = Clock::time_point::max();  // no wait outstanding now
    if (Clock::now() < deadline_) {     // the deadline moved later meanwhile
        arm_timer();
        return;
    }
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
