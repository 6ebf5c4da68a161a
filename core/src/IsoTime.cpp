#include "baton/IsoTime.h"

#include <cstdio>
#include <ctime>

namespace baton {

// By hand with gmtime_r because every event and every worker output line is
// written with its time, and Qt's formatter (its calendar and locale
// machinery) was a visible share of batond's CPU per reload in the
// reload_scale_cpu profile (bench/analysis.md). Years outside 1..9999 go to
// Qt's (which has no year 0 and writes nothing for them).
QString isoTimeUtc(qint64 ms)
{
    const qint64 secs = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);   // floor, also for times before 1970
    const std::time_t t = std::time_t(secs);
    std::tm tm{};
    if (!::gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
        return QDateTime::fromMSecsSinceEpoch(ms).toUTC().toString(Qt::ISODateWithMs);
    char out[32];
    const int n = std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(ms - secs * 1000));
    return QString::fromLatin1(out, n);
}

QString isoTimeUtc(const QDateTime &time)
{
    return time.isValid() ? isoTimeUtc(time.toMSecsSinceEpoch()) : QString();
}

} // namespace baton
