// One control-socket line, as any local client allowed to connect may send it.
#include "baton/JsonRpcRequest.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray line(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto decoded = baton::decodeJsonRpcRequest(line);
    if (const auto *request = std::get_if<baton::JsonRpcRequest>(&decoded)) {
        // What JsonRpcServer does next with a decoded request.
        (void)request->params.toVariantMap();
        if (request->hasId && !request->id.isString() && !request->id.isDouble() && !request->id.isNull())
            __builtin_trap();
    } else if (std::get<baton::JsonRpcDecodeError>(decoded).message.isEmpty()) {
        __builtin_trap();
    }
    return 0;
}
