#pragma once

#include "ControlClient.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>

class QLocalSocket;

namespace baton {

// ControlClient over batond's Unix control socket: JSON-RPC 2.0, one object
// per line (docs/control-api.md).
class JsonRpcClient final : public ControlClient {
    Q_OBJECT
public:
    static constexpr qsizetype MaxLineBytes = 64 * 1024 * 1024;   // a reply larger than this is a broken stream

    // Empty path: baton::defaultControlSocket().
    explicit JsonRpcClient(const QString &socketPath = {}, QObject *parent = nullptr);
    ~JsonRpcClient() override;

    void connectToDaemon() override;
    void disconnectFromDaemon() override;
    bool isConnected() const override;
    QString endpoint() const override;
    void call(const QString &method, const QVariantMap &params, Callback callback) override;
    void subscribe(bool events, bool metrics) override;

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
    void handleLine(const QByteArray &line);
    void failAll(const ClientError &error);
    void send(const QJsonObject &message);

    QString m_path;
    QLocalSocket *m_socket = nullptr;
    QByteArray m_in;
    qint64 m_nextId = 1;
    QHash<qint64, Callback> m_pending;
    bool m_connected = false;
    bool m_subscribed = false;
    bool m_subscribeEvents = true;
    bool m_subscribeMetrics = true;
    QString m_serverError;       // an id-less error from batond (permission denied) explains the close that follows
};

} // namespace baton
