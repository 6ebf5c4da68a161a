#pragma once

#include "baton/UpgradeState.h"

#include <QObject>
#include <QString>

namespace baton {

class ConfigLock;
class DaemonControl;
class BusTransport;
class JsonRpcServer;
class Supervisor;
class Upgrader;

// The command layer plus its transports, as [daemon] configures them: the
// Unix control socket always, D-Bus unless bus = "none". A bus that cannot
// be reached is logged and skipped: the socket still works. Also the
// Upgrader, which needs all of them (the state it carries includes the
// control socket and its clients).
class ControlPlane final : public QObject {
    Q_OBJECT
public:
    // lock and pidFile: what an upgrade in place hands to the next image.
    ControlPlane(Supervisor &supervisor, const ConfigLock &lock, const QString &pidFile, QObject *parent = nullptr);
    ~ControlPlane() override;
    bool start(QString *error);
    // In the image that an upgrade exec'ed: the carried socket and clients
    // instead of a new socket; then the caller is answered.
    bool adopt(const upgrade::State &state, QString *error);

private:
    void begin();      // the command layer and the socket transport, for start() and adopt()
    void startBus();   // D-Bus (as configured) and the Upgrader, which needs every transport

    Supervisor &m_supervisor;
    const ConfigLock &m_lock;
    QString m_pidFile;
    DaemonControl *m_control = nullptr;
    JsonRpcServer *m_socket = nullptr;
    BusTransport *m_bus = nullptr;
    Upgrader *m_upgrader = nullptr;
};

} // namespace baton
