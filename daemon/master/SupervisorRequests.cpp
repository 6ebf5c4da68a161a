// The Supervisor's part of the operator requests on one worker or one
// service (reload of one service, reset, restart_worker, signal_worker,
// stop_service, start_service):
// finding the service and its listeners. What happens to the workers is the
// service's GenerationMachine's decision (GenerationMachineRequests.cpp).
#include "Supervisor.h"

#include "DaemonEvent.h"

#include "baton/ControlProtocol.h"
#include "baton/SignalNames.h"

namespace baton {

namespace {

Supervisor::Refusal refusal(int code, const QString &message)
{
    return {code, message};
}

} // namespace

Service *Supervisor::serviceOfWorker(pid_t pid) const
{
    for (Service *s : m_services) {
        if (s->ownsPid(pid))
            return s;
    }
    return nullptr;
}

QString Supervisor::serviceState(const QString &name) const
{
    const Service *s = service(name);
    return s ? serviceStateName(s->state()) : QString();
}

std::optional<Supervisor::Refusal> Supervisor::restartWorker(pid_t pid, Service::RestartDone done)
{
    Service *s = serviceOfWorker(pid);
    if (!s)
        return refusal(ControlErrorCode::NotFound, QStringLiteral("no worker with PID %1").arg(pid));
    if (stopping())
        return refusal(ControlErrorCode::Unavailable, QStringLiteral("batond is stopping"));
    if (const QString why = s->refusesRestart(pid); !why.isEmpty())
        return refusal(ControlErrorCode::Conflict, why);
    s->restartWorker(pid, std::move(done));
    return std::nullopt;
}

std::optional<Supervisor::Refusal> Supervisor::signalWorker(pid_t pid, int signal)
{
    Service *s = serviceOfWorker(pid);
    if (!s)
        return refusal(ControlErrorCode::NotFound, QStringLiteral("no worker with PID %1").arg(pid));
    s->signalWorker(pid, signal);
    return std::nullopt;
}

std::optional<Supervisor::Refusal> Supervisor::stopService(const QString &name, Service::Done done)
{
    Service *s = service(name);
    if (!s)
        return refusal(ControlErrorCode::NotFound, QStringLiteral("no service named \"%1\"").arg(name));
    if (stopping())
        return refusal(ControlErrorCode::Unavailable, QStringLiteral("batond is stopping"));
    s->stopByRequest(std::move(done));   // already stopped: answered once its workers are gone, at once if none
    noteState();
    return std::nullopt;
}

std::optional<Supervisor::Refusal> Supervisor::startService(const QString &name, Service::Done done)
{
    Service *s = service(name);
    if (!s)
        return refusal(ControlErrorCode::NotFound, QStringLiteral("no service named \"%1\"").arg(name));
    if (stopping())
        return refusal(ControlErrorCode::Unavailable, QStringLiteral("batond is stopping"));
    if (!s->isStoppedByRequest())
        return refusal(ControlErrorCode::Conflict, QStringLiteral("%1 is not stopped (it is %2)").arg(name, serviceStateName(s->state())));
    // Its listeners were let go when it stopped: bound again (or reused) first.
    QString error;
    auto listeners = acquireListeners(s->config(), &error);
    if (!listeners)
        return refusal(ControlErrorCode::Conflict, error);
    s->startByRequest(std::move(*listeners), std::move(done));
    noteState();
    return std::nullopt;
}

bool Supervisor::reloadService(const QString &name, ReloadCallback done, QString *error)
{
    Service *s = service(name);
    if (!s) {
        *error = QStringLiteral("no service named \"%1\"").arg(name);
        return false;
    }
    if (stopping()) {
        *error = QStringLiteral("batond is stopping");
        return false;
    }
    QString bindError;
    auto listeners = acquireListeners(s->config(), &bindError);
    if (!listeners) {
        *error = bindError;
        return false;
    }
    // Not the coordinator's: a single-service reload never holds up a full reload's outcome.
    s->startGeneration(s->config(), std::move(*listeners), QStringLiteral("reload of %1 requested").arg(name),
                       [this, name, done = std::move(done)](bool ok, const QString &reason) {
                           // A reason with ok: the service is stopped by request and stays so.
                           const QString served = reason.isEmpty() ? QStringLiteral("%1: new generation serving").arg(name)
                                                                   : QStringLiteral("%1: %2").arg(name, reason);
                           const ReloadOutcome outcome{ok, ok ? served
                                                              : QStringLiteral("%1: rolled back: %2").arg(name, reason),
                                                       ok ? QStringList() : QStringList{QStringLiteral("%1 (%2)").arg(name, reason)}};
                           Event e = daemonEvent(EventKind::ReloadFinished, QStringLiteral("reload of %1 finished: %2").arg(name, outcome.outcome),
                                                 ok ? QString() : reason);
                           e.service = name;
                           record(std::move(e));
                           if (done)
                               done(outcome);
                       });
    return true;
}

bool Supervisor::resetService(const QString &name, QString *error)
{
    Service *s = service(name);
    if (!s) {
        *error = QStringLiteral("no service named \"%1\"").arg(name);
        return false;
    }
    s->reset();
    return true;
}

} // namespace baton
