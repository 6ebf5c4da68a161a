#pragma once

// The state batond carries across its own execve (batonctl upgrade, SIGUSR2):
// the one place that defines it, like HAProxy's mworker.c. Every record here
// has toVariant()/fromVariant(); State::encode() writes the whole as one CBOR
// document (QCborValue) into a memfd, which the new image reads back with
// State::decode(). docs/upgrade-state.md describes every key.
//
// Descriptors travel as plain numbers: the old image clears FD_CLOEXEC on
// exactly the ones State::descriptors() lists, right before execve, and the
// new image wraps each in a UniqueFd again. Time points of the supervision
// logic are CLOCK_MONOTONIC (steady_clock) nanoseconds, valid across execve
// because the clock is system-wide; armed timers travel as remaining time.

#include "baton/Config.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>
#include <QVariantMap>

#include <optional>

namespace baton::upgrade {

// Bumped whenever a key changes meaning or goes; a new key with a default is
// compatible. The preflight (--check-upgrade) refuses any other version.
constexpr int FormatVersion = 1;

QVariantMap serviceConfigToVariant(const ServiceConfig &config);
std::optional<ServiceConfig> serviceConfigFromVariant(const QVariant &value, QString *error);

// A listening socket, shared by generations (by index in State::listeners).
struct Listener {
    int fd = -1;
    ListenerConfig config;
    qint64 inode = 0;                 // Unix: the socket file we created
    QVariantMap toVariant() const;
    static std::optional<Listener> fromVariant(const QVariant &value, QString *error);
};

// The descriptors batond holds for one worker.
struct WorkerFds {
    qint64 pid = 0;
    int stdoutFd = -1, stderrFd = -1; // read ends of its output pipes (-1: not captured)
    int execFd = -1;                  // exec-status pipe, while its exec is not confirmed
    QVariantMap toVariant() const;
    static WorkerFds fromVariant(const QVariant &value);
};

struct Service {
    QString name;
    int notifyFd = -1;
    QString notifyAddress;            // "@baton-notify-...": the workers' NOTIFY_SOCKET
    QVariantMap machine;              // GenerationMachine::saveState()
    QList<QPair<int, QList<int>>> generationListeners;   // generation -> indices in State::listeners
    QList<WorkerFds> workers;
    QList<qint64> lingering;          // leader reaped, its tree not yet gone
    QList<QPair<qint64, qint64>> mainPids;               // MAINPID= -> worker
    QVariantMap toVariant() const;
    static std::optional<Service> fromVariant(const QVariant &value, QString *error);
};

// One worker's process tree (WorkerTrees).
struct Tree {
    qint64 leader = 0;
    QList<qint64> orphans;
    bool leaderGone = false;
    QString cgroupName, cgroupPath, cgroupRelative;   // empty: no cgroup
    // Whom each stop signal already reached (WorkerTrees: once per process).
    struct Delivery {
        int signal = 0;
        qint64 group = 0, groupAt = 0;                  // kill(-group) at that boot-time tick
        QList<std::pair<qint64, qint64>> reached;       // (pid, start time) signalled on their own
    };
    QList<Delivery> delivered;
    QVariantMap toVariant() const;
    static Tree fromVariant(const QVariant &value);
};

// A connected control-socket client, with what it subscribed to.
struct Client {
    int fd = -1;
    qint64 uid = -1, gid = -1, pid = 0;
    QList<qint64> groups;
    QString userName;
    bool events = false, metrics = false;
    QVariant logs;                    // the log filter's params (a map), or invalid: none
    QByteArray input;                 // received, not yet handled
    QByteArray output;                // queued, not yet sent
    QVariantMap toVariant() const;
    static Client fromVariant(const QVariant &value);
};

// Who asked for the upgrade, so the new image answers them.
struct Requester {
    QString transport;                // "unix", "dbus" or "signal"
    int clientFd = -1;                // unix: the connection (one of State::clients)
    QVariant requestId;               // unix: the JSON-RPC id
    QVariantMap toVariant() const;
    static Requester fromVariant(const QVariant &value);
};

struct State {
    int format = FormatVersion;
    QString previousVersion;          // BATON_VERSION of the image that exec'ed
    QString previousBinary;
    QString binary;                   // what it exec'ed
    int upgrades = 0;                 // in-place upgrades so far, this one included
    qint64 startedAtMs = 0;           // first start of this PID (wall clock, ms since the epoch)
    qint64 upgradedAtMs = 0;
    QString configPath;
    QByteArray runningText;           // the running config's text (may differ from the file)
    QString diskVersion;
    QString pidFile;                  // --pid-file, absolute (empty: none)
    int lockFd = -1;                  // the per-config flock
    QString lockPath;
    int controlFd = -1;               // the control socket's listening FD
    QString controlPath;
    qint64 controlDev = 0, controlInode = 0;
    qint64 lastSeq = 0;               // of the event log
    QList<Listener> listeners;
    QList<Service> services;
    QList<Tree> trees;
    QVariantMap cgroups;              // WorkerCgroups::saveState(); empty: process groups + subreaper
    QList<Client> clients;
    Requester requester;
    QVariantList logLines;            // the worker output rings: LogLine maps, oldest first (the newest 16 MiB)
    qint64 logLastSeq = 0;
    QVariantList metricsSamples;      // the metrics_history samples (records::MetricsSample maps), oldest first
    // Only in the preflight's copy: the new binary proves it read this state
    // by printing "baton-upgrade-check: accept <token>" (Upgrader.cpp).
    QString preflightToken;

    QVariantMap toVariant() const;
    static std::optional<State> fromVariant(const QVariant &value, QString *error);
    QByteArray encode() const;        // CBOR
    static std::optional<State> decode(const QByteArray &bytes, QString *error);
    // Every descriptor the new image adopts (FD_CLOEXEC cleared right before execve).
    QList<int> descriptors() const;
};

} // namespace baton::upgrade
