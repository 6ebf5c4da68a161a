// baton-worker: the default Baton workload, a static-file HTTP/1.1 server.
//
// Environment contract (set by batond, or by systemd socket activation):
//   LISTEN_FDS      number of inherited listening sockets, starting at fd 3
//                   (SD_LISTEN_FDS_START). Each is a listening SOCK_STREAM
//                   socket: TCP over IPv4/IPv6, or Unix. We never bind or
//                   listen ourselves; without LISTEN_FDS we exit with status 2.
//   LISTEN_FDNAMES  optional colon-separated names for those fds (for logs).
//   LISTEN_PID      must equal our pid, else the fds are not for us. All three
//                   LISTEN_* variables are unset once consumed.
//   NOTIFY_SOCKET   sd_notify target: READY=1 once every listener accepts,
//                   STATUS=<n> requests, <m> open connections, at most once a second and only when it changed,
//                   with X_BATON_REQUESTS=<n> (the total served: batond's request rate) when n changed,
//                   STOPPING=1 when a drain begins.
//   WATCHDOG_USEC   (with WATCHDOG_PID) if set, WATCHDOG=1 is sent every
//                   WATCHDOG_USEC/2, including while draining.
//   GREETING        optional; echoed in an X-Greeting response header so a
//                   generation's configuration is visible from outside.
//
// Drain (SIGTERM or SIGINT): send STOPPING=1 and close our copies of the
// listeners at once (the master still holds them, so new clients queue for
// the next generation instead of being refused). Then:
//   - a request being read or a response being written is completed; a
//     response not yet started carries "Connection: close";
//   - an idle keep-alive connection gets 1 s to start another request,
//     which is answered with "Connection: close"; otherwise we send FIN;
//   - every close is graceful: FIN first, then input is read and discarded
//     until the client closes too (at most 5 s), so no client that sent a
//     request we read ever sees a RST.
// Exit status: 0 when the last connection is gone, 1 if --drain-timeout
// expired first (or on a second SIGINT), 2 on usage or environment errors.

#include "http_session.hpp"
#include "io_pool.hpp"
#include "listeners.hpp"
#include "log.hpp"
#include "request_handler.hpp"
#include "server.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace {

namespace fs = std::filesystem;
using baton::worker::log_line;

constexpr int kExitUsage = 2;

struct Options final {
    fs::path root = ".";
    unsigned threads = 0;
    std::chrono::seconds drain_timeout{30};
};

void print_usage(std::ostream& out)
{
    out << "Usage: baton-worker [OPTIONS]\n"
           "Static-file HTTP/1.1 server run by batond on inherited listening sockets\n"
           "(LISTEN_FDS, systemd socket activation protocol).\n\n"
           "Options:\n"
           "  --root DIR             directory to serve (default: current directory)\n"
           "  --threads N            I/O threads (default: 1; scale with workers = N processes)\n"
           "  --drain-timeout SECS   give up draining after SECS seconds (default: 30)\n"
           "  --help                 show this help and exit\n\n"
           "GET /healthz answers \"ok\". SIGTERM/SIGINT drain gracefully, then exit.\n";
}

bool parse_unsigned(std::string_view s, unsigned long long max, unsigned long long& out)
{
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && out <= max;
}

// Returns an exit status to use immediately, or nullopt to go on.
std::optional<int> parse_options(int argc, char** argv, Options& opts)
{
    auto fail = [](const std::string& msg) {
        std::cerr << "baton-worker: " << msg << "\nTry 'baton-worker --help'.\n";
        return kExitUsage;
    };
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            print_usage(std::cout);
            return 0;
        }
        std::string_view name = arg;
        std::optional<std::string_view> value;
        if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        }
        if (name != "--root" && name != "--threads" && name != "--drain-timeout")
            return fail("unknown option '" + std::string(arg) + "'");
        if (!value) {
            if (i + 1 >= argc) return fail("option '" + std::string(name) + "' needs a value");
            value = argv[++i];
        }
        unsigned long long n = 0;
        if (name == "--root") {
            if (value->empty()) return fail("--root needs a directory");
            opts.root = std::string(*value);
        } else if (name == "--threads") {
            if (!parse_unsigned(*value, 1024, n) || n == 0)
                return fail("--threads needs a number between 1 and 1024");
            opts.threads = static_cast<unsigned>(n);
        } else {
            if (!parse_unsigned(*value, 86400, n))
                return fail("--drain-timeout needs a number of seconds (0-86400)");
            opts.drain_timeout = std::chrono::seconds(n);
        }
    }
    return std::nullopt;
}

// Header values must not smuggle CR/LF (or other controls) into the response.
std::optional<std::string> greeting_from_env()
{
    const char* g = std::getenv("GREETING");
    if (!g) return std::nullopt;
    std::string out;
    for (const char* p = g; *p; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 ? c != 0x7f : c == '\t') out.push_back(*p);
    }
    return out;
}

// A master built on an event loop may exec us with these blocked or ignored;
// signal masks survive exec, and a blocked SIGTERM would make us undrainable.
void reset_signals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    ::signal(SIGPIPE, SIG_IGN);  // a vanished peer is an EPIPE, not a death
}

}  // namespace

int main(int argc, char** argv)
{
    Options opts;
    if (auto status = parse_options(argc, argv, opts)) return *status;
    reset_signals();

    std::error_code ec;
    const fs::path root = fs::canonical(opts.root, ec);
    if (ec || !fs::is_directory(root, ec)) {
        std::cerr << "baton-worker: --root " << opts.root << ": "
                  << (ec ? ec.message() : "not a directory") << "\n";
        return kExitUsage;
    }
    // One thread per process by default: batond scales a service by process
    // count, and a single-threaded io_context avoids cross-thread wake-ups
    // (measured: +20-75 % requests/s over one thread per core).
    if (opts.threads == 0) opts.threads = 1;

    std::string error;
    const auto listeners = baton::worker::take_inherited_listeners(error);
    if (listeners.empty()) {
        std::cerr << "baton-worker: " << error << "\n";
        return kExitUsage;
    }
    for (const auto& l : listeners)
        log_line("listener '" + l.name + "' on " + l.address + " (fd " + std::to_string(l.fd) +
                 ")");
    log_line("serving " + root.string());

    auto ctx = std::make_shared<baton::worker::ServiceContext>(
        baton::worker::RequestHandler(root), std::to_string(::getpid()), greeting_from_env());
    baton::worker::IoPool pool(opts.threads);
    baton::worker::Server server(pool, ctx, opts.drain_timeout);
    if (!server.adopt(listeners, error)) {
        std::cerr << "baton-worker: cannot adopt listener: " << error << "\n";
        return kExitUsage;
    }
    server.start(opts.threads);

    pool.run();
    return server.exit_code();
}
