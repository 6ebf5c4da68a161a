#pragma once

// The service side of the systemd socket-activation and notify protocols
// (sd_listen_fds(3), sd_notify(3), sd_pid_notify_with_fds(3)), for
// baton-worker and batond, written out instead of linked from libsystemd:
// the protocols are a few environment variables and one datagram, while
// libsystemd drags six more shared objects (libgcrypt, libgpg-error,
// liblzma, liblz4, libzstd, libcap) into every process that links it. For
// batond that was about 0.9 MB of its idle RSS (bench/analysis.md).
// Measured on a 2-core VM (2026-11-23): `baton-worker --help` took 5.4 ms of
// CPU with libsystemd and a shared libstdc++, about 3 ms without either
// (/bin/true: 1.4 ms); fork to READY=1 went from 18.5 to 15 ms, against
// 13.5 ms for a 10-line C program that only sends READY=1. A reload's
// critical path waits for that start.
// Semantics follow libsystemd's; tests/daemon exercises them against batond.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace baton::sd {

constexpr int ListenFdsStart = 3;   // SD_LISTEN_FDS_START

// sd_listen_fds_with_names(unset_environment = 1): the number of inherited
// FDs (from 3), 0 when LISTEN_FDS is unset or LISTEN_PID is not ours, or
// -errno for a malformed environment. Marks the FDs close-on-exec and
// removes LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES from the environment.
// `names` gets one name per FD ("unknown" where LISTEN_FDNAMES has none).
int listen_fds_with_names(std::vector<std::string>& names);

// sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, listening = 1): 1 when fd is a
// listening stream socket, 0 when it is not, -errno when fd is unusable.
int is_listening_stream_socket(int fd);

// sd_watchdog_enabled(0, ...): the WATCHDOG_USEC interval meant for us, or
// 0 when there is none (unset, malformed, or WATCHDOG_PID names another).
std::uint64_t watchdog_usec();

// sd_notify(0, state): sends state to $NOTIFY_SOCKET (a path, or "@name"
// for the abstract namespace). True when sent; false when there is no
// NOTIFY_SOCKET or sending failed (never fatal for a worker).
bool notify(const std::string& state);

// sd_pid_notify_with_fds(0, 0, state, fds, n): the same datagram with the
// descriptors attached (SCM_RIGHTS), as FDSTORE=1 needs.
bool notify_with_fds(const std::string& state, const int* fds, std::size_t n);

}  // namespace baton::sd
