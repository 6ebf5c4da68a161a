// JSON-RPC over QLocalSocket (the protocol itself is JsonRpcLines). A lost
// connection answers every waiting call with code -1, so each callback runs
// exactly once. batond refuses an unauthorised peer with one id-less error
// line and closes: that message becomes the reason of the disconnect.
#include "JsonRpcClient.h"

#include "baton/RuntimePaths.h"

#include <QFileInfo>
#include <QLocalSocket>
#include <QTimer>

namespace baton {

namespace {

QString connectError(QLocalSocket::LocalSocketError error, const QString &fallback)
{
    switch (error) {
    case QLocalSocket::ServerNotFoundError: return QStringLiteral("no such socket (is batond running?)");
    case QLocalSocket::ConnectionRefusedError: return QStringLiteral("connection refused (batond is not running, or its socket is stale)");
    case QLocalSocket::SocketAccessError:
        return QStringLiteral("permission denied (the control socket admits root, batond's user and its admin_group)");
    case QLocalSocket::SocketTimeoutError: return QStringLiteral("timed out");
    default: return fallback;
    }
}

} // namespace

JsonRpcClient::JsonRpcClient(const QString &socketPath, QObject *parent)
    : ControlClient(parent), m_path(QFileInfo(socketPath.isEmpty() ? defaultControlSocket() : socketPath).absoluteFilePath()),
      m_socket(new QLocalSocket(this)),
      m_lines([this](const QByteArray &line) { m_socket->write(line); },
              [this](const QString &method, const QVariantMap &params) { emitNotification(method, params); })
{
    connect(m_socket, &QLocalSocket::connected, this, &JsonRpcClient::onConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &JsonRpcClient::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &JsonRpcClient::onDisconnected);
    connect(m_socket, &QLocalSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() == 0)
            Q_EMIT allWritten();
    });
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError error) {
        if (m_connected)
            return;   // a running connection ends in onDisconnected()
        Q_EMIT disconnected(QStringLiteral("cannot connect to %1: %2").arg(endpoint(), connectError(error, m_socket->errorString())));
    });
}

JsonRpcClient::~JsonRpcClient()
{
    // Callbacks may capture objects that die with us: drop them unanswered.
    m_lines.forget();
    disconnect(m_socket, nullptr, this, nullptr);
}

void JsonRpcClient::connectToDaemon()
{
    if (m_socket->state() != QLocalSocket::UnconnectedState)
        return;
    m_lines.reset();
    m_socket->connectToServer(m_path);
}

void JsonRpcClient::disconnectFromDaemon()
{
    if (m_socket->state() == QLocalSocket::UnconnectedState)
        return;
    const bool wasConnected = std::exchange(m_connected, false);
    m_lines.failAll({-1, QStringLiteral("disconnected from batond"), {}});
    m_socket->disconnectFromServer();   // writes what is queued first
    if (wasConnected)
        Q_EMIT disconnected(QStringLiteral("disconnected"));
}

bool JsonRpcClient::isConnected() const
{
    return m_connected;
}

QString JsonRpcClient::endpoint() const
{
    return QStringLiteral("unix:") + m_path;
}

void JsonRpcClient::call(const QString &method, const QVariantMap &params, Callback callback)
{
    if (!m_connected) {
        const ClientError error{-1, QStringLiteral("not connected to batond (%1)").arg(endpoint()), {}};
        QTimer::singleShot(0, this, [callback, error] { callback({}, error); });
        return;
    }
    m_lines.call(method, params, std::move(callback));
}

bool JsonRpcClient::notify(const QString &method, const QVariantMap &params)
{
    if (!m_connected)
        return false;
    m_lines.notify(method, params);
    return true;
}

qint64 JsonRpcClient::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void JsonRpcClient::subscribe(bool events, bool metrics)
{
    m_subscribed = true;
    m_subscribeEvents = events;
    m_subscribeMetrics = metrics;
    if (m_connected)
        sendSubscribe();   // else sent by onConnected()
}

void JsonRpcClient::setLogsWanted(bool wanted)
{
    if (wanted == m_subscribeLogs)
        return;
    m_subscribeLogs = wanted;
    m_subscribed = true;
    if (m_connected)
        sendSubscribe();
}

void JsonRpcClient::sendSubscribe()
{
    // One subscribe call replaces the connection's whole subscription: send every wish at once.
    const auto ignore = [](const QVariantMap &, const std::optional<ClientError> &) {};
    if (m_subscribeEvents || m_subscribeMetrics || m_subscribeLogs)
        call(QStringLiteral("subscribe"),
             {{QStringLiteral("events"), m_subscribeEvents}, {QStringLiteral("metrics"), m_subscribeMetrics},
              {QStringLiteral("logs"), m_subscribeLogs}},
             ignore);
    else
        call(QStringLiteral("unsubscribe"), {}, ignore);
}

void JsonRpcClient::onConnected()
{
    m_connected = true;
    if (m_subscribed)
        sendSubscribe();
    Q_EMIT connected();
}

void JsonRpcClient::onReadyRead()
{
    if (!m_lines.feed(m_socket->readAll()) && m_connected)
        m_socket->abort();   // onDisconnected() reports serverError()
}

void JsonRpcClient::onDisconnected()
{
    if (!m_connected)
        return;   // we hung up ourselves; already reported
    // Lines that arrived together with the close still count (a final error line).
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (!m_connected)
        return;   // a callback hung up meanwhile
    m_connected = false;
    const QString reason = m_lines.serverError().isEmpty() ? QStringLiteral("batond closed the connection") : m_lines.serverError();
    m_lines.failAll({-1, reason, {}});
    Q_EMIT disconnected(reason);
}

} // namespace baton
