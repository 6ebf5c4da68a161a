// Worker output as lines. Why it is done this way:
//
// - Bytes arrive in whatever pieces the pipe gives; the splitter keeps only
//   the unfinished last line, and never more than MaxLogLineBytes of it: a
//   longer line is cut into parts (at a UTF-8 sequence boundary), so a
//   worker printing megabytes without a newline costs batond at most one
//   part of memory. The partial last line comes out at EOF (finish()).
// - Text is stored as UTF-8 bytes, repaired once here (invalid sequences
//   become U+FFFD), so every consumer (JSON, D-Bus, the journal) gets valid
//   text, and a line costs about its length, not twice (QString is UTF-16).
// - The sd-daemon "<N>" prefix (sd-daemon.h SD_ERR etc.) is the one way a
//   plain stream can carry a priority; like journald, only the first part of
//   a line is looked at, and a line without one gets priority 6 (info).
// - One ring per service, bounded in bytes (text + LogLineOverhead per
//   line): when full the oldest lines go and are counted, so the operator
//   sees that something is missing. Sequence numbers are shared across
//   services, so "since N" works for any filter.
#include "baton/LogBuffer.h"
#include "baton/IsoTime.h"

#include <QDateTime>

#include <QTimeZone>

#include <algorithm>
#include <cstring>
#include <limits>

