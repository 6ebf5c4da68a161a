#pragma once

#include <QVariantMap>

namespace baton::dbusvalues {

// A JSON-RPC result as a{sv} for D-Bus. QtDBus would send a QVariantList of
// maps as av of variants and cannot send a null at all, so lists are typed
// (aa{sv}, as) and nulls dropped; empty lists keep the type their key
// documents, so typed clients (GLib, sd-bus) always see one signature.
QVariantMap toDBus(const QVariantMap &map);

} // namespace baton::dbusvalues
