#include "ControlPlane.h"

#include "BusTransport.h"
#include "DaemonControl.h"
#include "JsonRpcServer.h"
#include "Supervisor.h"
#include "Upgrader.h"

#include "baton/RuntimePaths.h"

#include <cstdio>

namespace baton {

ControlPlane::ControlPlane(Supervisor &supervisor, const ConfigLock &lock, const QString &pidFile, QObject *parent)
    : QObject(parent), m_supervisor(supervisor), m_lock(lock), m_pidFile(pidFile)
{
}

ControlPlane::~ControlPlane() = default;

void ControlPlane::begin()
{
    m_control = new DaemonControl(m_supervisor, this);
    m_socket = new JsonRpcServer(*m_control, this);
}

void ControlPlane::startBus()
{
    const DaemonConfig &daemon = m_supervisor.daemonConfig();
    bool busUp = false;
    if (daemon.bus != BusKind::None) {
        QString busError;
        m_bus = BusTransport::load(*m_control, this, &busError);
        busUp = m_bus && m_bus->start(daemon.bus, &busError);
        if (!busUp)
            std::fprintf(stderr, "batond: D-Bus unavailable, control socket only: %s\n", qPrintable(busError));
    }
    m_upgrader = new Upgrader(m_supervisor, *m_control, *m_socket, busUp ? m_bus : nullptr, m_lock, m_pidFile, this);
    m_control->setUpgradeHandler([this](const QVariantMap &params, const Caller &caller, const ControlApi::Reply &reply) {
        m_upgrader->request(params, caller, reply);
    });
    connect(&m_supervisor, &Supervisor::upgradeRequested, m_upgrader, &Upgrader::requestFromSignal);
    connect(&m_supervisor, &Supervisor::reexecWanted, m_upgrader, &Upgrader::requestForDaemonChange);
}

bool ControlPlane::start(QString *error)
{
    const DaemonConfig &daemon = m_supervisor.daemonConfig();
    begin();
    if (!m_control->start(m_supervisor.stateDir(), daemon.watch, error))
        return false;
    const QString socketPath = daemon.controlSocket.isEmpty() ? defaultControlSocket() : daemon.controlSocket;
    if (!m_socket->listen(socketPath, error))
        return false;
    startBus();
    return true;
}

bool ControlPlane::adopt(const upgrade::State &state, QString *error)
{
    const DaemonConfig &daemon = m_supervisor.daemonConfig();
    begin();
    if (!m_control->adopt(m_supervisor.stateDir(), daemon.watch, state.runningText, state.diskVersion, error))
        return false;
    m_control->restoreMetrics(state.metricsSamples);
    m_socket->adopt(state);
    // A re-exec for a [daemon] change may have moved the control socket.
    const QString socketPath = daemon.controlSocket.isEmpty() ? defaultControlSocket() : daemon.controlSocket;
    QString moveError;
    if (!m_socket->moveTo(socketPath, &moveError))
        std::fprintf(stderr, "batond: the control socket stays at %s: %s\n", qPrintable(state.controlPath), qPrintable(moveError));
    startBus();
    m_upgrader->finishAdoption(state);
    return true;
}

} // namespace baton
