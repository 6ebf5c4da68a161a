#include "MetricsHistory.h"

#include <QVariantList>

#include <algorithm>

namespace baton {

namespace {

void dropBefore(QList<QPointF> &points, qint64 limitMs)
{
    const auto firstKept = std::find_if(points.begin(), points.end(), [limitMs](const QPointF &p) { return p.x() >= limitMs; });
    points.erase(points.begin(), firstKept);
}

} // namespace

MetricsHistory::MetricsHistory(QObject *parent)
    : QObject(parent)
{
}

void MetricsHistory::addSample(const QVariantMap &status, qint64 nowMs)
{
    const double x = double(nowMs);
    double allFds = 0, allRss = 0, allCpu = 0;
    bool anySampled = false;
    m_lastPids.clear();
    for (const QVariant &s : status.value(QStringLiteral("services")).toList()) {
        const QVariantMap service = s.toMap();
        const QString name = service.value(QStringLiteral("name")).toString();
        double fds = 0, rss = 0, cpu = 0;
        bool sampled = false;
        for (const QVariant &w : service.value(QStringLiteral("workers")).toList()) {
            const QVariantMap worker = w.toMap();
            const qint64 pid = worker.value(QStringLiteral("pid")).toLongLong();
            const qint64 workerFds = worker.value(QStringLiteral("fds"), -1).toLongLong();
            const qint64 workerRss = worker.value(QStringLiteral("rss_bytes"), -1).toLongLong();
            const double workerCpu = worker.value(QStringLiteral("cpu_percent"), -1).toDouble();
            if (workerFds < 0 && workerRss < 0)
                continue;
            m_lastPids.insert(pid);
            Worker &entry = m_workers[pid];
            entry.pid = pid;
            entry.service = name;
            entry.generation = worker.value(QStringLiteral("generation")).toInt();
            if (workerFds >= 0) {
                entry.fds << QPointF(x, double(workerFds));
                fds += double(workerFds);
            }
            if (workerRss >= 0) {
                entry.rss << QPointF(x, double(workerRss));
                rss += double(workerRss);
            }
            if (workerCpu >= 0) {
                entry.cpu << QPointF(x, workerCpu);
                cpu += workerCpu;
            }
            sampled = true;
        }
        if (!sampled)
            continue;
        m_totalFds[name] << QPointF(x, fds);
        m_totalRss[name] << QPointF(x, rss);
        m_totalCpu[name] << QPointF(x, cpu);
        allFds += fds;
        allRss += rss;
        allCpu += cpu;
        anySampled = true;
    }
    if (anySampled) {
        m_totalFds[QString()] << QPointF(x, allFds);
        m_totalRss[QString()] << QPointF(x, allRss);
        m_totalCpu[QString()] << QPointF(x, allCpu);
    }
    m_lastSampleMs = nowMs;
    if (m_firstSampleMs == 0)
        m_firstSampleMs = nowMs;
    noteGenerations(status, nowMs);
    prune(nowMs);
    Q_EMIT changed();
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
        dropBefore(it->fds, limit);
        dropBefore(it->rss, limit);
        dropBefore(it->cpu, limit);
        if (it->fds.isEmpty() && it->rss.isEmpty() && it->cpu.isEmpty())
            it = m_workers.erase(it);
        else
            ++it;
    }
    for (auto *totals : {&m_totalFds, &m_totalRss, &m_totalCpu}) {
        for (auto it = totals->begin(); it != totals->end();) {
            dropBefore(*it, limit);
            it = it->isEmpty() ? totals->erase(it) : std::next(it);
        }
    }
    m_markers.erase(std::remove_if(m_markers.begin(), m_markers.end(), [limit](const Marker &m) { return m.timeMs < limit; }),
                    m_markers.end());
}

void MetricsHistory::clear()
{
    m_workers.clear();
    m_totalFds.clear();
    m_totalRss.clear();
    m_totalCpu.clear();
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
    return (metric == Metric::Fds ? m_totalFds : metric == Metric::Rss ? m_totalRss : m_totalCpu).value(service);
}

QList<QList<QPointF>> MetricsHistory::segments(const QList<QPointF> &points) const
{
    QList<QList<QPointF>> out;
    for (const QPointF &p : points) {
        if (out.isEmpty() || p.x() - out.last().last().x() > double(maxGapMs()))
            out.append(QList<QPointF>());
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
