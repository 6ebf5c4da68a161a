#include "baton/Event.h"

#include "baton/IsoTime.h"
#include "baton/SignalNames.h"

#include <QJsonArray>

namespace baton {

QJsonObject Event::toJson() const
{
    // Keys that do not apply are left out (a daemon event has no service,
    // generation or pid): docs/control-api.md, "Event".
    QJsonObject o{{QStringLiteral("seq"), seq},
                  {QStringLiteral("time"), isoTimeUtc(time)},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("message"), message}};
    if (!service.isEmpty())
        o.insert(QStringLiteral("service"), service);
    if (generation != 0)
        o.insert(QStringLiteral("generation"), generation);
    if (pid != 0)
        o.insert(QStringLiteral("pid"), pid);
    if (exitCode)
        o.insert(QStringLiteral("exit_code"), *exitCode);
    if (signal)
        o.insert(QStringLiteral("signal"), signalName(*signal));
    if (coreDumped)
        o.insert(QStringLiteral("core_dumped"), true);
    if (uptimeMs)
        o.insert(QStringLiteral("uptime_ms"), *uptimeMs);
    if (delayMs)
        o.insert(QStringLiteral("delay_ms"), *delayMs);
    if (attempt)
        o.insert(QStringLiteral("attempt"), *attempt);
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    if (!cause.isEmpty())
        o.insert(QStringLiteral("cause"), cause);
    if (kind == EventKind::Exit) {
        o.insert(QStringLiteral("stderr_tail"), QJsonArray::fromStringList(stderrTail));
        o.insert(QStringLiteral("last_status"), lastStatus);
    }
    if (!version.isEmpty())
        o.insert(QStringLiteral("version"), version);
    if (!author.isEmpty())
        o.insert(QStringLiteral("author"), author);
    if (!comment.isEmpty())
        o.insert(QStringLiteral("comment"), comment);
    return o;
}

std::optional<Event> Event::fromJson(const QJsonObject &o)
{
    if (!o.value(QStringLiteral("seq")).isDouble() || !o.value(QStringLiteral("kind")).isString())
        return std::nullopt;
    Event e;
    e.seq = o.value(QStringLiteral("seq")).toInteger();
    e.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    e.kind = o.value(QStringLiteral("kind")).toString();
    e.service = o.value(QStringLiteral("service")).toString();
    e.generation = o.value(QStringLiteral("generation")).toInt();
    e.pid = o.value(QStringLiteral("pid")).toInteger();
    e.message = o.value(QStringLiteral("message")).toString();
    if (o.contains(QStringLiteral("exit_code")))
        e.exitCode = o.value(QStringLiteral("exit_code")).toInt();
    if (o.contains(QStringLiteral("signal"))) {
        const QString name = o.value(QStringLiteral("signal")).toString();
        for (int s = 1; s < 65; ++s) {
            if (signalName(s) == name)
                e.signal = s;
        }
    }
    e.coreDumped = o.value(QStringLiteral("core_dumped")).toBool();
    if (o.contains(QStringLiteral("uptime_ms")))
        e.uptimeMs = o.value(QStringLiteral("uptime_ms")).toInteger();
    if (o.contains(QStringLiteral("delay_ms")))
        e.delayMs = o.value(QStringLiteral("delay_ms")).toInteger();
    if (o.contains(QStringLiteral("attempt")))
        e.attempt = o.value(QStringLiteral("attempt")).toInt();
    e.reason = o.value(QStringLiteral("reason")).toString();
    e.cause = o.value(QStringLiteral("cause")).toString();
    for (const QJsonValue &line : o.value(QStringLiteral("stderr_tail")).toArray())
        e.stderrTail << line.toString();
    e.lastStatus = o.value(QStringLiteral("last_status")).toString();
    e.version = o.value(QStringLiteral("version")).toString();
    e.author = o.value(QStringLiteral("author")).toString();
    e.comment = o.value(QStringLiteral("comment")).toString();
    return e;
}

QString Event::toLogLine() const
{
    QString where;
    if (!service.isEmpty())
        where = generation ? QStringLiteral("[%1#%2").arg(service).arg(generation) : QStringLiteral("[%1").arg(service);
    if (pid)
        where += (where.isEmpty() ? QStringLiteral("[") : QStringLiteral(" ")) + QStringLiteral("pid %1").arg(pid);
    if (!where.isEmpty())
        where += QStringLiteral("] ");
    QString line = where + kind + QStringLiteral(": ") + message;
    if (!cause.isEmpty() && !message.contains(cause))
        line += QStringLiteral(" (cause: %1)").arg(cause);
    return line;
}

} // namespace baton
