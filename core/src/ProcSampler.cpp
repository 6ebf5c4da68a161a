#include "baton/ProcSampler.h"

#include "baton/UniqueFd.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace baton {

namespace {

qint64 monotonicNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Parses a decimal field and advances past it and the following space.
bool nextNumber(const char *&p, const char *end, quint64 *out)
{
    while (p < end && *p == ' ')
        ++p;
    if (p >= end)
        return false;
    bool negative = false;
    if (*p == '-') { // some stat fields are signed; we only keep unsigned ones
        negative = true;
        ++p;
    }
    quint64 value = 0;
    const char *start = p;
    while (p < end && *p >= '0' && *p <= '9')
        value = value * 10 + quint64(*p++ - '0');
    if (p == start)
        return false;
    *out = negative ? 0 : value;
    return true;
}

bool skipField(const char *&p, const char *end)
{
    while (p < end && *p == ' ')
        ++p;
    const char *start = p;
    while (p < end && *p != ' ')
        ++p;
    return p != start;
}

} // namespace

ProcSampler::ProcSampler()
    : m_pageSize(::sysconf(_SC_PAGESIZE)), m_clockTicks(::sysconf(_SC_CLK_TCK))
{
}

int ProcSampler::readProcFile(qint64 pid, const char *name)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld/%s", static_cast<long long>(pid), name);
    const UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd)
        return -1;
    // stat and statm are generated in one go and are far below the buffer
    // size, so one read() gets all of it.
    ssize_t n;
    do
        n = ::read(fd.get(), m_buffer.data(), m_buffer.size() - 1);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return -1;
    m_buffer[size_t(n)] = '\0';
    return int(n);
}

int ProcSampler::countFds(qint64 pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld/fd", static_cast<long long>(pid));
    const UniqueFd fd(::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd)
        return -1; // gone, or EACCES for another user's process
    int count = 0;
    for (;;) {
        const ssize_t n = ::getdents64(fd.get(), m_buffer.data(), m_buffer.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            return count;
        for (ssize_t off = 0; off < n;) {
            const auto *d = reinterpret_cast<const dirent64 *>(m_buffer.data() + off);
            if (d->d_name[0] != '.') // skip "." and ".."; fd names are digits
                ++count;
            off += d->d_reclen;
        }
    }
}

ProcessSample ProcSampler::sampleOne(qint64 pid, qint64 nowNs)
{
    ProcessSample s;
    s.pid = pid;
    if (pid <= 0)
        return s;

    // /proc/PID/stat: "pid (comm) state ppid ...". comm may contain spaces
    // and parentheses, so fields are counted from the last ')'.
    const int len = readProcFile(pid, "stat");
    if (len > 0) {
        const char *end = m_buffer.data() + len;
        const char *paren = static_cast<const char *>(::memrchr(m_buffer.data(), ')', size_t(len)));
        const char *p = paren ? paren + 1 : end;
        quint64 utime = 0, stime = 0, startTime = 0;
        bool ok = paren != nullptr;
        // After ')': field 3 (state) ... field 14 utime, 15 stime, 22 starttime.
        for (int field = 3; ok && field < 14; ++field)
            ok = skipField(p, end);
        ok = ok && nextNumber(p, end, &utime) && nextNumber(p, end, &stime);
        for (int field = 16; ok && field < 22; ++field)
            ok = skipField(p, end);
        ok = ok && nextNumber(p, end, &startTime);
        if (ok) {
            const CpuMark mark{utime + stime, startTime, nowNs, m_epoch};
            CpuMark &previous = m_marks[pid]; // a fresh mark has wallNs 0
            if (previous.wallNs > 0 && previous.startTime == startTime && nowNs > previous.wallNs
                && mark.ticks >= previous.ticks && m_clockTicks > 0) {
                const double cpuSeconds = double(mark.ticks - previous.ticks) / double(m_clockTicks);
                s.cpuPercent = cpuSeconds * 1e9 / double(nowNs - previous.wallNs) * 100.0;
            }
            previous = mark;
        }
    }

    // /proc/PID/statm: "size resident shared text lib data dt", in pages.
    const int statmLen = readProcFile(pid, "statm");
    if (statmLen > 0) {
        const char *p = m_buffer.data();
        const char *end = p + statmLen;
        quint64 size = 0, resident = 0;
        if (nextNumber(p, end, &size) && nextNumber(p, end, &resident))
            s.rssBytes = qint64(resident) * m_pageSize;
    }

    s.fds = countFds(pid);
    if (s.fds < 0 && s.rssBytes < 0) // vanished between the reads: all unknown
        s = ProcessSample{pid};
    return s;
}

QHash<qint64, ProcessSample> ProcSampler::sample(const QList<qint64> &pids)
{
    const qint64 now = monotonicNs();
    ++m_epoch;
    QHash<qint64, ProcessSample> out;
    out.reserve(pids.size());
    for (const qint64 pid : pids) {
        if (!out.contains(pid))
            out.insert(pid, sampleOne(pid, now));
    }
    // Marks not refreshed now belong to pids no longer asked for, or vanished.
    m_marks.removeIf([this](const QHash<qint64, CpuMark>::iterator &it) { return it.value().epoch != m_epoch; });
    return out;
}

} // namespace baton
