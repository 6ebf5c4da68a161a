#pragma once

#include "Config.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace baton {

// One key whose value differs; values are canonical text ("30s", "[\"a\", \"b\"]"),
// empty when the key is absent on that side.
struct KeyChange {
    QString keyPath;      // relative to its service ("command", "listen.http") or "daemon.bus"
    QString oldValue;
    QString newValue;
    bool operator==(const KeyChange &) const = default;
};

// What a reload does to one service, strongest first wins:
// NewGeneration > Scale > Hot > Unchanged; Start/Stop for added/removed services.
enum class ServiceAction { Unchanged, Hot, Scale, NewGeneration, Start, Stop };

struct ServicePlan {
    QString service;
    ServiceAction action = ServiceAction::Unchanged;
    QList<KeyChange> changes;
    int oldWorkers = 0;
    int newWorkers = 0;
    QString sentence;     // "web: new generation, because command changed"
};

struct ReloadPlan {
    QList<ServicePlan> services;        // new file's order, then removed services
    QList<KeyChange> daemonChanges;     // applied by re-executing batond in place (an upgrade to itself)
    QStringList daemonSentences;        // "daemon.bus: re-exec: batond re-executes itself in place to apply it"
    QList<KeyChange> daemonHotChanges;  // [daemon] keys applied in place (metrics_history): no re-exec
    QStringList daemonHotSentences;     // "daemon.metrics_history: hot: applied in place"

    bool needsRestart() const { return needsReexec(); }   // the name before re-exec existed
    bool needsReexec() const { return !daemonChanges.isEmpty(); }
    bool isEmpty() const;
    const ServicePlan *service(const QString &name) const;
    QStringList sentences() const;      // every line, services first
    // The lines that replace or stop running processes (a new generation, a
    // removed service) or restart batond: what an editor asks to confirm.
    QStringList disruptiveSentences() const;
};

QString serviceActionName(ServiceAction action);   // "new-generation", "scale", ...

// Semantic diff: compares the typed configs, so comments, formatting, key
// order and table order never count as changes (listener order does: it is FD order).
QList<KeyChange> diffService(const ServiceConfig &oldService, const ServiceConfig &newService);
QList<KeyChange> diffDaemon(const DaemonConfig &oldDaemon, const DaemonConfig &newDaemon);
// [daemon] keys applied in place ("daemon.metrics_history"); the others re-exec.
bool isHotDaemonKey(const QString &keyPath);

ReloadPlan planReload(const Config &oldConfig, const Config &newConfig);

} // namespace baton
