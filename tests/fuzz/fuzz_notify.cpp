// sd_notify datagrams as any worker (or any process that finds the socket) may send them.
#include "baton/NotifyMessage.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray datagram(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto message = baton::NotifyMessage::parse(datagram);
    // Oversized datagrams are refused as a whole, never parsed in part.
    if (message && size > size_t(baton::NotifyMessage::MaxBytes))
        __builtin_trap();
    return 0;
}
