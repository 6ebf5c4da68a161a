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
// Adding a command (`logs`, say): a CommandSpec row in main.cpp (which gives
// it --json), a branch in run(), calls through call(), and every path ends
// in reply() (printing the text first unless json()) or fail(); a streaming
// command prints json::document(command, true, {{"line", ...}}) per item.
class Ctl final : public QObject {
    Q_OBJECT
public:
    Ctl(ControlClient &client, Invocation invocation, QObject *parent = nullptr);
    void start();
    void interrupted();   // SIGINT/SIGTERM

private:
    void run();
    void finish(int code);
    // The human message goes to stderr; with --json the error document
    // (JsonOutput.h) to stdout as well, `fields` added to it.
    void fail(int code, const QString &message, std::optional<int> rpcCode = std::nullopt,
              const QVariantMap &data = {}, const QVariantMap &fields = {});
    // False (and the program ends) when the call failed.
    bool succeeded(const std::optional<ClientError> &error, const QString &what);
    // Every call goes through here: the method must be a row of core's method
    // table (baton/ControlProtocol.h), so a typo cannot reach batond.
    void call(const QString &method, const QVariantMap &params, ControlClient::Callback callback);
    bool json() const { return m_json; }
    // --json: prints the command's one document ({"ok": code == 0} + fields,
    // and when not ok an error of kind "failed" with `failure` as message);
    // then ends with `code`. Human output is printed by the caller before.
    void reply(int code, const QVariantMap &fields = {}, const QString &failure = {});

    void status();
    void printStatus(const QVariantMap &status, bool sampled);
    void reload();
    void reloadNoWait(const QVariantMap &params);
    void validate();
    void diff();
    void apply();
    void history();
    void rollback();
    void events();
    void follow(qint64 since);
    void resumeFollow();
    void printEvent(const QVariantMap &event);
    void reset();
    void stop();
    // `service stop|start NAME`, `worker restart PID`, `worker signal PID SIG` (CtlActions.cpp).
    void serviceAction(bool start);
    void workerRestart();
    void workerSignal();
    std::optional<qint64> pidArgument();
    void upgrade();
    void logs();
    void printLogLine(const QVariantMap &line);
    // After a failed reload/apply: the stderr tails of the workers that exited since `since`.
    void replyWithTails(qint64 since, int code, const QVariantMap &fields, const QString &failure);
    void withLastEventSeq(std::function<void(qint64)> then);

    bool readFile(const QString &path, QString *text);
    void printApplyOutcome(const QVariantMap &result);
    void reportApplyError(const ClientError &error, const QString &file);

    ControlClient &m_client;
    Invocation m_inv;
    bool m_json = false;
    bool m_started = false;
    bool m_finished = false;
    bool m_following = false;
    bool m_statusPrinted = false;
    int m_samples = 0;
    qint64 m_lastSeq = -1;             // events --follow: the newest event printed
    bool m_backlogDone = false;
    bool m_resuming = false;           // events --follow over D-Bus: batond left the bus, waiting for it to come back
    static constexpr int ResumeWaitMs = 10000;
    QList<QVariantMap> m_early;        // live events that came before the backlog
    qint64 m_lastLogSeq = 0;           // logs: the newest line printed
    qint64 m_tailsSince = -1;          // apply/rollback: events after this explain a failure
    QVariantList m_earlyLines;         // logs --follow: live lines that came before the backlog
};

} // namespace baton::ctl
