#pragma once

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>

namespace baton {

class ControlClient;
class EventModel;

// Runs `reload` for one service or for all ("" = all) and reports the
// outcome in words: the daemon's outcome, and for a rollback the reason
// the new generation was given up (from the service's reload-rolled-back
// event). One reload per target at a time; batond coalesces the rest.
class ReloadController final : public QObject {
    Q_OBJECT
public:
    ReloadController(ControlClient *client, EventModel *events, QObject *parent = nullptr);

    void reload(const QString &service);
    bool isRunning(const QString &service) const { return m_running.contains(service); }
    bool anyRunning() const { return !m_running.isEmpty(); }
    QStringList running() const;

    static QString targetText(const QString &service);   // "web", "all services"

Q_SIGNALS:
    void started(const QString &service);
    // ok: nothing rolled back. `rolledBack` lists the services that kept
    // their old generation; `transportFailed` means batond never answered.
    void finished(const QString &service, bool ok, const QString &message, const QStringList &rolledBack, bool transportFailed);

private:
    QString rollbackReason(const QString &service) const;

    QPointer<ControlClient> m_client;
    QPointer<EventModel> m_events;
    QSet<QString> m_running;
};

} // namespace baton
