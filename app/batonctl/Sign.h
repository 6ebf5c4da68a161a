#pragma once

#include <QStringList>

#include <optional>

namespace baton::ctl {

// `batonctl sign` and `batonctl keygen`: offline commands for signed configs
// (README "Signed configs"). They never talk to batond, so they run before
// any transport is chosen. Returns the exit code when argv names one of
// them, std::nullopt otherwise.
std::optional<int> runSigningCommand(const QStringList &argv);

} // namespace baton::ctl
