#pragma once

#include "ControlClient.h"
#include "JsonRpcLines.h"

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace baton {

// ControlClient to a remote batond: `ssh -T HOST batonctl bridge` carries
// the JSON-RPC lines of the control socket over the process's stdin and
// stdout. ssh runs with BatchMode (a GUI cannot answer a password prompt:
// use keys or an agent). "Connected" means a first `status` came back
// through the whole chain; until then a failing ssh or batonctl is a
// connection error whose reason is the last thing it printed on stderr.
class SshBridgeClient final : public ControlClient {
    Q_OBJECT
public:
    SshBridgeClient(const QString &host, const QString &user, int port, const QString &remoteSocket, QObject *parent = nullptr);
    ~SshBridgeClient() override;

    void connectToDaemon() override;
    void disconnectFromDaemon() override;
    bool isConnected() const override { return m_connected; }
    QString endpoint() const override;
    void call(const QString &method, const QVariantMap &params, Callback callback) override;
    void subscribe(bool events, bool metrics) override;
    void setLogsWanted(bool wanted) override;

    QString program() const;          // "ssh", or $BATON_SSH
    QStringList arguments() const;

private:
    void onReadyRead();
    void onFinished();
    void sendSubscribe();
    QString failureReason() const;

    QString m_host;
    QString m_user;
    int m_port = 0;
    QString m_remoteSocket;
    QProcess *m_process;
    JsonRpcLines m_lines;
    QByteArray m_stderr;
    bool m_connected = false;
    bool m_closing = false;
    bool m_subscribed = false;
    bool m_events = true;
    bool m_metrics = true;
    bool m_logs = false;
};

} // namespace baton
