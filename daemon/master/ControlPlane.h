#pragma once

#include <QObject>
#include <QString>

namespace baton {

class DaemonControl;
class DBusService;
class JsonRpcServer;
class Supervisor;

// The command layer plus its transports, as [daemon] configures them: the
// Unix control socket always, D-Bus unless bus = "none". A bus that cannot
// be reached is logged and skipped: the socket still works.
class ControlPlane final : public QObject {
    Q_OBJECT
public:
    explicit ControlPlane(Supervisor &supervisor, QObject *parent = nullptr);
    ~ControlPlane() override;
    bool start(QString *error);

private:
    Supervisor &m_supervisor;
    DaemonControl *m_control = nullptr;
    JsonRpcServer *m_socket = nullptr;
    DBusService *m_bus = nullptr;
};

} // namespace baton
