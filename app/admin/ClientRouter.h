#pragma once

#include "ControlClient.h"

#include <QPointer>

namespace baton {

// The one ControlClient the whole window holds, for its whole life. It
// forwards to whichever transport ConnectionManager currently uses, so
// switching from D-Bus to a socket or to SSH never rebuilds a page; signals
// of a replaced transport are never seen.
class ClientRouter final : public ControlClient {
    Q_OBJECT
public:
    explicit ClientRouter(QObject *parent = nullptr);
    ~ClientRouter() override;

    // Takes ownership. The previous backend is disconnected (its pending
    // calls are answered with code -1) and deleted.
    void setBackend(ControlClient *backend);
    ControlClient *backend() const { return m_backend; }
    // Nothing more of the current backend is seen (its signals are no
    // longer forwarded); it stays until setBackend() replaces it. For a
    // transport given up inside its own signal, replaced from the event loop.
    void silenceBackend();

    void connectToDaemon() override;
    void disconnectFromDaemon() override;
    bool isConnected() const override;
    QString endpoint() const override;
    void call(const QString &method, const QVariantMap &params, Callback callback) override;
    void subscribe(bool events, bool metrics) override;
    void setLogsWanted(bool wanted) override;

private:
    QPointer<ControlClient> m_backend;
    bool m_events = false;
    bool m_metrics = false;
    bool m_subscribed = false;
    bool m_logs = false;
};

} // namespace baton
