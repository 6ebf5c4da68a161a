#include "MetricsHistory.h"

#include <QVariantList>

#include <algorithm>
#include <limits>

namespace baton {

namespace {

void dropBefore(QList<QPointF> &points, qint64 limitMs)
{
    const auto firstKept = std::find_if(points.begin(), points.end(), [limitMs](const QPointF &p) { return p.x() >= limitMs; });
    points.erase(points.begin(), firstKept);
}

// A metrics_history sample in the shape of a metrics snapshot (services with
// their workers), so both go through record(). No service generation: a
// generation switch in the past is not known, so no marker is made up.
QVariantMap statusOf(const records::MetricsSample &sample)
{
    QStringList order;
    QHash<QString, QVariantList> workers;
    for (const records::WorkerSample &w : sample.workers) {
        if (!workers.contains(w.service))
            order << w.service;
        workers[w.service] << w.toVariant();
    }
    QVariantList services;
    for (const QString &name : std::as_const(order))
        services << QVariantMap{{QStringLiteral("name"), name}, {QStringLiteral("workers"), workers.value(name)}};
    return {{QStringLiteral("services"), services}};
}

} // namespace

MetricsHistory::MetricsHistory(QObject *parent)
    : QObject(parent)
{
}

void MetricsHistory::addSample(const QVariantMap &status, qint64 nowMs)
{
    record(status, nowMs, m_intervalMs);
    noteGenerations(status, nowMs);
    prune(nowMs);
    Q_EMIT changed();
}

void MetricsHistory::record(const QVariantMap &status, qint64 nowMs, qint64 intervalMs)
{
    if (m_intervals.isEmpty() || intervalAt(double(nowMs)) != intervalMs)
        m_intervals.insert(nowMs, intervalMs);
    const double x = double(nowMs);
    std::array<double, MetricCount> all{};
    std::array<bool, MetricCount> allSeen{};
    m_lastPids.clear();
    for (const QVariant &s : status.value(QStringLiteral("services")).toList()) {
        const QVariantMap service = s.toMap();
        const QString name = service.value(QStringLiteral("name")).toString();
        std::array<double, MetricCount> sum{};
        std::array<bool, MetricCount> seen{};
        for (const QVariant &w : service.value(QStringLiteral("workers")).toList()) {
            const QVariantMap worker = w.toMap();
            const qint64 pid = worker.value(QStringLiteral("pid")).toLongLong();
            std::array<double, MetricCount> value{double(worker.value(QStringLiteral("fds"), -1).toLongLong()),
                                                  double(worker.value(QStringLiteral("rss_bytes"), -1).toLongLong()),
                                                  worker.value(QStringLiteral("cpu_percent"), -1).toDouble(), -1.0};
            if (value[0] < 0 && value[1] < 0)
                continue;
            // A rate between two samples of this worker close enough to be one
            // line: across an outage it would be an average nobody measured.
            if (worker.contains(QStringLiteral("requests"))) {
                const qint64 requests = worker.value(QStringLiteral("requests")).toLongLong();
                const auto previous = m_lastRequests.constFind(pid);
                const qint64 span = previous == m_lastRequests.cend() ? 0 : nowMs - previous->timeMs;
                if (span > 0 && requests >= previous->requests
                    && span <= 2 * std::max(intervalMs, intervalAt(double(previous->timeMs))))
                    value[size_t(Metric::Requests)] = double(requests - previous->requests) * 1000.0 / double(span);
                m_lastRequests.insert(pid, {nowMs, requests});
            }
            m_lastPids.insert(pid);
            Worker &entry = m_workers[pid];
            entry.pid = pid;
            entry.service = name;
            entry.generation = worker.value(QStringLiteral("generation")).toInt();
            for (int m = 0; m < MetricCount; ++m) {
                if (value[m] < 0)
                    continue;
                entry.series[m] << QPointF(x, value[m]);
                sum[m] += value[m];
                seen[m] = true;
            }
        }
        for (int m = 0; m < MetricCount; ++m) {
            if (!seen[m])
                continue;
            m_totals[m][name] << QPointF(x, sum[m]);
            all[m] += sum[m];
            allSeen[m] = true;
        }
    }
    for (int m = 0; m < MetricCount; ++m) {
        if (allSeen[m])
            m_totals[m][QString()] << QPointF(x, all[m]);
    }
    m_lastSampleMs = nowMs;
    if (m_firstSampleMs == 0)
        m_firstSampleMs = nowMs;
}

void MetricsHistory::loadHistory(const records::MetricsHistory &history, qint64 nowMs)
{
    // What batond sampled before our first snapshot, replayed on its own and
    // put in front: batond's samples since then are the ones we have.
    // Our times are those we received the snapshots at, batond's when it took
    // them: half an interval apart at most, so the same sample is never twice.
    const qint64 before = m_lastSampleMs > 0 ? m_firstSampleMs - m_intervalMs / 2 : std::numeric_limits<qint64>::max();
    MetricsHistory older;
    for (const records::MetricsSample &s : history.samples) {
        if (s.timeMs < before && s.timeMs >= nowMs - WindowMs)
            older.record(statusOf(s), s.timeMs, s.intervalMs > 0 ? s.intervalMs : m_intervalMs);
    }
    if (older.m_lastSampleMs == 0)
        return;
    for (const Worker &w : std::as_const(older.m_workers)) {
        Worker &entry = m_workers[w.pid];
        if (entry.pid == 0) {
            entry.pid = w.pid;
            entry.service = w.service;
            entry.generation = w.generation;
        }
        for (int m = 0; m < MetricCount; ++m)
            entry.series[m] = w.series[m] + entry.series[m];
    }
    for (int m = 0; m < MetricCount; ++m) {
        for (auto it = older.m_totals[m].cbegin(); it != older.m_totals[m].cend(); ++it)
            m_totals[m][it.key()] = it.value() + m_totals[m].value(it.key());
    }
    for (auto it = older.m_intervals.cbegin(); it != older.m_intervals.cend(); ++it)
        m_intervals.insert(it.key(), it.value());
    for (auto it = older.m_lastRequests.cbegin(); it != older.m_lastRequests.cend(); ++it) {
        if (!m_lastRequests.contains(it.key()))
            m_lastRequests.insert(it.key(), it.value());
    }
    if (m_lastSampleMs == 0) {
        m_lastSampleMs = older.m_lastSampleMs;
        m_lastPids = older.m_lastPids;
    }
    m_firstSampleMs = older.m_firstSampleMs;
    prune(nowMs);
    Q_EMIT changed();
}

qint64 MetricsHistory::intervalAt(double x) const
{
    if (m_intervals.isEmpty())
        return m_intervalMs;
    auto it = m_intervals.upperBound(qint64(x));
    if (it != m_intervals.cbegin())
        --it;
    return it.value();
}

void MetricsHistory::noteGenerations(const QVariantMap &status, qint64 nowMs)
{
    for (const QVariant &s : status.value(QStringLiteral("services")).toList()) {
        const QVariantMap service = s.toMap();
        const QString name = service.value(QStringLiteral("name")).toString();
        const int generation = service.value(QStringLiteral("generation")).toInt();
        const auto known = m_currentGeneration.constFind(name);
        // The first sighting is where we came in, not a switch.
        if (known != m_currentGeneration.cend() && *known != generation && generation > 0)
            m_markers << Marker{nowMs, name, generation};
        m_currentGeneration.insert(name, generation);
    }
}

void MetricsHistory::noteCrash(const QString &service, qint64 pid, qint64 nowMs)
{
    m_markers << Marker{nowMs, service, 0, pid};
    Q_EMIT changed();
}

void MetricsHistory::prune(qint64 nowMs)
{
    const qint64 limit = nowMs - WindowMs;
    m_firstSampleMs = std::max(m_firstSampleMs, limit);
    for (auto it = m_workers.begin(); it != m_workers.end();) {
        bool empty = true;
        for (QList<QPointF> &points : it->series) {
            dropBefore(points, limit);
            empty = empty && points.isEmpty();
        }
        if (empty) {
            m_lastRequests.remove(it.key());
            it = m_workers.erase(it);
        } else {
            ++it;
        }
    }
    for (Totals &totals : m_totals) {
        for (auto it = totals.begin(); it != totals.end();) {
            dropBefore(*it, limit);
            it = it->isEmpty() ? totals.erase(it) : std::next(it);
        }
    }
    // Keep the interval in force at the window's start.
    while (m_intervals.size() > 1 && std::next(m_intervals.begin()).key() <= limit)
        m_intervals.erase(m_intervals.begin());
    m_markers.erase(std::remove_if(m_markers.begin(), m_markers.end(), [limit](const Marker &m) { return m.timeMs < limit; }),
                    m_markers.end());
}

void MetricsHistory::clear()
{
    m_workers.clear();
    for (Totals &totals : m_totals)
        totals.clear();
    m_lastRequests.clear();
    m_intervals.clear();
    m_currentGeneration.clear();
    m_markers.clear();
    m_lastPids.clear();
    m_lastSampleMs = 0;
    m_firstSampleMs = 0;
    Q_EMIT changed();
}

QList<const MetricsHistory::Worker *> MetricsHistory::workers(const QString &service) const
{
    QList<const Worker *> out;
    for (const Worker &w : m_workers) {
        if (service.isEmpty() || w.service == service)
            out << &w;
    }
    std::sort(out.begin(), out.end(), [](const Worker *a, const Worker *b) {
        return a->generation != b->generation ? a->generation < b->generation : a->pid < b->pid;
    });
    return out;
}

QList<QPointF> MetricsHistory::total(const QString &service, Metric metric) const
{
    return m_totals[size_t(metric)].value(service);
}

QList<QList<QPointF>> MetricsHistory::segments(const QList<QPointF> &points) const
{
    QList<QList<QPointF>> out;
    for (const QPointF &p : points) {
        if (out.isEmpty()) {
            out.append(QList<QPointF>());
        } else {
            const QPointF &last = out.last().last();
            if (p.x() - last.x() > double(2 * std::max(intervalAt(last.x()), intervalAt(p.x()))))
                out.append(QList<QPointF>());
        }
        out.last() << p;
    }
    return out;
}

QList<MetricsHistory::Marker> MetricsHistory::markers(const QString &service) const
{
    QList<Marker> out;
    for (const Marker &m : m_markers) {
        if (service.isEmpty() || m.service == service)
            out << m;
    }
    return out;
}

} // namespace baton
