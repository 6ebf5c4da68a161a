// Where worker output goes. Why it works this way:
//
// - Nothing here may block batond: a worker that floods must slow down only
//   itself. The ring (LogStore) is memory only. Forwarding to stderr never
//   waits: for a pipe or a terminal batond opens a description of its own
//   (/proc/self/fd/2, O_NONBLOCK, so batond's own blocking stderr is not
//   changed under it), for a socket it sends with MSG_DONTWAIT, and lines
//   that do not fit in a bounded buffer are dropped from stderr only (still
//   in the ring, counted in status). A regular file is written directly.
// - The journal: the native protocol is a datagram of KEY=value lines on
//   /run/systemd/journal/socket, small enough to speak here, so batond needs
//   no libsystemd (whose loading alone costs more than the rest of an idle
//   batond: the idle-footprint goal of the performance work). Structured
//   fields (BATON_SERVICE, ...) make `journalctl BATON_SERVICE=web` work;
//   SYSLOG_IDENTIFIER is "baton/<service>" so a worker cannot pose as
//   another program. Used with [daemon] log = "journal", or with "auto" when
//   JOURNAL_STREAM names batond's stderr (device:inode checked: an inherited
//   variable alone proves nothing). Then worker lines do not also go to
//   stderr, or the journal would have them twice.
#include "LogHub.h"

#include <limits>

#include <QFile>
#include <QSocketNotifier>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace baton {

// ---------------------------------------------------------------------------
// StderrForwarder

StderrForwarder::StderrForwarder(QObject *parent) : QObject(parent)
{
    struct stat st{};
    if (::fstat(2, &st) < 0)
        return;
    if (S_ISSOCK(st.st_mode)) {
        m_socket = true;
    } else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
        m_own = UniqueFd(::open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
        if (m_own)
            m_fd = m_own.get();
    }
    if (m_socket || m_own) {
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
        m_notifier->setEnabled(false);
        connect(m_notifier, &QSocketNotifier::activated, this, &StderrForwarder::flush);
    } else {   // a regular file (or nothing better): it does not block, so a timer, not a notifier
        m_fileFlush.setSingleShot(true);
        m_fileFlush.setInterval(0);
        connect(&m_fileFlush, &QTimer::timeout, this, &StderrForwarder::flush);
    }
}

StderrForwarder::~StderrForwarder()
{
    if (!m_notifier && !m_pending.isEmpty())
        flush();
}

void StderrForwarder::write(const QByteArray &label, bool stderrLine, const QByteArray &text)
{
    const QByteArrayView tag = stderrLine ? QByteArrayView(" stderr: ") : QByteArrayView(": ");
    const qsizetype size = label.size() + tag.size() + text.size() + 1;
    if (m_pending.size() + size > MaxPending) {
        ++m_dropped;
        return;
    }
    m_pending.append(label).append(tag).append(text).append('\n');
    // Written once per loop turn, all at once.
    if (m_notifier)
        m_notifier->setEnabled(true);
    else if (!m_fileFlush.isActive())
        m_fileFlush.start();
}

void StderrForwarder::flush()
{
    qsizetype done = 0;
    while (done < m_pending.size()) {
        const size_t left = size_t(m_pending.size() - done);
        const ssize_t n = m_socket ? ::send(m_fd, m_pending.constData() + done, left, MSG_DONTWAIT | MSG_NOSIGNAL)
                                   : ::write(m_fd, m_pending.constData() + done, left);
        if (n > 0) {
            done += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                m_dropped += m_pending.count('\n');   // stderr is gone: stop trying
                m_pending.clear();
                if (m_notifier)
                    m_notifier->setEnabled(false);
                return;
            }
            break;
        }
    }
    m_pending.remove(0, done);
    if (m_notifier)
        m_notifier->setEnabled(!m_pending.isEmpty());
    else if (!m_pending.isEmpty())
        m_fileFlush.start();
}

// ---------------------------------------------------------------------------
// JournalWriter

bool JournalWriter::stderrIsJournal()
{
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    const qsizetype colon = stream.indexOf(':');
    struct stat st{};
    if (colon <= 0 || ::fstat(2, &st) < 0)
        return false;
    bool okDev = false, okIno = false;
    const qulonglong dev = stream.left(colon).toULongLong(&okDev);
    const qulonglong ino = stream.mid(colon + 1).toULongLong(&okIno);
    return okDev && okIno && dev == qulonglong(st.st_dev) && ino == qulonglong(st.st_ino);
}

