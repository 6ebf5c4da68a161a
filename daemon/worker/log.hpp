#pragma once

#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace baton::worker {

// One line per call, never interleaved across threads. stderr is what batond
// (or journald) collects, so that is the only log sink.
inline void log_line(std::string_view msg)
{
    static std::mutex mu;
    static const std::string prefix = "baton-worker[" + std::to_string(::getpid()) + "]: ";
    std::string line = prefix;
    line.append(msg);
    line.push_back('\n');
    std::lock_guard lock(mu);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

}  // namespace baton::worker
