#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace baton {

// Parses "1MiB", "512KiB", "64k", "2M", "1.5MiB", "4096B": a number and a
// unit (B, K/KiB, M/MiB, G/GiB, all powers of 1024; "kB", "MB", "GB" too,
// also read as powers of 1024, the way journald.conf does). A unit is
// required, so "1024" is never ambiguous.
std::optional<qint64> parseByteSize(QStringView text, QString *error = nullptr);

// Shortest exact spelling that parseByteSize reads back: 1048576 -> "1MiB", 1500 -> "1500B".
QString formatByteSize(qint64 bytes);

// log_rate: "4MiB/s" (a size per second, MinLogRate to MaxLogRate) or "unlimited" (0).
std::optional<qint64> parseLogRate(QStringView text, QString *error = nullptr);
QString formatLogRate(qint64 bytesPerSecond);   // 0 -> "unlimited"

} // namespace baton
