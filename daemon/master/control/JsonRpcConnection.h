#pragma once

// One accepted client of the control socket: reads request lines, hands
// them to the ControlApi, queues answers and notifications. Private to
// JsonRpcServer.cpp (its top says why the transport is built this way); in a
// file of its own so that each stays one job: the server listens, accepts,
// broadcasts and carries connections across an upgrade, the connection talks.
#include "JsonRpcServer.h"

#include "baton/ControlProtocol.h"
#include "baton/JsonRpcRequest.h"
#include "baton/LogBuffer.h"
#include "baton/UpgradeState.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QScopeGuard>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>
#include <variant>

namespace baton {

class JsonRpcConnection final : public QObject {
    static constexpr qsizetype ReadChunk = 64 * 1024;
    static constexpr int MaxLinesPerTurn = 16;              // requests of one client handled per wake-up, for fairness
    static constexpr int MaxBatchSize = 64;                  // requests in one batch (one line)
    static constexpr int CloseGraceMs = 5000;                // a final error line gets this long to be read
    // The responses of one batch, collected until every member is answered.
    struct Batch {
        QJsonArray responses;
        int outstanding = 0;
    };
    using Sink = std::shared_ptr<Batch>;

public:
    // Serialises one message (or a batch of responses) as one line.
    static QByteArray encode(const QJsonObject &message)
    {
        return QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
    }
    static QByteArray encodeArray(const QJsonArray &messages)
    {
        return QJsonDocument(messages).toJson(QJsonDocument::Compact) + '\n';
    }

    JsonRpcConnection(JsonRpcServer &server, UniqueFd fd, const Caller &caller)
        : QObject(&server), m_server(server), m_fd(std::move(fd)), m_caller(caller)
    {
        m_readNotifier = new QSocketNotifier(m_fd.get(), QSocketNotifier::Read, this);
        m_writeNotifier = new QSocketNotifier(m_fd.get(), QSocketNotifier::Write, this);
        m_writeNotifier->setEnabled(false);
        connect(m_readNotifier, &QSocketNotifier::activated, this, [this] { onReadable(); });
        connect(m_writeNotifier, &QSocketNotifier::activated, this, [this] { onWritable(); });
        // A request line left unfinished holds a connection for nothing (and
        // many of them would hold all of them): it ends the connection.
        m_partialDeadline.setSingleShot(true);
        m_partialDeadline.setInterval(JsonRpcServer::PartialRequestTimeoutMs);
        connect(&m_partialDeadline, &QTimer::timeout, this, [this] {
            refuse(ControlErrorCode::InvalidRequest,
                   QStringLiteral("request line not finished within %1 s").arg(JsonRpcServer::PartialRequestTimeoutMs / 1000));
        });
    }

    // One error line, then the connection is closed.
    void refuse(int code, const QString &message)
    {
        sendError(QJsonValue::Null, code, message);
        closeWhenFlushed();
    }

    void close()
    {
        if (m_closed)
            return;
        m_closed = m_closing = true;
        m_readNotifier->setEnabled(false);
        m_writeNotifier->setEnabled(false);
        m_fd.reset();
        m_in.clear();
        m_out.clear();
        setMetrics(false);
        setLogs(std::nullopt);
        m_wantEvents = false;
        m_server.forget(this);
        deleteLater();
    }

    // Queues bytes that already are one complete line.
    void queue(const QByteArray &bytes)
    {
        if (m_closing)
            return;
        if (m_outPos == m_out.size()) {
            m_out.clear();
            m_outPos = 0;
            const qsizetype written = writeSome(bytes.constData(), bytes.size());
            if (written < 0 || written == bytes.size())
                return;
            m_out = bytes.mid(written);
        } else {
            m_out.append(bytes);
        }
        if (m_out.size() - m_outPos > JsonRpcServer::MaxPendingOutput) {
            std::fprintf(stderr, "batond: control: dropping client pid %lld: not reading (%lld MiB unread)\n",
                         static_cast<long long>(m_caller.pid), static_cast<long long>(JsonRpcServer::MaxPendingOutput >> 20));
            close();
            return;
        }
        m_writeNotifier->setEnabled(true);
    }

