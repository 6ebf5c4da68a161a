#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QSet>
#include <QString>
#include <QVariantMap>

#include <algorithm>

namespace baton {

// The last ten minutes of per-worker FD counts, RSS and CPU, and
// per-service totals, from the metrics snapshots; plus the moments a
// service's current generation changed (drawn as markers). Points are
// (milliseconds since the epoch, value). Unsampled values (-1) are skipped.
// Nothing is invented: where no sample came for more than twice the
// sampling interval (an outage, a service with no workers), segments()
// splits the line, and a chart draws a gap there.
class MetricsHistory final : public QObject {
    Q_OBJECT
public:
    enum class Metric { Fds, Rss, Cpu };
    struct Worker {
        qint64 pid = 0;
        QString service;
        int generation = 0;
        QList<QPointF> fds;
        QList<QPointF> rss;
        QList<QPointF> cpu;   // percent of one core
        const QList<QPointF> &points(Metric metric) const
        {
            return metric == Metric::Fds ? fds : metric == Metric::Rss ? rss : cpu;
        }
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
    // Any snapshot (not only samples): notices generation switches.
    void noteGenerations(const QVariantMap &status, qint64 nowMs);
    void noteCrash(const QString &service, qint64 pid, qint64 nowMs);
    void clear();

    QList<const Worker *> workers(const QString &service) const;   // "" = every service
    QList<QPointF> total(const QString &service, Metric metric) const;
    // The points in runs without a gap longer than maxGapMs().
    QList<QList<QPointF>> segments(const QList<QPointF> &points) const;
    qint64 maxGapMs() const { return 2 * m_intervalMs; }
    void setSamplingInterval(qint64 ms) { m_intervalMs = std::max<qint64>(ms, 1); }
    QList<Marker> markers(const QString &service) const;
    qint64 lastSampleMs() const { return m_lastSampleMs; }
    qint64 firstSampleMs() const { return m_firstSampleMs; }     // the oldest one kept
    bool inLastSample(qint64 pid) const { return m_lastPids.contains(pid); }

Q_SIGNALS:
    void changed();

private:
    void prune(qint64 nowMs);

    QHash<qint64, Worker> m_workers;
    QHash<QString, QList<QPointF>> m_totalFds;   // key "" = all services
    QHash<QString, QList<QPointF>> m_totalRss;
    QHash<QString, QList<QPointF>> m_totalCpu;
    qint64 m_intervalMs = 1000;   // the snapshots' period while subscribed
    QHash<QString, int> m_currentGeneration;
    QList<Marker> m_markers;
    qint64 m_lastSampleMs = 0;
    qint64 m_firstSampleMs = 0;
    QSet<qint64> m_lastPids;
};

} // namespace baton
