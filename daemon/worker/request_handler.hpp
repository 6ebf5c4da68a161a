#pragma once

#include <boost/beast/core/file_posix.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <sys/stat.h>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace baton::worker {

// What to answer, independent of the connection it goes out on. The session
// adds the per-process headers and decides on keep-alive.
// Nothing here allocates for /healthz: content types are static strings
// and "ok\n" fits the small-string buffer.
struct Reply final {
    boost::beast::http::status status = boost::beast::http::status::ok;
    std::string_view content_type = "text/plain; charset=utf-8";  // static storage
    std::string body;                 // used when `file` is not open
    boost::beast::file_posix file;    // static file body, already opened
    std::uint64_t file_size = 0;      // whole file
    std::uint64_t file_offset = 0;    // first byte to send (a Range)
    std::uint64_t file_length = 0;    // bytes to send from file_offset
    std::string location;             // redirects only
    bool allow_get_head = false;      // adds "Allow: GET, HEAD" (405)
    bool accept_ranges = false;       // static files: "Accept-Ranges: bytes"
    bool content_range = false;       // 206/416: "Content-Range" from the file_* fields
    bool healthz = false;             // the fixed reply; sessions send prebuilt bytes
};

// The parts of a request the handler looks at, filled by RequestParser.
// Lives in the session and is reused: clear() keeps the strings' capacity.
struct RequestInfo final {
    boost::beast::http::verb method = boost::beast::http::verb::unknown;
    unsigned version = 11;
    std::string target;
    std::string range;  // the Range field's value, empty when absent or repeated
    bool has_range = false;
    bool has_if_range = false;

    void clear()
    {
        method = boost::beast::http::verb::unknown;
        version = 11;
        target.clear();
        range.clear();
        has_range = false;
        has_if_range = false;
    }
};

// A single "bytes=" range resolved against a file size (RFC 9110 14.1.2).
// Multiple ranges and malformed values are `ignored` (the whole file is
// sent, which the RFC allows); a well-formed range that misses the file is
// `unsatisfiable` (416).
enum class RangeResult { ignored, partial, unsatisfiable };
RangeResult resolve_range(std::string_view value, std::uint64_t size, std::uint64_t& first,
                          std::uint64_t& length);

// Routes /healthz and serves static files below a canonical root. Stateless
// apart from the root, so one instance is shared by all threads.
class RequestHandler final {
public:
    // Opens the root once (O_PATH): files are opened relative to it.
    explicit RequestHandler(std::filesystem::path canonical_root);

    Reply handle(const RequestInfo& req) const;

private:
    Reply serve_file(std::string_view raw_path, std::string_view query) const;
    // openat2(RESOLVE_BENEATH) below the root's descriptor; nullopt where the
    // kernel cannot decide (no openat2, an absolute symlink): then
    // serve_canonical() decides the slow way.
    std::optional<Reply> serve_beneath(const std::string& rel, bool trailing_slash, std::string_view raw_path,
                                       std::string_view query) const;
    Reply serve_canonical(const std::string& rel, bool trailing_slash, std::string_view raw_path,
                          std::string_view query) const;
    static Reply opened_file(int fd, std::string_view name, const struct stat* known);
    static void apply_range(const RequestInfo& req, Reply& r);

    std::filesystem::path root_;
    std::shared_ptr<const int> root_fd_;   // O_PATH; closed with the last copy of the handler
};

// Exposed for the session's error replies.
Reply make_error_reply(boost::beast::http::status status);

std::string_view content_type_for(std::string_view file_name);

}  // namespace baton::worker
