#include "ServiceActions.h"

#include "ControlClient.h"
#include "baton/ControlRecords.h"

#include <QVariantMap>

namespace baton {

ServiceActions::ServiceActions(ControlClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
}

QStringList ServiceActions::workerSignals()
{
    return {QStringLiteral("TERM"), QStringLiteral("HUP"), QStringLiteral("USR1"), QStringLiteral("USR2"), QStringLiteral("KILL")};
}

void ServiceActions::run(const QString &method, const QVariantMap &params, const QString &what, const QString &failedText,
                         Describe describe)
{
    if (!m_client)
        return;
    Q_EMIT started(what);
    m_client->call(method, params, [this, guard = QPointer(this), failedText, describe](const QVariantMap &result,
                                                                                       const std::optional<ClientError> &error) {
        if (!guard)
            return;
        if (error)
            return Q_EMIT finished(false, failedText.arg(error->message));
        bool ok = true;
        const QString message = describe(result, &ok);
        Q_EMIT finished(ok, ok ? message : failedText.arg(message));
    });
}

void ServiceActions::restartWorker(qint64 pid)
{
    run(QStringLiteral("restart_worker"), {{QStringLiteral("pid"), pid}}, tr("Restarting worker %1…").arg(pid),
        tr("Restart of worker %1 failed: %2").arg(pid), [](const QVariantMap &result, bool *ok) {
            const auto r = records::WorkerRestart::fromVariant(result).value_or(records::WorkerRestart{});
            *ok = r.ok;
            return r.ok ? tr("Worker %1 replaced by %2; %1 is draining").arg(r.oldPid).arg(r.newPid) : r.outcome;
        });
}

void ServiceActions::signalWorker(qint64 pid, const QString &signal)
{
    run(QStringLiteral("signal_worker"), {{QStringLiteral("pid"), pid}, {QStringLiteral("signal"), signal}},
        tr("Sending %1 to worker %2…").arg(signal).arg(pid), tr("Signal to worker %1 failed: %2").arg(pid),
        [](const QVariantMap &result, bool *ok) {
            const auto r = records::WorkerSignal::fromVariant(result).value_or(records::WorkerSignal{});
            *ok = r.ok;
            return tr("%1 sent to worker %2").arg(r.signal).arg(r.pid);
        });
}

void ServiceActions::stopService(const QString &service)
{
    run(QStringLiteral("stop_service"), {{QStringLiteral("service"), service}}, tr("Stopping %1…").arg(service),
        tr("Stop of %1 failed: %2").arg(service), [](const QVariantMap &result, bool *ok) {
            const auto r = records::ServiceRequest::fromVariant(result).value_or(records::ServiceRequest{});
            *ok = r.ok;
            return r.outcome;
        });
}

void ServiceActions::startService(const QString &service)
{
    run(QStringLiteral("start_service"), {{QStringLiteral("service"), service}}, tr("Starting %1…").arg(service),
        tr("Start of %1 failed: %2").arg(service), [](const QVariantMap &result, bool *ok) {
            const auto r = records::ServiceRequest::fromVariant(result).value_or(records::ServiceRequest{});
            *ok = r.ok;
            return r.outcome;
        });
}

void ServiceActions::resetService(const QString &service)
{
    run(QStringLiteral("reset"), {{QStringLiteral("service"), service}}, tr("Resetting %1…").arg(service),
        tr("Reset of %1 failed: %2").arg(service), [service](const QVariantMap &, bool *ok) {
            *ok = true;
            return tr("%1 reset: missing workers are restarting").arg(service);
        });
}

} // namespace baton
