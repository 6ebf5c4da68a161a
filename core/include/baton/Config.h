#pragma once

#include "Duration.h"
#include "ListenAddress.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <csignal>
#include <optional>

namespace baton {

// The validated, typed form of a baton.toml. Only ConfigLoader creates it,
// so every value here has passed validation.

// Listeners of one service. Every one is passed to every worker (FDs 3..),
// and their names travel in one environment string, LISTEN_FDNAMES, which
// execve() limits to 128 KiB: 1024 names of up to 64 characters fit with
// room to spare. The loader refuses more, at the first listener beyond it.
constexpr int MaxListenersPerService = 1024;

struct ListenerConfig {
    QString name;                    // what LISTEN_FDNAMES carries
    ListenAddress address;
    int backlog = 511;
    std::optional<uint> mode;        // Unix sockets only, e.g. 0660
    bool operator==(const ListenerConfig &) const = default;
};

struct RestartPolicy {
    Milliseconds initialDelay{100};
    Milliseconds maxDelay{30000};
    int maxRestarts = 5;             // within `window`; beyond: service failed
    Milliseconds window{60000};
    bool operator==(const RestartPolicy &) const = default;
};

enum class ReadyMode { Notify, Exec };
enum class BusKind { Session, System, None };
// Where worker output goes besides batond's ring buffers: "auto" is the
// journal when batond's stderr is the journal (JOURNAL_STREAM), else stderr.
enum class LogTarget { Auto, Stderr, Journal };

// Default log_rate: far above what a service logs to be read by people
// (journald's default allows 10000 messages in 30 s), low enough that a
// worker printing as fast as it can costs batond a few percent of a core.
constexpr qint64 DefaultLogRate = 4LL * 1024 * 1024;
// The bounds of log_rate: below the least, a worker's startup banner would
// already wait; above the most, the rate limiter's arithmetic leaves range.
constexpr qint64 MinLogRate = 64LL * 1024;
constexpr qint64 MaxLogRate = 1024LL * 1024 * 1024;

struct ServiceConfig {
    QString name;
    QStringList command;             // as written; command[0] may be a bare name
    QString program;                 // command[0] resolved to a path when it could be found
    int workers = 1;
    ReadyMode ready = ReadyMode::Notify;
    Milliseconds readyTimeout{10000};
    // Every worker of a new generation ready for this long before it takes
    // over (the old one drains only then); a worker that exits meanwhile
    // rolls it back while the old one still serves. 0: at once (hot).
    Milliseconds readyHold{0};
    int stopSignal = SIGTERM;
    Milliseconds drainTimeout{30000};
    Milliseconds watchdog{0};        // 0 = off
    QList<QPair<QString, QString>> env;  // in file order
    QList<ListenerConfig> listeners;     // in file order = FD order from 3
    RestartPolicy restart;
    qint64 logBuffer = 1024 * 1024;  // bytes of worker output kept (hot)
    // Bytes of worker output batond takes per second from the service's
    // workers (hot); 0 = unlimited. See OutputRateLimit.
    qint64 logRate = DefaultLogRate;
    bool operator==(const ServiceConfig &) const = default;
};

struct DaemonConfig {
    QString controlSocket;           // absolute; empty = default runtime path
    BusKind bus = BusKind::None;
    QString stateDir;                // absolute; empty = default state path
    bool watch = false;              // apply on-disk edits automatically
    QString adminGroup;              // extra group allowed on the control socket
    LogTarget log = LogTarget::Auto; // worker output: [daemon] log
    QStringList signingKeys;         // absolute paths of public key files; empty = configs need no signature
    Milliseconds metricsHistory{10 * 60 * 1000};   // per-worker samples kept; 0 = none (hot: applies in place)
    bool operator==(const DaemonConfig &) const = default;
};

struct Config {
    QString filePath;                // absolute path of the file it came from
    DaemonConfig daemon;
    QList<ServiceConfig> services;   // in file order

    const ServiceConfig *service(const QString &name) const;
};

QString readyModeName(ReadyMode mode);
QString busKindName(BusKind bus);
QString logTargetName(LogTarget target);

} // namespace baton
