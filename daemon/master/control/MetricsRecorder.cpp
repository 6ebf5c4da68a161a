#include "MetricsRecorder.h"

#include "Supervisor.h"

#include <QDateTime>
#include <QVariantList>

namespace baton {

MetricsRecorder::MetricsRecorder(Supervisor &supervisor, QObject *parent)
    : QObject(parent), m_supervisor(supervisor)
{
    connect(&m_timer, &QTimer::timeout, this, &MetricsRecorder::sample);
    connect(&m_supervisor, &Supervisor::metricsHistoryChanged, this, &MetricsRecorder::configure);
}

void MetricsRecorder::configure()
{
    m_keepMs = qint64(m_supervisor.daemonConfig().metricsHistory.count());
    if (m_keepMs == 0)
        m_samples.clear();
    else
        trim(QDateTime::currentMSecsSinceEpoch());
    reschedule();
}

qint64 MetricsRecorder::intervalMs() const
{
    if (hasSubscribers())
        return LiveIntervalMs;
    return m_keepMs > 0 ? IdleIntervalMs : 0;
}

void MetricsRecorder::reschedule()
{
    const qint64 interval = intervalMs();
    if (interval == 0) {
        m_timer.stop();
        m_latest.clear();   // nobody looks: status says "not sampled" rather than old values
        return;
    }
    if (m_timer.isActive() && m_timer.interval() == interval)
        return;
    // Sampling slows down (the last subscriber left): the next sample is due
    // up to `interval` after the last one, which a client must not draw as
    // a gap, so the last sample says so.
    if (!m_samples.empty() && interval > m_samples.back().intervalMs)
        m_samples.back().intervalMs = interval;
    // Coarse for the idle 10 s: the wake-up may be batched with others.
    m_timer.setTimerType(interval >= IdleIntervalMs ? Qt::CoarseTimer : Qt::PreciseTimer);
    m_timer.start(int(interval));
}

void MetricsRecorder::addSubscriber(const void *subscriber)
{
    const bool first = m_subscribers.isEmpty();
    m_subscribers.insert(subscriber);
    if (first) {
        sample();   // a new subscriber sees values at once
        reschedule();
    }
}

void MetricsRecorder::removeSubscriber(const void *subscriber)
{
    m_subscribers.remove(subscriber);
    if (m_subscribers.isEmpty())
        reschedule();
}

void MetricsRecorder::sample()
{
    const auto samples = m_sampler.sample(m_supervisor.workerPids());
    m_latest.clear();
    for (auto it = samples.begin(); it != samples.end(); ++it) {
        m_latest.insert(it.key(), {{QStringLiteral("fds"), it->fds},
                                   {QStringLiteral("rss_bytes"), it->rssBytes},
                                   {QStringLiteral("cpu_percent"), it->cpuPercent}});
    }
    const QVariantMap status = m_status ? m_status() : m_supervisor.status(m_latest);
    if (m_keepMs > 0) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        records::MetricsSample entry;
        entry.timeMs = now;
        entry.intervalMs = intervalMs();
        for (const QVariant &s : status.value(QStringLiteral("services")).toList()) {
            const QVariantMap service = s.toMap();
            const QString name = service.value(QStringLiteral("name")).toString();
            for (const QVariant &w : service.value(QStringLiteral("workers")).toList()) {
                const QVariantMap worker = w.toMap();
                records::WorkerSample ws;
                ws.pid = worker.value(QStringLiteral("pid")).toLongLong();
                ws.service = name;
                ws.generation = worker.value(QStringLiteral("generation")).toInt();
                ws.fds = worker.value(QStringLiteral("fds"), -1).toLongLong();
                ws.rssBytes = worker.value(QStringLiteral("rss_bytes"), -1).toLongLong();
                ws.cpuPercent = worker.value(QStringLiteral("cpu_percent"), -1.0).toDouble();
                if (worker.contains(QStringLiteral("requests")))
                    ws.requests = worker.value(QStringLiteral("requests")).toLongLong();
                entry.workers << ws;
            }
        }
        m_samples.push_back(std::move(entry));
        trim(now);
    }
    Q_EMIT sampled(status);
}

void MetricsRecorder::trim(qint64 nowMs)
{
    while (!m_samples.empty() && m_samples.front().timeMs < nowMs - m_keepMs)
        m_samples.pop_front();
}

QVariantList MetricsRecorder::saveSamples() const
{
    QVariantList out;
    for (const records::MetricsSample &s : m_samples)
        out << s.toVariant();
    return out;
}

void MetricsRecorder::restoreSamples(const QVariantList &samples)
{
    m_samples.clear();
    for (const QVariant &v : samples) {
        if (auto s = records::MetricsSample::fromVariant(v); s && (m_samples.empty() || s->timeMs >= m_samples.back().timeMs))
            m_samples.push_back(std::move(*s));
    }
    if (m_keepMs == 0)
        m_samples.clear();
    else
        trim(QDateTime::currentMSecsSinceEpoch());
}

records::MetricsHistory MetricsRecorder::history() const
{
    records::MetricsHistory h;
    h.intervalMs = intervalMs();
    h.keptMs = m_keepMs;
    const qint64 oldest = QDateTime::currentMSecsSinceEpoch() - m_keepMs;   // trim() runs only when sampling
    for (const records::MetricsSample &s : m_samples) {
        if (s.timeMs >= oldest)
            h.samples << s;
    }
    return h;
}

} // namespace baton
