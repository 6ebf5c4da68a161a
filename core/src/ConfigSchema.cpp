#include "baton/ConfigSchema.h"
#include "baton/Config.h"

#include <algorithm>
#include <vector>

namespace baton {

namespace schema {
QStringList rootKeys() { return {QStringLiteral("daemon"), QStringLiteral("service")}; }
QStringList daemonKeys()
{
    return {QStringLiteral("control_socket"), QStringLiteral("bus"), QStringLiteral("state_dir"),
            QStringLiteral("watch"), QStringLiteral("admin_group"), QStringLiteral("log"), QStringLiteral("signing_keys"),
            QStringLiteral("metrics_history")};
}
QStringList serviceKeys()
{
    return {QStringLiteral("command"),     QStringLiteral("workers"),       QStringLiteral("ready"),
            QStringLiteral("ready_timeout"), QStringLiteral("ready_hold"), QStringLiteral("stop_signal"), QStringLiteral("drain_timeout"),
            QStringLiteral("watchdog"),    QStringLiteral("env"),           QStringLiteral("listen"),
            QStringLiteral("restart"),     QStringLiteral("log_buffer"), QStringLiteral("log_rate")};
}
QStringList listenerKeys() { return {QStringLiteral("address"), QStringLiteral("backlog"), QStringLiteral("mode")}; }
QStringList restartKeys()
{
    return {QStringLiteral("initial_delay"), QStringLiteral("max_delay"), QStringLiteral("max_restarts"),
            QStringLiteral("window")};
}
} // namespace schema

namespace {

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> previous(b.size() + 1), current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[j - 1] + (a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
            // Transposition ("wrokers") counts as one edit.
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], previous[j - 1]);
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

} // namespace

QString suggestKey(const QString &unknown, const QStringList &candidates)
{
    QString best;
    int bestDistance = std::max<int>(2, int(unknown.size()) / 3) + 1;
    for (const QString &candidate : candidates) {
        const int distance = editDistance(unknown, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

const ServiceConfig *Config::service(const QString &name) const
{
    for (const ServiceConfig &s : services) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

QString readyModeName(ReadyMode mode)
{
    return mode == ReadyMode::Notify ? QStringLiteral("notify") : QStringLiteral("exec");
}

QString busKindName(BusKind bus)
{
    switch (bus) {
    case BusKind::Session: return QStringLiteral("session");
    case BusKind::System: return QStringLiteral("system");
    case BusKind::None: return QStringLiteral("none");
    }
    return {};
}

QString logTargetName(LogTarget target)
{
    switch (target) {
    case LogTarget::Auto: return QStringLiteral("auto");
    case LogTarget::Stderr: return QStringLiteral("stderr");
    case LogTarget::Journal: return QStringLiteral("journal");
    }
    return {};
}

} // namespace baton
