// baton-loadclient: keep-alive HTTP/1.1 load client for Baton's process tests.
//
//   baton-loadclient --connect 127.0.0.1:8080 --connections 32 --duration 3s
//                    [--path /healthz] [--timeout 5s] [--think 0ms]
//                    [--track-header X-Worker-Pid]... [--host NAME]
//
// Every connection sends GET requests back to back (optionally pausing
// --think between them) and keeps the connection alive. When the run ends
// (after --duration, or earlier on SIGINT/SIGTERM) the requests in flight are
// completed, the connections are closed, and one JSON line of totals is printed
// on stdout. Exit status 0 (also when errors were counted), 2 on usage errors.
//
// Counted as errors:
//   connect_errors        connect refused, failed or timed out
//   resets                ECONNRESET / EPIPE while writing or reading
//   eof_without_response  the server closed the connection without a single
//                         byte of response to a request (see "retried")
//   partial_responses     the connection ended inside a response
//   bad_status            a complete response whose status is not 2xx
//   timeouts              no (complete) response within --timeout
//   other_errors          anything else (parse errors, ...)
// Not counted as errors:
//   graceful_closes       the response carried "Connection: close" (or was
//                         HTTP/1.0 without keep-alive): the client closes and
//                         reconnects
//   retried               a request on a *reused* keep-alive connection got EOF
//                         without any response byte. The client cannot know
//                         whether the server saw the request (the server may
//                         have closed an idle connection while the request was
//                         on the wire), so, like browsers do for idempotent
//                         requests, it retries once on a fresh connection. If
//                         that retry fails too, it is an error and also counted
//                         in retry_failed.
//
// The run is bounded: after the end of --duration, requests get at most
// --timeout to finish; one second later every socket is closed regardless.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <signal.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

constexpr std::size_t kMaxErrorSamples = 20;
constexpr std::size_t kMaxTrackedValues = 10000;

struct Options final {
    tcp::endpoint endpoint;
    std::string host_header;
    unsigned connections = 32;
    Millis duration{3000};
    Millis timeout{5000};
    Millis think{0};
    std::string path = "/healthz";
    std::vector<std::string> tracked_headers;
};

struct Stats final {
    std::uint64_t requests = 0;  // logical requests started (a retry is not a new one)
    std::uint64_t requests_sent = 0;  // request writes, retries included
    std::uint64_t responses = 0;
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;
    std::uint64_t connect_errors = 0;
    std::uint64_t resets = 0;
    std::uint64_t eof_without_response = 0;
    std::uint64_t partial_responses = 0;
    std::uint64_t bad_status = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t other_errors = 0;
    std::uint64_t retried = 0;
    std::uint64_t retry_failed = 0;
    std::uint64_t connects = 0;
    std::uint64_t graceful_closes = 0;
    std::map<unsigned, std::uint64_t> statuses;
    std::map<std::string, std::map<std::string, std::uint64_t>> headers;
    std::vector<std::string> error_samples;
};

std::string json_string(std::string_view s)
{
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    return out + "\"";
}

class Client;

class Connection final : public std::enable_shared_from_this<Connection> {
public:
    Connection(Client& client, asio::io_context& ioc, unsigned id)
        : client_(client), stream_(ioc), timer_(ioc), id_(id)
    {
    }

    void start() { do_connect(); }
    void wake() { timer_.cancel(); }
    void abort()
    {
        beast::error_code ec;
        timer_.cancel();
        stream_.socket().close(ec);
    }

private:
    enum class Stage { connect, write, read };

    void do_connect();
    void on_connect(beast::error_code ec);
    void do_request();
    void on_write(beast::error_code ec);
    void on_read(beast::error_code ec);
    void fail(beast::error_code ec, Stage stage);
    void after_close(bool pause);
    void close_socket();
    void finish();

    Client& client_;
    beast::tcp_stream stream_;
    asio::steady_timer timer_;
    beast::flat_buffer buffer_;
    std::optional<http::response_parser<http::string_body>> parser_;
    unsigned id_;
    std::uint64_t responses_on_connection_ = 0;
    bool retry_pending_ = false;
    bool finished_ = false;
};

class Client final {
public:
    Client(asio::io_context& ioc, Options opts)
        : ioc_(ioc), opts_(std::move(opts)), duration_timer_(ioc), hard_timer_(ioc), signals_(ioc, SIGINT, SIGTERM)
    {
        std::ostringstream req;
        req << "GET " << opts_.path << " HTTP/1.1\r\n"
            << "Host: " << opts_.host_header << "\r\n"
            << "User-Agent: baton-loadclient\r\n"
            << "Accept: */*\r\n\r\n";
        request_ = req.str();
    }

