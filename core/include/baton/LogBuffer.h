#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <optional>

namespace baton {

// What a worker printed, as batond keeps it: split into lines, labelled,
// numbered, in a bounded ring per service. Pure code (no FDs, no clock):
// daemon/master/WorkerOutput reads the pipes and feeds it. See LogBuffer.cpp.

enum class LogStream : quint8 { Stdout = 1, Stderr = 2 };
QString logStreamName(LogStream stream);                 // "stdout", "stderr"
std::optional<LogStream> parseLogStream(const QString &name);
QString logPriorityName(int priority);                   // 0 "emerg" ... 7 "debug"
std::optional<int> parseLogPriority(const QString &text); // "3" or "err"/"error"/"warning"/...

// Lines longer than this are cut into parts of at most this many bytes
// (never inside a UTF-8 sequence); every part but the last has `cut` set.
constexpr qsizetype MaxLogLineBytes = 16 * 1024;
// Priority of a line without an sd-daemon "<N>" prefix, as journald does for both streams.
constexpr int DefaultLogPriority = 6;
// Lines of stderr kept per worker for its exit event (the ring may have lost them).
constexpr int StderrTailLines = 20;
// Bookkeeping per line counted against log_buffer besides its text.
constexpr qsizetype LogLineOverhead = 96;

struct LogLine {
    qint64 seq = 0;              // unique across services, increasing
    qint64 timeMs = 0;           // ms since the epoch, UTC
    qint64 pid = 0;
    int generation = 0;
    LogStream stream = LogStream::Stdout;
    quint8 priority = DefaultLogPriority;
    bool cut = false;            // a part of a longer line; the next part follows
    QByteArray text;             // valid UTF-8, no newline, prefix stripped

    qsizetype cost() const { return text.size() + LogLineOverhead; }
    QVariantMap toMap(const QString &service) const;     // docs/control-api.md, LogLine
    // The record back from toMap(); *service gets its service. nullopt: not a LogLine.
    static std::optional<LogLine> fromMap(const QVariant &value, QString *service);
    bool operator==(const LogLine &) const = default;
};

// Raw bytes of one stream -> lines. Keeps at most one partial line.
class LineSplitter final {
public:
    struct Piece {
        QByteArray text;         // valid UTF-8, prefix stripped
        int priority = DefaultLogPriority;
        bool cut = false;
    };
    using Sink = std::function<void(Piece)>;

    // Calls `sink` for every complete line in `bytes` (and every part of a long one).
    void feed(QByteArrayView bytes, const Sink &sink);
    // EOF: the partial last line, if any, as a line of its own.
    void finish(const Sink &sink);
    qsizetype pending() const { return m_partial.size(); }

private:
    void emitLine(QByteArray raw, bool cut, const Sink &sink);

    QByteArray m_partial;
    bool m_continuation = false;   // m_partial continues a line that was cut: no prefix to parse
    int m_continuedPriority = DefaultLogPriority;
};

// Replaces every invalid UTF-8 sequence with U+FFFD; valid input comes back unchanged (no copy).
QByteArray repairUtf8(const QByteArray &bytes);
// The "<N>" sd-daemon prefix (N 0..7) at the start of `line`: its priority, and the prefix removed.
std::optional<int> stripPriorityPrefix(QByteArray *line);

struct LogFilter {
    QString service;             // empty: all
    std::optional<int> generation;
    std::optional<qint64> pid;
    std::optional<LogStream> stream;
    std::optional<int> maxPriority;   // "min priority": only lines at least this important (<= N)
    qint64 since = 0;            // only lines with seq > since
    int limit = 1000;            // the newest `limit` matching lines

    bool matches(const QString &service, const LogLine &line) const;
    bool matches(const QVariantMap &line) const;          // a LogLine::toMap()
    // From the params of `logs` / `subscribe.logs` (docs/control-api.md); false with *error on a bad value.
    static std::optional<LogFilter> fromParams(const QVariantMap &params, QString *error);
};

// The ring of one service: the newest lines within `capacity` bytes (cost()).
class LogRing final {
public:
    explicit LogRing(qsizetype capacity = 1024 * 1024) : m_capacity(capacity) {}

    void append(LogLine line);
    void setCapacity(qsizetype capacity);
    qsizetype capacity() const { return m_capacity; }
    qsizetype bytes() const { return m_bytes; }
    qint64 dropped() const { return m_dropped; }   // lines that went to make room
    const std::deque<LogLine> &lines() const { return m_lines; }

private:
    void trim();

    std::deque<LogLine> m_lines;
    qsizetype m_capacity;
    qsizetype m_bytes = 0;
    qint64 m_dropped = 0;
};

// Every service's ring, and the one sequence counter across them.
class LogStore final {
public:
    struct Entry {
        const QString *service;
        const LogLine *line;
    };

    // Numbers and stores the line; returns its seq.
    qint64 append(const QString &service, LogLine line);
    void setCapacity(const QString &service, qsizetype capacity);
    // Oldest first: the newest filter.limit lines matching, across services in seq order.
    std::vector<Entry> query(const LogFilter &filter) const;
    const LogRing *ring(const QString &service) const;
    qint64 lastSeq() const { return m_lastSeq; }
    // Upgrade in place: a line the previous image stored, with its seq
    // (oldest first), and that image's last seq.
    void adopt(const QString &service, LogLine line)
    {
        m_lastSeq = std::max(m_lastSeq, line.seq);
        m_rings[service].append(std::move(line));
    }
    void continueAfter(qint64 seq) { m_lastSeq = std::max(m_lastSeq, seq); }

private:
    std::map<QString, LogRing> m_rings;
    qint64 m_lastSeq = 0;
};

// The last lines a worker printed on stderr, for its exit event.
class LineTail final {
public:
    explicit LineTail(int max = StderrTailLines) : m_max(max) {}
    void add(const QByteArray &line);
    QStringList lines() const;
    bool isEmpty() const { return m_lines.empty(); }

private:
    std::deque<QByteArray> m_lines;
    int m_max;
};

} // namespace baton
