#pragma once

#include "baton/MetricsRecords.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointF>
#include <QSet>
#include <QString>
#include <QVariantMap>

#include <algorithm>
#include <array>

namespace baton {

// The last ten minutes of per-worker FD counts, RSS, CPU and request rate,
// and per-service totals, from the metrics snapshots and, on connect, from
// batond's own recent samples (`metrics_history`: the minutes before the
// app came); plus the moments a service's current generation changed
// (drawn as markers). Points are (milliseconds since the epoch, value).
// Unsampled values (-1) are skipped; a request rate needs two samples of a
// worker that reports `requests`. Nothing is invented: where no sample came
// for more than twice the sampling interval in force (an outage, a service
// with no workers), segments() splits the line, and a chart draws a gap.
class MetricsHistory final : public QObject {
    Q_OBJECT
public:
    enum class Metric { Fds, Rss, Cpu, Requests };
    static constexpr int MetricCount = 4;
    struct Worker {
        qint64 pid = 0;
        QString service;
        int generation = 0;
        std::array<QList<QPointF>, MetricCount> series;   // by Metric; Requests in requests per second
        const QList<QPointF> &points(Metric metric) const { return series[size_t(metric)]; }
    };
    struct Marker {
        qint64 timeMs = 0;
        QString service;
        int generation = 0;   // the new current generation
        qint64 crashedPid = 0;   // a crash marker instead: this worker died
    };

    static constexpr qint64 WindowMs = 10 * 60 * 1000;

    explicit MetricsHistory(QObject *parent = nullptr);

    void addSample(const QVariantMap &status, qint64 nowMs);
    // batond's samples (metrics_history), each with the interval it was taken
    // at; only those older than the first sample already here are added.
    void loadHistory(const records::MetricsHistory &history, qint64 nowMs);
    // Any snapshot (not only samples): notices generation switches.
    void noteGenerations(const QVariantMap &status, qint64 nowMs);
    void noteCrash(const QString &service, qint64 pid, qint64 nowMs);
    void clear();

    QList<const Worker *> workers(const QString &service) const;   // "" = every service
    QList<QPointF> total(const QString &service, Metric metric) const;
    // The points in runs without a gap longer than twice the interval in force
    // at either end (a sample taken every 10 s, then every second, is one line).
    QList<QList<QPointF>> segments(const QList<QPointF> &points) const;
    qint64 maxGapMs() const { return 2 * m_intervalMs; }
    // The interval of the samples from now on (the metrics notifications: 1 s).
    void setSamplingInterval(qint64 ms) { m_intervalMs = std::max<qint64>(ms, 1); }
    QList<Marker> markers(const QString &service) const;
    qint64 lastSampleMs() const { return m_lastSampleMs; }
    qint64 firstSampleMs() const { return m_firstSampleMs; }     // the oldest one kept
    bool inLastSample(qint64 pid) const { return m_lastPids.contains(pid); }

Q_SIGNALS:
    void changed();

private:
    using Totals = QHash<QString, QList<QPointF>>;   // key "" = all services
    void record(const QVariantMap &status, qint64 nowMs, qint64 intervalMs);
    void prune(qint64 nowMs);
    qint64 intervalAt(double x) const;

    QHash<qint64, Worker> m_workers;
    std::array<Totals, MetricCount> m_totals;
    struct Count {
        qint64 timeMs = 0;
        qint64 requests = 0;
    };
    QHash<qint64, Count> m_lastRequests;   // per pid: the sample a rate is measured from
    qint64 m_intervalMs = 1000;   // the snapshots' period while subscribed
    QMap<qint64, qint64> m_intervals;   // sample time -> interval in force from then on (changes only)
    QHash<QString, int> m_currentGeneration;
    QList<Marker> m_markers;
    qint64 m_lastSampleMs = 0;
    qint64 m_firstSampleMs = 0;
    QSet<qint64> m_lastPids;
};

} // namespace baton
