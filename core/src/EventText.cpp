#include "baton/EventText.h"

#include "baton/Event.h"
#include "baton/EventModel.h"

#include <QCoreApplication>

namespace baton {

namespace {

QString str(const QVariantMap &e, const char *key)
{
    return e.value(QLatin1String(key)).toString();
}

} // namespace

// How a worker ended: "exit code 3", "signal SIGSEGV (core dumped)".
QString EventText::howItEnded(const QVariantMap &e)
{
    QString how;
    if (e.contains(QStringLiteral("exit_code")))
        how = tr("exit code %1").arg(e.value(QStringLiteral("exit_code")).toInt());
    else if (e.contains(QStringLiteral("signal")))
        how = tr("signal %1").arg(str(e, "signal"));
    if (e.value(QStringLiteral("core_dumped")).toBool())
        how = tr("%1, core dumped").arg(how);
    return how;
}

QString EventText::withReason(const QString &sentence, const QString &reason)
{
    return reason.isEmpty() ? sentence : tr("%1: %2").arg(sentence, reason);
}

QString EventText::exitSentence(const QVariantMap &e)
{
    const QString pid = str(e, "pid");
    const QString cause = EventModel::causeText(str(e, "cause"));
    const QString how = howItEnded(e);
    QString sentence;
    if (e.contains(QStringLiteral("uptime_ms")) && !how.isEmpty())
        sentence = tr("Worker %1 ended with %2 after %3").arg(pid, how, duration(e.value(QStringLiteral("uptime_ms")).toLongLong()));
    else if (!how.isEmpty())
        sentence = tr("Worker %1 ended with %2").arg(pid, how);
    else
        sentence = tr("Worker %1 ended").arg(pid);
    return tr("%1 (%2)").arg(sentence, cause);
}

QString EventText::reloadFinished(const QVariantMap &e)
{
    const QString service = str(e, "service"), reason = str(e, "reason");
    if (!service.isEmpty())
        return reason.isEmpty() ? tr("Reload of %1 finished").arg(service) : tr("Reload of %1 rolled back: %2").arg(service, reason);
    return reason.isEmpty() ? tr("Reload finished") : tr("Reload finished; rolled back: %1").arg(reason);
}

// batond before the typed fields wrote only its prose: then no version, no author.
QString EventText::configApplied(const QVariantMap &e)
{
    const QString version = str(e, "version").left(12), author = str(e, "author"), comment = str(e, "comment");
    if (version.isEmpty())
        return tr("A new configuration was applied");
    const QString sentence = author.isEmpty() ? tr("Configuration version %1 was applied").arg(version)
                                              : tr("Configuration version %1 was applied by %2").arg(version, author);
    return comment.isEmpty() ? sentence : tr("%1: “%2”").arg(sentence, comment);
}

QString EventText::duration(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return tr("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
}

bool EventText::knows(const QString &kind)
{
    static const QStringList known{
        EventKind::DaemonStarted, EventKind::DaemonStopping, EventKind::DaemonStopped, EventKind::Spawn,
        EventKind::ExecFailed, EventKind::Ready, EventKind::GenerationReady, EventKind::GenerationHolding, EventKind::Exit,
        EventKind::RestartScheduled, EventKind::StormBreaker, EventKind::Drain, EventKind::Kill,
        EventKind::ReloadStarted, EventKind::ReloadFinished, EventKind::ReloadRolledBack, EventKind::ReloadRejected,
        EventKind::Scale, EventKind::WatchdogTimeout, EventKind::Reset, EventKind::ConfigChanged,
        EventKind::ConfigApplied, EventKind::ConfigRestored, EventKind::Security, EventKind::WorkerRestart,
        EventKind::WorkerSignal, EventKind::ServiceStop, EventKind::ServiceStart, EventKind::UpgradeStarted,
        EventKind::UpgradeFinished, EventKind::UpgradeFailed};
    return known.contains(kind);
}

QString EventText::message(const QVariantMap &e)
{
    const QString kind = str(e, "kind");
    const QString pid = str(e, "pid"), generation = str(e, "generation"), reason = str(e, "reason");
    if (kind == EventKind::Spawn)
        return tr("Worker %1 spawned for generation %2").arg(pid, generation);
    if (kind == EventKind::ExecFailed)
        return withReason(tr("A worker could not be started"), reason);
    if (kind == EventKind::Ready)
        return tr("Worker %1 is ready").arg(pid);
    if (kind == EventKind::GenerationReady)
        return tr("Generation %1 is ready and serving").arg(generation);
    if (kind == EventKind::GenerationHolding)
        return tr("Generation %1 is ready; it takes over once its workers stayed ready for %2")
            .arg(generation, duration(e.value(QStringLiteral("delay_ms")).toLongLong()));
    if (kind == EventKind::Exit)
        return exitSentence(e);
    if (kind == EventKind::RestartScheduled)
        return withReason(tr("A worker restarts in %1 (attempt %2)")
                              .arg(duration(e.value(QStringLiteral("delay_ms")).toLongLong()), str(e, "attempt")), reason);
    if (kind == EventKind::StormBreaker)
        return withReason(tr("Too many restarts: the service failed and restarts no more until a reload or reset"), reason);
    if (kind == EventKind::Drain)
        return e.value(QStringLiteral("pid")).toLongLong() > 0 ? tr("Worker %1 was told to stop and drains").arg(pid)
                                                               : tr("Draining the workers left by the previous batond");
    if (kind == EventKind::Kill)
        return tr("Worker %1 killed with SIGKILL (%2)").arg(pid, EventModel::causeText(str(e, "cause")));
    if (kind == EventKind::ReloadStarted)
        return str(e, "service").isEmpty() || generation.isEmpty() ? tr("Reload started") : tr("Starting generation %1").arg(generation);
    if (kind == EventKind::ReloadFinished)
        return reloadFinished(e);
    if (kind == EventKind::ReloadRolledBack)
        return withReason(tr("Generation %1 rolled back").arg(generation), reason);
    if (kind == EventKind::ReloadRejected)
        return withReason(tr("Reload rejected, nothing changed"), reason);
    if (kind == EventKind::Scale)
        return tr("Generation %1 scaled to a new number of workers").arg(generation);
    if (kind == EventKind::WatchdogTimeout)
        return tr("Worker %1 sent no watchdog ping in time").arg(pid);
    if (kind == EventKind::Reset)
        return tr("Storm breaker closed by a reset; the missing workers restart");
    if (kind == EventKind::ConfigChanged)
        return reason.isEmpty() ? tr("The configuration file changed on disk")
                                : tr("The configuration file changed on disk and is invalid: %1").arg(reason);
    if (kind == EventKind::ConfigApplied)
        return configApplied(e);
    if (kind == EventKind::ConfigRestored)
        return withReason(tr("The applied configuration was rolled back"), reason);
    if (kind == EventKind::Security)
        return withReason(tr("A configuration was refused; the running one keeps serving"), reason);
    if (kind == EventKind::WorkerRestart)
        return tr("Restart of worker %1 requested: a replacement starts, then it drains").arg(pid);
    if (kind == EventKind::WorkerSignal)
        return tr("A signal was sent to worker %1 on request").arg(pid);
    if (kind == EventKind::ServiceStop)
        return tr("Stopped on request: every worker drains; the service stays stopped until started");
    if (kind == EventKind::ServiceStart)
        return tr("Started on request");
    if (kind == EventKind::UpgradeStarted)
        return tr("Upgrade in place asked for: running the new binary's preflight");
    if (kind == EventKind::UpgradeFinished)
        return tr("batond was upgraded in place, same PID, workers adopted");
    if (kind == EventKind::UpgradeFailed)
        return withReason(tr("The upgrade was refused or failed; the running batond serves on"), reason);
    if (kind == EventKind::DaemonStarted)
        return tr("batond started");
    if (kind == EventKind::DaemonStopping)
        return tr("Graceful stop: every worker drains");
    if (kind == EventKind::DaemonStopped)
        return tr("Every worker has exited; batond stopped");
    return str(e, "message");
}

} // namespace baton
