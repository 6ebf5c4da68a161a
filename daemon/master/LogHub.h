#pragma once

#include "baton/Config.h"
#include "baton/LogBuffer.h"
#include "baton/OutputRateLimit.h"
#include "baton/UniqueFd.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>
#include <QVariantList>

#include <map>

class QSocketNotifier;

namespace baton {

// Writes worker lines to batond's stderr without ever blocking the event
// loop (see LogHub.cpp): lines wait in a bounded buffer; beyond it they are
// dropped from stderr (they are still in the ring) and counted.
class StderrForwarder final : public QObject {
    Q_OBJECT
public:
    static constexpr qsizetype MaxPending = 1024 * 1024;
    explicit StderrForwarder(QObject *parent = nullptr);
    ~StderrForwarder() override;   // a regular file gets what is still pending
    // One line: label, ": " or " stderr: ", text, newline (appended in place).
    void write(const QByteArray &label, bool stderrLine, const QByteArray &text);
    qint64 dropped() const { return m_dropped; }

private:
    void flush();

    int m_fd = 2;
    UniqueFd m_own;          // a non-blocking description of our own for pipes and terminals
    bool m_socket = false;   // stderr is a socket (journald's stream): send(MSG_DONTWAIT)
    QByteArray m_pending;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_fileFlush;      // a regular file: one write() per loop turn, not per line
    qint64 m_dropped = 0;
};

// The journal's native protocol (systemd.journal-fields(7), "Native
// Protocol"): one datagram per entry on /run/systemd/journal/socket.
class JournalWriter final {
public:
    // Connects to `path` (BATON_JOURNAL_SOCKET overrides it, for tests).
    bool open(QString *error);
    // False when the datagram could not be sent now (journald not keeping up).
    bool send(const QList<QPair<QByteArray, QByteArray>> &fields);
    qint64 dropped() const { return m_dropped; }
    static QByteArray datagram(const QList<QPair<QByteArray, QByteArray>> &fields);
    // JOURNAL_STREAM names stderr's device and inode: stderr is the journal.
    static bool stderrIsJournal();

private:
    UniqueFd m_fd;
    qint64 m_dropped = 0;
};

// Every worker line goes through here: numbered into the service's ring,
// forwarded (journal or stderr), and queued for live subscribers, who get
// them in one batch per turn of the event loop.
class LogHub final : public QObject {
    Q_OBJECT
public:
    explicit LogHub(QObject *parent = nullptr);
    ~LogHub() override;

    void configure(LogTarget target);
    // log_buffer and log_rate of one service (at its start and on every change).
    void configureService(const ServiceConfig &config);
    // How fast the service's output may be read; the same object for the
    // service's whole life (WorkerOutput keeps a pointer).
    OutputRateLimit &rateLimit(const QString &service) { return m_rates[service]; }
    const OutputRateLimit *rateLimitOf(const QString &service) const
    {
        const auto it = m_rates.find(service);
        return it == m_rates.end() ? nullptr : &it->second;
    }
    // `label` is the stderr forwarding prefix ("web#3[4242]"), built once per worker.
    void add(const QString &service, const QByteArray &label, LogLine line);
    const LogStore &store() const { return m_store; }
    // Upgrade in place: the newest lines of every ring, at most maxBytes of
    // text, as LogLine maps oldest first; and back in the new image (not
    // forwarded again: the previous image did).
    QVariantList saveLines(qint64 maxBytes) const;
    void restoreLines(const QVariantList &lines, qint64 lastSeq);
    bool journal() const { return m_journalOn; }
    qint64 forwardDropped() const { return m_stderr.dropped() + m_journal.dropped(); }
    // Batches are built only while someone listens.
    void setLive(bool live) { m_live = live; }

Q_SIGNALS:
    void appended(const QVariantList &lines);   // LogLine::toMap() each, in seq order

private:
    LogStore m_store;
    std::map<QString, OutputRateLimit> m_rates;
    StderrForwarder m_stderr;
    JournalWriter m_journal;
    bool m_journalOn = false;
    bool m_live = false;
    QVariantList m_batch;
    QTimer m_flush;
};

} // namespace baton
