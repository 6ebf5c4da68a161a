#include "baton/MetricsRecords.h"

#include "RecordFields.h"

#include <QVariantList>

namespace baton::records {

using namespace record_fields;

QVariantMap WorkerSample::toVariant() const
{
    QVariantMap m{{QStringLiteral("pid"), pid},
                  {QStringLiteral("service"), service},
                  {QStringLiteral("generation"), generation},
                  {QStringLiteral("fds"), fds},
                  {QStringLiteral("rss_bytes"), rssBytes},
                  {QStringLiteral("cpu_percent"), cpuPercent}};
    if (requests)
        m.insert(QStringLiteral("requests"), *requests);
    return m;
}

std::optional<WorkerSample> WorkerSample::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    WorkerSample w;
    w.pid = integer64(m, "pid");
    w.service = m.value(QStringLiteral("service")).toString();
    w.generation = int(integer64(m, "generation"));
    w.fds = integer64(m, "fds", -1);
    w.rssBytes = integer64(m, "rss_bytes", -1);
    w.cpuPercent = m.value(QStringLiteral("cpu_percent"), -1.0).toDouble();
    if (m.contains(QStringLiteral("requests")))
        w.requests = integer64(m, "requests");
    return w;
}

QVariantMap MetricsSample::toVariant() const
{
    return {{QStringLiteral("time_ms"), timeMs}, {QStringLiteral("interval_ms"), intervalMs},
            {QStringLiteral("workers"), listOf(workers)}};
}

std::optional<MetricsSample> MetricsSample::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    MetricsSample s;
    s.timeMs = integer64(m, "time_ms");
    s.intervalMs = integer64(m, "interval_ms");
    for (const QVariant &w : m.value(QStringLiteral("workers")).toList()) {
        if (auto worker = WorkerSample::fromVariant(w))
            s.workers << *worker;
    }
    return s;
}

QVariantMap MetricsHistory::toVariant() const
{
    QVariantList list;
    for (const MetricsSample &s : samples)
        list << s.toVariant();
    return {{QStringLiteral("interval_ms"), intervalMs}, {QStringLiteral("kept_ms"), keptMs}, {QStringLiteral("samples"), list}};
}

std::optional<MetricsHistory> MetricsHistory::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    MetricsHistory h;
    h.intervalMs = integer64(m, "interval_ms");
    h.keptMs = integer64(m, "kept_ms");
    for (const QVariant &s : m.value(QStringLiteral("samples")).toList()) {
        if (auto sample = MetricsSample::fromVariant(s))
            h.samples << *sample;
    }
    return h;
}

} // namespace baton::records
