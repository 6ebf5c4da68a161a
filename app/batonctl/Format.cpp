#include "Format.h"

#include "baton/ByteSize.h"
#include "baton/ControlRecords.h"
#include "baton/Diagnostic.h"
#include "baton/Event.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace baton::ctl {

QString table(const QStringList &header, const QList<QStringList> &rows)
{
    QList<qsizetype> widths(header.size(), 0);
    auto measure = [&](const QStringList &row) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    };
    measure(header);
    for (const QStringList &row : rows)
        measure(row);
    QString text;
    auto addLine = [&](const QStringList &row) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        text += line.trimmed().isEmpty() ? QString() : line + QLatin1Char('\n');
    };
    addLine(header);
    for (const QStringList &row : rows)
        addLine(row);
    return text;
}

QString humanDuration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("-");
    if (ms < 1000)
        return QStringLiteral("%1ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m %2s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return QStringLiteral("%1h %2m").arg(s / 3600).arg(s % 3600 / 60);
    return QStringLiteral("%1d %2h").arg(s / 86400).arg(s % 86400 / 3600);
}

QString humanBytes(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("-");
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    static const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes) / 1024;
    int unit = 0;
    while (value >= 1024 && unit < 3) {
        value /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', value < 10 ? 1 : 0).arg(QLatin1String(units[unit]));
}

QString humanPercent(double percent)
{
    return percent < 0 ? QStringLiteral("-") : QStringLiteral("%1%").arg(percent, 0, 'f', 1);
}

QString localTime(const QString &isoUtc)
{
    const QDateTime t = QDateTime::fromString(isoUtc, Qt::ISODateWithMs);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : isoUtc;
}

QString statusText(const QVariantMap &status)
{
    const QVariantMap d = status.value(QStringLiteral("daemon")).toMap();
    QString text = QStringLiteral("batond %1, pid %2, %3, up %4\nconfig %5 (version %6)\n\n")
                       .arg(d.value(QStringLiteral("version")).toString(), d.value(QStringLiteral("pid")).toString(),
                            d.value(QStringLiteral("state")).toString(), humanDuration(d.value(QStringLiteral("uptime_ms")).toLongLong()),
                            d.value(QStringLiteral("config_path")).toString(), d.value(QStringLiteral("config_version")).toString());
    // Upgrades in place keep the PID: say so, with the version it came from.
    if (const int upgrades = d.value(QStringLiteral("upgrades")).toInt(); upgrades > 0)
        text.insert(text.indexOf(QLatin1Char('\n')), QStringLiteral("; upgraded in place %1 time(s), last from %2 at %3")
                                                          .arg(upgrades).arg(d.value(QStringLiteral("previous_version")).toString(),
                                                                             d.value(QStringLiteral("upgraded_at")).toString()));
    // config_version is what runs; a hand edit not applied is only on disk.
    if (d.value(QStringLiteral("on_disk_differs")).toBool())
        text.insert(text.size() - 2, QStringLiteral("; on disk: version %1, not applied").arg(d.value(QStringLiteral("disk_version")).toString()));
    QList<QStringList> services, workers;
    QStringList notes;   // per service, under the table: why it failed, what holds it back
    // Read through the records batond builds its answer from (ready counted by batond).
    const records::Status record = records::Status::fromVariant(status).value_or(records::Status{});
    for (const records::Service &s : record.services) {
        services << QStringList{s.name, s.stoppedByRequest ? QStringLiteral("stopped by request") : s.state, QString::number(s.generation),
                                QStringLiteral("%1/%2").arg(s.readyWorkers).arg(s.workersWanted), QString::number(s.restartsInWindow)};
        if (!s.failure.isEmpty())
            notes << QStringLiteral("%1 failed: %2\n").arg(s.name, printable(s.failure));   // it may quote a worker
        // Workers waiting in write() for log_rate would look slow for no visible reason: say so.
        const QVariantMap log = s.extra.value(QStringLiteral("log")).toMap();
        if (const qint64 paused = log.value(QStringLiteral("paused_ms")).toLongLong(); paused > 0)
            notes << QStringLiteral("%1 output held back by log_rate (%2) for %3 in all\n")
                            .arg(s.name, formatLogRate(log.value(QStringLiteral("rate_bytes")).toLongLong()), humanDuration(paused));
        for (const records::Worker &w : s.workers) {
            workers << QStringList{QString::number(w.pid), s.name, QString::number(w.generation), w.state, humanDuration(w.uptimeMs),
                                   w.fds < 0 ? QStringLiteral("-") : QString::number(w.fds), humanBytes(w.rssBytes),
                                   humanPercent(w.cpuPercent), w.status};
        }
    }
    text += table({QStringLiteral("SERVICE"), QStringLiteral("STATE"), QStringLiteral("GEN"), QStringLiteral("WORKERS"), QStringLiteral("RESTARTS")},
                  services);
    text += notes.join(QString());
    if (!workers.isEmpty()) {
        text += QLatin1Char('\n');
        text += table({QStringLiteral("PID"), QStringLiteral("SERVICE"), QStringLiteral("GEN"), QStringLiteral("STATE"), QStringLiteral("UPTIME"),
                       QStringLiteral("FDS"), QStringLiteral("RSS"), QStringLiteral("CPU"), QStringLiteral("STATUS")},
                      workers);
    }
    return text;
}

QString historyText(const QVariantMap &history)
{
    QList<QStringList> rows;
    for (const QVariant &v : history.value(QStringLiteral("versions")).toList()) {
        const QVariantMap e = v.toMap();
        rows << QStringList{QString::number(e.value(QStringLiteral("id")).toInt()) + (e.value(QStringLiteral("current")).toBool() ? QStringLiteral("*") : QString()),
                            localTime(e.value(QStringLiteral("time")).toString()), e.value(QStringLiteral("author")).toString(),
                            e.value(QStringLiteral("hash")).toString().left(12), e.value(QStringLiteral("comment")).toString()};
    }
    if (rows.isEmpty())
        return QStringLiteral("no versions recorded\n");
    return table({QStringLiteral("ID"), QStringLiteral("TIME"), QStringLiteral("AUTHOR"), QStringLiteral("VERSION"), QStringLiteral("COMMENT")}, rows)
         + QStringLiteral("(* = running)\n");
}

QString printable(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\t') || (u >= 0x7f && u <= 0x9f))
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QString eventLine(const QVariantMap &event)
{
    const auto e = Event::fromJson(QJsonObject::fromVariantMap(event));
    if (!e)
        return QStringLiteral("(unreadable event) %1").arg(QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(event)).toJson(QJsonDocument::Compact)));
    const QString when = e->time.isValid() ? e->time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) : QStringLiteral("-");
    return when + QLatin1Char(' ') + printable(e->toLogLine());
}

QStringList diagnosticLines(const QVariantList &diagnostics, const QString &file, int *errors)
{
    QStringList lines;
    int count = 0;
    for (const Diagnostic &d : records::diagnosticsFromVariant(diagnostics)) {
        count += d.severity == Severity::Error ? 1 : 0;
        lines << d.format(file);
    }
    if (errors)
        *errors = count;
    return lines;
}

void out(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

void err(const QString &text)
{
    std::fflush(stdout);
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

} // namespace baton::ctl
