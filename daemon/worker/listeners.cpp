#include "listeners.hpp"

#include "sd_protocol.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace baton::worker {
namespace {

std::string describe_address(const sockaddr_storage& ss, socklen_t len)
{
    char host[INET6_ADDRSTRLEN] = {};
    switch (ss.ss_family) {
    case AF_INET: {
        const auto& sin = reinterpret_cast<const sockaddr_in&>(ss);
        inet_ntop(AF_INET, &sin.sin_addr, host, sizeof host);
        return std::string(host) + ":" + std::to_string(ntohs(sin.sin_port));
    }
    case AF_INET6: {
        const auto& sin6 = reinterpret_cast<const sockaddr_in6&>(ss);
        inet_ntop(AF_INET6, &sin6.sin6_addr, host, sizeof host);
        return "[" + std::string(host) + "]:" + std::to_string(ntohs(sin6.sin6_port));
    }
    case AF_UNIX: {
        const auto& sun = reinterpret_cast<const sockaddr_un&>(ss);
        const auto path_len = static_cast<std::size_t>(len) - offsetof(sockaddr_un, sun_path);
        if (len <= offsetof(sockaddr_un, sun_path) || path_len == 0)
            return "unix:(unnamed)";
        if (sun.sun_path[0] == '\0')  // abstract namespace: not NUL-terminated
            return "unix:@" + std::string(sun.sun_path + 1, path_len - 1);
        return "unix:" + std::string(sun.sun_path, strnlen(sun.sun_path, path_len));
    }
    default:
        return "family " + std::to_string(ss.ss_family);
    }
}

void close_all(std::vector<InheritedListener>& listeners)
{
    for (const auto& l : listeners)
        ::close(l.fd);
    listeners.clear();
}

}  // namespace

std::vector<InheritedListener> take_inherited_listeners(std::string& error)
{
    // Remember these before they are consumed, for a precise error.
    const char* fds_env = std::getenv("LISTEN_FDS");
    const std::string listen_fds = fds_env ? fds_env : "";
    const char* pid_env = std::getenv("LISTEN_PID");
    const std::string listen_pid = pid_env ? pid_env : "";

    // Also verifies LISTEN_PID == getpid(), marks the fds close-on-exec and
    // unsets the variables, so a stale environment is never misinterpreted.
    std::vector<std::string> fd_names;
    const int n = sd::listen_fds_with_names(fd_names);
    if (n < 0) {
        error = std::string("cannot read inherited listeners: ") + std::strerror(-n);
        return {};
    }
    if (n == 0 && !listen_fds.empty() && listen_fds != "0" &&
        listen_pid != std::to_string(::getpid())) {
        error = "LISTEN_FDS is set but LISTEN_PID (" + listen_pid + ") is not our pid " +
                std::to_string(::getpid()) + "; the sockets are meant for another process";
        return {};
    }
    if (n == 0) {
        error = "no listeners inherited (LISTEN_FDS unset); run me under batond or systemd "
                "socket activation";
        return {};
    }

    std::vector<InheritedListener> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        InheritedListener l;
        l.fd = sd::ListenFdsStart + i;
        l.name = i < static_cast<int>(fd_names.size()) ? fd_names[static_cast<std::size_t>(i)]
                                                       : "unknown";
        out.push_back(l);
    }

    for (auto& l : out) {
        const std::string what = "fd " + std::to_string(l.fd) + " (" + l.name + ")";
        // We only serve stream sockets that are already listening: binding or
        // listening ourselves would defeat the master's socket ownership.
        const int r = sd::is_listening_stream_socket(l.fd);
        if (r <= 0) {
            error = what + (r < 0 ? ": " + std::string(std::strerror(-r))
                                  : std::string(" is not a listening stream socket"));
            close_all(out);
            return {};
        }
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        if (::getsockname(l.fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
            error = what + ": getsockname: " + std::strerror(errno);
            close_all(out);
            return {};
        }
        if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6 && ss.ss_family != AF_UNIX) {
            error = what + ": unsupported address family " + std::to_string(ss.ss_family);
            close_all(out);
            return {};
        }
        l.family = ss.ss_family;
        l.address = describe_address(ss, len);
    }
    return out;
}

}  // namespace baton::worker
