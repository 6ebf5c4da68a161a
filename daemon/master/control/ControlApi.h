#pragma once

#include "baton/ControlAuthorization.h"
#include "baton/Event.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <functional>
#include <optional>
#include <sys/types.h>

namespace baton {

// Who is calling, as the transport established it (SO_PEERCRED on the Unix
// socket, the bus's credentials on D-Bus).
struct Caller {
    uid_t uid = uid_t(-1);
    gid_t gid = gid_t(-1);
    QList<gid_t> groups;  // primary and supplementary (SO_PEERGROUPS, the bus's UnixGroupIDs)
    pid_t pid = 0;
    QString userName;     // resolved from uid when possible
    QString transport;    // "unix" or "dbus"
    bool polkitGranted = false;   // the system bus asked polkit for this call and it said yes
    // `upgrade` on the socket: the connection and the request's id, so that
    // the next image of batond can answer on the same connection.
    int connectionFd = -1;
    QVariant requestId;
};

// Error codes: ControlErrorCode in baton/ControlProtocol.h (shared with the clients).

struct ControlError {
    int code = ControlErrorCode::Internal;
    QString message;
    QVariantMap data;
    QString dbusName() const;         // "io.github.baton.Daemon1.Error.Conflict"
};

// The one command layer of batond. Transports (JSON-RPC on the Unix socket,
// D-Bus) only translate to and from call(); no logic lives in them. Every
// call answers exactly once through `reply`, possibly later (reload waits for
// its outcome), never blocking the event loop. Method names and shapes are
// documented in docs/control-api.md.
class ControlApi : public QObject {
    Q_OBJECT
public:
    using Reply = std::function<void(const QVariantMap &result, const std::optional<ControlError> &error)>;

    using QObject::QObject;
    ~ControlApi() override = default;

    virtual void call(const QString &method, const QVariantMap &params, const Caller &caller, Reply reply) = 0;

    // Live metrics are sampled only while at least one subscriber exists.
    virtual void addMetricsSubscriber(const void *subscriber) = 0;
    virtual void removeMetricsSubscriber(const void *subscriber) = 0;

    // Worker output (`logs`, live lines) is only built while someone subscribed.
    virtual void addLogSubscriber(const void *subscriber) { Q_UNUSED(subscriber); }
    virtual void removeLogSubscriber(const void *subscriber) { Q_UNUSED(subscriber); }

    // The `status` result now, for a transport that has someone to tell
    // (servicesChanged carries no payload: building it costs a reload more
    // than the reload's own bookkeeping when nobody listens).
    virtual QVariantMap currentStatus() const = 0;

    // The one authorization rule (core/ControlAuthorization.h) with this
    // daemon's policy. Transports ask first (the system bus may then ask
    // polkit); call() checks again and refuses what is not allowed.
    virtual AuthorizationPolicy authorizationPolicy() const = 0;
    AuthorizationDecision authorize(const Caller &caller, const QString &method, const QVariantMap &params, bool polkitAvailable) const
    {
        return authorize(caller, accessFor(method, params), polkitAvailable);
    }
    AuthorizationDecision authorize(const Caller &caller, protocol::Access access, bool polkitAvailable) const
    {
        return baton::authorize(Principal{caller.uid, caller.groups, caller.polkitGranted}, access, authorizationPolicy(), polkitAvailable);
    }

Q_SIGNALS:
    // Every Event, as recorded; a transport converts it (Event::toJson, as in
    // `events`) only when someone receives it. The reference is into the
    // event log: use it before returning, never keep it (a later event may
    // move it).
    void eventRecorded(const baton::Event &event);
    void metricsSampled(const QVariantMap &status);        // the `status` result, once a second
    void servicesChanged();                                // after any state change, once per loop turn: see currentStatus()
    void stateChanged(const QString &state);               // every daemon state transition, in order
    void configChanged(const QString &version);
    void logsAppended(const QVariantList &lines);          // LogLine maps, a batch per loop turn, while subscribed
    void upgradeFinished(const QVariantMap &outcome);      // an upgrade asked for over D-Bus ended: {ok, reason | versions}
};

} // namespace baton