    int fd() const { return m_fd.get(); }

    upgrade::Client record() const
    {
        upgrade::Client c;
        c.fd = m_fd.get();
        c.uid = qint64(m_caller.uid);
        c.gid = qint64(m_caller.gid);
        c.pid = m_caller.pid;
        for (const gid_t g : m_caller.groups)
            c.groups << qint64(g);
        c.userName = m_caller.userName;
        c.events = m_wantEvents;
        c.metrics = m_wantMetrics;
        if (m_logFilter)
            c.logs = m_logParams;
        c.input = m_in;
        c.output = m_out.mid(m_outPos);
        return c;
    }

    // After an upgrade: the previous image's subscriptions, output and input.
    void restore(const upgrade::Client &c)
    {
        m_wantEvents = c.events;
        setMetrics(c.metrics);
        if (c.logs.isValid()) {
            QString why;
            m_logParams = c.logs.toMap();
            setLogs(LogFilter::fromParams(m_logParams, &why));
        }
        if (!c.output.isEmpty())
            queue(c.output);
        m_in = c.input;
        if (!m_in.isEmpty())
            QTimer::singleShot(0, this, [this] {
                if (!m_closing)
                    processInput();
            });
    }

    void answer(const QVariant &id, const QVariantMap &result)
    {
        sendResult(QJsonValue::fromVariant(id), QJsonObject::fromVariantMap(result));
    }

    const Caller &caller() const { return m_caller; }
    bool wantsEvents() const { return m_wantEvents && !m_closing; }
    bool wantsMetrics() const { return m_wantMetrics && !m_closing; }
    bool wantsAny() const { return (m_wantEvents || m_wantMetrics || m_logFilter) && !m_closing; }
    const LogFilter *logFilter() const { return m_closing || !m_logFilter ? nullptr : &*m_logFilter; }

private:
    void onReadable()
    {
        char chunk[ReadChunk];
        ssize_t n;
        do {
            n = ::read(m_fd.get(), chunk, sizeof(chunk));
        } while (n < 0 && errno == EINTR);
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK ? void() : close();
        if (n == 0) {   // EOF: the client is done sending; answer what is pending, then close
            m_inputClosed = true;
            m_readNotifier->setEnabled(false);
        }
        m_in.append(chunk, n);
        processInput();
    }

    // At most MaxLinesPerTurn requests per turn of the event loop, and no
    // reading while complete lines wait: a flooding client neither starves
    // the others nor makes m_in exceed one line limit plus one read.
    void processInput()
    {
        qsizetype start = 0;
        int handled = 0;
        bool more = false;
        while (!m_closing) {
            const qsizetype newline = m_in.indexOf('\n', std::max(start, m_scanFrom));
            if (newline < 0)
                break;
            if (newline - start > JsonRpcServer::MaxLineBytes)
                return refuse(ControlErrorCode::InvalidRequest, QStringLiteral("request line exceeds 1 MiB"));
            if (handled++ == MaxLinesPerTurn) {
                more = true;
                break;
            }
            const QByteArray line = m_in.sliced(start, newline - start);   // implicitly shared; m_in is not touched meanwhile
            start = newline + 1;
            if (!line.trimmed().isEmpty())
                handleLine(line);
        }
        if (m_closing)
            return;
        m_in.remove(0, start);
        m_scanFrom = more ? 0 : m_in.size();
        if (more) {
            m_readNotifier->setEnabled(false);
            QTimer::singleShot(0, this, [this] {
                if (!m_closing)
                    processInput();
            });
            return;
        }
        if (m_in.size() > JsonRpcServer::MaxLineBytes)
            return refuse(ControlErrorCode::InvalidRequest, QStringLiteral("request line exceeds 1 MiB"));
        if (m_in.trimmed().isEmpty() || m_inputClosed)
            m_partialDeadline.stop();
        else if (handled > 0 || !m_partialDeadline.isActive())
            m_partialDeadline.start();   // from the first byte of the line now unfinished
        if (!m_inputClosed)
            return m_readNotifier->setEnabled(true);
        if (!m_in.trimmed().isEmpty())
            handleLine(m_in);   // a last line without its newline still counts
        m_in.clear();
        maybeFinish();
    }

