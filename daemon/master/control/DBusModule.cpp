// The entry points of batond-dbus.so (see BusTransport.h): batond checks the
// identity, then creates the transport.
#include "BusTransport.h"
#include "DBusService.h"

extern "C" Q_DECL_EXPORT const char *baton_bus_module_identity()
{
    return BATON_VERSION " " BATON_BUS_MODULE_INTERFACE;
}

extern "C" Q_DECL_EXPORT baton::BusTransport *baton_bus_module_create(baton::ControlApi &api, QObject *parent)
{
    return new baton::DBusService(api, parent);
}
