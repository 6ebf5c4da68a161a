#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace baton {

// "SIGTERM", "TERM" (any case) -> SIGTERM. Only signals that make sense as a
// stop signal for a worker are accepted.
std::optional<int> parseSignalName(QStringView name);
QString signalName(int signal);       // SIGTERM -> "SIGTERM"; unknown -> "signal 42"
QStringList knownStopSignalNames();

} // namespace baton