    void handleLine(const QByteArray &line)
    {
        const auto decoded = decodeJsonRpcLine(line);
        if (const auto *e = std::get_if<JsonRpcDecodeError>(&decoded)) {
            if (e->answer)
                sendError(e->id, e->code, e->message);
            return;
        }
        if (const auto *batch = std::get_if<JsonRpcBatch>(&decoded))
            return dispatchBatch(batch->members);
        dispatch(std::get<JsonRpcRequest>(decoded), {});
    }

    // A batch (JSON-RPC 2.0 §6): one array of responses, in no particular
    // order, once every member is answered; notifications get none, and a
    // batch of notifications only gets nothing at all. The limits of one
    // line (1 MiB) hold for the batch as a whole, and it has at most
    // MaxBatchSize members.
    void dispatchBatch(const QJsonArray &members)
    {
        if (members.size() > MaxBatchSize)
            return sendError(QJsonValue::Null, ControlErrorCode::InvalidRequest,
                             QStringLiteral("a batch has at most %1 requests, this one %2").arg(MaxBatchSize).arg(members.size()));
        auto batch = std::make_shared<Batch>();
        batch->outstanding = int(members.size()) + 1;   // +1 until every member is dispatched
        for (const QJsonValue &member : members) {
            const auto decoded = decodeJsonRpcMember(member);
            if (const auto *e = std::get_if<JsonRpcDecodeError>(&decoded)) {
                if (e->answer)
                    sendError(e->id, e->code, e->message, {}, batch);
                finishBatchMember(batch);
                continue;
            }
            dispatch(std::get<JsonRpcRequest>(decoded), batch);
        }
        finishBatchMember(batch);
    }

    void finishBatchMember(const Sink &batch)
    {
        if (--batch->outstanding > 0 || m_closing)
            return;
        if (!batch->responses.isEmpty())
            queue(encodeArray(batch->responses));
    }

    // sink: the batch a request belongs to (null: a single request). Every
    // request of a batch calls finishBatchMember() exactly once.
    void dispatch(const JsonRpcRequest &request, const Sink &sink)
    {
        const bool inBatch = bool(sink);
        auto done = qScopeGuard([&] {
            if (inBatch && !m_callStarted)
                finishBatchMember(sink);
        });
        m_callStarted = false;
        const bool hasId = request.hasId;
        const QJsonValue id = request.id;
        const QString &method = request.method;
        auto fail = [&](int code, const QString &message, const QVariantMap &data = {}) {
            if (hasId)
                sendError(id, code, message, data, sink);
        };
        const protocol::Method *spec = protocol::findMethod(method);
        if (!spec)
            return fail(ControlErrorCode::MethodNotFound, QStringLiteral("unknown method \"%1\"").arg(method),
                        {{QStringLiteral("methods"), protocol::methodNames()}});
        QVariantMap params;
        if (const auto bad = protocol::validateParams(*spec, request.params, &params))
            return fail(ControlErrorCode::InvalidParams, bad->message, {{QStringLiteral("param"), bad->param}});
        if (method == QLatin1String("subscribe") || method == QLatin1String("unsubscribe"))
            return subscribe(method == QLatin1String("subscribe"), hasId, id, params, fail, sink);
        call(method, params, hasId, id, {}, sink);
    }

