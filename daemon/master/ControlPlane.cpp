#include "ControlPlane.h"

#include "DBusService.h"
#include "DaemonControl.h"
#include "JsonRpcServer.h"
#include "Supervisor.h"

#include "baton/RuntimePaths.h"

#include <cstdio>

namespace baton {

ControlPlane::ControlPlane(Supervisor &supervisor, QObject *parent)
    : QObject(parent), m_supervisor(supervisor)
{
}

ControlPlane::~ControlPlane() = default;

bool ControlPlane::start(QString *error)
{
    const DaemonConfig &daemon = m_supervisor.daemonConfig();
    m_control = new DaemonControl(m_supervisor, this);
    if (!m_control->start(m_supervisor.stateDir(), daemon.watch, error))
        return false;
    m_socket = new JsonRpcServer(*m_control, this);
    const QString socketPath = daemon.controlSocket.isEmpty() ? defaultControlSocket() : daemon.controlSocket;
    if (!m_socket->listen(socketPath, error))
        return false;
    if (daemon.bus != BusKind::None) {
        m_bus = new DBusService(*m_control, this);
        QString busError;
        if (!m_bus->start(daemon.bus, &busError))
            std::fprintf(stderr, "batond: D-Bus unavailable, control socket only: %s\n", qPrintable(busError));
    }
    return true;
}

} // namespace baton
