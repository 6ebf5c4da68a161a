#include "baton/Duration.h"

#include <QRegularExpression>

#include <cmath>

namespace baton {

namespace {

struct Unit {
    const char *suffix;
    double milliseconds;
};

constexpr Unit units[] = {{"ms", 1.0}, {"s", 1000.0}, {"m", 60'000.0}, {"h", 3'600'000.0}};
constexpr double maxMilliseconds = 366.0 * 24 * 3'600'000.0;   // a year is plenty for any timeout

} // namespace

std::optional<Milliseconds> parseDuration(QStringView text, QString *error)
{
    static const QRegularExpression part(QStringLiteral(R"(\G(\d+(?:\.\d+)?)(ms|s|m|h))"));
    const QString input = text.trimmed().toString();
    auto fail = [&](const QString &why) -> std::optional<Milliseconds> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString hint = QStringLiteral("expected a number with a unit ms, s, m or h, like \"500ms\", \"30s\" or \"1m30s\"");
    if (input.isEmpty())
        return fail(QStringLiteral("empty duration: %1").arg(hint));

    double total = 0;
    qsizetype pos = 0;
    while (pos < input.size()) {
        const auto match = part.match(input, pos, QRegularExpression::NormalMatch,
                                      QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return fail(QStringLiteral("bad duration \"%1\": %2").arg(input, hint));
        const QString suffix = match.captured(2);
        for (const Unit &unit : units) {
            if (suffix == QLatin1String(unit.suffix))
                total += match.captured(1).toDouble() * unit.milliseconds;
        }
        pos = match.capturedEnd(0);
    }
    if (total > maxMilliseconds)
        return fail(QStringLiteral("duration \"%1\" is too long (at most 366 days)").arg(input));
    return Milliseconds(static_cast<qint64>(std::llround(total)));
}

QString formatDuration(Milliseconds duration)
{
    const qint64 ms = duration.count();
    if (ms == 0)
        return QStringLiteral("0s");
    if (ms % 3'600'000 == 0)
        return QStringLiteral("%1h").arg(ms / 3'600'000);
    if (ms % 60'000 == 0)
        return QStringLiteral("%1m").arg(ms / 60'000);
    if (ms % 1000 == 0)
        return QStringLiteral("%1s").arg(ms / 1000);
    return QStringLiteral("%1ms").arg(ms);
}

} // namespace baton
