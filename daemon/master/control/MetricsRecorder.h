#pragma once

#include "baton/MetricsRecords.h"
#include "baton/ProcSampler.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QVariantMap>

#include <deque>
#include <functional>

namespace baton {

class Supervisor;

// Per-worker /proc samples: the latest (for `status` and the `metrics`
// notifications) and the last `[daemon] metrics_history` of them (for
// `metrics_history`). One timer, one sampler, so the history costs no second
// pass over /proc: every second while someone subscribes to metrics, every
// IdleIntervalMs otherwise, and not at all with metrics_history = 0 and
// nobody subscribed (batond then is never woken for metrics).
class MetricsRecorder final : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 LiveIntervalMs = 1000;
    static constexpr qint64 IdleIntervalMs = 10000;

    explicit MetricsRecorder(Supervisor &supervisor, QObject *parent = nullptr);
    // The `status` result a sample is read from and announced as (built once
    // per sample); until set, the Supervisor's.
    void setStatusSource(std::function<QVariantMap()> source) { m_status = std::move(source); }

    void addSubscriber(const void *subscriber);
    void removeSubscriber(const void *subscriber);
    bool hasSubscribers() const { return !m_subscribers.isEmpty(); }
    // Reads daemonConfig().metricsHistory again (hot: after a reload).
    void configure();

    const QHash<qint64, QVariantMap> &latest() const { return m_latest; }   // pid -> {fds, rss_bytes, cpu_percent}
    records::MetricsHistory history() const;
    // Upgrade in place: the kept samples, and back in the new image (then
    // trimmed to its metrics_history), so the app's charts keep their past.
    QVariantList saveSamples() const;
    void restoreSamples(const QVariantList &samples);
    bool isSampling() const { return m_timer.isActive(); }

Q_SIGNALS:
    // After each sample, with the status it made (every second while subscribed).
    void sampled(const QVariantMap &status);

private:
    void sample();
    void reschedule();
    void trim(qint64 nowMs);
    qint64 intervalMs() const;

    Supervisor &m_supervisor;
    std::function<QVariantMap()> m_status;
    ProcSampler m_sampler;
    QTimer m_timer;
    QSet<const void *> m_subscribers;
    QHash<qint64, QVariantMap> m_latest;
    std::deque<records::MetricsSample> m_samples;   // oldest first
    qint64 m_keepMs = 0;
};

} // namespace baton
