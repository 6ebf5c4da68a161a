#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace baton {

// Something that happened to a service or the daemon. The same record goes
// to stderr, to <state_dir>/events.jsonl and (later) to control clients.
struct Event {
    qint64 seq = 0;
    QDateTime time;
    QString kind;            // "spawn", "ready", "exit", "reload-rolled-back", ...
    QString service;
    int generation = 0;
    qint64 pid = 0;
    QString message;         // one human sentence
    std::optional<int> exitCode;
    std::optional<int> signal;
    bool coreDumped = false;
    std::optional<qint64> uptimeMs;
    std::optional<qint64> delayMs;
    std::optional<int> attempt;
    QString reason;
    QString cause;           // exit and kill events: ExitCause name ("crash", "killed-rollback", ...)
    QStringList stderrTail;  // exit events: the worker's last lines on stderr (at most 20)
    QString lastStatus;      // exit events: its last STATUS= text
    // config-applied: what was applied and by whom, for clients to say it
    // in their own language (the message is batond's English).
    QString version;         // the applied text's version (ConfigHistory::versionOf)
    QString author;          // user name, or "uid N"
    QString comment;         // the apply's comment, if any

    QJsonObject toJson() const;
    static std::optional<Event> fromJson(const QJsonObject &object);
    QString toLogLine() const;   // "[web#2 pid 1234] ready: ..."
};

namespace EventKind {
inline const QString DaemonStarted = QStringLiteral("daemon-started");
inline const QString DaemonStopping = QStringLiteral("daemon-stopping");
inline const QString DaemonStopped = QStringLiteral("daemon-stopped");
inline const QString Spawn = QStringLiteral("spawn");
inline const QString ExecFailed = QStringLiteral("exec-failed");
inline const QString Ready = QStringLiteral("ready");
inline const QString GenerationReady = QStringLiteral("generation-ready");
inline const QString GenerationHolding = QStringLiteral("generation-holding");   // ready, waiting out ready_hold (delay_ms)
inline const QString Exit = QStringLiteral("exit");
inline const QString RestartScheduled = QStringLiteral("restart-scheduled");
inline const QString StormBreaker = QStringLiteral("storm-breaker");
inline const QString Drain = QStringLiteral("drain");
inline const QString Kill = QStringLiteral("kill");
inline const QString ReloadStarted = QStringLiteral("reload-started");
inline const QString ReloadFinished = QStringLiteral("reload-finished");
inline const QString ReloadRolledBack = QStringLiteral("reload-rolled-back");
inline const QString ReloadRejected = QStringLiteral("reload-rejected");
inline const QString Scale = QStringLiteral("scale");
inline const QString WatchdogTimeout = QStringLiteral("watchdog-timeout");
inline const QString Reset = QStringLiteral("reset");
inline const QString ConfigChanged = QStringLiteral("config-changed");     // on disk, by someone else
inline const QString ConfigApplied = QStringLiteral("config-applied");     // through the control API
inline const QString ConfigRestored = QStringLiteral("config-restored");   // an apply rolled back: previous file put back
inline const QString Security = QStringLiteral("security");                // a config refused: unsigned, tampered, untrusted key
// Operator requests on one worker or one service (restart_worker, signal_worker, stop_service, start_service).
inline const QString WorkerRestart = QStringLiteral("worker-restart");
inline const QString WorkerSignal = QStringLiteral("worker-signal");
inline const QString ServiceStop = QStringLiteral("service-stop");
inline const QString ServiceStart = QStringLiteral("service-start");
inline const QString UpgradeStarted = QStringLiteral("upgrade-started");   // batonctl upgrade / SIGUSR2: preflight of the new binary
inline const QString UpgradeFinished = QStringLiteral("upgrade-finished"); // the new image runs, same PID (recorded by it)
inline const QString UpgradeFailed = QStringLiteral("upgrade-failed");     // refused or failed: the old image serves on (reason)
} // namespace EventKind

} // namespace baton