    void run()
    {
        start_ = Clock::now();
        active_ = opts_.connections;
        for (unsigned i = 0; i < opts_.connections; ++i) {
            conns_.push_back(std::make_shared<Connection>(*this, ioc_, i));
            conns_.back()->start();
        }
        duration_timer_.expires_after(opts_.duration);
        duration_timer_.async_wait([this](beast::error_code ec) {
            if (!ec) stop("duration elapsed");
        });
        signals_.async_wait([this](beast::error_code ec, int sig) {
            if (!ec) stop(sig == SIGINT ? "SIGINT" : "SIGTERM");
        });
        ioc_.run();
        end_ = Clock::now();
    }

    void stop(const char* why)
    {
        if (stopping_) return;
        stopping_ = true;
        stop_reason_ = why;
        stop_time_ = Clock::now();
        beast::error_code ignored;
        duration_timer_.cancel();
        signals_.cancel(ignored);
        for (auto& c : conns_) c->wake();
        // Requests in flight get --timeout; after one more second, close everything.
        hard_timer_.expires_after(opts_.timeout + Millis(1000));
        hard_timer_.async_wait([this](beast::error_code ec) {
            if (ec) return;
            hard_stopped_ = true;
            for (auto& c : conns_) c->abort();
        });
    }

    void connection_done()
    {
        if (--active_ == 0) {
            beast::error_code ignored;
            stopping_ = true;
            duration_timer_.cancel();
            hard_timer_.cancel();
            signals_.cancel(ignored);
        }
    }

    void record_error(std::uint64_t Stats::*counter, unsigned conn, std::string_view what, const beast::error_code& ec)
    {
        ++(stats_.*counter);
        ++stats_.errors;
        if (stats_.error_samples.size() < kMaxErrorSamples) {
            const auto ms = std::chrono::duration_cast<Millis>(Clock::now() - start_).count();
            stats_.error_samples.push_back("t=" + std::to_string(ms) + "ms conn " + std::to_string(conn) + ": " +
                                           std::string(what) + (ec ? ": " + ec.message() : std::string()));
        }
    }

    void record_response(const http::response<http::string_body>& res, unsigned conn)
    {
        ++stats_.responses;
        const unsigned status = res.result_int();
        ++stats_.statuses[status];
        if (status >= 200 && status < 300) {
            ++stats_.ok;
        } else {
            record_error(&Stats::bad_status, conn, "HTTP status " + std::to_string(status), {});
        }
        for (const auto& name : opts_.tracked_headers) {
            const auto it = res.find(name);
            if (it == res.end()) continue;
            auto& values = stats_.headers[name];
            const std::string value(it->value());
            if (values.size() < kMaxTrackedValues || values.count(value)) ++values[value];
        }
    }

    void print() const
    {
        const auto ms = [](auto d) { return std::chrono::duration_cast<Millis>(d).count(); };
        std::ostringstream o;
        o << "{\"connections\":" << opts_.connections << ",\"duration_ms\":" << ms(end_ - start_)
          << ",\"load_ms\":" << ms((stop_time_ != Clock::time_point{} ? stop_time_ : end_) - start_)
          << ",\"stop_reason\":" << json_string(stop_reason_) << ",\"requests\":" << stats_.requests
          << ",\"requests_sent\":" << stats_.requests_sent << ",\"responses\":" << stats_.responses
          << ",\"ok\":" << stats_.ok << ",\"errors\":" << stats_.errors
          << ",\"connect_errors\":" << stats_.connect_errors << ",\"resets\":" << stats_.resets
          << ",\"eof_without_response\":" << stats_.eof_without_response
          << ",\"partial_responses\":" << stats_.partial_responses << ",\"bad_status\":" << stats_.bad_status
          << ",\"timeouts\":" << stats_.timeouts << ",\"other_errors\":" << stats_.other_errors
          << ",\"retried\":" << stats_.retried << ",\"retry_failed\":" << stats_.retry_failed
          << ",\"connects\":" << stats_.connects << ",\"graceful_closes\":" << stats_.graceful_closes;
        o << ",\"statuses\":{";
        bool first = true;
        for (const auto& [status, n] : stats_.statuses) {
            o << (first ? "" : ",") << "\"" << status << "\":" << n;
            first = false;
        }
        o << "},\"headers\":{";
        first = true;
        for (const auto& name : opts_.tracked_headers) {
            o << (first ? "" : ",") << json_string(name) << ":{";
            first = false;
            bool first_value = true;
            if (const auto it = stats_.headers.find(name); it != stats_.headers.end()) {
                for (const auto& [value, n] : it->second) {
                    o << (first_value ? "" : ",") << json_string(value) << ":" << n;
                    first_value = false;
                }
            }
            o << "}";
        }
        o << "},\"error_samples\":[";
        first = true;
        for (const auto& s : stats_.error_samples) {
            o << (first ? "" : ",") << json_string(s);
            first = false;
        }
        o << "]}\n";
        std::cout << o.str() << std::flush;
    }

