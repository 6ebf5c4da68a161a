#pragma once

#include "ControlProtocol.h"

#include <QList>
#include <QString>

#include <optional>
#include <sys/types.h>

namespace baton {

// The one authorization rule of the control API, for both transports
// (docs/control-api.md, "Authorization"): public reads are for anyone who
// may connect; sensitive reads and writes need root, batond's own user or
// a member of [daemon] admin_group; on the system bus polkit decides for
// anybody else. Pure, so the whole matrix is unit-tested.
struct Principal {
    uid_t uid = uid_t(-1);
    QList<gid_t> groups;            // primary and supplementary
    bool polkitGranted = false;     // polkit already said yes for this call
};

struct AuthorizationPolicy {
    uid_t daemonUid = uid_t(-1);
    std::optional<gid_t> adminGid;  // [daemon] admin_group, when it exists
    QString adminGroup;             // its name, for messages
};

enum class Verdict { Allow, Deny, AskPolkit };

struct AuthorizationDecision {
    Verdict verdict = Verdict::Deny;
    QString reason;                 // for Deny: one sentence saying who may
};

// What a call needs: the method's class, raised for a subscription to events
// (they carry messages) to a sensitive read.
protocol::Access accessFor(const QString &method, const QVariantMap &params);

// polkitAvailable: the transport can ask polkit (the system bus).
AuthorizationDecision authorize(const Principal &who, protocol::Access access, const AuthorizationPolicy &policy, bool polkitAvailable);

} // namespace baton
