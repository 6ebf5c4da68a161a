#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <functional>

namespace baton {

class ControlClient;

// The operator actions besides reload: restart or signal one worker, stop,
// start or reset a service. One call each; the outcome comes back in words
// (the daemon's, never re-derived here) through finished(), which the
// dashboard's notice and the status bar show like a reload's outcome.
class ServiceActions final : public QObject {
    Q_OBJECT
public:
    explicit ServiceActions(ControlClient *client, QObject *parent = nullptr);

    void restartWorker(qint64 pid);
    void signalWorker(qint64 pid, const QString &signal);   // "TERM", "HUP", "USR1", "USR2", "KILL"
    void stopService(const QString &service);
    void startService(const QString &service);
    void resetService(const QString &service);

    static QStringList workerSignals();   // what the "Send Signal" menu offers

Q_SIGNALS:
    void started(const QString &what);    // "Restarting worker 4242…"
    void finished(bool ok, const QString &message);

private:
    using Describe = std::function<QString(const QVariantMap &result, bool *ok)>;
    void run(const QString &method, const QVariantMap &params, const QString &what, const QString &failedText, Describe describe);

    QPointer<ControlClient> m_client;
};

} // namespace baton