    // shape: turns the API's result into the reply's (subscribe answers with its own fields).
    void call(const QString &method, const QVariantMap &params, bool hasId, const QJsonValue &id,
              std::function<QJsonObject(const QVariantMap &)> shape = {}, const Sink &sink = {})
    {
        ControlApi *api = m_server.m_api.data();
        if (!api)
            return hasId ? sendError(id, ControlErrorCode::Unavailable, QStringLiteral("batond is shutting down"), {}, sink) : void();
        Caller caller = m_caller;
        if (method == QLatin1String("upgrade")) {
            // The next image answers it on this connection: one request, not a batch member.
            if (sink)
                return sendError(id, ControlErrorCode::InvalidRequest, QStringLiteral("upgrade cannot be part of a batch"), {}, sink);
            caller.connectionFd = hasId ? m_fd.get() : -1;
            caller.requestId = id.toVariant();
        }
        ++m_pendingCalls;
        m_callStarted = true;
        QPointer<JsonRpcConnection> self(this);
        api->call(method, params, caller, [self, hasId, id, shape, sink](const QVariantMap &result, const std::optional<ControlError> &error) {
            if (!self || self->m_closed)
                return;   // the client left before the answer was ready
            self->m_pendingCalls = std::max(0, self->m_pendingCalls - 1);
            if (hasId && error)
                self->sendError(id, error->code, error->message, error->data, sink);
            else if (hasId)
                self->sendResult(id, shape ? shape(result) : QJsonObject::fromVariantMap(result), sink);
            if (sink)
                self->finishBatchMember(sink);
            self->maybeFinish();
        });
    }

    template <typename Fail>
    void subscribe(bool on, bool hasId, const QJsonValue &id, const QVariantMap &params, const Fail &fail, const Sink &sink)
    {
        bool events = false, metrics = false;
        std::optional<LogFilter> logs;
        if (on) {   // types were checked against the method table
            events = params.value(QStringLiteral("events"), true).toBool();
            metrics = params.value(QStringLiteral("metrics"), true).toBool();
            // "logs": true, or a filter object as for the `logs` method (worker output, notification `log`).
            const QVariant l = params.value(QStringLiteral("logs"));
            if (l.typeId() == QMetaType::QVariantMap || (l.typeId() == QMetaType::Bool && l.toBool())) {
                QString why;
                logs = LogFilter::fromParams(l.toMap(), &why);
                m_logParams = l.toMap();
                if (!logs)
                    return fail(ControlErrorCode::InvalidParams, QStringLiteral("logs: %1").arg(why), {{QStringLiteral("param"), QStringLiteral("logs")}});
            } else if (l.isValid() && !(l.typeId() == QMetaType::Bool)) {
                return fail(ControlErrorCode::InvalidParams, QStringLiteral("\"logs\" must be true, false or a filter object"),
                            {{QStringLiteral("param"), QStringLiteral("logs")}});
            }
            ControlApi *api = m_server.m_api.data();
            if (api) {
                if (const AuthorizationDecision d = api->authorize(m_caller, QStringLiteral("subscribe"), params, false); d.verdict != Verdict::Allow)
                    return fail(ControlErrorCode::PermissionDenied, d.reason);
            }
        }
        m_wantEvents = events;
        setMetrics(metrics);
        setLogs(logs);
        QJsonObject flags{{QStringLiteral("ok"), true}, {QStringLiteral("events"), events}, {QStringLiteral("metrics"), metrics}};
        if (logs)
            flags.insert(QStringLiteral("logs"), true);
        if (!on || !(events || logs) || !hasId)
            return hasId ? sendResult(id, flags, sink) : void();
        // last_seq: where the notifications start, so a client can fetch the backlog without gaps or doubles.
        const QVariantMap query{{QStringLiteral("since"), std::numeric_limits<qint64>::max()}, {QStringLiteral("limit"), 1}};
        call(QStringLiteral("events"), query, true, id, [flags](const QVariantMap &result) {
            QJsonObject out = flags;
            out.insert(QStringLiteral("last_seq"), QJsonValue::fromVariant(result.value(QStringLiteral("last_seq"), 0)));
            return out;
        }, sink);
    }

