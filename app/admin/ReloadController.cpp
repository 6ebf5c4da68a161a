#include "ReloadController.h"

#include "ControlClient.h"
#include "baton/Event.h"
#include "baton/EventModel.h"

namespace baton {

ReloadController::ReloadController(ControlClient *client, EventModel *events, QObject *parent)
    : QObject(parent), m_client(client), m_events(events)
{
}

QString ReloadController::targetText(const QString &service)
{
    return service.isEmpty() ? tr("all services") : service;
}

QStringList ReloadController::running() const
{
    QStringList out(m_running.cbegin(), m_running.cend());
    out.sort();
    return out;
}

void ReloadController::reload(const QString &service)
{
    if (!m_client || m_running.contains(service))
        return;
    m_running.insert(service);
    Q_EMIT started(service);
    QVariantMap params;
    if (!service.isEmpty())
        params.insert(QStringLiteral("service"), service);
    m_client->call(QStringLiteral("reload"), params,
                   [this, guard = QPointer(this), service](const QVariantMap &result, const std::optional<ClientError> &error) {
                       if (!guard)
                           return;
                       m_running.remove(service);
                       if (error) {
                           Q_EMIT finished(service, false, tr("Reload of %1 failed: %2").arg(targetText(service), error->message), {},
                                           error->code == -1);
                           return;
                       }
                       const bool ok = result.value(QStringLiteral("ok")).toBool();
                       const QStringList rolledBack = result.value(QStringLiteral("rolled_back")).toStringList();
                       const QString outcome = result.value(QStringLiteral("outcome")).toString();
                       if (ok) {
                           Q_EMIT finished(service, true, tr("%1 reloaded: %2").arg(targetText(service), outcome), {}, false);
                           return;
                       }
                       if (rolledBack.isEmpty()) {   // rejected: invalid config, port in use, stopping
                           Q_EMIT finished(service, false, tr("Reload of %1 failed: %2").arg(targetText(service), outcome), {}, false);
                           return;
                       }
                       // Entries are "web" or "web (why)", depending on the daemon's version.
                       QStringList names, reasons;
                       for (const QString &entry : rolledBack) {
                           const qsizetype paren = entry.indexOf(QLatin1String(" ("));
                           const QString name = paren < 0 ? entry : entry.left(paren);
                           QString why = paren < 0 ? rollbackReason(name) : entry.mid(paren + 2).chopped(entry.endsWith(QLatin1Char(')')) ? 1 : 0);
                           names << name;
                           reasons << (why.isEmpty() ? name : tr("%1: %2").arg(name, why));
                       }
                       Q_EMIT finished(service, false,
                                       tr("Reload of %1 rolled back, the old generation keeps serving (%2)")
                                           .arg(targetText(service), reasons.join(QLatin1String("; "))),
                                       names, false);
                   });
}

QString ReloadController::rollbackReason(const QString &service) const
{
    if (!m_events)
        return {};
    // batond records the rollback before it answers the reload, so it is here.
    for (int row = m_events->rowCount() - 1; row >= 0 && row >= m_events->rowCount() - 500; --row) {
        const QVariantMap event = m_events->eventAt(row);
        if (event.value(QStringLiteral("kind")).toString() == EventKind::ReloadRolledBack
            && event.value(QStringLiteral("service")).toString() == service) {
            const QString reason = event.value(QStringLiteral("reason")).toString();
            return reason.isEmpty() ? event.value(QStringLiteral("message")).toString() : reason;
        }
    }
    return {};
}

} // namespace baton
