#include "baton/ConfigDiff.h"

#include "baton/ByteSize.h"
#include "baton/SignalNames.h"

#include <QMap>

namespace baton {

namespace {

using Flat = QList<QPair<QString, QString>>;   // key path -> canonical value, in a stable order

QString quoted(const QStringList &items)
{
    QStringList parts;
    for (const QString &item : items)
        parts << QLatin1Char('"') + item + QLatin1Char('"');
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

Flat flatten(const ServiceConfig &s)
{
    Flat flat;
    flat.append({QStringLiteral("command"), quoted(s.command)});
    flat.append({QStringLiteral("workers"), QString::number(s.workers)});
    flat.append({QStringLiteral("ready"), readyModeName(s.ready)});
    flat.append({QStringLiteral("ready_timeout"), formatDuration(s.readyTimeout)});
    flat.append({QStringLiteral("ready_hold"), formatDuration(s.readyHold)});
    flat.append({QStringLiteral("stop_signal"), signalName(s.stopSignal)});
    flat.append({QStringLiteral("drain_timeout"), formatDuration(s.drainTimeout)});
    flat.append({QStringLiteral("watchdog"), formatDuration(s.watchdog)});
    for (const auto &[name, value] : s.env)
        flat.append({QStringLiteral("env.") + name, value});
    QStringList order;
    for (const ListenerConfig &l : s.listeners) {
        order << l.name;
        const QString base = QStringLiteral("listen.") + l.name;
        flat.append({base, l.address.toString()});
        flat.append({base + QStringLiteral(".backlog"), QString::number(l.backlog)});
        if (l.mode)
            flat.append({base + QStringLiteral(".mode"), QStringLiteral("0") + QString::number(*l.mode, 8)});
    }
    flat.append({QStringLiteral("listen (order)"), order.join(QLatin1String(", "))});
    flat.append({QStringLiteral("restart.initial_delay"), formatDuration(s.restart.initialDelay)});
    flat.append({QStringLiteral("restart.max_delay"), formatDuration(s.restart.maxDelay)});
    flat.append({QStringLiteral("restart.max_restarts"), QString::number(s.restart.maxRestarts)});
    flat.append({QStringLiteral("restart.window"), formatDuration(s.restart.window)});
    flat.append({QStringLiteral("log_buffer"), formatByteSize(s.logBuffer)});
    flat.append({QStringLiteral("log_rate"), formatLogRate(s.logRate)});
    return flat;
}

QList<KeyChange> diffFlat(const Flat &oldFlat, const Flat &newFlat)
{
    QMap<QString, QString> oldValues;
    for (const auto &[key, value] : oldFlat)
        oldValues.insert(key, value);
    QList<KeyChange> changes;
    QMap<QString, bool> seen;
    for (const auto &[key, value] : newFlat) {
        seen.insert(key, true);
        const auto it = oldValues.constFind(key);
        if (it == oldValues.cend())
            changes.append({key, {}, value});
        else if (*it != value)
            changes.append({key, *it, value});
    }
    for (const auto &[key, value] : oldFlat) {
        if (!seen.contains(key))
            changes.append({key, value, {}});
    }
    // A reordered listener set also shows up as an order change only when
    // the names are the same; added/removed listeners already say enough.
    return changes;
}

// Which keys need which action. Anything a worker sees at exec time
// (argv, environment, inherited FDs, notify protocol) needs new processes.
ServiceAction actionForKey(const QString &key)
{
    if (key == QLatin1String("workers"))
        return ServiceAction::Scale;
    if (key == QLatin1String("ready_timeout") || key == QLatin1String("ready_hold") || key == QLatin1String("drain_timeout")
        || key.startsWith(QLatin1String("restart.")) || key == QLatin1String("log_buffer")
        || key == QLatin1String("log_rate"))
        return ServiceAction::Hot;
    return ServiceAction::NewGeneration;
}

QString keyList(const QList<KeyChange> &changes, ServiceAction only)
{
    QStringList keys;
    for (const KeyChange &c : changes) {
        QString key = c.keyPath;
        if (key == QLatin1String("listen (order)"))
            key = QStringLiteral("listener order");
        if (actionForKey(c.keyPath) == only && !keys.contains(key))
            keys << key;
    }
    if (keys.size() > 4)
        keys = keys.mid(0, 3) << QStringLiteral("%1 more").arg(keys.size() - 3);
    if (keys.size() <= 1)
        return keys.value(0);
    const QString last = keys.takeLast();
    return keys.join(QLatin1String(", ")) + QStringLiteral(" and ") + last;
}

QString describe(const ServicePlan &plan)
{
    const QString &name = plan.service;
    switch (plan.action) {
    case ServiceAction::Unchanged:
        return QStringLiteral("%1: unchanged").arg(name);
    case ServiceAction::Start:
        return QStringLiteral("%1: start (new service, %2 worker%3)").arg(name).arg(plan.newWorkers)
            .arg(plan.newWorkers == 1 ? QString() : QStringLiteral("s"));
    case ServiceAction::Stop:
        return QStringLiteral("%1: stop (removed), its workers drain").arg(name);
    case ServiceAction::Hot:
        return QStringLiteral("%1: applies in place, no restart (%2 changed)").arg(name, keyList(plan.changes, ServiceAction::Hot));
    case ServiceAction::Scale: {
        QString text = QStringLiteral("%1: scale %2 → %3, no restart").arg(name).arg(plan.oldWorkers).arg(plan.newWorkers);
        const QString hot = keyList(plan.changes, ServiceAction::Hot);
        if (!hot.isEmpty())
            text += QStringLiteral("; %1 applies in place").arg(hot);
        return text;
    }
    case ServiceAction::NewGeneration: {
        QString text = QStringLiteral("%1: new generation, because %2 changed").arg(name, keyList(plan.changes, ServiceAction::NewGeneration));
        if (plan.oldWorkers != plan.newWorkers)
            text += QStringLiteral(" (%1 → %2 workers)").arg(plan.oldWorkers).arg(plan.newWorkers);
        return text;
    }
    }
    return {};
}

} // namespace

QString serviceActionName(ServiceAction action)
{
    switch (action) {
    case ServiceAction::Unchanged: return QStringLiteral("unchanged");
    case ServiceAction::Hot: return QStringLiteral("hot");
    case ServiceAction::Scale: return QStringLiteral("scale");
    case ServiceAction::NewGeneration: return QStringLiteral("new-generation");
    case ServiceAction::Start: return QStringLiteral("start");
    case ServiceAction::Stop: return QStringLiteral("stop");
    }
    return {};
}

QList<KeyChange> diffService(const ServiceConfig &oldService, const ServiceConfig &newService)
{
    return diffFlat(flatten(oldService), flatten(newService));
}

QList<KeyChange> diffDaemon(const DaemonConfig &oldDaemon, const DaemonConfig &newDaemon)
{
    auto flat = [](const DaemonConfig &d) -> Flat {
        return {{QStringLiteral("daemon.control_socket"), d.controlSocket},
                {QStringLiteral("daemon.bus"), busKindName(d.bus)},
                {QStringLiteral("daemon.state_dir"), d.stateDir},
                {QStringLiteral("daemon.watch"), d.watch ? QStringLiteral("true") : QStringLiteral("false")},
                {QStringLiteral("daemon.admin_group"), d.adminGroup},
                {QStringLiteral("daemon.metrics_history"), formatDuration(d.metricsHistory)}};
    };
    return diffFlat(flat(oldDaemon), flat(newDaemon));
}

bool isHotDaemonKey(const QString &keyPath)
{
    return keyPath == QLatin1String("daemon.metrics_history");
}

bool ReloadPlan::isEmpty() const
{
    if (needsRestart() || !daemonHotChanges.isEmpty())
        return false;
    for (const ServicePlan &s : services) {
        if (s.action != ServiceAction::Unchanged)
            return false;
    }
    return true;
}

const ServicePlan *ReloadPlan::service(const QString &name) const
{
    for (const ServicePlan &s : services) {
        if (s.service == name)
            return &s;
    }
    return nullptr;
}

QStringList ReloadPlan::sentences() const
{
    QStringList lines;
    for (const ServicePlan &s : services)
        lines << s.sentence;
    return lines + daemonHotSentences + daemonSentences;
}

QStringList ReloadPlan::disruptiveSentences() const
{
    QStringList lines;
    for (const ServicePlan &s : services) {
        if (s.action == ServiceAction::NewGeneration || s.action == ServiceAction::Stop)
            lines << s.sentence;
    }
    return lines + daemonSentences;
}

ReloadPlan planReload(const Config &oldConfig, const Config &newConfig)
{
    ReloadPlan plan;
    for (const ServiceConfig &next : newConfig.services) {
        ServicePlan s;
        s.service = next.name;
        s.newWorkers = next.workers;
        if (const ServiceConfig *previous = oldConfig.service(next.name)) {
            s.oldWorkers = previous->workers;
            s.changes = diffService(*previous, next);
            for (const KeyChange &c : s.changes)
                s.action = std::max(s.action, actionForKey(c.keyPath));
        } else {
            s.action = ServiceAction::Start;
        }
        s.sentence = describe(s);
        plan.services.append(std::move(s));
    }
    for (const ServiceConfig &previous : oldConfig.services) {
        if (newConfig.service(previous.name))
            continue;
        ServicePlan s;
        s.service = previous.name;
        s.action = ServiceAction::Stop;
        s.oldWorkers = previous.workers;
        s.sentence = describe(s);
        plan.services.append(std::move(s));
    }
    // Keys batond can apply in place stay out of daemonChanges, so changing
    // only them never re-executes batond.
    const QList<KeyChange> daemon = diffDaemon(oldConfig.daemon, newConfig.daemon);
    for (const KeyChange &c : daemon) {
        if (isHotDaemonKey(c.keyPath)) {
            plan.daemonHotChanges << c;
            plan.daemonHotSentences << QStringLiteral("%1: hot: applied in place").arg(c.keyPath);
        } else {
            plan.daemonChanges << c;
            plan.daemonSentences << QStringLiteral("%1: re-exec: batond re-executes itself in place to apply it").arg(c.keyPath);
        }
    }
    return plan;
}

} // namespace baton
