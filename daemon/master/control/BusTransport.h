#pragma once

#include "baton/Config.h"

#include <QObject>
#include <QString>

#include <functional>

namespace baton {
class BusTransport;
class ControlApi;
} // namespace baton

// The module's two entry points: its build's identity (BATON_VERSION and the
// interface revision below) is checked before the factory is called.
#define BATON_BUS_MODULE_INTERFACE "baton-bus-transport/1"
extern "C" {
using BatonBusModuleIdentity = const char *(*)();
using BatonBusModuleCreate = baton::BusTransport *(*)(baton::ControlApi &api, QObject *parent);
}

namespace baton {

// The D-Bus transport as batond's core sees it. Its implementation
// (DBusService) lives in a module, batond-dbus.so, that batond opens only
// when [daemon] bus is not "none": QtDBus and libdbus-1, which pulls in
// libsystemd and its compression and crypto libraries, are then never
// mapped by a master that does not use the bus (about 1.3 MB of idle RSS,
// bench/analysis.md). See BusTransport.cpp for where the module is found.
class BusTransport : public QObject {
public:
    using QObject::QObject;
    ~BusTransport() override = default;

    // Opens the module and creates the transport (not started yet), or null
    // with *error when the module is missing, from another build, or broken.
    static BusTransport *load(ControlApi &api, QObject *parent, QString *error);
    // The same checks without creating anything: the upgrade preflight's.
    static bool probe(QString *error);

    // Connects to the bus and exports the object, then asks for the name
    // without waiting: false (with *error) when the bus cannot be reached.
    virtual bool start(BusKind bus, QString *error) = 0;
    // Upgrade in place: give the name up (and wait for the bus to say so)
    // before execve, so the next image's request is never refused as taken;
    // requestName() again when the execve failed.
    virtual void releaseName(std::function<void()> done) = 0;
    virtual void requestName() = 0;

private:
    static BatonBusModuleCreate open(QString *error);
};

} // namespace baton

