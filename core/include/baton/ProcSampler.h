#pragma once

#include <QHash>
#include <QList>

#include <array>

namespace baton {

// Metrics of one process; -1 means unknown (vanished, not permitted, or, for
// cpuPercent, no previous sample of this process yet).
struct ProcessSample {
    qint64 pid = 0;
    int fds = -1;
    qint64 rssBytes = -1;
    double cpuPercent = -1; // of one CPU, like top: a busy thread is ~100
};

// Cheap per-process metrics straight from /proc, meant to be polled every
// second or so for every worker: raw syscalls into one reused buffer, no
// QFile/QDir. CPU% is measured between two calls that both asked for a pid;
// a pid not asked for is forgotten, and a reused pid (new start time) starts
// over. Not thread-safe.
class ProcSampler final {
public:
    ProcSampler();
    QHash<qint64, ProcessSample> sample(const QList<qint64> &pids);

private:
    struct CpuMark {
        quint64 ticks = 0;     // utime + stime
        quint64 startTime = 0; // identifies this incarnation of the pid
        qint64 wallNs = 0;     // CLOCK_MONOTONIC
        quint64 epoch = 0;     // the sample() call that last saw the pid
    };

    ProcessSample sampleOne(qint64 pid, qint64 nowNs);
    int countFds(qint64 pid);
    // Reads /proc/<pid>/<name> into m_buffer (NUL-terminated); length or -1.
    int readProcFile(qint64 pid, const char *name);

    QHash<qint64, CpuMark> m_marks; // kept across calls: no rehash per sample
    quint64 m_epoch = 0;
    std::array<char, 4096> m_buffer{};
    long m_pageSize;
    long m_clockTicks;
};

} // namespace baton
