// Capturing a worker's stdout and stderr. Why it works this way:
//
// - Each stream is a pipe: the worker writes, batond reads (O_NONBLOCK on
//   batond's end only; the worker's end stays blocking, as programs expect).
//   A worker never waits for batond except when its pipe is full.
// - The pipes are enlarged with F_SETPIPE_SZ to /proc/sys/fs/pipe-max-size
//   (at most 1 MiB each; the kernel default limit is 1 MiB). That is the
//   bound: batond may be busy (an apply's fsync, a burst of spawns) for as
//   long as the worker needs to write 1 MiB before it blocks in write(),
//   e.g. 10 ms for a worker printing at 100 MB/s, 1 s at 1 MB/s; nothing is
//   lost then, the worker only waits. An unprivileged batond past
//   /proc/sys/fs/pipe-user-pages-soft (64 MiB of pipes per user) keeps the
//   default 64 KiB pipes (F_SETPIPE_SZ fails with EPERM): same rule, a
//   sixteenth of the time.
// - Reads are bounded per wake-up (ReadBudget per pipe), so one flooding
//   worker cannot starve the event loop; level-triggered notifiers bring
//   batond back for the rest on the next turn.
// - And bounded per second (log_rate per service, OutputRateLimit): past it
//   both pipes are left alone until the bucket refills, so a worker printing
//   faster waits in write(). This is what keeps a flood from costing its
//   neighbours: every byte batond takes costs it 6 to 8 ns (split, repair,
//   ring), a flooding worker refills its pipe as fast as batond empties it,
//   and on a small machine that CPU comes out of the other services. Reading
//   at idle priority does not give it back: measured on 2 cores, batond at
//   SCHED_IDLE still found half a core between wrk's round trips and the
//   other service lost 31 % of its throughput (bench/analysis.md,
//   output_throughput). Lines beyond the rate are not dropped: dropping
//   would still read them, and the worker would spin at full speed.
// - Two pipes have no order between them: lines that arrive on both within
//   one turn of the loop are taken stdout first, always.
// - When the worker is reaped, what it wrote is all in the pipe already:
//   drain() reads it at once, so the exit event's stderr tail is complete.
#include "WorkerOutput.h"

#include "LogHub.h"

#include <QDateTime>
#include <QFile>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <unistd.h>

namespace baton {

namespace {

constexpr qsizetype ReadChunk = 64 * 1024;
constexpr qsizetype ReadBudget = 512 * 1024;
constexpr int MaxPipeBytes = 1024 * 1024;

int pipeSize()
{
    static const int size = [] {
        QFile f(QStringLiteral("/proc/sys/fs/pipe-max-size"));
        int max = MaxPipeBytes;
        if (f.open(QIODevice::ReadOnly)) {
            bool ok = false;
            const int value = f.readAll().trimmed().toInt(&ok);
            if (ok && value > 0)
                max = value;
        }
        return std::min(max, MaxPipeBytes);
    }();
    return size;
}

bool makePipe(UniqueFd *readEnd, UniqueFd *writeEnd, QString *error)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) {
        *error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    *readEnd = UniqueFd(fds[0]);
    *writeEnd = UniqueFd(fds[1]);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    ::fcntl(fds[0], F_SETPIPE_SZ, pipeSize());   // EPERM past the per-user soft limit: the default stays
    return true;
}

} // namespace

std::optional<WorkerOutput::Pipes> WorkerOutput::create(QString *error)
{
    Pipes p;
    if (!makePipe(&p.stdoutRead, &p.stdoutWrite, error) || !makePipe(&p.stderrRead, &p.stderrWrite, error))
        return std::nullopt;
    return p;
}

