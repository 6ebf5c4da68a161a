#pragma once

#include <QString>
#include <QStringView>

#include <chrono>
#include <optional>

namespace baton {

using Milliseconds = std::chrono::milliseconds;

// Parses "250ms", "10s", "1.5s", "2m", "1h", "1m30s". Units are required so a
// bare number never silently means seconds in one key and milliseconds in another.
std::optional<Milliseconds> parseDuration(QStringView text, QString *error = nullptr);

// Shortest exact spelling that parseDuration reads back: 1500ms -> "1500ms", 90000ms -> "90s".
QString formatDuration(Milliseconds duration);

} // namespace baton
