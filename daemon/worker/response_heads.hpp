#pragma once

// Response heads written straight into bytes. Every reply the worker sends
// has a handful of known fields, so building them with http::response<> (a
// basic_fields allocation per field, a serializer per response) cost more
// than the request itself. Here a head is appended to a string the session
// keeps (its capacity survives from one request to the next), and the
// fixed /healthz replies are prebuilt once per process, complete with body.

#include "request_handler.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton::worker {

class ResponseHeads final {
public:
    ResponseHeads(std::string_view worker_pid, const std::optional<std::string>& greeting);

    // Replaces `out` with the status line and fields of `r` (no body), as
    // Beast would have serialised them: "Connection: close" on HTTP/1.1
    // without keep-alive, "Connection: keep-alive" on HTTP/1.0 with it.
    void format(std::string& out, const Reply& r, unsigned version, bool keep_alive,
                std::uint64_t content_length) const;

    // The whole /healthz response (head, and body unless `head_only`).
    std::string_view healthz(bool head_only, unsigned version, bool keep_alive) const
    {
        if (version != 10 && version != 11) return {};  // rare: formatted on demand
        return healthz_[(head_only ? 4 : 0) + (version == 11 ? 2 : 0) + (keep_alive ? 1 : 0)];
    }

private:
    std::string common_;  // Server, X-Worker-Pid, X-Greeting: the same in every reply
    std::array<std::string, 8> healthz_;
};

}  // namespace baton::worker
