#include "baton/ByteSize.h"
#include "baton/Config.h"

#include <cmath>

namespace baton {

std::optional<qint64> parseByteSize(QStringView text, QString *error)
{
    const QString t = text.trimmed().toString();
    qsizetype i = 0;
    while (i < t.size() && (t[i].isDigit() || t[i] == QLatin1Char('.')))
        ++i;
    bool ok = false;
    const double number = t.left(i).toDouble(&ok);
    const QString unit = t.mid(i).trimmed().toLower();
    auto fail = [&](const QString &why) -> std::optional<qint64> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!ok || i == 0)
        return fail(QStringLiteral("bad size \"%1\": expected a number with a unit B, KiB, MiB or GiB, like \"512KiB\" or \"1MiB\"").arg(t));
    double factor = 0;
    if (unit == QLatin1String("b"))
        factor = 1;
    else if (unit == QLatin1String("k") || unit == QLatin1String("kib") || unit == QLatin1String("kb"))
        factor = 1024.0;
    else if (unit == QLatin1String("m") || unit == QLatin1String("mib") || unit == QLatin1String("mb"))
        factor = 1024.0 * 1024.0;
    else if (unit == QLatin1String("g") || unit == QLatin1String("gib") || unit == QLatin1String("gb"))
        factor = 1024.0 * 1024.0 * 1024.0;
    else
        return fail(QStringLiteral("bad size \"%1\": expected a number with a unit B, KiB, MiB or GiB, like \"512KiB\" or \"1MiB\"").arg(t));
    const double bytes = std::round(number * factor);
    if (bytes > 64.0 * 1024 * 1024 * 1024)
        return fail(QStringLiteral("size \"%1\" is too large").arg(t));
    return qint64(bytes);
}

QString formatByteSize(qint64 bytes)
{
    static const struct { qint64 factor; const char *unit; } units[] = {
        {1024LL * 1024 * 1024, "GiB"}, {1024LL * 1024, "MiB"}, {1024, "KiB"}};
    for (const auto &u : units) {
        if (bytes > 0 && bytes % u.factor == 0)
            return QString::number(bytes / u.factor) + QLatin1String(u.unit);
    }
    return QString::number(bytes) + QLatin1Char('B');
}

std::optional<qint64> parseLogRate(QStringView text, QString *error)
{
    const QStringView t = text.trimmed();
    if (t == QLatin1String("unlimited"))
        return 0;
    if (!t.endsWith(QLatin1String("/s"))) {
        if (error)
            *error = QStringLiteral("bad rate \"%1\": expected a size per second like \"4MiB/s\", or \"unlimited\"").arg(t);
        return std::nullopt;
    }
    const auto bytes = parseByteSize(t.chopped(2), error);
    if (!bytes)
        return std::nullopt;
    if (*bytes < MinLogRate || *bytes > MaxLogRate) {
        if (error)
            *error = QStringLiteral("rate \"%1\" is outside %2 to %3 (or \"unlimited\")")
                         .arg(t, formatLogRate(MinLogRate), formatLogRate(MaxLogRate));
        return std::nullopt;
    }
    return bytes;
}

QString formatLogRate(qint64 bytesPerSecond)
{
    return bytesPerSecond <= 0 ? QStringLiteral("unlimited") : formatByteSize(bytesPerSecond) + QLatin1String("/s");
}

} // namespace baton