    const Options& opts() const { return opts_; }
    const std::string& request() const { return request_; }
    bool stopping() const { return stopping_; }
    bool hard_stopped() const { return hard_stopped_; }
    Stats& stats() { return stats_; }

private:
    asio::io_context& ioc_;
    Options opts_;
    std::string request_;
    asio::steady_timer duration_timer_;
    asio::steady_timer hard_timer_;
    asio::signal_set signals_;
    std::vector<std::shared_ptr<Connection>> conns_;
    Stats stats_;
    unsigned active_ = 0;
    bool stopping_ = false;
    bool hard_stopped_ = false;
    std::string stop_reason_;
    Clock::time_point start_{}, stop_time_{}, end_{};
};

void Connection::do_connect()
{
    if (client_.hard_stopped() || (client_.stopping() && !retry_pending_)) return finish();
    buffer_.clear();
    responses_on_connection_ = 0;
    stream_.expires_after(client_.opts().timeout);
    stream_.async_connect(client_.opts().endpoint,
                          [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
}

void Connection::on_connect(beast::error_code ec)
{
    if (client_.hard_stopped()) return finish();
    if (ec) return fail(ec, Stage::connect);
    ++client_.stats().connects;
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
    do_request();
}

void Connection::do_request()
{
    if (client_.hard_stopped() || (client_.stopping() && !retry_pending_)) {
        close_socket();
        return finish();
    }
    if (!retry_pending_) ++client_.stats().requests;
    ++client_.stats().requests_sent;
    stream_.expires_after(client_.opts().timeout);
    asio::async_write(stream_, asio::buffer(client_.request()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void Connection::on_write(beast::error_code ec)
{
    if (client_.hard_stopped()) return finish();
    if (ec) return fail(ec, Stage::write);
    parser_.emplace();
    parser_->body_limit(64 * 1024 * 1024);
    stream_.expires_after(client_.opts().timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void Connection::on_read(beast::error_code ec)
{
    if (client_.hard_stopped()) return finish();
    if (ec == http::error::end_of_stream) {
        // Closed before a single byte of the response.
        close_socket();
        if (!retry_pending_ && responses_on_connection_ > 0) {
            // Reused keep-alive connection: retry once on a fresh one.
            ++client_.stats().retried;
            retry_pending_ = true;
            return do_connect();
        }
        const bool was_retry = retry_pending_;
        if (was_retry) ++client_.stats().retry_failed;
        retry_pending_ = false;
        client_.record_error(&Stats::eof_without_response, id_,
                             was_retry ? "EOF without response to the retried request"
                                       : "EOF without response on a fresh connection",
                             {});
        return after_close(false);
    }
    if (ec) return fail(ec, Stage::read);

    const auto& res = parser_->get();
    retry_pending_ = false;
    ++responses_on_connection_;
    client_.record_response(res, id_);
    if (!res.keep_alive()) {
        ++client_.stats().graceful_closes;
        close_socket();
        return after_close(false);
    }
    if (client_.opts().think.count() > 0 && !client_.stopping()) {
        timer_.expires_after(client_.opts().think);
        timer_.async_wait([self = shared_from_this()](beast::error_code) { self->do_request(); });
        return;
    }
    do_request();
}

void Connection::fail(beast::error_code ec, Stage stage)
{
    const char* where = stage == Stage::connect ? "connect" : stage == Stage::write ? "write" : "read";
    if (stage == Stage::connect) {
        client_.record_error(&Stats::connect_errors, id_, std::string(where), ec);
    } else if (ec == beast::error::timeout) {
        client_.record_error(&Stats::timeouts, id_, std::string(where) + " timed out", {});
    } else if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
        client_.record_error(&Stats::resets, id_, std::string(where), ec);
    } else if (ec == http::error::partial_message) {
        client_.record_error(&Stats::partial_responses, id_, std::string(where), ec);
    } else {
        client_.record_error(&Stats::other_errors, id_, std::string(where), ec);
    }
    if (retry_pending_) ++client_.stats().retry_failed;
    retry_pending_ = false;
    close_socket();
    // Do not spin on a refused port.
    after_close(stage == Stage::connect);
}

void Connection::after_close(bool pause)
{
    if (client_.hard_stopped() || client_.stopping()) return finish();
    if (!pause) return do_connect();
    timer_.expires_after(Millis(20));
    timer_.async_wait([self = shared_from_this()](beast::error_code) { self->do_connect(); });
}

void Connection::close_socket()
{
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
}

void Connection::finish()
{
    if (finished_) return;
    finished_ = true;
    close_socket();
    timer_.cancel();
    client_.connection_done();
}

std::optional<Millis> parse_duration(std::string_view s)
{
    // "3s", "500ms", "1.5s", "2m", or a bare number of seconds.
    double factor = 1000.0;
    std::string_view number = s;
    if (s.ends_with("ms")) {
        factor = 1.0;
        number = s.substr(0, s.size() - 2);
    } else if (s.ends_with("s")) {
        number = s.substr(0, s.size() - 1);
    } else if (s.ends_with("m")) {
        factor = 60000.0;
        number = s.substr(0, s.size() - 1);
    }
    if (number.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        const double v = std::stod(std::string(number), &used);
        if (used != number.size() || !std::isfinite(v) || v < 0 || v > 86400.0 * 1000) return std::nullopt;
        return Millis(static_cast<long long>(std::llround(v * factor)));
    } catch (...) {
        return std::nullopt;
    }
}

bool parse_endpoint(std::string_view s, tcp::endpoint& ep, std::string& host)
{
    std::string_view addr, port;
    if (s.starts_with("[")) {
        const auto close = s.find(']');
        if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':') return false;
        addr = s.substr(1, close - 1);
        port = s.substr(close + 2);
    } else {
        const auto colon = s.rfind(':');
        if (colon == std::string_view::npos) return false;
        addr = s.substr(0, colon);
        port = s.substr(colon + 1);
    }
    if (addr == "localhost") addr = "127.0.0.1";
    unsigned p = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || end != port.data() + port.size() || p == 0 || p > 65535) return false;
    beast::error_code aec;
    const auto address = asio::ip::make_address(std::string(addr), aec);
    if (aec) return false;
    ep = tcp::endpoint(address, static_cast<unsigned short>(p));
    host = std::string(s);
    return true;
}

void usage(std::ostream& out)
{
    out << "Usage: baton-loadclient --connect HOST:PORT [options]\n"
           "Keep-alive HTTP/1.1 load client; prints one JSON line of totals.\n\n"
           "  --connect HOST:PORT    IPv4 or [IPv6] literal and port (required)\n"
           "  --connections N        concurrent keep-alive connections (default 32)\n"
           "  --duration D           how long to send requests, e.g. 3s, 500ms (default 3s);\n"
           "                         SIGINT/SIGTERM end the run early\n"
           "  --path P               request path (default /healthz)\n"
           "  --timeout D            connect and per-request timeout (default 5s)\n"
           "  --think D              pause between requests on a connection (default 0)\n"
           "  --track-header NAME    count the values of response header NAME (repeatable)\n"
           "  --host NAME            Host header (default: the --connect value)\n";
}

}  // namespace

int main(int argc, char** argv)
{
    Options opts;
    bool have_endpoint = false;
    std::string host_override;
    auto bad = [](const std::string& msg) {
        std::cerr << "baton-loadclient: " << msg << "\n";
        usage(std::cerr);
        return 2;
    };
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            usage(std::cout);
            return 0;
        }
        std::string_view name = arg;
        std::optional<std::string_view> value;
        if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        }
        if (!value) {
            if (i + 1 >= argc) return bad("option " + std::string(name) + " needs a value");
            value = argv[++i];
        }
        if (name == "--connect") {
            if (!parse_endpoint(*value, opts.endpoint, opts.host_header))
                return bad("bad --connect address '" + std::string(*value) + "'");
            have_endpoint = true;
        } else if (name == "--connections") {
            unsigned n = 0;
            const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
            if (ec != std::errc() || end != value->data() + value->size() || n == 0 || n > 10000)
                return bad("--connections needs a number between 1 and 10000");
            opts.connections = n;
        } else if (name == "--duration" || name == "--timeout" || name == "--think") {
            const auto d = parse_duration(*value);
            if (!d) return bad("bad duration '" + std::string(*value) + "' for " + std::string(name));
            (name == "--duration" ? opts.duration : name == "--timeout" ? opts.timeout : opts.think) = *d;
        } else if (name == "--path") {
            if (!value->starts_with("/") || value->find_first_of(" \r\n") != std::string_view::npos)
                return bad("--path must start with '/' and contain no spaces");
            opts.path = std::string(*value);
        } else if (name == "--track-header") {
            opts.tracked_headers.emplace_back(*value);
        } else if (name == "--host") {
            host_override = std::string(*value);
        } else {
            return bad("unknown option '" + std::string(arg) + "'");
        }
    }
    if (!have_endpoint) return bad("--connect is required");
    if (!host_override.empty()) opts.host_header = host_override;
    if (opts.timeout.count() == 0) opts.timeout = Millis(5000);

    ::signal(SIGPIPE, SIG_IGN);
    asio::io_context ioc(1);
    Client client(ioc, std::move(opts));
    client.run();
    client.print();
    return 0;
}