    void setLogs(std::optional<LogFilter> filter)
    {
        const bool was = m_logFilter.has_value();
        m_logFilter = std::move(filter);
        if (m_logFilter)
            m_logFilter->since = 0;   // live lines: every new one
        if (was == m_logFilter.has_value())
            return;
        if (ControlApi *api = m_server.m_api.data())
            m_logFilter ? api->addLogSubscriber(this) : api->removeLogSubscriber(this);
    }

    void setMetrics(bool on)
    {
        if (on == m_wantMetrics)
            return;
        m_wantMetrics = on;
        if (ControlApi *api = m_server.m_api.data())
            on ? api->addMetricsSubscriber(this) : api->removeMetricsSubscriber(this);
    }

    void send(const QJsonObject &response, const Sink &sink)
    {
        if (sink)
            sink->responses.append(response);
        else
            queue(encode(response));
    }

    void sendResult(const QJsonValue &id, const QJsonObject &result, const Sink &sink = {})
    {
        send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id}, {QStringLiteral("result"), result}}, sink);
    }

    void sendError(const QJsonValue &id, int code, const QString &message, const QVariantMap &data = {}, const Sink &sink = {})
    {
        QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
        if (!data.isEmpty())
            error.insert(QStringLiteral("data"), QJsonObject::fromVariantMap(data));
        send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id}, {QStringLiteral("error"), error}}, sink);
    }

    // Writes without blocking; the number of bytes taken, or -1 when the connection closed.
    qsizetype writeSome(const char *data, qsizetype size)
    {
        qsizetype done = 0;
        while (done < size) {
            const ssize_t n = ::send(m_fd.get(), data + done, size_t(size - done), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                done += n;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            close();   // EPIPE, ECONNRESET: the client is gone
            return -1;
        }
        return done;
    }

    void onWritable()
    {
        const qsizetype written = writeSome(m_out.constData() + m_outPos, m_out.size() - m_outPos);
        if (written < 0)
            return;
        m_outPos += written;
        if (m_outPos < m_out.size()) {
            if (m_outPos > ReadChunk && m_outPos > m_out.size() / 2) {
                m_out.remove(0, m_outPos);   // keep the buffer from creeping forward forever
                m_outPos = 0;
            }
            return;
        }
        m_out.clear();
        m_outPos = 0;
        m_writeNotifier->setEnabled(false);
        if (m_closing)
            return close();
        maybeFinish();
    }

    void closeWhenFlushed()
    {
        m_closing = true;
        m_readNotifier->setEnabled(false);
        if (m_outPos == m_out.size())
            return close();
        QTimer::singleShot(CloseGraceMs, this, [this] { close(); });
    }

    // After the client's EOF: close once every answer is out.
    void maybeFinish()
    {
        if (m_inputClosed && !m_closed && m_pendingCalls == 0 && m_outPos == m_out.size())
            close();
    }

    JsonRpcServer &m_server;
    UniqueFd m_fd;
    Caller m_caller;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_in;
    QTimer m_partialDeadline;
    qsizetype m_scanFrom = 0;      // m_in before this has no newline
    QByteArray m_out;
    qsizetype m_outPos = 0;        // m_out before this is written
    int m_pendingCalls = 0;
    bool m_callStarted = false;    // dispatch() handed its request to call(), which finishes its batch member
    bool m_inputClosed = false;
    bool m_closing = false;        // no more input; close once the output is out
    bool m_closed = false;
    bool m_wantEvents = false;
    bool m_wantMetrics = false;
    std::optional<LogFilter> m_logFilter;
    QVariantMap m_logParams;       // what m_logFilter was made from (carried across an upgrade)
};

} // namespace baton