bool JournalWriter::open(QString *error)
{
    QByteArray path = qgetenv("BATON_JOURNAL_SOCKET");   // tests only: a stand-in journal
    if (path.isEmpty())
        path = "/run/systemd/journal/socket";
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (size_t(path.size()) >= sizeof(address.sun_path)) {
        *error = QStringLiteral("journal socket path too long");
        return false;
    }
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd || ::connect(fd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof(address)) < 0) {
        *error = QStringLiteral("cannot connect to the journal at %1: %2").arg(QString::fromLocal8Bit(path), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // Room for bursts: journald reads in its own time.
    const int size = 8 * 1024 * 1024;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
    m_fd = std::move(fd);
    return true;
}

QByteArray JournalWriter::datagram(const QList<QPair<QByteArray, QByteArray>> &fields)
{
    QByteArray out;
    for (const auto &[key, value] : fields) {
        out += key;
        if (value.contains('\n')) {
            // Binary-safe form: KEY\n, 64-bit little-endian length, value, \n.
            out += '\n';
            quint64 length = quint64(value.size());
            for (int i = 0; i < 8; ++i)
                out += char((length >> (8 * i)) & 0xFF);
            out += value;
        } else {
            out += '=';
            out += value;
        }
        out += '\n';
    }
    return out;
}

bool JournalWriter::send(const QList<QPair<QByteArray, QByteArray>> &fields)
{
    const QByteArray bytes = datagram(fields);
    ssize_t n;
    do {
        n = ::send(m_fd.get(), bytes.constData(), size_t(bytes.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        ++m_dropped;
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------
// LogHub

LogHub::LogHub(QObject *parent) : QObject(parent)
{
    m_flush.setSingleShot(true);
    m_flush.setInterval(0);
    connect(&m_flush, &QTimer::timeout, this, [this] {
        if (!m_batch.isEmpty())
            Q_EMIT appended(std::exchange(m_batch, {}));
    });
}

LogHub::~LogHub() = default;

void LogHub::configure(LogTarget target)
{
    const bool wanted = target == LogTarget::Journal || (target == LogTarget::Auto && JournalWriter::stderrIsJournal());
    m_journalOn = false;
    if (!wanted)
        return;
    QString why;
    m_journalOn = m_journal.open(&why);
    if (!m_journalOn)
        std::fprintf(stderr, "batond: worker output: %s; forwarding it to stderr instead\n", qPrintable(why));
}

void LogHub::configureService(const ServiceConfig &config)
{
    m_store.setCapacity(config.name, qsizetype(config.logBuffer));
    m_rates[config.name].setRate(config.logRate);
}

void LogHub::add(const QString &service, const QByteArray &label, LogLine line)
{
    line.seq = 0;
    if (m_journalOn) {
        const QByteArray name = service.toUtf8();
        m_journal.send({{"MESSAGE", line.text},
                        {"PRIORITY", QByteArray::number(line.priority)},
                        {"SYSLOG_IDENTIFIER", "baton/" + name},
                        {"SYSLOG_PID", QByteArray::number(line.pid)},
                        {"BATON_SERVICE", name},
                        {"BATON_GENERATION", QByteArray::number(line.generation)},
                        {"BATON_WORKER_PID", QByteArray::number(line.pid)},
                        {"BATON_STREAM", line.stream == LogStream::Stderr ? QByteArray("stderr") : QByteArray("stdout")}});
    } else {
        m_stderr.write(label, line.stream == LogStream::Stderr, line.text);
    }
    if (!m_live) {
        m_store.append(service, std::move(line));
        return;
    }
    LogLine copy = line;   // shares the text
    copy.seq = m_store.append(service, std::move(line));
    {
        m_batch << copy.toMap(service);
        if (!m_flush.isActive())
            m_flush.start();
    }
}

QVariantList LogHub::saveLines(qint64 maxBytes) const
{
    LogFilter all;
    all.limit = std::numeric_limits<int>::max();
    const std::vector<LogStore::Entry> entries = m_store.query(all);
    qint64 bytes = 0;
    auto first = entries.end();
    while (first != entries.begin() && bytes + std::prev(first)->line->text.size() <= maxBytes) {
        --first;
        bytes += first->line->text.size();
    }
    QVariantList out;
    for (auto it = first; it != entries.end(); ++it)
        out << it->line->toMap(*it->service);
    return out;
}

void LogHub::restoreLines(const QVariantList &lines, qint64 lastSeq)
{
    for (const QVariant &v : lines) {
        QString service;
        if (auto line = LogLine::fromMap(v, &service))
            m_store.adopt(service, std::move(*line));
    }
    m_store.continueAfter(lastSeq);
}

} // namespace baton
