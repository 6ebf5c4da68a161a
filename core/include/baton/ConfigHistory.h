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

// One applied configuration, as listed by the `history` control method.
struct HistoryEntry {
    int id = 0;
    QDateTime time; // UTC
    QString author;
    uid_t uid = 0;
    QString hash; // sha256 hex of the text
    QString comment;

    // {id, time, author, uid, hash, comment}; fromJson refuses anything
    // missing or mistyped (only comment may be absent) rather than guessing.
    QJsonObject toJson() const;
    static std::optional<HistoryEntry> fromJson(const QJsonObject &object);
};

// The applied-config history in <state_dir>/history/: NNNNNN.toml holds the
// text, NNNNNN.json its metadata. The json is written last, so it marks an
// entry as complete. Numbering continues across restarts; only the newest
// limit() entries are kept. Damaged entries are skipped, never fatal.
class ConfigHistory final {
public:
    bool open(const QString &stateDir, QString *error);
    QString directory() const { return m_dir; }

    void setLimit(int entries) { m_limit = std::max(1, entries); }
    int limit() const { return m_limit; }

    // Stores text and metadata (both written atomically), then drops the
    // entries beyond limit(). Returns the new entry, or nullopt with `error`.
    std::optional<HistoryEntry> record(const QByteArray &text, const QString &author, uid_t uid,
                                       const QString &comment, QString *error);

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
    void prune();

    QString m_dir;
    QList<HistoryEntry> m_entries; // oldest first
    int m_nextId = 1;
    int m_limit = 100;
};

} // namespace baton
