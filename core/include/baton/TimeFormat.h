#pragma once

#include <QDateTime>
#include <QLocale>
#include <QString>

namespace baton {

// The one way baton-admin shows a moment: the locale's short date and its
// time with seconds, in local time ("2026-12-01 13:05:09" for en_SE,
// "12/1/26 1:05:09 PM" for en_US, "2026/12/1 13:05:09" for zh_TW). Every page
// (timeline, logs, history, banners) calls this, so they never disagree.
// With milliseconds for worker output, where lines come in bursts.
QString formatDateTime(const QDateTime &time, bool milliseconds = false, const QLocale &locale = QLocale());
// The time of day alone, with seconds (and milliseconds when asked), for
// columns whose date is obvious from the context (the live log).
QString formatTime(const QDateTime &time, bool milliseconds = false, const QLocale &locale = QLocale());

} // namespace baton
