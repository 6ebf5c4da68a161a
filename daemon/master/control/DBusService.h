#pragma once

#include "BusTransport.h"
#include "ControlApi.h"

#include "baton/Config.h"
#include "baton/LogBuffer.h"

#include <QDBusConnection>
#include <QDBusContext>
#include <QDBusMessage>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QVariantMap>

#include <functional>
#include <optional>

class QDBusServiceWatcher;

namespace baton {

// The D-Bus transport of the control API (docs/control-api.md): bus name
// io.github.baton.Daemon1, object /io/github/baton/Daemon1, interface
// io.github.baton.Daemon1.Manager (io.github.baton.Daemon1.Manager.xml; the
// ManagerAdaptor generated from it calls the CamelCase methods below).
// Like the JSON-RPC server it only translates: every method is answered
// later, through ControlApi::call(), after the caller's credentials and, on
// the system bus, polkit have been asked asynchronously. Why it is built the
// way it is: see the top of DBusService.cpp.
class DBusService final : public BusTransport, protected QDBusContext {
    Q_OBJECT
    Q_PROPERTY(QString State READ state)
    Q_PROPERTY(QString ConfigVersion READ configVersion)
public:
    static constexpr const char *ServiceName = "io.github.baton.Daemon1";
    static constexpr const char *ObjectPath = "/io/github/baton/Daemon1";
    static constexpr const char *Interface = "io.github.baton.Daemon1.Manager";
    static constexpr const char *ManageAction = "io.github.baton.manage";

    DBusService(ControlApi &api, QObject *parent);
    ~DBusService() override;

    // Connects to the bus and exports the object, then asks for the name
    // without waiting: false (with *error) when the bus cannot be reached.
    // A name that turns out to be taken is logged on stderr when the bus
    // answers, and the object is withdrawn; the control socket is unaffected.
    bool start(BusKind bus, QString *error) override;
    bool ownsName() const { return m_ownsName; }

    QString state() const { return m_state; }
    QString configVersion() const { return m_configVersion; }

    // D-Bus cannot carry QVariant() and wants typed lists: lists of objects
    // become aa{sv}, lists of strings as, nulls are left out.
    static QVariantMap toDBus(const QVariantMap &map);

    // Called by ManagerAdaptor within a D-Bus call; each one sets a delayed
    // reply and answers later. Return values are ignored.
    QVariantMap Status();
    QVariantMap MetricsHistory();
    QVariantMap Reload(const QString &service);
    QVariantMap Validate(const QString &text);
    QVariantMap GetConfig();
    QVariantMap ApplyConfig(const QString &text, const QString &expectedVersion, const QString &comment);
    QVariantMap History();
    QVariantMap GetVersion(uint id);
    QVariantMap Rollback(uint id, const QString &comment);
    QVariantMap Events(qulonglong since, uint limit);
    QVariantMap Reset(const QString &service);
    QVariantMap RestartWorker(uint pid);
    QVariantMap SignalWorker(uint pid, const QString &signal);
    QVariantMap StopService(const QString &service);
    QVariantMap StartService(const QString &service);
    QVariantMap Stop();
    QVariantMap Subscribe();
    QVariantMap Unsubscribe();
    QVariantMap Logs(const QVariantMap &filter);
    QVariantMap SubscribeLogs(const QVariantMap &filter);
    QVariantMap UnsubscribeLogs();
    QVariantMap Upgrade(const QString &binary);

    // Upgrade in place: give the name up (and wait for the bus to say so)
    // before execve, so the next image's request is never refused as taken;
    // requestName() again when the execve failed. finishUpgrade() sends
    // UpgradeFinished as soon as the name is owned (new image: once acquired).
    void releaseName(std::function<void()> done) override;
    void requestName() override;
    void finishUpgrade(const QVariantMap &outcome);

Q_SIGNALS:
    // Relayed to the bus by ManagerAdaptor (same names and signatures).
    void Event(const QVariantMap &event);
    void ServicesChanged(const QVariantMap &status);
    void MetricsUpdated(const QVariantMap &status);
    void UpgradeFinished(const QVariantMap &outcome);

private:
    struct Request {
        QString method;              // snake_case, as ControlApi::call() knows it
        QVariantMap params;
        QDBusMessage message;
        Caller caller;
    };

    void handle(const QString &method, const QVariantMap &params);
    void onCredentials(Request request, const QDBusMessage &reply);
    void checkPolkit(Request request);
    void dispatch(const Request &request);
    void subscribe(const Request &request);
    void unsubscribe(const Request &request);
    void dropSubscriber(const QString &name);
    void subscribeLogs(const Request &request);
    void dropLogSubscriber(const QString &name);
    void onLogs(const QVariantList &lines);
    void onNameRequested(const QDBusMessage &reply);
    void onServicesChanged();
    void updateProperty(const char *name, QString *field, const QString &value);

    QPointer<ControlApi> m_api;   // may be destroyed first: both are children of ControlPlane
    QDBusConnection m_connection;
    BusKind m_bus = BusKind::None;
    bool m_registered = false;
    bool m_ownsName = false;
    QString m_state;
    QString m_configVersion;
    QSet<QString> m_subscribers;  // unique bus names that called Subscribe
    QHash<QString, LogFilter> m_logSubscribers;   // unique bus names that called SubscribeLogs
    QDBusServiceWatcher *m_subscriberWatcher = nullptr;
    std::optional<QVariantMap> m_pendingUpgradeOutcome;   // sent once the name is owned
};

} // namespace baton
