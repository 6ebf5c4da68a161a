#include "baton/SignalNames.h"

#include <csignal>

namespace baton {

namespace {

struct NamedSignal {
    const char *name;
    int number;
};

constexpr NamedSignal signalTable[] = {
    {"SIGTERM", SIGTERM}, {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT},   {"SIGHUP", SIGHUP},
    {"SIGUSR1", SIGUSR1}, {"SIGUSR2", SIGUSR2}, {"SIGWINCH", SIGWINCH}, {"SIGKILL", SIGKILL},
    {"SIGCONT", SIGCONT}, {"SIGSTOP", SIGSTOP}, {"SIGABRT", SIGABRT},   {"SIGSEGV", SIGSEGV},
    {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGCHLD", SIGCHLD},   {"SIGBUS", SIGBUS},
    {"SIGFPE", SIGFPE},   {"SIGILL", SIGILL},   {"SIGTRAP", SIGTRAP},   {"SIGSYS", SIGSYS},
};

// Signals a worker can sensibly be asked to stop with.
constexpr const char *stopSignals[] = {"SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP",
                                       "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGKILL"};

} // namespace

std::optional<int> parseSignalName(QStringView name)
{
    QString upper = name.trimmed().toString().toUpper();
    if (!upper.startsWith(QLatin1String("SIG")))
        upper.prepend(QLatin1String("SIG"));
    for (const char *allowed : stopSignals) {
        if (upper == QLatin1String(allowed)) {
            for (const NamedSignal &s : signalTable) {
                if (upper == QLatin1String(s.name))
                    return s.number;
            }
        }
    }
    return std::nullopt;
}

QString signalName(int signal)
{
    for (const NamedSignal &s : signalTable) {
        if (s.number == signal)
            return QString::fromLatin1(s.name);
    }
    return QStringLiteral("signal %1").arg(signal);
}

QStringList knownStopSignalNames()
{
    QStringList names;
    for (const char *name : stopSignals)
        names << QString::fromLatin1(name);
    return names;
}

} // namespace baton
