#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <sys/types.h>

#include <algorithm>
#include <optional>

namespace baton {

// What became of a recorded version (the "status" of its json).
//  pending      written by an apply that has not yet put the file in place;
//               resolved when the history is opened (see open())
//  applied      the file was written and batond reloaded (or booted) it
//  rolled-back  applied, but its reload was rolled back or rejected: the
//               previous version kept running and its file was restored
//  on-disk      found on disk (a hand edit with watch = false), not applied
enum class HistoryStatus { Pending, Applied, RolledBack, OnDisk };
QString historyStatusName(HistoryStatus status);

// One recorded configuration, as listed by the `history` control method.
struct HistoryEntry {
    int id = 0;
    QDateTime time; // UTC
    QString author;
    uid_t uid = 0;
    QString hash; // sha256 hex of the text
    QString comment;
    HistoryStatus status = HistoryStatus::Applied;
    QString reason;  // why it was rolled back

    // {id, time, author, uid, hash, comment, status, reason}; fromJson
    // refuses anything missing or mistyped rather than guessing (comment,
    // status and reason may be absent: records written before they existed
    // are "applied").
    QJsonObject toJson() const;
    static std::optional<HistoryEntry> fromJson(const QJsonObject &object);
};

// The config history in <state_dir>/history/: NNNNNN.toml holds the text,
// NNNNNN.json its metadata. The json is written last, so it marks an entry
// as complete. Numbering continues across restarts; only the newest limit()
// entries are kept. Damaged entries are skipped, never fatal.
//
// An apply is only complete when both the config file and its history
// record are written: the record is written first as pending, then the file
// is renamed into place, then the record is marked applied. A crash between
// the steps leaves a pending record, which open() resolves against the file
// on disk: it is the file's text (the rename happened) -> applied; it is
// not -> dropped.
class ConfigHistory final {
public:
    // `onDisk`: the config file's current text, to resolve pending records
    // (without it they are dropped).
    bool open(const QString &stateDir, QString *error, const std::optional<QByteArray> &onDisk = std::nullopt);
    QString directory() const { return m_dir; }

    void setLimit(int entries) { m_limit = std::max(1, entries); }
    int limit() const { return m_limit; }

    // Stores text and metadata (both written atomically), then drops the
    // entries beyond limit(). Returns the new entry, or nullopt with `error`.
    std::optional<HistoryEntry> record(const QByteArray &text, const QString &author, uid_t uid,
                                       const QString &comment, QString *error,
                                       HistoryStatus status = HistoryStatus::Applied);
    // Rewrites the entry's metadata (atomically) with a new status and reason.
    bool setStatus(int id, HistoryStatus status, const QString &reason, QString *error);
    // Removes an entry (an apply that failed before it was complete).
    void discard(int id);

    QList<HistoryEntry> entries() const; // newest first
    std::optional<HistoryEntry> entry(int id) const;
    // The stored text, checked against the recorded hash.
    std::optional<QByteArray> text(int id, QString *error) const;

    // THE config version id (conflict detection, `expected_version`):
    // the first 16 hex digits of the text's sha256.
    static QString versionOf(const QByteArray &text);
    static QString hashOf(const QByteArray &text);

private:
    QString filePath(int id, const char *suffix) const;
    bool writeMeta(const HistoryEntry &entry, QString *error) const;
    void prune();

    QString m_dir;
    QList<HistoryEntry> m_entries; // oldest first
    int m_nextId = 1;
    int m_limit = 100;
};

} // namespace baton
