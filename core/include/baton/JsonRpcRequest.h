#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <variant>

namespace baton {

// The pure decode step of the control socket's JSON-RPC 2.0 (one request,
// or one batch, per line): bytes in, a request, a batch or the error to
// answer out. No I/O, so it
// is fuzzed on its own (tests/fuzz/) and JsonRpcServer only does transport.
namespace jsonrpc {
constexpr int ParseError = -32700;
constexpr int InvalidRequest = -32600;
constexpr int InvalidParams = -32602;
} // namespace jsonrpc

struct JsonRpcRequest {
    bool hasId = false;      // false: a notification, never answered
    QJsonValue id;           // string, number or null
    QString method;
    QJsonObject params;      // empty when absent
};

struct JsonRpcDecodeError {
    QJsonValue id;           // null unless the request's id was readable
    int code = jsonrpc::InvalidRequest;
    QString message;
    bool answer = true;      // false: a notification's error, dropped silently
};

// A batch's members, each still to be decoded with decodeJsonRpcMember().
struct JsonRpcBatch {
    QJsonArray members;      // never empty (an empty array is an error)
};

std::variant<JsonRpcRequest, JsonRpcBatch, JsonRpcDecodeError> decodeJsonRpcLine(const QByteArray &line);
std::variant<JsonRpcRequest, JsonRpcDecodeError> decodeJsonRpcMember(const QJsonValue &member);

} // namespace baton
