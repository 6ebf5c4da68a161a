#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QLocalSocket;
class QSocketNotifier;

namespace baton::ctl {

// `batonctl bridge`: stdin → control socket, control socket → stdout, byte
// for byte, so `ssh HOST batonctl bridge` carries JSON-RPC to a remote batond.
// EOF on stdin half-closes the socket (batond still answers what it got);
// the bridge ends when batond closes. Both directions are bounded: a side
// that does not keep up pauses the other instead of filling memory.
class Bridge final : public QObject {
    Q_OBJECT
public:
    explicit Bridge(const QString &socketPath, QObject *parent = nullptr);
    ~Bridge() override;
    void start();

private:
    void onStdinReadable();
    void onSocketReadable();
    void writeStdout();
    void maybeHalfClose();
    void finish(int code, const QString &error = {});

    QString m_path;
    QLocalSocket *m_socket = nullptr;
    QSocketNotifier *m_stdin = nullptr;
    QSocketNotifier *m_stdout = nullptr;
    QByteArray m_toStdout;
    qsizetype m_stdoutPos = 0;
    bool m_stdinEof = false;
    bool m_halfClosed = false;
    bool m_socketClosed = false;
    bool m_finished = false;
    int m_stdinFlags = -1;     // restored on exit: the terminal is shared with the shell
    int m_stdoutFlags = -1;
};

} // namespace baton::ctl
