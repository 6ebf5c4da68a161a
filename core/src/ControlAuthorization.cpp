#include "baton/ControlAuthorization.h"

namespace baton {

protocol::Access accessFor(const QString &method, const QVariantMap &params)
{
    const protocol::Method *m = protocol::findMethod(method);
    if (!m)
        return protocol::Access::Write;   // unknown: the strictest
    if (method == QLatin1String("subscribe")) {
        const QVariant logs = params.value(QStringLiteral("logs"));
        const bool wantsLogs = logs.isValid() && !(logs.typeId() == QMetaType::Bool && !logs.toBool());
        if (params.value(QStringLiteral("events"), true).toBool() || wantsLogs)
            return protocol::Access::SensitiveRead;
    }
    return m->access;
}

AuthorizationDecision authorize(const Principal &who, protocol::Access access, const AuthorizationPolicy &policy, bool polkitAvailable)
{
    if (access == protocol::Access::PublicRead)
        return {Verdict::Allow, {}};
    const bool member = policy.adminGid && who.groups.contains(*policy.adminGid);
    if (who.uid == 0 || who.uid == policy.daemonUid || member || who.polkitGranted)
        return {Verdict::Allow, {}};
    if (polkitAvailable)
        return {Verdict::AskPolkit, {}};
    QString allowed = QStringLiteral("root and uid %1").arg(policy.daemonUid);
    if (policy.adminGid)
        allowed = QStringLiteral("root, uid %1 and members of group %2").arg(policy.daemonUid).arg(policy.adminGroup);
    const QString what = access == protocol::Access::Write ? QStringLiteral("changing batond") : QStringLiteral("reading configs, events and worker output");
    return {Verdict::Deny, QStringLiteral("permission denied: %1 is for %2 (uid %3 may only read status)").arg(what, allowed).arg(who.uid)};
}

} // namespace baton
