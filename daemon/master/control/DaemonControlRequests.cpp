// The command layer's side of the operator requests on one worker or one
// service: params to Supervisor calls, outcomes to result records
// (records::WorkerRestart, WorkerSignal, ServiceRequest).
#include "DaemonControl.h"

#include "baton/ControlRecords.h"
#include "baton/SignalNames.h"

#include <csignal>

namespace baton {

namespace {

// The signals an operator may send to one worker (docs/control-api.md).
std::optional<int> workerSignal(QString name)
{
    name = name.trimmed().toUpper();
    if (!name.startsWith(QLatin1String("SIG")))
        name.prepend(QLatin1String("SIG"));
    static const QList<int> allowed{SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGKILL};
    const std::optional<int> signal = parseSignalName(name);
    if (!signal || !allowed.contains(*signal))
        return std::nullopt;
    return signal;
}

ControlError refused(const Supervisor::Refusal &r)
{
    return ControlError{r.code, r.message, {}};
}

} // namespace

bool DaemonControl::operatorRequest(const QString &method, const QVariantMap &params, const Reply &reply)
{
    const pid_t pid = pid_t(params.value(QStringLiteral("pid")).toLongLong());
    const QString service = params.value(QStringLiteral("service")).toString();
    if (method == QLatin1String("restart_worker")) {
        const auto no = m_supervisor.restartWorker(pid, [reply, pid](bool ok, const QString &outcome, pid_t newPid) {
            reply(records::WorkerRestart{ok, outcome, pid, ok ? qint64(newPid) : 0}.toVariant(), std::nullopt);
        });
        if (no)
            reply({}, refused(*no));
        return true;
    }
    if (method == QLatin1String("signal_worker")) {
        const std::optional<int> signal = workerSignal(params.value(QStringLiteral("signal")).toString());
        if (!signal)
            reply({}, ControlError{ControlErrorCode::InvalidParams, QStringLiteral("\"signal\" must be one of TERM, HUP, USR1, USR2, KILL"),
                                   {{QStringLiteral("param"), QStringLiteral("signal")}}});
        else if (const auto no = m_supervisor.signalWorker(pid, *signal))
            reply({}, refused(*no));
        else
            reply(records::WorkerSignal{true, pid, signalName(*signal)}.toVariant(), std::nullopt);
        return true;
    }
    if (method == QLatin1String("stop_service") || method == QLatin1String("start_service")) {
        auto done = [this, reply, service](bool ok, const QString &outcome) {
            reply(records::ServiceRequest{ok, service, outcome, m_supervisor.serviceState(service)}.toVariant(), std::nullopt);
        };
        const auto no = method == QLatin1String("stop_service") ? m_supervisor.stopService(service, done)
                                                                 : m_supervisor.startService(service, done);
        if (no)
            reply({}, refused(*no));
        return true;
    }
    return false;
}

} // namespace baton
