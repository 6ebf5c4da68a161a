#pragma once

#include "baton/LogBuffer.h"
#include "baton/UniqueFd.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>
#include <sys/types.h>

class QSocketNotifier;

namespace baton {

class LogHub;
class OutputRateLimit;

// The stdout and stderr pipes of one worker, read by batond without ever
// blocking (see WorkerOutput.cpp for the sizes and the bound they give).
class WorkerOutput final : public QObject {
    Q_OBJECT
public:
    struct Pipes {
        UniqueFd stdoutRead, stdoutWrite, stderrRead, stderrWrite;
    };
    // Both pipes, enlarged; the write ends go to the spawner, then are closed.
    static std::optional<Pipes> create(QString *error);

    WorkerOutput(const QString &service, int generation, UniqueFd stdoutRead, UniqueFd stderrRead, LogHub &hub,
                 QObject *parent = nullptr);
    ~WorkerOutput() override;

    void setPid(pid_t pid);
    // Reads whatever is in the pipes now (the worker was reaped: all it wrote
    // is there); at EOF the partial last line is flushed.
    void drain();
    // The end: drain, flush partial lines, stop reading.
    void close();
    QStringList stderrTail() const { return m_tail.lines(); }
    int stdoutFd() const { return m_out.fd.get(); }   // -1 once at EOF
    int stderrFd() const { return m_err.fd.get(); }

private:
    struct Stream {
        UniqueFd fd;
        QSocketNotifier *notifier = nullptr;
        LineSplitter splitter;
        LogStream kind = LogStream::Stdout;
    };
    enum class Stop { Empty, Budget, RateLimit, Closed };
    // Up to `budget` bytes from one pipe (and, when `limited`, no more than
    // the service's log_rate allows); the notifier brings us back for more.
    Stop read(Stream &s, qsizetype budget, bool limited);
    void onReadable();
    // log_rate reached: leave both pipes alone until the bucket has refilled.
    void pause();
    void setReading(bool on);   // both pipes' notifiers (those still open)
    void finish(Stream &s);
    void deliver(LogStream kind, LineSplitter::Piece piece);

    QString m_service;
    int m_generation = 0;
    pid_t m_pid = 0;
    QByteArray m_prefix;   // "web#3[4242]": the stderr forwarding label, built once
    qint64 m_readAtMs = 0; // one clock reading per read(): lines of one chunk share it
    LogHub &m_hub;
    OutputRateLimit &m_rate;   // the service's, shared by its workers
    QTimer m_resume;
    Stream m_out, m_err;
    LineTail m_tail;
};

} // namespace baton