WorkerOutput::WorkerOutput(const QString &service, int generation, UniqueFd stdoutRead, UniqueFd stderrRead, LogHub &hub,
                           QObject *parent)
    : QObject(parent), m_service(service), m_generation(generation), m_hub(hub), m_rate(hub.rateLimit(service))
{
    m_resume.setSingleShot(true);
    connect(&m_resume, &QTimer::timeout, this, [this] { setReading(true); });
    m_out.fd = std::move(stdoutRead);
    m_err.fd = std::move(stderrRead);
    m_err.kind = LogStream::Stderr;
    for (Stream *s : {&m_out, &m_err}) {
        if (!s->fd)
            continue;   // adopted after an upgrade, that pipe already at EOF
        s->notifier = new QSocketNotifier(s->fd.get(), QSocketNotifier::Read, this);
        // Either pipe readable: stdout, then stderr. Lines written to both
        // between two turns of the loop keep one order (stdout's first),
        // whatever order the event dispatcher reports the two descriptors in.
        connect(s->notifier, &QSocketNotifier::activated, this, &WorkerOutput::onReadable);
    }
}

WorkerOutput::~WorkerOutput() = default;

void WorkerOutput::setPid(pid_t pid)
{
    m_pid = pid;
    m_prefix = m_service.toUtf8() + '#' + QByteArray::number(m_generation) + '[' + QByteArray::number(pid) + ']';
}

void WorkerOutput::onReadable()
{
    if (m_resume.isActive())
        return;   // paused; the other pipe's notifier may have been queued already
    const bool limitedOut = read(m_out, ReadBudget, true) == Stop::RateLimit;
    const bool limitedErr = read(m_err, ReadBudget, true) == Stop::RateLimit;
    if (limitedOut || limitedErr)
        pause();
}

void WorkerOutput::pause()
{
    const Milliseconds wait = m_rate.untilReadable(OutputRateLimit::Clock::now());
    if (wait.count() <= 0)
        return;
    setReading(false);
    m_resume.start(wait);
}

void WorkerOutput::setReading(bool on)
{
    for (Stream *s : {&m_out, &m_err}) {
        if (s->notifier)
            s->notifier->setEnabled(on);
    }
}

WorkerOutput::Stop WorkerOutput::read(Stream &s, qsizetype budget, bool limited)
{
    if (!s.fd)
        return Stop::Closed;
    char chunk[ReadChunk];
    auto sink = [this, kind = s.kind](LineSplitter::Piece piece) { deliver(kind, std::move(piece)); };
    const auto now = OutputRateLimit::Clock::now();
    for (qsizetype done = 0; done < budget;) {
        size_t want = sizeof(chunk);
        if (limited) {
            const qint64 allowed = m_rate.available(now);
            if (allowed <= 0)
                return Stop::RateLimit;
            want = size_t(std::min<qint64>(qint64(want), allowed));
        }
        const ssize_t n = ::read(s.fd.get(), chunk, want);
        if (n > 0) {
            m_rate.take(n, now);   // the exit path's reads count too (into debt)
            m_readAtMs = QDateTime::currentMSecsSinceEpoch();
            s.splitter.feed(QByteArrayView(chunk, n), sink);
            done += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return Stop::Empty;
        finish(s);   // EOF (or an error): nobody will write any more
        return Stop::Closed;
    }
    return Stop::Budget;
}

void WorkerOutput::finish(Stream &s)
{
    if (!s.fd)
        return;
    m_readAtMs = QDateTime::currentMSecsSinceEpoch();
    s.splitter.finish([this, kind = s.kind](LineSplitter::Piece piece) { deliver(kind, std::move(piece)); });
    if (s.notifier) {
        s.notifier->setEnabled(false);
        s.notifier->deleteLater();
        s.notifier = nullptr;
    }
    s.fd.reset();
}

void WorkerOutput::deliver(LogStream kind, LineSplitter::Piece piece)
{
    if (kind == LogStream::Stderr && !piece.cut)
        m_tail.add(piece.text);
    LogLine line;
    line.timeMs = m_readAtMs;
    line.pid = m_pid;
    line.generation = m_generation;
    line.stream = kind;
    line.priority = quint8(piece.priority);
    line.cut = piece.cut;
    line.text = std::move(piece.text);
    m_hub.add(m_service, m_prefix, std::move(line));
}

void WorkerOutput::drain()
{
    // A pipe holds at most pipe-max-size: this is bounded.
    read(m_out, std::numeric_limits<qsizetype>::max(), false);
    read(m_err, std::numeric_limits<qsizetype>::max(), false);
}

void WorkerOutput::close()
{
    drain();
    finish(m_out);
    finish(m_err);
}

} // namespace baton
