#pragma once

#include <QList>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace baton::records {

// The `metrics_history` result (docs/control-api.md, "Metrics history"):
// batond's recent per-worker samples, so a client that connects late (the
// admin app after a restart) can draw the minutes before it came. Records
// as in ControlRecords.h: toVariant()/fromVariant(), unknown keys ignored.

// One worker in one sample: the metric fields of a status Worker, plus
// the service it belongs to (samples list workers flat, compactly).
struct WorkerSample {
    qint64 pid = 0;
    QString service;
    int generation = 0;
    qint64 fds = -1;             // -1: not sampled (vanished, not permitted)
    qint64 rssBytes = -1;
    double cpuPercent = -1.0;
    std::optional<qint64> requests;   // total served, when the worker reports X_BATON_REQUESTS

    QVariantMap toVariant() const;
    static std::optional<WorkerSample> fromVariant(const QVariant &value);
    bool operator==(const WorkerSample &) const = default;
};

struct MetricsSample {
    qint64 timeMs = 0;           // milliseconds since the epoch
    qint64 intervalMs = 0;       // the next sample was due at most this much later: the interval in force,
                                 // or the longer one sampling slowed down to right after it
    QList<WorkerSample> workers;

    QVariantMap toVariant() const;
    static std::optional<MetricsSample> fromVariant(const QVariant &value);
    bool operator==(const MetricsSample &) const = default;
};

struct MetricsHistory {
    qint64 intervalMs = 0;       // the sampling interval in force now; 0 = metrics_history is off and nobody subscribes
    qint64 keptMs = 0;           // metrics_history: how far back samples are kept
    QList<MetricsSample> samples;   // oldest first

    QVariantMap toVariant() const;
    static std::optional<MetricsHistory> fromVariant(const QVariant &value);
    bool operator==(const MetricsHistory &) const = default;
};

} // namespace baton::records
