// batonctl's operator actions on one service or one worker:
// `service stop|start SERVICE`, `worker restart PID`, `worker signal PID SIGNAL`.
// Each is one call; the results are read through their records
// (records::ServiceRequest, WorkerRestart, WorkerSignal).
#include "Ctl.h"

#include "Format.h"

#include "baton/ControlRecords.h"

namespace baton::ctl {

std::optional<qint64> Ctl::pidArgument()
{
    bool ok = false;
    const qint64 pid = m_inv.args.value(0).toLongLong(&ok);
    if (!ok || pid <= 0) {
        fail(Exit::Usage, QStringLiteral("%1: \"%2\" is not a PID").arg(m_inv.command, m_inv.args.value(0)));
        return std::nullopt;
    }
    return pid;
}

void Ctl::serviceAction(bool start)
{
    if (m_inv.args.size() != 1)
        return fail(Exit::Usage, QStringLiteral("usage: batonctl service stop|start SERVICE"));
    const QString service = m_inv.args.first();
    const QString method = start ? QStringLiteral("start_service") : QStringLiteral("stop_service");
    call(method, {{QStringLiteral("service"), service}}, [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, m_inv.command))
            return;
        const records::ServiceRequest r = records::ServiceRequest::fromVariant(result).value_or(records::ServiceRequest{});
        if (!json())
            (r.ok ? out(QStringLiteral("%1\n").arg(r.outcome)) : err(QStringLiteral("batonctl: %1\n").arg(r.outcome)));
        reply(r.ok ? Exit::Ok : Exit::Failed, r.toVariant(), r.outcome);
    });
}

void Ctl::workerRestart()
{
    if (m_inv.args.size() != 1)
        return fail(Exit::Usage, QStringLiteral("usage: batonctl worker restart PID"));
    const auto pid = pidArgument();
    if (!pid)
        return;
    call(QStringLiteral("restart_worker"), {{QStringLiteral("pid"), *pid}},
         [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, m_inv.command))
            return;
        const records::WorkerRestart r = records::WorkerRestart::fromVariant(result).value_or(records::WorkerRestart{});
        if (!json() && r.ok)
            out(QStringLiteral("worker %1 replaced by %2 (ready); %1 is draining\n").arg(r.oldPid).arg(r.newPid));
        else if (!json())
            err(QStringLiteral("batonctl: restart of worker %1 failed: %2\n").arg(r.oldPid).arg(r.outcome));
        reply(r.ok ? Exit::Ok : Exit::Failed, r.toVariant(), r.outcome);
    });
}

void Ctl::workerSignal()
{
    if (m_inv.args.size() != 2)
        return fail(Exit::Usage, QStringLiteral("usage: batonctl worker signal PID SIGNAL"));
    const auto pid = pidArgument();
    if (!pid)
        return;
    call(QStringLiteral("signal_worker"), {{QStringLiteral("pid"), *pid}, {QStringLiteral("signal"), m_inv.args.at(1)}},
         [this](const QVariantMap &result, const std::optional<ClientError> &error) {
        if (!succeeded(error, m_inv.command))
            return;
        const records::WorkerSignal r = records::WorkerSignal::fromVariant(result).value_or(records::WorkerSignal{});
        if (!json())
            out(QStringLiteral("%1 sent to worker %2\n").arg(r.signal).arg(r.pid));
        reply(Exit::Ok, r.toVariant());
    });
}

} // namespace baton::ctl
