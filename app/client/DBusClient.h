#pragma once

#include "ControlClient.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QHash>
#include <QString>
#include <QVariant>

class QDBusPendingCallWatcher;
class QDBusServiceWatcher;

namespace baton {

// ControlClient over D-Bus (io.github.baton.Daemon1 on the session or system
// bus). Calls are asynchronous; results are demarshalled to plain
// QVariantMap/QVariantList trees, so callers see the shapes JSON-RPC gives.
// "Connected" means batond owns the bus name: the name is watched, and a
// subscription is renewed when batond comes back.
class DBusClient final : public ControlClient {
    Q_OBJECT
public:
    explicit DBusClient(QDBusConnection::BusType bus, QObject *parent = nullptr);
    ~DBusClient() override;

    void connectToDaemon() override;
    void disconnectFromDaemon() override;
    bool isConnected() const override { return m_connected; }
    QString endpoint() const override;
    void call(const QString &method, const QVariantMap &params, Callback callback) override;
    void subscribe(bool events, bool metrics) override;
    void setLogsWanted(bool wanted) override;

    // QDBusArgument (and QDBusVariant, object paths...) to plain QVariants.
    static QVariant fromDBus(const QVariant &value);
    // The error reply's name as a ControlErrorCode (-1 for transport errors)
    // and its message; data is filled in by completeError().
    static ClientError errorFromReply(const QDBusMessage &reply);

private Q_SLOTS:
    void onBusSignal(const QDBusMessage &message);

private:
    void onOwnerChanged(const QString &owner);
    void sendSubscribe();
    void fail(Callback callback, int code, const QString &message);
    void completeError(const QString &method, const QVariantMap &params, ClientError error, Callback done);
    void connectSignals(bool on);

    QDBusConnection::BusType m_busType;
    QDBusConnection m_connection;
    QDBusServiceWatcher *m_nameWatcher = nullptr;
    QHash<QDBusPendingCallWatcher *, Callback> m_pending;
    QString m_owner;               // batond's unique name while it owns the well-known one
    bool m_active = false;         // between connectToDaemon() and disconnectFromDaemon()
    bool m_connected = false;
    bool m_ownerSeen = false;      // the watcher spoke before GetNameOwner answered
    quint64 m_session = 0;         // one per connectToDaemon(): queued owner changes of an earlier one are dropped
    bool m_wantEvents = false;
    bool m_wantMetrics = false;
    bool m_wantLogs = false;
};

} // namespace baton
