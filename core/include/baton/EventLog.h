#pragma once

#include "Event.h"

#include <QFile>
#include <QList>
#include <QObject>

#include <algorithm>

namespace baton {

// Bounded in-memory history of events, mirrored to a JSON-lines file that is
// rotated at a size limit (one previous file kept), so the log survives
// restarts without growing without bound.
class EventLog final : public QObject {
    Q_OBJECT
public:
    explicit EventLog(QObject *parent = nullptr);

    // Opens (or creates) <dir>/events.jsonl and continues its sequence numbers.
    bool open(const QString &dir, QString *error);
    void setMemoryLimit(int events) { m_memoryLimit = events; }
    void setFileLimit(qint64 bytes) { m_fileLimit = bytes; }

    // Fills seq and time, stores, writes, announces.
    const Event &append(Event event);
    QList<Event> since(qint64 seq) const;
    qint64 lastSeq() const { return m_nextSeq - 1; }
    // Upgrade in place: never reuse a number the previous image gave out.
    void continueAfter(qint64 seq) { m_nextSeq = std::max(m_nextSeq, seq + 1); }
    QString filePath() const { return m_file.fileName(); }

Q_SIGNALS:
    void appended(const baton::Event &event);

private:
    void rotateIfNeeded();

    QList<Event> m_events;
    QFile m_file;
    qint64 m_fileSize = 0;   // kept, not asked of the file (an fstat per event)
    qint64 m_nextSeq = 1;
    int m_memoryLimit = 2000;
    qint64 m_fileLimit = 4 * 1024 * 1024;
};

} // namespace baton
