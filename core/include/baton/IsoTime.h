#pragma once

#include <QDateTime>
#include <QString>

namespace baton {

// "2026-12-01T18:20:00.123Z": the time of every record of the control
// protocol, exactly as QDateTime::toString(Qt::ISODateWithMs) writes it for
// UTC (empty for an invalid time), parsed back by QDateTime::fromString.
QString isoTimeUtc(qint64 msecsSinceEpoch);
QString isoTimeUtc(const QDateTime &time);

} // namespace baton
