#include "baton/ControlProtocol.h"

#include <cmath>

namespace baton::protocol {

namespace {

Param str(const char *name, bool required = false)
{
    Param p;
    p.name = QString::fromLatin1(name);
    p.required = required;
    return p;
}

Param text(const char *name, bool required = false)
{
    Param p = str(name, required);
    p.maxLength = 1 << 20;   // a config: the loader's limit
    return p;
}

Param any(const char *name)
{
    Param p;
    p.name = QString::fromLatin1(name);
    p.type = ParamType::Any;
    return p;
}

Param boolean(const char *name)
{
    Param p;
    p.name = QString::fromLatin1(name);
    p.type = ParamType::Bool;
    return p;
}

Param uint(const char *name, bool required, qint64 min, qint64 max)
{
    Param p;
    p.name = QString::fromLatin1(name);
    p.type = ParamType::UInt;
    p.required = required;
    p.min = min;
    p.max = max;
    return p;
}


// Operator actions on one worker or one service (issue 14 §3): write class,
// like reload. Kept apart so that other additions to the table merge cleanly.
QList<Method> actionMethods()
{
    using A = Access;
    const qint64 maxPid = std::numeric_limits<int>::max();
    return {
        {QStringLiteral("restart_worker"), QStringLiteral("RestartWorker"), A::Write, {uint("pid", true, 1, maxPid)},
         QStringLiteral("a replacement for one worker in its generation; once it is ready the old one drains")},
        {QStringLiteral("signal_worker"), QStringLiteral("SignalWorker"), A::Write, {uint("pid", true, 1, maxPid), str("signal", true)},
         QStringLiteral("send TERM, HUP, USR1, USR2 or KILL to one worker")},
        {QStringLiteral("stop_service"), QStringLiteral("StopService"), A::Write, {str("service", true)},
         QStringLiteral("drain a service's workers; it stays stopped, across reloads, until started")},
        {QStringLiteral("start_service"), QStringLiteral("StartService"), A::Write, {str("service", true)},
         QStringLiteral("start a service stopped by request; answers once its generation serves")},
    };
}

} // namespace

QString accessName(Access access)
{
    switch (access) {
    case Access::PublicRead: return QStringLiteral("public-read");
    case Access::SensitiveRead: return QStringLiteral("sensitive-read");
    case Access::Write: return QStringLiteral("write");
    }
    return {};
}

const QList<Method> &methods()
{
    using A = Access;
    static const QList<Method> table{
        {QStringLiteral("status"), QStringLiteral("Status"), A::PublicRead, {}, QStringLiteral("daemon, services, generations and workers")},
        {QStringLiteral("reload"), QStringLiteral("Reload"), A::Write, {str("service")},
         QStringLiteral("a new generation of one service, or a full reload; answers once it has finished")},
        {QStringLiteral("validate"), QStringLiteral("Validate"), A::SensitiveRead, {text("text", true)},
         QStringLiteral("diagnostics and plan for a config text, nothing applied")},
        {QStringLiteral("get_config"), QStringLiteral("GetConfig"), A::SensitiveRead, {}, QStringLiteral("the config file's text and version")},
        {QStringLiteral("apply_config"), QStringLiteral("ApplyConfig"), A::Write,
         {text("text", true), str("expected_version", true), str("comment")},
         QStringLiteral("write a config (if the running version is expected_version) and reload")},
        {QStringLiteral("history"), QStringLiteral("History"), A::SensitiveRead, {}, QStringLiteral("applied versions, newest first")},
        {QStringLiteral("get_version"), QStringLiteral("GetVersion"), A::SensitiveRead, {uint("id", true, 1, std::numeric_limits<int>::max())},
         QStringLiteral("one history version with its text")},
        {QStringLiteral("rollback"), QStringLiteral("Rollback"), A::Write,
         {uint("id", true, 1, std::numeric_limits<int>::max()), str("comment")}, QStringLiteral("apply a history version again")},
        {QStringLiteral("events"), QStringLiteral("Events"), A::SensitiveRead,
         {uint("since", false, 0, std::numeric_limits<qint64>::max()), uint("limit", false, 1, 10000)}, QStringLiteral("events after a sequence number")},
        {QStringLiteral("reset"), QStringLiteral("Reset"), A::Write, {str("service", true)},
         QStringLiteral("close a failed service's storm breaker and restart its missing workers")},
        {QStringLiteral("stop"), QStringLiteral("Stop"), A::Write, {}, QStringLiteral("graceful stop of batond")},
        {QStringLiteral("upgrade"), QStringLiteral("Upgrade"), A::Write, {str("binary")},
         QStringLiteral("re-execute batond in place (same PID, workers kept) once the new binary's preflight accepts the state")},
        {QStringLiteral("logs"), QStringLiteral("Logs"), A::SensitiveRead,
         {str("service"), uint("generation", false, 1, std::numeric_limits<int>::max()), uint("pid", false, 1, std::numeric_limits<int>::max()),
          str("stream"), any("priority"), uint("since", false, 0, std::numeric_limits<qint64>::max()), uint("limit", false, 1, 100000)},
         QStringLiteral("recent lines of worker output")},
        {QStringLiteral("subscribe"), QStringLiteral("Subscribe"), A::PublicRead, {boolean("events"), boolean("metrics"), any("logs")},
         QStringLiteral("live notifications (events and logs need the rights of a sensitive read)")},
        {QStringLiteral("unsubscribe"), QStringLiteral("Unsubscribe"), A::PublicRead, {}, QStringLiteral("no more notifications")},
        {QStringLiteral("metrics_history"), QStringLiteral("MetricsHistory"), A::PublicRead, {},
         QStringLiteral("the per-worker samples of the last [daemon] metrics_history")},
        {QStringLiteral("subscribe_logs"), QStringLiteral("SubscribeLogs"), A::SensitiveRead,
         {str("service"), uint("generation", false, 1, std::numeric_limits<int>::max()), uint("pid", false, 1, std::numeric_limits<int>::max()),
          str("stream"), any("priority")},
         QStringLiteral("live worker output as LogLines signals to the caller"), false},
        {QStringLiteral("unsubscribe_logs"), QStringLiteral("UnsubscribeLogs"), A::PublicRead, {}, QStringLiteral("no more LogLines"), false},
    };
    static const QList<Method> all = table + actionMethods();
    return all;
}

const Method *findMethod(const QString &name)
{
    for (const Method &m : methods()) {
        if (m.name == name)
            return &m;
    }
    return nullptr;
}

QStringList methodNames()
{
    QStringList names;
    for (const Method &m : methods())
        names << m.name;
    return names;
}

std::optional<ParamError> validateParams(const Method &method, const QJsonObject &params, QVariantMap *out)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        const bool known = std::any_of(method.params.begin(), method.params.end(), [&](const Param &p) { return p.name == it.key(); });
        if (!known) {
            QStringList names;
            for (const Param &p : method.params)
                names << QStringLiteral("\"%1\"").arg(p.name);
            return ParamError{it.key(), QStringLiteral("%1 takes no parameter \"%2\"%3").arg(method.name, it.key(),
                                   names.isEmpty() ? QStringLiteral(" (it takes none)") : QStringLiteral(" (only %1)").arg(names.join(QLatin1String(", "))))};
        }
    }
    QVariantMap result;
    for (const Param &p : method.params) {
        const QJsonValue v = params.value(p.name);
        if (v.isUndefined()) {
            if (p.required)
                return ParamError{p.name, QStringLiteral("%1 needs \"%2\"").arg(method.name, p.name)};
            continue;
        }
        switch (p.type) {
        case ParamType::String:
            if (!v.isString())
                return ParamError{p.name, QStringLiteral("\"%1\" must be a string").arg(p.name)};
            if (v.toString().toUtf8().size() > p.maxLength)
                return ParamError{p.name, QStringLiteral("\"%1\" is longer than %2 bytes").arg(p.name).arg(p.maxLength)};
            result.insert(p.name, v.toString());
            break;
        case ParamType::Bool:
            if (!v.isBool())
                return ParamError{p.name, QStringLiteral("\"%1\" must be true or false").arg(p.name)};
            result.insert(p.name, v.toBool());
            break;
        case ParamType::Any:
            result.insert(p.name, v.toVariant());
            break;
        case ParamType::UInt: {
            const double d = v.toDouble(-1);
            // Integers beyond 2^53 are not exact in JSON, but "later than
            // anything" (since: INT64_MAX) is a meaningful request.
            if (!v.isDouble() || d < 0 || std::floor(d) != d || d > 9.3e18)
                return ParamError{p.name, QStringLiteral("\"%1\" must be an unsigned integer").arg(p.name)};
            const qint64 n = d >= 9.2e18 ? std::numeric_limits<qint64>::max() : qint64(d);
            if (n < p.min || n > p.max)
                return ParamError{p.name, QStringLiteral("\"%1\" must be between %2 and %3").arg(p.name).arg(p.min).arg(p.max)};
            result.insert(p.name, n);
            break;
        }
        }
    }
    *out = result;
    return std::nullopt;
}

} // namespace baton::protocol
