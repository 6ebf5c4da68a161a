#pragma once

#include "ControlClient.h"
#include "JsonRpcLines.h"

class QLocalSocket;

namespace baton {

// ControlClient over batond's Unix control socket: JSON-RPC 2.0, one object
// per line (docs/control-api.md).
class JsonRpcClient final : public ControlClient {
    Q_OBJECT
public:
    // Empty path: baton::defaultControlSocket().
    explicit JsonRpcClient(const QString &socketPath = {}, QObject *parent = nullptr);
    ~JsonRpcClient() override;

    void connectToDaemon() override;
    void disconnectFromDaemon() override;
    bool isConnected() const override;
    QString endpoint() const override;
    void call(const QString &method, const QVariantMap &params, Callback callback) override;
    void subscribe(bool events, bool metrics) override;
    void setLogsWanted(bool wanted) override;

    // A JSON-RPC notification (no id): batond acts on it and never answers.
    // False when not connected.
    bool notify(const QString &method, const QVariantMap &params);
    // Bytes handed to the socket but not yet written to the kernel.
    qint64 bytesToWrite() const;
    QString socketPath() const { return m_path; }

Q_SIGNALS:
    void allWritten();   // bytesToWrite() dropped to 0

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void sendSubscribe();

    QString m_path;
    QLocalSocket *m_socket = nullptr;
    JsonRpcLines m_lines;
    bool m_connected = false;
    bool m_subscribed = false;
    bool m_subscribeEvents = true;
    bool m_subscribeMetrics = true;
    bool m_subscribeLogs = false;
};

} // namespace baton
