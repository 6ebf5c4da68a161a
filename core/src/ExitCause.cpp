#include "baton/ExitCause.h"

#include <array>
#include <utility>

namespace baton {

namespace {

constexpr std::array<std::pair<ExitCause, const char *>, 12> Names{{
    {ExitCause::Crash, "crash"},
    {ExitCause::Drained, "drained"},
    {ExitCause::KilledDrainDeadline, "killed-drain-deadline"},
    {ExitCause::KilledNotReady, "killed-not-ready"},
    {ExitCause::KilledRollback, "killed-rollback"},
    {ExitCause::KilledWatchdog, "killed-watchdog"},
    {ExitCause::KilledStop, "killed-stop"},
    {ExitCause::OomKilled, "oom-killed"},
    {ExitCause::SignalNotFromBatond, "signal-not-from-batond"},
    {ExitCause::SignalledByRequest, "signalled-by-request"},
    {ExitCause::RestartedByRequest, "restarted-by-request"},
    {ExitCause::StoppedByRequest, "stopped-by-request"},
}};

} // namespace

QString exitCauseName(ExitCause cause)
{
    for (const auto &[c, name] : Names) {
        if (c == cause)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<ExitCause> exitCauseFromName(const QString &name)
{
    for (const auto &[c, n] : Names) {
        if (name == QLatin1String(n))
            return c;
    }
    if (name == QLatin1String("signalled-by-operator"))
        return ExitCause::SignalledByRequest;
    return std::nullopt;
}

bool isFailure(ExitCause cause)
{
    switch (cause) {
    case ExitCause::Crash:
    case ExitCause::OomKilled:
    case ExitCause::SignalNotFromBatond:
    case ExitCause::KilledNotReady:     // a replacement that never got ready: a failed start
    case ExitCause::KilledWatchdog:     // hung: it should have been running
        return true;
    case ExitCause::Drained:
    case ExitCause::KilledDrainDeadline:
    case ExitCause::KilledRollback:
    case ExitCause::KilledStop:
    case ExitCause::SignalledByRequest:
    case ExitCause::RestartedByRequest:
    case ExitCause::StoppedByRequest:
        return false;
    }
    return false;
}

} // namespace baton
