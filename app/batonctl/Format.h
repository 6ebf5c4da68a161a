#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace baton::ctl {

// Plain-text rendering for batonctl: aligned tables and human units.
QString table(const QStringList &header, const QList<QStringList> &rows);
QString humanDuration(qint64 ms);           // "850ms", "12s", "5m 2s", "2h 3m", "3d 4h"
QString humanBytes(qint64 bytes);           // "-" when negative
QString humanPercent(double percent);       // "-" when negative
QString localTime(const QString &isoUtc);   // "2024-05-01 14:03:07", as the user's clock reads it

// Status result → the service and worker tables.
QString statusText(const QVariantMap &status);
// History result → the versions table.
QString historyText(const QVariantMap &history);
// One Event map → "2024-05-01 14:03:07.123 [web#2 pid 1234] ready: ...".
QString eventLine(const QVariantMap &event);
// Text from workers (their output, and event messages that quote it) as the
// terminal should show it: control characters other than tab, DEL and the
// C1 controls as \xNN, so that what a worker printed cannot move the
// cursor, retitle the window or recolour the operator's terminal.
QString printable(const QString &text);

// Diagnostics of validate/apply, as GCC-style lines naming `file`.
QStringList diagnosticLines(const QVariantList &diagnostics, const QString &file, int *errors = nullptr);

// Writes UTF-8 to stdout / stderr ("batonctl: " is not added).
void out(const QString &text);
void err(const QString &text);

} // namespace baton::ctl
