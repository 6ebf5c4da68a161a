#pragma once

#include "ControlClient.h"

#include <QByteArray>
#include <QHash>

#include <functional>

class QJsonObject;

namespace baton {

// batond's JSON-RPC 2.0 line protocol (docs/control-api.md), apart from the
// byte stream that carries it: JsonRpcClient feeds it from a QLocalSocket,
// SshBridgeClient from ssh's stdout. Every call gets an integer id and waits
// until the line with that id arrives; failAll() answers every waiting call,
// so each callback runs exactly once. An id-less error line (batond refusing
// an unauthorised peer before it hangs up) is kept as serverError().
class JsonRpcLines final {
public:
    static constexpr qsizetype MaxLineBytes = 64 * 1024 * 1024;   // a reply larger than this is a broken stream

    using Write = std::function<void(const QByteArray &line)>;
    using Notification = std::function<void(const QString &method, const QVariantMap &params)>;

    JsonRpcLines(Write write, Notification notification);

    void call(const QString &method, const QVariantMap &params, ControlClient::Callback callback);
    void notify(const QString &method, const QVariantMap &params);

    // Appends bytes and handles each complete line. Stops early when a
    // callback ended the connection (failAll()). False when an unfinished
    // line has grown past MaxLineBytes: the stream is broken (serverError()
    // says so).
    bool feed(const QByteArray &bytes);
    void failAll(const ClientError &error);
    // A new connection: no buffered bytes, no server error.
    void reset();

    QString serverError() const { return m_serverError; }
    bool hasPending() const { return !m_pending.isEmpty(); }
    // Drops every waiting callback unanswered (the owner is being destroyed).
    void forget() { m_pending.clear(); }

private:
    void handleLine(const QByteArray &line);
    void send(const QJsonObject &message);

    Write m_write;
    Notification m_notification;
    QByteArray m_in;
    qint64 m_nextId = 1;
    QHash<qint64, ControlClient::Callback> m_pending;
    QString m_serverError;
    quint64 m_epoch = 0;   // bumped by failAll(): feed() stops on a change
};

} // namespace baton
