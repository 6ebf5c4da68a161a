#include "baton/ControlRecords.h"
#include "baton/IsoTime.h"

#include "RecordFields.h"

namespace baton::records {

using namespace record_fields;   // a .cpp of core: the shared field helpers

QVariantMap Worker::toVariant() const
{
    QVariantMap m{{QStringLiteral("pid"), pid},
            {QStringLiteral("generation"), generation},
            {QStringLiteral("slot"), slot},
            {QStringLiteral("state"), state},
            {QStringLiteral("uptime_ms"), uptimeMs},
            {QStringLiteral("status"), status},
            {QStringLiteral("fds"), fds},
            {QStringLiteral("rss_bytes"), rssBytes},
            {QStringLiteral("cpu_percent"), cpuPercent},
            {QStringLiteral("restart_refused"), restartRefused}};
    if (requests)
        m.insert(QStringLiteral("requests"), *requests);
    return m;
}

std::optional<Worker> Worker::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    Worker w;
    w.pid = integer64(m, "pid");
    w.generation = integer(m, "generation");
    w.slot = integer(m, "slot");
    w.state = str(m, "state");
    w.uptimeMs = integer64(m, "uptime_ms");
    w.status = str(m, "status");
    w.fds = integer64(m, "fds", -1);
    w.rssBytes = integer64(m, "rss_bytes", -1);
    w.cpuPercent = m.value(QStringLiteral("cpu_percent"), -1.0).toDouble();
    w.restartRefused = str(m, "restart_refused");
    if (m.contains(QStringLiteral("requests")))
        w.requests = integer64(m, "requests");
    return w;
}

QVariantMap Generation::toVariant() const
{
    QVariantMap m{{QStringLiteral("number"), number}, {QStringLiteral("role"), role}, {QStringLiteral("workers"), workers},
                  {QStringLiteral("ready"), ready}};
    if (drainDeadlineMs)
        m.insert(QStringLiteral("drain_deadline_ms"), *drainDeadlineMs);
    return m;
}

std::optional<Generation> Generation::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    Generation g;
    g.number = integer(m, "number");
    g.role = str(m, "role");
    g.workers = integer(m, "workers");
    g.ready = integer(m, "ready");
    if (m.contains(QStringLiteral("drain_deadline_ms")))
        g.drainDeadlineMs = integer64(m, "drain_deadline_ms");
    return g;
}

static const QStringList ServiceKeys{QStringLiteral("name"), QStringLiteral("state"), QStringLiteral("generation"),
                                     QStringLiteral("workers_wanted"), QStringLiteral("ready_workers"),
                                     QStringLiteral("restarts_in_window"), QStringLiteral("next_restart_delay_ms"),
                                     QStringLiteral("generations"), QStringLiteral("workers"), QStringLiteral("stopped_by_request"),
                                     QStringLiteral("failure")};

QVariantMap Service::toVariant() const
{
    QVariantMap m = extra;
    m.insert(QStringLiteral("name"), name);
    m.insert(QStringLiteral("state"), state);
    m.insert(QStringLiteral("generation"), generation);
    m.insert(QStringLiteral("workers_wanted"), workersWanted);
    m.insert(QStringLiteral("ready_workers"), readyWorkers);
    m.insert(QStringLiteral("restarts_in_window"), restartsInWindow);
    m.insert(QStringLiteral("next_restart_delay_ms"), nextRestartDelayMs);
    m.insert(QStringLiteral("stopped_by_request"), stoppedByRequest);
    m.insert(QStringLiteral("failure"), failure);
    m.insert(QStringLiteral("generations"), listOf(generations));
    m.insert(QStringLiteral("workers"), listOf(workers));
    return m;
}

