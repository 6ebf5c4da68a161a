#include "baton/EventLog.h"

#include <QDir>
#include <QJsonDocument>

namespace baton {

EventLog::EventLog(QObject *parent) : QObject(parent) {}

bool EventLog::open(const QString &dir, QString *error)
{
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create state directory %1").arg(dir);
        return false;
    }
    m_file.setFileName(QDir(dir).filePath(QStringLiteral("events.jsonl")));
    // Load the tail of the previous log so history and sequence numbers go on.
    for (const QString &name : {m_file.fileName() + QStringLiteral(".1"), m_file.fileName()}) {
        QFile previous(name);
        if (!previous.open(QIODevice::ReadOnly))
            continue;
        while (!previous.atEnd()) {
            const QJsonDocument doc = QJsonDocument::fromJson(previous.readLine());
            if (auto event = Event::fromJson(doc.object())) {
                m_nextSeq = std::max(m_nextSeq, event->seq + 1);
                m_events.append(*event);
                if (m_events.size() > m_memoryLimit)
                    m_events.removeFirst();
            }
        }
    }
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        *error = QStringLiteral("cannot open %1: %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }
    m_fileSize = m_file.size();
    return true;
}

const Event &EventLog::append(Event event)
{
    event.seq = m_nextSeq++;
    event.time = QDateTime::currentDateTimeUtc();
    m_events.append(std::move(event));
    if (m_events.size() > m_memoryLimit)
        m_events.removeFirst();
    if (m_file.isOpen()) {
        rotateIfNeeded();
        const qint64 written = m_file.write(QJsonDocument(m_events.last().toJson()).toJson(QJsonDocument::Compact) + '\n');
        m_file.flush();
        if (written > 0)
            m_fileSize += written;
    }
    Q_EMIT appended(m_events.last());
    return m_events.last();
}

QList<Event> EventLog::since(qint64 seq) const
{
    QList<Event> out;
    for (const Event &e : m_events) {
        if (e.seq > seq)
            out.append(e);
    }
    return out;
}

void EventLog::rotateIfNeeded()
{
    if (m_fileSize < m_fileLimit)
        return;
    const QString name = m_file.fileName();
    m_file.close();
    QFile::remove(name + QStringLiteral(".1"));
    QFile::rename(name, name + QStringLiteral(".1"));
    m_file.setFileName(name);
    m_file.open(QIODevice::WriteOnly | QIODevice::Append);
    m_fileSize = m_file.isOpen() ? m_file.size() : 0;
}

} // namespace baton
