#include "ClientRouter.h"

#include <QTimer>

namespace baton {

ClientRouter::ClientRouter(QObject *parent)
    : ControlClient(parent)
{
}

ClientRouter::~ClientRouter()
{
    if (m_backend)
        disconnect(m_backend, nullptr, this, nullptr);
}

void ClientRouter::setBackend(ControlClient *backend)
{
    if (backend == m_backend)
        return;
    if (ControlClient *old = m_backend) {
        const bool wasConnected = old->isConnected();
        disconnect(old, nullptr, this, nullptr);
        old->disconnectFromDaemon();
        old->deleteLater();
        if (wasConnected)
            Q_EMIT disconnected(tr("switched to another connection"));
    }
    m_backend = backend;
    if (!backend)
        return;
    backend->setParent(this);
    connect(backend, &ControlClient::connected, this, &ControlClient::connected);
    connect(backend, &ControlClient::disconnected, this, &ControlClient::disconnected);
    connect(backend, &ControlClient::eventReceived, this, &ControlClient::eventReceived);
    connect(backend, &ControlClient::metricsReceived, this, &ControlClient::metricsReceived);
    connect(backend, &ControlClient::servicesChanged, this, &ControlClient::servicesChanged);
    connect(backend, &ControlClient::logsReceived, this, &ControlClient::logsReceived);
    if (m_subscribed)
        backend->subscribe(m_events, m_metrics);
    backend->setLogsWanted(m_logs);
}

void ClientRouter::silenceBackend()
{
    if (m_backend)
        disconnect(m_backend, nullptr, this, nullptr);
}

void ClientRouter::connectToDaemon()
{
    if (m_backend)
        m_backend->connectToDaemon();
}

void ClientRouter::disconnectFromDaemon()
{
    if (m_backend)
        m_backend->disconnectFromDaemon();
}

bool ClientRouter::isConnected() const
{
    return m_backend && m_backend->isConnected();
}

QString ClientRouter::endpoint() const
{
    return m_backend ? m_backend->endpoint() : QString();
}

void ClientRouter::call(const QString &method, const QVariantMap &params, Callback callback)
{
    if (m_backend)
        return m_backend->call(method, params, std::move(callback));
    // Same contract as the transports: exactly one answer, never re-entrant.
    const ClientError error{-1, tr("not connected to batond"), {}};
    QTimer::singleShot(0, this, [callback = std::move(callback), error] { callback({}, error); });
}

void ClientRouter::subscribe(bool events, bool metrics)
{
    m_subscribed = true;
    m_events = events;
    m_metrics = metrics;
    if (m_backend)
        m_backend->subscribe(events, metrics);
}

void ClientRouter::setLogsWanted(bool wanted)
{
    m_logs = wanted;
    if (m_backend)
        m_backend->setLogsWanted(wanted);
}

} // namespace baton
