// One control-socket line, as any local client allowed to connect may send
// it: decoded (a request or a batch), each member decoded, and its params
// validated against the method table, as JsonRpcServer does.
#include "baton/ControlProtocol.h"
#include "baton/JsonRpcRequest.h"

#include <cstddef>
#include <cstdint>

namespace {

void checkRequest(const baton::JsonRpcRequest &request)
{
    if (request.hasId && !request.id.isString() && !request.id.isDouble() && !request.id.isNull())
        __builtin_trap();
    if (const baton::protocol::Method *m = baton::protocol::findMethod(request.method)) {
        QVariantMap params;
        const auto error = baton::protocol::validateParams(*m, request.params, &params);
        if (error && error->message.isEmpty())
            __builtin_trap();
    }
}

void checkError(const baton::JsonRpcDecodeError &error)
{
    if (error.message.isEmpty())
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray line(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto decoded = baton::decodeJsonRpcLine(line);
    if (const auto *request = std::get_if<baton::JsonRpcRequest>(&decoded)) {
        checkRequest(*request);
    } else if (const auto *batch = std::get_if<baton::JsonRpcBatch>(&decoded)) {
        if (batch->members.isEmpty())
            __builtin_trap();
        for (const QJsonValue &member : batch->members) {
            const auto one = baton::decodeJsonRpcMember(member);
            if (const auto *r = std::get_if<baton::JsonRpcRequest>(&one))
                checkRequest(*r);
            else
                checkError(std::get<baton::JsonRpcDecodeError>(one));
        }
    } else {
        checkError(std::get<baton::JsonRpcDecodeError>(decoded));
    }
    return 0;
}
