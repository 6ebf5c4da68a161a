#pragma once

#include <boost/beast/core/file_posix.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace baton::worker {

// What to answer, independent of the connection it goes out on. The session
// adds the per-process headers and decides on keep-alive.
struct Reply final {
    boost::beast::http::status status = boost::beast::http::status::ok;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;                 // used when `file` is not open
    boost::beast::file_posix file;    // static file body, already opened
    std::uint64_t file_size = 0;
    std::string location;             // redirects only
    bool allow_get_head = false;      // adds "Allow: GET, HEAD" (405)
};

// Routes /healthz and serves static files below a canonical root. Stateless
// apart from the root, so one instance is shared by all threads.
class RequestHandler final {
public:
    explicit RequestHandler(std::filesystem::path canonical_root);

    Reply handle(boost::beast::http::verb method, std::string_view target) const;

private:
    Reply serve_file(std::string_view raw_path, std::string_view query) const;

    std::filesystem::path root_;
};

// Exposed for the session's error replies.
Reply make_error_reply(boost::beast::http::status status);

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace baton::worker
