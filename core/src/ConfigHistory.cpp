#include "baton/ConfigHistory.h"
#include "baton/IsoTime.h"

#include "baton/AtomicFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

#include <map>

namespace baton {

namespace {

const QString kTime = QStringLiteral("time");
const QString kId = QStringLiteral("id");
const QString kAuthor = QStringLiteral("author");
const QString kUid = QStringLiteral("uid");
const QString kHash = QStringLiteral("hash");
const QString kComment = QStringLiteral("comment");
const QString kStatus = QStringLiteral("status");
const QString kReason = QStringLiteral("reason");

std::optional<HistoryStatus> statusFromName(const QString &name)
{
    for (HistoryStatus s : {HistoryStatus::Pending, HistoryStatus::Applied, HistoryStatus::RolledBack, HistoryStatus::OnDisk}) {
        if (historyStatusName(s) == name)
            return s;
    }
    return std::nullopt;
}

// Metadata is a few hundred bytes; anything far larger is not ours.
constexpr qint64 kMaxJsonSize = 64 * 1024;

const QRegularExpression &entryFileName()
{
    static const QRegularExpression re(QStringLiteral("^(\\d{6,9})\\.(toml|json)$"));
    return re;
}

bool isHexHash(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{64}$"));
    return re.match(s).hasMatch();
}

} // namespace

QString historyStatusName(HistoryStatus status)
{
    switch (status) {
    case HistoryStatus::Pending: return QStringLiteral("pending");
    case HistoryStatus::Applied: return QStringLiteral("applied");
    case HistoryStatus::RolledBack: return QStringLiteral("rolled-back");
    case HistoryStatus::OnDisk: return QStringLiteral("on-disk");
    }
    return QStringLiteral("applied");
}

QJsonObject HistoryEntry::toJson() const
{
    QJsonObject o{{kId, id},
                  {kTime, isoTimeUtc(time)},
                  {kAuthor, author},
                  {kUid, qint64(uid)},
                  {kHash, hash},
                  {kComment, comment},
                  {kStatus, historyStatusName(status)}};
    if (!reason.isEmpty())
        o.insert(kReason, reason);
    return o;
}

std::optional<HistoryEntry> HistoryEntry::fromJson(const QJsonObject &o)
{
    const QJsonValue id = o.value(kId), time = o.value(kTime), author = o.value(kAuthor),
                     uid = o.value(kUid), hash = o.value(kHash), comment = o.value(kComment),
                     status = o.value(kStatus), reason = o.value(kReason);
    if (!id.isDouble() || !time.isString() || !author.isString() || !uid.isDouble() || !hash.isString()
        || !(comment.isString() || comment.isUndefined()) || !(status.isString() || status.isUndefined())
        || !(reason.isString() || reason.isUndefined()))
        return std::nullopt;
    HistoryEntry e;
    if (status.isString()) {
        const auto parsed = statusFromName(status.toString());
        if (!parsed)
            return std::nullopt;
        e.status = *parsed;
    }
    e.reason = reason.toString();
    e.id = id.toInt(-1);
    e.time = QDateTime::fromString(time.toString(), Qt::ISODateWithMs);
    const qint64 rawUid = uid.toInteger(-1);
    e.author = author.toString();
    e.hash = hash.toString();
    e.comment = comment.toString();
    if (e.id <= 0 || !e.time.isValid() || rawUid < 0 || rawUid > qint64(uid_t(-1)) || !isHexHash(e.hash))
        return std::nullopt;
    e.uid = uid_t(rawUid);
    e.time = e.time.toUTC();
    return e;
}

QString ConfigHistory::hashOf(const QByteArray &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

QString ConfigHistory::versionOf(const QByteArray &text)
{
    return hashOf(text).left(16);
}

QString ConfigHistory::filePath(int id, const char *suffix) const
{
    return QStringLiteral("%1/%2.%3").arg(m_dir).arg(id, 6, 10, QLatin1Char('0')).arg(QLatin1String(suffix));
}

bool ConfigHistory::open(const QString &stateDir, QString *error, const std::optional<QByteArray> &onDisk)
{
    m_dir = QDir(stateDir).filePath(QStringLiteral("history"));
    m_entries.clear();
    m_nextId = 1;
    if (!QDir().mkpath(m_dir)) {
        if (error)
            *error = QStringLiteral("cannot create history directory %1").arg(m_dir);
        m_dir.clear();
        return false;
    }

    QDir dir(m_dir);
    // Which ids have which files; every numbered file counts for numbering,
    // even a damaged one, so a new entry never lands on an old file.
    std::map<int, std::pair<bool, bool>> found; // id -> (toml, json)
    const QStringList names = dir.entryList(QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &name : names) {
        // Temp files of a save interrupted by a crash.
        if (name.startsWith(QLatin1Char('.')) && name.contains(QLatin1String(".tmp-"))) {
            dir.remove(name);
            continue;
        }
        const QRegularExpressionMatch m = entryFileName().match(name);
        if (!m.hasMatch())
            continue;
        const int id = m.captured(1).toInt();
        m_nextId = std::max(m_nextId, id + 1);
        auto &slot = found[id];
        (m.captured(2) == QLatin1String("toml") ? slot.first : slot.second) = true;
    }

    for (const auto &[id, files] : found) {
        if (!files.first || !files.second)
            continue;
        QFile json(filePath(id, "json"));
        if (!json.open(QIODevice::ReadOnly) || json.size() > kMaxJsonSize)
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(json.readAll());
        auto entry = HistoryEntry::fromJson(doc.object());
        if (!entry || entry->id != id)
            continue;
        if (entry->status == HistoryStatus::Pending) {
            // An apply interrupted between its steps (see the class comment).
            if (!onDisk || hashOf(*onDisk) != entry->hash) {
                QFile::remove(filePath(id, "json"));
                QFile::remove(filePath(id, "toml"));
                continue;
            }
            entry->status = HistoryStatus::Applied;
            (void)writeMeta(*entry, nullptr);
        }
        m_entries.append(*entry);
    }
    prune();
    return true;
}

bool ConfigHistory::writeMeta(const HistoryEntry &entry, QString *error) const
{
    const QByteArray json = QJsonDocument(entry.toJson()).toJson(QJsonDocument::Indented);
    return writeFileAtomically(filePath(entry.id, "json"), json, error, 0640u);
}

bool ConfigHistory::setStatus(int id, HistoryStatus status, const QString &reason, QString *error)
{
    for (HistoryEntry &e : m_entries) {
        if (e.id != id)
            continue;
        HistoryEntry changed = e;
        changed.status = status;
        changed.reason = reason;
        if (!writeMeta(changed, error))
            return false;
        e = changed;
        return true;
    }
    if (error)
        *error = QStringLiteral("no config history entry %1").arg(id);
    return false;
}

void ConfigHistory::discard(int id)
{
    QFile::remove(filePath(id, "json"));
    QFile::remove(filePath(id, "toml"));
    m_entries.removeIf([id](const HistoryEntry &e) { return e.id == id; });
}

std::optional<HistoryEntry> ConfigHistory::record(const QByteArray &text, const QString &author, uid_t uid,
                                                  const QString &comment, QString *error, HistoryStatus status)
{
    if (m_dir.isEmpty()) {
        if (error)
            *error = QStringLiteral("config history is not open");
        return std::nullopt;
    }
    HistoryEntry e;
    e.id = m_nextId;
    e.time = QDateTime::currentDateTimeUtc();
    e.author = author;
    e.uid = uid;
    e.hash = hashOf(text);
    e.comment = comment;
    e.status = status;

    // The text first: an entry only exists once its json does.
    const QString tomlPath = filePath(e.id, "toml");
    if (!writeFileAtomically(tomlPath, text, error, 0640u))
        return std::nullopt;
    if (!writeMeta(e, error)) {
        QFile::remove(tomlPath);
        return std::nullopt;
    }
    m_nextId = e.id + 1;
    m_entries.append(e);
    prune();
    return e;
}

void ConfigHistory::prune()
{
    if (m_entries.size() <= m_limit)
        return;
    m_entries.remove(0, m_entries.size() - m_limit);
    // Everything numbered below the oldest kept entry goes, including
    // damaged leftovers that never made it into m_entries.
    const int oldestKept = m_entries.first().id;
    QDir dir(m_dir);
    const QStringList names = dir.entryList(QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        const QRegularExpressionMatch m = entryFileName().match(name);
        if (m.hasMatch() && m.captured(1).toInt() < oldestKept)
            dir.remove(name);
    }
}

QList<HistoryEntry> ConfigHistory::entries() const
{
    return QList<HistoryEntry>(m_entries.crbegin(), m_entries.crend());
}

std::optional<HistoryEntry> ConfigHistory::entry(int id) const
{
    for (const HistoryEntry &e : m_entries) {
        if (e.id == id)
            return e;
    }
    return std::nullopt;
}

std::optional<QByteArray> ConfigHistory::text(int id, QString *error) const
{
    const auto e = entry(id);
    if (!e) {
        if (error)
            *error = QStringLiteral("no config history entry %1").arg(id);
        return std::nullopt;
    }
    QFile file(filePath(id, "toml"));
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    QByteArray data = file.readAll();
    if (hashOf(data) != e->hash) {
        if (error)
            *error = QStringLiteral("config history entry %1 is damaged: %2 does not match its recorded hash")
                         .arg(id)
                         .arg(file.fileName());
        return std::nullopt;
    }
    return data;
}

} // namespace baton
