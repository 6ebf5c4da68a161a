#include "sd_protocol.hpp"

#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace baton::sd {

namespace {

// A whole-string unsigned number, or false.
template <typename T>
bool parse_number(const char* text, T& out)
{
    if (!text || !*text) return false;
    const char* end = text + std::strlen(text);
    const auto [p, ec] = std::from_chars(text, end, out);
    return ec == std::errc() && p == end;
}

bool our_pid(const char* variable)
{
    pid_t pid = 0;
    return parse_number(std::getenv(variable), pid) && pid == ::getpid();
}

}  // namespace

int listen_fds_with_names(std::vector<std::string>& names)
{
    names.clear();
    int result = 0;
    const char* fds_env = std::getenv("LISTEN_FDS");
    if (fds_env && our_pid("LISTEN_PID")) {
        int n = 0;
        if (!parse_number(fds_env, n) || n < 0 || n > 0xFFFF) {
            result = -EINVAL;
        } else {
            for (int fd = ListenFdsStart; fd < ListenFdsStart + n && result >= 0; ++fd) {
                const int flags = ::fcntl(fd, F_GETFD);
                if (flags < 0 || (!(flags & FD_CLOEXEC) && ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0))
                    result = -errno;
            }
            if (result >= 0) {
                result = n;
                const char* names_env = std::getenv("LISTEN_FDNAMES");
                std::string all = names_env ? names_env : "";
                std::size_t start = 0;
                while (names_env && start <= all.size() && names.size() < static_cast<std::size_t>(n)) {
                    const std::size_t colon = all.find(':', start);
                    const std::size_t stop = colon == std::string::npos ? all.size() : colon;
                    names.push_back(all.substr(start, stop - start));
                    start = stop + 1;
                }
                names.resize(static_cast<std::size_t>(n), "unknown");
            }
        }
    }
    ::unsetenv("LISTEN_PID");
    ::unsetenv("LISTEN_FDS");
    ::unsetenv("LISTEN_FDNAMES");
    return result;
}

int is_listening_stream_socket(int fd)
{
    struct stat st {};
    if (::fstat(fd, &st) != 0) return -errno;
    if (!S_ISSOCK(st.st_mode)) return 0;
    int value = 0;
    socklen_t len = sizeof value;
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &value, &len) != 0) return -errno;
    if (value != SOCK_STREAM) return 0;
    value = 0;
    len = sizeof value;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &len) != 0) return -errno;
    return value ? 1 : 0;
}

std::uint64_t watchdog_usec()
{
    std::uint64_t usec = 0;
    if (!parse_number(std::getenv("WATCHDOG_USEC"), usec)) return 0;
    if (std::getenv("WATCHDOG_PID") && !our_pid("WATCHDOG_PID")) return 0;
    return usec;
}

bool notify(const std::string& state)
{
    return notify_with_fds(state, nullptr, 0);
}

bool notify_with_fds(const std::string& state, const int* fds, std::size_t n)
{
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || (path[0] != '/' && path[0] != '@')) return false;
    if (n > 253) return false;   // SCM_MAX_FD
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::size_t length = std::strlen(path);
    if (length >= sizeof address.sun_path) return false;
    std::memcpy(address.sun_path, path, length);
    if (address.sun_path[0] == '@') address.sun_path[0] = '\0';   // abstract namespace
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    iovec iov{const_cast<char*>(state.data()), state.size()};
    msghdr msg{};
    msg.msg_name = &address;
    msg.msg_namelen = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    std::vector<char> control;
    if (n > 0) {
        control.assign(CMSG_SPACE(sizeof(int) * n), 0);
        msg.msg_control = control.data();
        msg.msg_controllen = control.size();
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * n);
        std::memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
    }
    const ssize_t sent = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    ::close(fd);
    return sent == static_cast<ssize_t>(state.size());
}

}  // namespace baton::sd
