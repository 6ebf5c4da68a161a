#pragma once

#include "baton/Event.h"

namespace baton {

// An event of batond itself (no service or worker fields): the one way the
// Supervisor and the Upgrader build them.
inline Event daemonEvent(const QString &kind, const QString &message, const QString &reason = {})
{
    Event e;
    e.kind = kind;
    e.message = message;
    e.reason = reason;
    return e;
}

} // namespace baton
