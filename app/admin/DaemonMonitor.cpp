#include "DaemonMonitor.h"

#include "ControlClient.h"
#include "baton/EventModel.h"
#include "baton/ServiceModel.h"
#include "baton/WorkerModel.h"

namespace baton {

DaemonMonitor::DaemonMonitor(ControlClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_services(new ServiceModel(this)), m_workers(new WorkerModel(this)),
      m_events(new EventModel(this))
{
    connect(client, &ControlClient::connected, this, &DaemonMonitor::onConnected);
    connect(client, &ControlClient::disconnected, this, &DaemonMonitor::onDisconnected);
    connect(client, &ControlClient::metricsReceived, this, [this](const QVariantMap &status) {
        ++m_statusSequence;
        applyStatus(status, true);
    });
    connect(client, &ControlClient::servicesChanged, this, [this](const QVariantMap &status) {
        ++m_statusSequence;
        applyStatus(status, false);
    });
    connect(client, &ControlClient::eventReceived, this, [this](const QVariantMap &event) {
        if (!m_live)
            return;
        if (m_events->mergeEvents({event}) > 0)
            Q_EMIT liveEvent(event);
    });
    client->subscribe(true, m_metricsWanted);
    if (client->isConnected())
        onConnected();
}

QVariantMap DaemonMonitor::daemonInfo() const
{
    return m_status.value(QStringLiteral("daemon")).toMap();
}

void DaemonMonitor::setMetricsWanted(bool wanted)
{
    if (wanted == m_metricsWanted)
        return;
    m_metricsWanted = wanted;
    if (m_client)
        m_client->subscribe(true, wanted);
}

void DaemonMonitor::onConnected()
{
    if (m_client->endpoint() != m_eventsEndpoint) {
        m_events->clear();   // another daemon: its own history
        m_eventsEndpoint = m_client->endpoint();
        Q_EMIT endpointChanged(m_eventsEndpoint);
    }
    m_live = true;
    Q_EMIT liveChanged(true);
    refresh();
    loadMetricsHistory();
}

void DaemonMonitor::loadMetricsHistory()
{
    m_client->call(QStringLiteral("metrics_history"), {},
                   [this, guard = QPointer(this)](const QVariantMap &result, const std::optional<ClientError> &error) {
                       if (!guard || !m_live || error)
                           return;   // an older batond (-32601) has no history: live samples only
                       if (const auto history = records::MetricsHistory::fromVariant(result))
                           Q_EMIT historyLoaded(*history);
                   });
}

void DaemonMonitor::onDisconnected()
{
    ++m_statusSequence;
    const bool wasLive = std::exchange(m_live, false);
    m_status.clear();
    m_services->clear();
    m_workers->clear();
    updateOverall();
    if (wasLive)
        Q_EMIT liveChanged(false);
}

void DaemonMonitor::refresh()
{
    if (!m_client || !m_client->isConnected())
        return;
    const int sequence = ++m_statusSequence;
    m_client->call(QStringLiteral("status"), {}, [this, guard = QPointer(this), sequence](const QVariantMap &result,
                                                                                             const std::optional<ClientError> &error) {
        if (!guard || sequence != m_statusSequence)
            return;
        if (error) {
            if (error->code != -1)
                Q_EMIT refreshFailed(error->message);
            return;
        }
        applyStatus(result, false);
    });
    loadEvents();
}

void DaemonMonitor::loadEvents()
{
    // Only what we missed; a log that restarted below our last seq is another one.
    const qint64 since = m_events->lastSeq();
    m_client->call(QStringLiteral("events"), {{QStringLiteral("since"), since}, {QStringLiteral("limit"), BacklogEvents}},
                   [this, guard = QPointer(this), since](const QVariantMap &result, const std::optional<ClientError> &error) {
                       if (!guard || !m_live)
                           return;
                       if (error) {
                           if (error->code != -1)
                               Q_EMIT refreshFailed(error->message);
                           return;
                       }
                       const QVariantList events = result.value(QStringLiteral("events")).toList();
                       if (result.value(QStringLiteral("last_seq")).toLongLong() < since) {
                           m_events->clear();
                           loadEvents();
                           return;
                       }
                       m_events->mergeEvents(events);
                       Q_EMIT eventsLoaded();
                   });
}

void DaemonMonitor::applyStatus(const QVariantMap &status, bool sample)
{
    if (!m_live)
        return;
    m_status = status;
    m_services->updateFromStatus(status);
    m_workers->updateFromStatus(status);
    updateOverall();
    Q_EMIT statusUpdated(status, sample);
}

DaemonMonitor::Overall DaemonMonitor::overallOf(const QStringList &states)
{
    Overall worst = Overall::Ok;
    for (const QString &state : states) {
        if (state == QLatin1String("failed"))
            return Overall::Failed;
        if (state == QLatin1String("degraded"))
            worst = Overall::Degraded;
        else if (worst == Overall::Ok && state != QLatin1String("running") && state != QLatin1String("stopped"))
            worst = Overall::Reloading;   // starting, reloading, stopping: on the move (stopped: on purpose, at rest)
    }
    return worst;
}

void DaemonMonitor::updateOverall()
{
    Overall overall = Overall::Offline;
    if (m_live && !m_status.isEmpty()) {
        QStringList states;
        for (int row = 0; row < m_services->rowCount(); ++row)
            states << m_services->index(row, 0).data(ServiceModel::StateRole).toString();
        overall = overallOf(states);
    }
    if (overall == m_overall)
        return;
    m_overall = overall;
    Q_EMIT overallChanged(overall);
}

} // namespace baton
