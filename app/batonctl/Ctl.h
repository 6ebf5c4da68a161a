#pragma once

#include "ControlClient.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QVariantMap>

#include <functional>

namespace baton::ctl {

// Exit codes of batonctl.
namespace Exit {
constexpr int Ok = 0;
constexpr int Failed = 1;      // the operation failed or was refused
constexpr int Usage = 2;
constexpr int NoDaemon = 3;    // batond cannot be reached (or refused us)
} // namespace Exit

// One parsed command line: `batonctl [global options] command [args]`.
struct Invocation {
    QString command;
    QStringList args;                  // positional
    QHash<QString, QString> options;   // "--comment" → text
    QSet<QString> flags;               // "--json", "--follow", "--no-wait"
};

// Runs one command against batond, asynchronously: connect, call, print,
// then QCoreApplication::exit() with the exit code. Never waits blocking.
class Ctl final : public QObject {
    Q_OBJECT
public:
    Ctl(ControlClient &client, Invocation invocation, QObject *parent = nullptr);
    void start();
    void interrupted();   // SIGINT/SIGTERM

private:
    void run();
    void finish(int code);
    void fail(int code, const QString &message);
    // False (and the program ends) when the call failed.
    bool succeeded(const std::optional<ClientError> &error, const QString &what);

    void status();
    void printStatus(const QVariantMap &status);
    void reload();
    void reloadNoWait(const QVariantMap &params);
    void validate();
    void diff();
    void apply();
    void history();
    void rollback();
    void events();
    void follow(qint64 since);
    void printEvent(const QVariantMap &event);
    void reset();
    void stop();
    void logs();
    void printLogLine(const QVariantMap &line);
    // After a failed reload/apply: the stderr tails of the workers that exited since `since`.
    void printTailsThenFinish(qint64 since, int code);
    void withLastEventSeq(std::function<void(qint64)> then);

    bool readFile(const QString &path, QString *text);
    void printApplyOutcome(const QVariantMap &result);
    void reportApplyError(const ClientError &error, const QString &file);

    ControlClient &m_client;
    Invocation m_inv;
    bool m_started = false;
    bool m_finished = false;
    bool m_following = false;
    bool m_statusPrinted = false;
    int m_samples = 0;
    qint64 m_lastSeq = -1;             // events --follow: the newest event printed
    bool m_backlogDone = false;
    QList<QVariantMap> m_early;        // live events that came before the backlog
    qint64 m_lastLogSeq = 0;
    qint64 m_tailsSince = -1;          // apply/rollback: events after this explain a failure           // logs: the newest line printed
    QVariantList m_earlyLines;         // logs --follow: live lines that came before the backlog
};

} // namespace baton::ctl
