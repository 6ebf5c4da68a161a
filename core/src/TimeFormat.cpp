#include "baton/TimeFormat.h"

namespace baton {

namespace {

// The locale's short time format, with seconds added when it has none
// (most short formats stop at minutes: "HH:mm", "h:mm AP").
QString timeFormatWithSeconds(const QLocale &locale, bool milliseconds)
{
    QString format = locale.timeFormat(QLocale::ShortFormat);
    // CLDR's flexible day period "B" (zh_TW: "Bh:mm") is not a Qt format
    // letter: Qt 6.4 would print a literal B. AM/PM says the same here.
    if (format.contains(QLatin1Char('B')) && !format.contains(QLatin1Char('\'')))
        format.replace(QLatin1Char('B'), QLatin1String("AP"));
    if (!format.contains(QLatin1Char('s'))) {
        const qsizetype minutes = format.lastIndexOf(QLatin1String("mm"));
        if (minutes >= 0)
            format.insert(minutes + 2, QStringLiteral(":ss"));
        else
            format = QStringLiteral("HH:mm:ss");
    }
    if (milliseconds) {
        const qsizetype seconds = format.lastIndexOf(QLatin1String("ss"));
        format.insert(seconds + 2, QStringLiteral(".zzz"));
    }
    return format;
}

} // namespace

QString formatDateTime(const QDateTime &time, bool milliseconds, const QLocale &locale)
{
    if (!time.isValid())
        return {};
    return locale.toString(time.toLocalTime(),
                           locale.dateFormat(QLocale::ShortFormat) + QLatin1Char(' ') + timeFormatWithSeconds(locale, milliseconds));
}

QString formatTime(const QDateTime &time, bool milliseconds, const QLocale &locale)
{
    if (!time.isValid())
        return {};
    return locale.toString(time.toLocalTime(), timeFormatWithSeconds(locale, milliseconds));
}

} // namespace baton
