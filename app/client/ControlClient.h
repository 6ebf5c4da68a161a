#pragma once

#include <QObject>
#include <QString>
#include <QVariantMap>

#include <functional>
#include <memory>
#include <optional>

namespace baton {

struct ClientError {
    int code = 0;                 // the ControlErrorCode of docs/control-api.md; -1 = transport failure
    QString message;
    QVariantMap data;
};

// How batonctl and baton-admin talk to batond: one asynchronous interface,
// implemented over the Unix socket (JSON-RPC) and over D-Bus. Method names
// and shapes are those of docs/control-api.md (snake_case JSON-RPC names; the
// D-Bus implementation maps them). Nothing here blocks the event loop.
class ControlClient : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const QVariantMap &result, const std::optional<ClientError> &error)>;

    using QObject::QObject;
    ~ControlClient() override = default;

    virtual void connectToDaemon() = 0;        // connected() or disconnected(reason) follows
    virtual void disconnectFromDaemon() = 0;
    virtual bool isConnected() const = 0;
    virtual QString endpoint() const = 0;      // "unix:/run/baton/control.sock", "dbus:session"
    // Exactly one callback per call; on a lost connection, with code -1.
    virtual void call(const QString &method, const QVariantMap &params, Callback callback) = 0;
    // Ask for event and metrics notifications (re-sent after a reconnect).
    virtual void subscribe(bool events, bool metrics) = 0;
    // Ask for worker output too (logsReceived), on top of subscribe()'s
    // choice; kept across reconnects like it. JSON-RPC: "logs" in the same
    // subscribe call; D-Bus: SubscribeLogs. Off by default: output is heavy.
    virtual void setLogsWanted(bool wanted) = 0;

protected:
    // A notification from batond's JSON-RPC stream, as the matching signal.
    void emitNotification(const QString &method, const QVariantMap &params)
    {
        if (method == QLatin1String("event"))
            Q_EMIT eventReceived(params);
        else if (method == QLatin1String("metrics"))
            Q_EMIT metricsReceived(params);
        else if (method == QLatin1String("services_changed"))
            Q_EMIT servicesChanged(params);
        else if (method == QLatin1String("log"))
            Q_EMIT logsReceived(params.value(QStringLiteral("lines")).toList());
    }

Q_SIGNALS:
    void connected();
    void disconnected(const QString &reason);
    void eventReceived(const QVariantMap &event);
    void metricsReceived(const QVariantMap &status);
    void servicesChanged(const QVariantMap &status);
    void logsReceived(const QVariantList &lines);   // worker output, after subscribe with "logs" (subscribe_logs on D-Bus)
};

} // namespace baton
