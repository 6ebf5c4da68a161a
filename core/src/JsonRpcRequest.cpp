// Moved out of JsonRpcServer.cpp unchanged in behaviour (same checks, same
// order, same messages), so the decoding can be fuzzed without a socket.
#include "baton/JsonRpcRequest.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace baton {

namespace {

JsonRpcDecodeError fail(const QJsonValue &id, int code, const QString &message, bool answer = true)
{
    return JsonRpcDecodeError{id, code, message, answer};
}

} // namespace

std::variant<JsonRpcRequest, JsonRpcBatch, JsonRpcDecodeError> decodeJsonRpcLine(const QByteArray &line)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // A bare JSON value ("1", "\"x\"") is well-formed JSON: an invalid request, not a parse error.
        QJsonParseError wrapped{};
        QJsonDocument::fromJson('[' + line + ']', &wrapped);
        if (wrapped.error == QJsonParseError::NoError)
            return fail(QJsonValue::Null, jsonrpc::InvalidRequest, QStringLiteral("a request must be a JSON object"));
        return fail(QJsonValue::Null, jsonrpc::ParseError,
                    QStringLiteral("parse error at byte %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    }
    if (doc.isArray()) {
        if (doc.array().isEmpty())
            return fail(QJsonValue::Null, jsonrpc::InvalidRequest, QStringLiteral("an empty batch is not a request"));
        return JsonRpcBatch{doc.array()};
    }
    std::variant<JsonRpcRequest, JsonRpcDecodeError> one = decodeJsonRpcMember(doc.object());
    if (const auto *r = std::get_if<JsonRpcRequest>(&one))
        return *r;
    return std::get<JsonRpcDecodeError>(one);
}

std::variant<JsonRpcRequest, JsonRpcDecodeError> decodeJsonRpcMember(const QJsonValue &member)
{
    if (!member.isObject())
        return fail(QJsonValue::Null, jsonrpc::InvalidRequest, QStringLiteral("a request must be a JSON object"));
    const QJsonObject request = member.toObject();

    JsonRpcRequest out;
    out.hasId = request.contains(QLatin1String("id"));
    out.id = request.value(QLatin1String("id"));
    if (out.hasId && !out.id.isString() && !out.id.isDouble() && !out.id.isNull())
        return fail(QJsonValue::Null, jsonrpc::InvalidRequest, QStringLiteral("\"id\" must be a string, a number or null"));
    if (request.value(QLatin1String("jsonrpc")) != QJsonValue(QStringLiteral("2.0")))
        return fail(out.id, jsonrpc::InvalidRequest, QStringLiteral("\"jsonrpc\" must be \"2.0\""));
    const QJsonValue methodValue = request.value(QLatin1String("method"));
    if (!methodValue.isString())
        return fail(out.id, jsonrpc::InvalidRequest, QStringLiteral("\"method\" must be a string"));
    out.method = methodValue.toString();
    const QJsonValue paramsValue = request.value(QLatin1String("params"));
    if (!paramsValue.isUndefined() && !paramsValue.isObject() && !paramsValue.isArray())
        return fail(out.id, jsonrpc::InvalidRequest, QStringLiteral("\"params\" must be an object"));
    // From here on errors follow the request: a notification (no id) never gets an answer.
    if (paramsValue.isArray())
        return fail(out.id, jsonrpc::InvalidParams, QStringLiteral("\"params\" must be an object: every method takes named parameters"),
                    out.hasId);
    out.params = paramsValue.toObject();
    return out;
}

} // namespace baton