namespace baton {

namespace {

// Length of the valid UTF-8 sequence at data[i], or 0 when it is invalid.
int validSequenceLength(const uchar *data, qsizetype size, qsizetype i)
{
    const uchar c = data[i];
    if (c < 0x80)
        return 1;
    int length = 0;
    uint min = 0;
    if ((c & 0xE0) == 0xC0) {
        length = 2;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        length = 3;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        length = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > size)
        return 0;
    uint cp = c & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
        const uchar d = data[i + k];
        if ((d & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return length;
}

bool isValidUtf8(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size;) {
        // ASCII fast path, 8 bytes at a time.
        if (i + 8 <= size) {
            quint64 word;
            std::memcpy(&word, data + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const int n = validSequenceLength(data, size, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

// Where to cut `data` (longer than MaxLogLineBytes): not inside a UTF-8 sequence.
qsizetype cutPoint(QByteArrayView data)
{
    qsizetype at = MaxLogLineBytes;
    for (int back = 0; back < 3 && at > 1 && (uchar(data[at]) & 0xC0) == 0x80; ++back)
        --at;
    return (uchar(data[at]) & 0xC0) == 0x80 ? MaxLogLineBytes : at;
}

} // namespace

QString logStreamName(LogStream stream)
{
    return stream == LogStream::Stderr ? QStringLiteral("stderr") : QStringLiteral("stdout");
}

std::optional<LogStream> parseLogStream(const QString &name)
{
    if (name == QLatin1String("stdout"))
        return LogStream::Stdout;
    if (name == QLatin1String("stderr"))
        return LogStream::Stderr;
    return std::nullopt;
}

QString logPriorityName(int priority)
{
    static const char *names[] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    return QString::fromLatin1(names[std::clamp(priority, 0, 7)]);
}

std::optional<int> parseLogPriority(const QString &text)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (ok)
        return n >= 0 && n <= 7 ? std::optional<int>(n) : std::nullopt;
    for (int p = 0; p <= 7; ++p) {
        if (text == logPriorityName(p))
            return p;
    }
    if (text == QLatin1String("error"))
        return 3;
    if (text == QLatin1String("warn"))
        return 4;
    return std::nullopt;
}

QByteArray repairUtf8(const QByteArray &bytes)
{
    if (isValidUtf8(bytes))
        return bytes;
    return QString::fromUtf8(bytes).toUtf8();   // each invalid sequence -> U+FFFD
}

std::optional<int> stripPriorityPrefix(QByteArray *line)
{
    // "<N>" with 1 to 3 digits (a syslog PRI: facility * 8 + priority).
    if (line->size() < 3 || line->at(0) != '<')
        return std::nullopt;
    int value = 0;
    qsizetype i = 1;
    for (; i < line->size() && i <= 3 && line->at(i) >= '0' && line->at(i) <= '9'; ++i)
        value = value * 10 + (line->at(i) - '0');
    if (i == 1 || i >= line->size() || line->at(i) != '>')
        return std::nullopt;
    line->remove(0, i + 1);
    return value & 7;
}

QVariantMap LogLine::toMap(const QString &service) const
{
    QVariantMap m{{QStringLiteral("seq"), seq},
                  {QStringLiteral("time"), isoTimeUtc(timeMs)},
                  {QStringLiteral("service"), service},
                  {QStringLiteral("generation"), generation},
                  {QStringLiteral("pid"), pid},
                  {QStringLiteral("stream"), logStreamName(stream)},
                  {QStringLiteral("priority"), int(priority)},
                  {QStringLiteral("text"), QString::fromUtf8(text)}};
    if (cut)
        m.insert(QStringLiteral("cut"), true);
    return m;
}

std::optional<LogLine> LogLine::fromMap(const QVariant &value, QString *service)
{
    if (value.typeId() != QMetaType::QVariantMap)
        return std::nullopt;
    const QVariantMap m = value.toMap();
    const auto stream = parseLogStream(m.value(QStringLiteral("stream")).toString());
    if (!stream || !m.contains(QStringLiteral("seq")))
        return std::nullopt;
    LogLine l;
    l.seq = m.value(QStringLiteral("seq")).toLongLong();
    l.timeMs = QDateTime::fromString(m.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    l.pid = m.value(QStringLiteral("pid")).toLongLong();
    l.generation = m.value(QStringLiteral("generation")).toInt();
    l.stream = *stream;
    l.priority = quint8(std::clamp(m.value(QStringLiteral("priority"), int(DefaultLogPriority)).toInt(), 0, 7));
    l.cut = m.value(QStringLiteral("cut")).toBool();
    l.text = m.value(QStringLiteral("text")).toString().toUtf8();
    if (service)
        *service = m.value(QStringLiteral("service")).toString();
    return l;
}

// ---------------------------------------------------------------------------
// LineSplitter

void LineSplitter::emitLine(QByteArray raw, bool cut, const Sink &sink)
{
    Piece piece;
    piece.cut = cut;
    if (!cut && raw.endsWith('\r'))
        raw.chop(1);
    if (!m_continuation) {
        if (const auto p = stripPriorityPrefix(&raw))
            piece.priority = *p;
    } else {
        piece.priority = m_continuedPriority;
    }
    piece.text = repairUtf8(raw);
    m_continuation = cut;
    m_continuedPriority = piece.priority;
    sink(std::move(piece));
}

void LineSplitter::feed(QByteArrayView bytes, const Sink &sink)
{
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        const void *found = std::memchr(bytes.data() + pos, '\n', size_t(bytes.size() - pos));
        const qsizetype end = found ? static_cast<const char *>(found) - bytes.data() : bytes.size();
        QByteArray joined;
        QByteArrayView data = bytes.sliced(pos, end - pos);
        if (!m_partial.isEmpty()) {
            joined = std::exchange(m_partial, {}) + data.toByteArray();
            data = joined;
        }
        while (data.size() > MaxLogLineBytes) {
            const qsizetype at = cutPoint(data);
            emitLine(data.first(at).toByteArray(), true, sink);
            data = data.sliced(at);
        }
        if (found)
            emitLine(data.toByteArray(), false, sink);
        else
            m_partial = data.toByteArray();
        pos = found ? end + 1 : bytes.size();
    }
}

void LineSplitter::finish(const Sink &sink)
{
    if (!m_partial.isEmpty())
        emitLine(std::exchange(m_partial, {}), false, sink);
    m_continuation = false;
}

// ---------------------------------------------------------------------------
// LogFilter

bool LogFilter::matches(const QString &lineService, const LogLine &line) const
{
    return line.seq > since && (service.isEmpty() || service == lineService)
        && (!generation || *generation == line.generation) && (!pid || *pid == line.pid)
        && (!stream || *stream == line.stream) && (!maxPriority || line.priority <= *maxPriority);
}

bool LogFilter::matches(const QVariantMap &m) const
{
    if (m.value(QStringLiteral("seq")).toLongLong() <= since)
        return false;
    if (!service.isEmpty() && m.value(QStringLiteral("service")).toString() != service)
        return false;
    if (generation && m.value(QStringLiteral("generation")).toInt() != *generation)
        return false;
    if (pid && m.value(QStringLiteral("pid")).toLongLong() != *pid)
        return false;
    if (stream && m.value(QStringLiteral("stream")).toString() != logStreamName(*stream))
        return false;
    return !maxPriority || m.value(QStringLiteral("priority")).toInt() <= *maxPriority;
}

std::optional<LogFilter> LogFilter::fromParams(const QVariantMap &params, QString *error)
{
    LogFilter f;
    auto integer = [&](const char *key, qint64 min, qint64 max, qint64 *out) {
        const QVariant v = params.value(QLatin1String(key));
        if (!v.isValid() || v.isNull())
            return true;
        bool ok = false;
        const qint64 n = v.toLongLong(&ok);
        if (!ok || n < min || n > max || v.typeId() == QMetaType::QString || v.typeId() == QMetaType::Bool) {
            *error = QStringLiteral("\"%1\" must be an integer from %2 to %3").arg(QLatin1String(key)).arg(min).arg(max);
            return false;
        }
        *out = n;
        return true;
    };
    const QVariant service = params.value(QStringLiteral("service"));
    if (service.isValid() && !service.isNull()) {
        if (service.typeId() != QMetaType::QString) {
            *error = QStringLiteral("\"service\" must be a string");
            return std::nullopt;
        }
        f.service = service.toString();
    }
    qint64 generation = -1, pid = -1, since = 0, limit = f.limit;
    if (!integer("generation", 1, std::numeric_limits<int>::max(), &generation) || !integer("pid", 1, std::numeric_limits<int>::max(), &pid)
        || !integer("since", 0, std::numeric_limits<qint64>::max(), &since) || !integer("limit", 1, 100000, &limit))
        return std::nullopt;
    if (generation > 0)
        f.generation = int(generation);
    if (pid > 0)
        f.pid = pid;
    f.since = since;
    f.limit = int(limit);
    const QVariant stream = params.value(QStringLiteral("stream"));
    if (stream.isValid() && !stream.isNull() && !stream.toString().isEmpty()) {
        f.stream = parseLogStream(stream.toString());
        if (!f.stream) {
            *error = QStringLiteral("\"stream\" must be \"stdout\" or \"stderr\"");
            return std::nullopt;
        }
    }
    const QVariant priority = params.value(QStringLiteral("priority"));
    if (priority.isValid() && !priority.isNull() && !priority.toString().isEmpty()) {
        f.maxPriority = parseLogPriority(priority.toString());
        if (!f.maxPriority) {
            *error = QStringLiteral("\"priority\" must be 0..7 or a name (emerg, alert, crit, err, warning, notice, info, debug)");
            return std::nullopt;
        }
    }
    return f;
}

// ---------------------------------------------------------------------------
// LogRing, LogStore, LineTail

void LogRing::append(LogLine line)
{
    m_bytes += line.cost();
    m_lines.push_back(std::move(line));
    trim();
}

void LogRing::setCapacity(qsizetype capacity)
{
    m_capacity = capacity;
    trim();
}

void LogRing::trim()
{
    while (m_bytes > m_capacity && !m_lines.empty()) {
        m_bytes -= m_lines.front().cost();
        m_lines.pop_front();
        ++m_dropped;
    }
}

qint64 LogStore::append(const QString &service, LogLine line)
{
    line.seq = ++m_lastSeq;
    m_rings[service].append(std::move(line));
    return m_lastSeq;
}

void LogStore::setCapacity(const QString &service, qsizetype capacity)
{
    const auto it = m_rings.find(service);
    if (it == m_rings.end())
        m_rings.emplace(service, LogRing(capacity));
    else
        it->second.setCapacity(capacity);
}

const LogRing *LogStore::ring(const QString &service) const
{
    const auto it = m_rings.find(service);
    return it == m_rings.end() ? nullptr : &it->second;
}

std::vector<LogStore::Entry> LogStore::query(const LogFilter &filter) const
{
    std::vector<Entry> out;
    for (const auto &[name, ring] : m_rings) {
        if (!filter.service.isEmpty() && filter.service != name)
            continue;
        int taken = 0;
        const auto &lines = ring.lines();
        for (auto it = lines.rbegin(); it != lines.rend() && it->seq > filter.since && taken < filter.limit; ++it) {
            if (filter.matches(name, *it)) {
                out.push_back({&name, &*it});
                ++taken;
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Entry &a, const Entry &b) { return a.line->seq < b.line->seq; });
    if (out.size() > size_t(filter.limit))
        out.erase(out.begin(), out.end() - filter.limit);
    return out;
}

void LineTail::add(const QByteArray &line)
{
    m_lines.push_back(line);
    while (int(m_lines.size()) > m_max)
        m_lines.pop_front();
}

QStringList LineTail::lines() const
{
    QStringList out;
    for (const QByteArray &line : m_lines)
        out << QString::fromUtf8(line);
    return out;
}

} // namespace baton