std::optional<Service> Service::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    Service s;
    s.name = str(m, "name");
    s.state = str(m, "state");
    s.generation = integer(m, "generation");
    s.workersWanted = integer(m, "workers_wanted");
    s.readyWorkers = integer(m, "ready_workers");
    s.restartsInWindow = integer(m, "restarts_in_window");
    s.nextRestartDelayMs = integer64(m, "next_restart_delay_ms");
    s.stoppedByRequest = m.value(QStringLiteral("stopped_by_request")).toBool();
    s.failure = str(m, "failure");
    s.generations = recordsOf<Generation>(m.value(QStringLiteral("generations")));
    s.workers = recordsOf<Worker>(m.value(QStringLiteral("workers")));
    for (auto it = m.begin(); it != m.end(); ++it) {
        if (!ServiceKeys.contains(it.key()))
            s.extra.insert(it.key(), it.value());
    }
    return s;
}

QVariantMap Status::toVariant() const
{
    return {{QStringLiteral("daemon"), daemon}, {QStringLiteral("services"), listOf(services)}};
}

std::optional<Status> Status::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    Status s;
    s.daemon = m.value(QStringLiteral("daemon")).toMap();
    s.services = recordsOf<Service>(m.value(QStringLiteral("services")));
    return s;
}

QVariantMap Version::toVariant() const
{
    QVariantMap m{{QStringLiteral("id"), id},
                  {QStringLiteral("time"), isoTimeUtc(time)},
                  {QStringLiteral("author"), author},
                  {QStringLiteral("uid"), uid},
                  {QStringLiteral("hash"), hash},
                  {QStringLiteral("comment"), comment},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("current"), current}};
    if (text)
        m.insert(QStringLiteral("text"), *text);
    return m;
}

std::optional<Version> Version::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    Version v;
    v.id = integer(m, "id");
    v.time = QDateTime::fromString(str(m, "time"), Qt::ISODateWithMs);
    v.author = str(m, "author");
    v.uid = integer64(m, "uid", -1);
    v.hash = str(m, "hash");
    v.comment = str(m, "comment");
    v.status = str(m, "status");
    v.reason = str(m, "reason");
    v.current = m.value(QStringLiteral("current")).toBool();
    if (m.contains(QStringLiteral("text")))
        v.text = str(m, "text");
    return v;
}

namespace {

QVariantMap countsToVariant(const QMap<QString, qint64> &counts)
{
    QVariantMap out;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QMap<QString, qint64> countsFromVariant(const QVariant &value)
{
    QMap<QString, qint64> out;
    const QVariantMap m = value.toMap();
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        out.insert(it.key(), it.value().toLongLong());
    return out;
}

} // namespace

QVariantMap Logs::toVariant() const
{
    return {{QStringLiteral("lines"), lines},
            {QStringLiteral("last_seq"), lastSeq},
            {QStringLiteral("dropped"), countsToVariant(dropped)},
            {QStringLiteral("held_back_ms"), countsToVariant(heldBackMs)}};
}

std::optional<Logs> Logs::fromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    Logs l;
    l.lines = m.value(QStringLiteral("lines")).toList();
    l.lastSeq = integer64(m, "last_seq");
    l.dropped = countsFromVariant(m.value(QStringLiteral("dropped")));
    l.heldBackMs = countsFromVariant(m.value(QStringLiteral("held_back_ms")));
    return l;
}

QVariantMap diagnosticToVariant(const Diagnostic &d, const QString &fileName)
{
    return {{QStringLiteral("severity"), severityName(d.severity)},
            {QStringLiteral("line"), d.line},
            {QStringLiteral("column"), d.column},
            {QStringLiteral("key"), d.keyPath},
            {QStringLiteral("message"), d.message},
            {QStringLiteral("text"), d.format(fileName)}};
}

std::optional<Diagnostic> diagnosticFromVariant(const QVariant &value)
{
    if (!isMap(value))
        return std::nullopt;
    const QVariantMap m = value.toMap();
    Diagnostic d;
    d.severity = str(m, "severity") == QLatin1String("warning") ? Severity::Warning : Severity::Error;
    d.line = integer(m, "line");
    d.column = integer(m, "column");
    d.keyPath = str(m, "key");
    d.message = str(m, "message");
    return d;
}

Diagnostics diagnosticsFromVariant(const QVariantList &list)
{
    Diagnostics out;
    for (const QVariant &v : list) {
        if (auto d = diagnosticFromVariant(v))
            out << *d;
    }
    return out;
}

} // namespace baton::records
