#pragma once

#include "Diagnostic.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace baton::records {

// The results of the control protocol as typed records, defined once
// (docs/control-api.md, "Shapes"), like Event: batond builds its answers
// from them, batonctl and the app read answers through them, and both
// transports carry their toVariant() form. fromVariant() accepts what
// toVariant() makes (and ignores keys it does not know, so a newer daemon's
// extra keys pass), and refuses a value that is not a map.

struct Worker {
    qint64 pid = 0;
    int generation = 0;
    int slot = 0;
    QString state;               // starting, ready, draining, lingering
    qint64 uptimeMs = 0;
    QString status;              // last STATUS=
    qint64 fds = -1;             // -1 until sampled
    qint64 rssBytes = -1;
    double cpuPercent = -1.0;
    std::optional<qint64> requests;   // total served, from X_BATON_REQUESTS=; absent until the worker sends it
    QString restartRefused;      // why restart_worker would refuse it now (GenerationMachine::refusesRestart); empty: it would not

    QVariantMap toVariant() const;
    static std::optional<Worker> fromVariant(const QVariant &value);
    bool operator==(const Worker &) const = default;
};

struct Generation {
    int number = 0;
    QString role;                // starting, current, draining, failed
    int workers = 0;
    int ready = 0;               // of its workers, ready
    std::optional<qint64> drainDeadlineMs;

    QVariantMap toVariant() const;
    static std::optional<Generation> fromVariant(const QVariant &value);
    bool operator==(const Generation &) const = default;
};

struct Service {
    QString name;
    QString state;               // starting, running, reloading, degraded, failed, stopping, stopped
    int generation = 0;          // the serving one (0: none)
    int workersWanted = 0;
    int readyWorkers = 0;        // ready workers of the serving generation, as batond counts them
    int restartsInWindow = 0;
    qint64 nextRestartDelayMs = 0;
    bool stoppedByRequest = false; // stop_service: stays stopped (state "stopped") until start_service
    QString failure;             // state "failed": why, and what starts it again (GenerationMachine::failureReason)
    QList<Generation> generations;
    QList<Worker> workers;
    QVariantMap extra;           // keys of other parts (e.g. "log"), passed through

    QVariantMap toVariant() const;
    static std::optional<Service> fromVariant(const QVariant &value);
    bool operator==(const Service &) const = default;
};

struct Status {
    QVariantMap daemon;          // pid, version, config_path, config_version, state, ... (docs: Status)
    QList<Service> services;

    QVariantMap toVariant() const;
    static std::optional<Status> fromVariant(const QVariant &value);
    bool operator==(const Status &) const = default;
};

// One entry of the config history (docs: Version).
struct Version {
    int id = 0;
    QDateTime time;
    QString author;
    qint64 uid = -1;
    QString hash;
    QString comment;
    QString status;              // applied, rolled-back, on-disk
    QString reason;
    bool current = false;
    std::optional<QString> text; // get_version only

    QVariantMap toVariant() const;
    static std::optional<Version> fromVariant(const QVariant &value);
    bool operator==(const Version &) const = default;
};

// The answer to `logs`: a page of LogLines and, per service, what the
// line counts do not show (lines a full ring let go, time log_rate held
// the service's output back).
struct Logs {
    QVariantList lines;                  // LogLine::toMap(), oldest first
    qint64 lastSeq = 0;                  // the newest seq batond has (of any line)
    QMap<QString, qint64> dropped;       // service -> lines its ring let go (log_buffer full)
    QMap<QString, qint64> heldBackMs;    // service -> ms log_rate left its output waiting

    QVariantMap toVariant() const;
    static std::optional<Logs> fromVariant(const QVariant &value);
    bool operator==(const Logs &) const = default;
};

// Results of the operator requests on one worker or service
// (restart_worker, signal_worker, stop_service, start_service;
// implemented in ActionRecords.cpp).
struct WorkerRestart {
    bool ok = false;             // the replacement is ready and the old worker drains
    QString outcome;             // one line for humans, also why it failed
    qint64 oldPid = 0;
    qint64 newPid = 0;           // 0 when it failed

    QVariantMap toVariant() const;
    static std::optional<WorkerRestart> fromVariant(const QVariant &value);
    bool operator==(const WorkerRestart &) const = default;
};

struct WorkerSignal {
    bool ok = false;
    qint64 pid = 0;
    QString signal;              // "SIGTERM"

    QVariantMap toVariant() const;
    static std::optional<WorkerSignal> fromVariant(const QVariant &value);
    bool operator==(const WorkerSignal &) const = default;
};

struct ServiceRequest {
    bool ok = false;             // stop: every worker exited; start: the new generation serves
    QString service;
    QString outcome;
    QString state;               // the service's state once answered

    QVariantMap toVariant() const;
    static std::optional<ServiceRequest> fromVariant(const QVariant &value);
    bool operator==(const ServiceRequest &) const = default;
};

// A Diagnostic as the protocol carries it: the finding plus its GCC-style
// text for the file it was found in.
QVariantMap diagnosticToVariant(const Diagnostic &diagnostic, const QString &fileName);
std::optional<Diagnostic> diagnosticFromVariant(const QVariant &value);
Diagnostics diagnosticsFromVariant(const QVariantList &list);

} // namespace baton::records
