#pragma once

#include "ControlClient.h"
#include "baton/MetricsRecords.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantMap>

namespace baton {

class EventModel;
class ServiceModel;
class WorkerModel;

// Feeds the live models from the daemon: a `status` and the event backlog
// on every (re)connect, then the subscription's snapshots and events. While
// disconnected the service and worker models are empty (nothing stale looks
// live); the event history stays, it is history. Metrics are only asked for
// while someone looks (setMetricsWanted), so a window hidden in the tray
// leaves batond idle. The minutes before we came (batond's metrics_history)
// are asked for once per connect, so the charts survive an app restart.
class DaemonMonitor final : public QObject {
    Q_OBJECT
public:
    // What the tray and the title show: the worst state of any service.
    enum class Overall { Offline, Ok, Reloading, Degraded, Failed };
    Q_ENUM(Overall)

    explicit DaemonMonitor(ControlClient *client, QObject *parent = nullptr);

    ControlClient *client() const { return m_client; }
    ServiceModel *services() const { return m_services; }
    WorkerModel *workers() const { return m_workers; }
    EventModel *events() const { return m_events; }

    bool isLive() const { return m_live; }
    QVariantMap lastStatus() const { return m_status; }
    QVariantMap daemonInfo() const;
    Overall overall() const { return m_overall; }
    static Overall overallOf(const QStringList &serviceStates);

    void setMetricsWanted(bool wanted);
    static constexpr int BacklogEvents = 5000;

public Q_SLOTS:
    void refresh();   // status and missed events, now

Q_SIGNALS:
    void liveChanged(bool live);
    // Every snapshot applied; `sample` is true for the once-a-second metrics.
    void statusUpdated(const QVariantMap &status, bool sample);
    // Only events that happen while connected, never the backlog.
    void liveEvent(const QVariantMap &event);
    void overallChanged(baton::DaemonMonitor::Overall overall);
    void eventsLoaded();
    // Connected to another endpoint than before: history of the old one is gone.
    void endpointChanged(const QString &endpoint);
    void refreshFailed(const QString &message);
    // batond's recent samples (metrics_history), once per connect; a batond
    // without the method sends nothing.
    void historyLoaded(const baton::records::MetricsHistory &history);

private:
    void onConnected();
    void onDisconnected();
    void applyStatus(const QVariantMap &status, bool sample);
    void loadEvents();
    void loadMetricsHistory();
    void updateOverall();

    QPointer<ControlClient> m_client;
    ServiceModel *m_services;
    WorkerModel *m_workers;
    EventModel *m_events;
    QVariantMap m_status;
    QString m_eventsEndpoint;   // whose log m_events holds
    Overall m_overall = Overall::Offline;
    bool m_live = false;
    bool m_metricsWanted = false;   // MainWindow turns them on while shown
    int m_statusSequence = 0;   // a slow reply older than a newer snapshot is dropped
};

} // namespace baton
