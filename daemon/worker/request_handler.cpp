#include "request_handler.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <system_error>
#include <utility>

namespace baton::worker {
namespace http = boost::beast::http;
namespace fs = std::filesystem;

namespace {

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes %XX escapes. Rejects malformed escapes and NUL bytes, which would
// otherwise truncate paths at the syscall boundary.
bool percent_decode(std::string_view in, std::string& out)
{
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') return false;
        out.push_back(c);
    }
    return true;
}

// Component-wise prefix test, so "/srv/www2" is not inside "/srv/www".
bool is_within(const fs::path& root, const fs::path& p)
{
    auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
    return r == root.end();
}

Reply errno_reply(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
        return make_error_reply(http::status::not_found);
    case EACCES:
    case EPERM:
    case ELOOP:  // O_NOFOLLOW hit a symlink swapped in after canonicalisation
        return make_error_reply(http::status::forbidden);
    default:
        return make_error_reply(http::status::internal_server_error);
    }
}

// Canonicalises (resolving every symlink) and insists the result stays below
// root; this is what defeats symlinks pointing outside the document root.
bool resolve_inside(const fs::path& root, const fs::path& candidate, fs::path& out, Reply& err)
{
    std::error_code ec;
    out = fs::weakly_canonical(candidate, ec);
    if (ec) {
        err = errno_reply(ec.value());
        return false;
    }
    if (!is_within(root, out)) {
        err = make_error_reply(http::status::forbidden);
        return false;
    }
    return true;
}

}  // namespace

Reply make_error_reply(http::status status)
{
    Reply r;
    r.status = status;
    r.body = std::to_string(static_cast<unsigned>(status)) + " " +
             std::string(http::obsolete_reason(status)) + "\n";
    return r;
}

std::string_view content_type_for(const fs::path& file)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 34> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".md", "text/markdown; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"},
        {".xml", "application/xml"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".avif", "image/avif"},
        {".ico", "image/vnd.microsoft.icon"},
        {".wasm", "application/wasm"},
        {".pdf", "application/pdf"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".otf", "font/otf"},
        {".mp4", "video/mp4"},
        {".webm", "video/webm"},
        {".mp3", "audio/mpeg"},
        {".ogg", "audio/ogg"},
        {".wav", "audio/wav"},
        {".zip", "application/zip"},
        {".gz", "application/gzip"},
        {".tar", "application/x-tar"},
        {".toml", "application/toml"},
    }};
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [e, type] : kTypes)
        if (e == ext) return type;
    return "application/octet-stream";
}

RequestHandler::RequestHandler(fs::path canonical_root) : root_(std::move(canonical_root)) {}

Reply RequestHandler::handle(const RequestInfo& req) const
{
    std::string_view target = req.target;
    // HTTP/1.1 servers must accept absolute-form targets (RFC 9112 3.2.2).
    // Origin-form ("/...") is what nearly every request uses: no scheme test.
    for (std::string_view scheme : {"http://", "https://"}) {
        if (!target.empty() && target.front() == '/') break;
        if (target.size() >= scheme.size() &&
            std::equal(scheme.begin(), scheme.end(), target.begin(), [](char a, char b) {
                return a == std::tolower(static_cast<unsigned char>(b));
            })) {
            const auto slash = target.find('/', scheme.size());
            target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
            break;
        }
    }
    if (target.empty() || target.front() != '/')
        return make_error_reply(http::status::bad_request);

    const auto qpos = target.find_first_of("?#");
    const std::string_view path = target.substr(0, qpos);
    std::string_view query = qpos == std::string_view::npos ? "" : target.substr(qpos);
    query = query.substr(0, query.find('#'));

    if (req.method != http::verb::get && req.method != http::verb::head) {
        Reply r = make_error_reply(http::status::method_not_allowed);
        r.allow_get_head = true;
        return r;
    }
    if (path == "/healthz") {
        Reply r;
        r.body = "ok\n";
        r.healthz = true;
        return r;
    }
    Reply r = serve_file(path, query);
    if (r.file.is_open()) apply_range(req, r);
    return r;
}

// If-Range carries a validator we would have to match; the worker sends
// none (no ETag, no Last-Modified), so such a request gets the whole file,
// as RFC 9110 13.1.5 requires when the validator does not match.
void RequestHandler::apply_range(const RequestInfo& req, Reply& r)
{
    if (!req.has_range || req.has_if_range) return;
    std::uint64_t first = 0;
    std::uint64_t length = 0;
    switch (resolve_range(req.range, r.file_size, first, length)) {
    case RangeResult::ignored:
        return;
    case RangeResult::partial:
        r.status = http::status::partial_content;
        r.file_offset = first;
        r.file_length = length;
        r.content_range = true;
        return;
    case RangeResult::unsatisfiable: {
        const std::uint64_t size = r.file_size;
        r = make_error_reply(http::status::range_not_satisfiable);
        r.file_size = size;
        r.content_range = true;
        r.accept_ranges = true;
        return;
    }
    }
}

RangeResult resolve_range(std::string_view v, std::uint64_t size, std::uint64_t& first,
                          std::uint64_t& length)
{
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    };
    v = trim(v);
    constexpr std::string_view kUnit = "bytes=";
    if (v.size() < kUnit.size() ||
        !std::equal(kUnit.begin(), kUnit.end(), v.begin(), [](char a, char b) {
            return a == std::tolower(static_cast<unsigned char>(b));
        }))
        return RangeResult::ignored;
    v = trim(v.substr(kUnit.size()));
    if (v.find(',') != std::string_view::npos) return RangeResult::ignored;  // multipart: not offered
    const auto dash = v.find('-');
    if (dash == std::string_view::npos) return RangeResult::ignored;
    auto number = [](std::string_view s, std::uint64_t& out) {
        if (s.empty()) return false;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && end == s.data() + s.size();
    };
    const std::string_view a = v.substr(0, dash);
    const std::string_view b = v.substr(dash + 1);
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    if (a.empty()) {  // suffix: the last `b` bytes
        if (!number(b, hi)) return RangeResult::ignored;
        if (hi == 0 || size == 0) return RangeResult::unsatisfiable;
        length = std::min(hi, size);
        first = size - length;
        return RangeResult::partial;
    }
    if (!number(a, lo)) return RangeResult::ignored;
    if (b.empty()) {
        hi = size == 0 ? 0 : size - 1;
    } else {
        if (!number(b, hi)) return RangeResult::ignored;
        if (hi < lo) return RangeResult::ignored;  // invalid range-spec
    }
    if (lo >= size) return RangeResult::unsatisfiable;
    hi = std::min(hi, size - 1);
    first = lo;
    length = hi - lo + 1;
    return RangeResult::partial;
}

Reply RequestHandler::serve_file(std::string_view raw_path, std::string_view query) const
{
    std::string decoded;
    if (!percent_decode(raw_path, decoded))
        return make_error_reply(http::status::bad_request);

    // Build the relative path segment by segment: ".." is refused outright
    // (even encoded as %2e%2e) before the filesystem is consulted at all.
    fs::path rel;
    std::size_t pos = 0;
    while (pos <= decoded.size()) {
        const auto next = std::min(decoded.find('/', pos), decoded.size());
        const std::string_view seg(decoded.data() + pos, next - pos);
        if (seg == "..") return make_error_reply(http::status::forbidden);
        if (!seg.empty() && seg != ".") rel /= fs::path(std::string(seg));
        pos = next + 1;
    }
    const bool trailing_slash = decoded.back() == '/';

    Reply err;
    fs::path file;
    if (!resolve_inside(root_, root_ / rel, file, err)) return err;

    std::error_code ec;
    const auto st = fs::status(file, ec);
    if (ec) return errno_reply(ec.value());
    if (fs::is_directory(st)) {
        if (!trailing_slash) {
            // Redirect so relative links inside index.html resolve correctly.
            Reply r = make_error_reply(http::status::moved_permanently);
            r.location = std::string(raw_path) + "/" + std::string(query);
            return r;
        }
        if (!resolve_inside(root_, file / "index.html", file, err)) return err;
    } else if (trailing_slash) {
        return make_error_reply(http::status::not_found);
    }

    // O_NOFOLLOW: the canonical path has no symlinks, so one appearing now is
    // a race with someone swapping files; O_NONBLOCK: never hang on a FIFO.
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return errno_reply(errno);
    boost::beast::file_posix f;
    f.native_handle(fd);  // owns fd from here on
    struct stat sb {};
    if (::fstat(fd, &sb) != 0) return errno_reply(errno);
    if (S_ISDIR(sb.st_mode)) return make_error_reply(http::status::not_found);
    if (!S_ISREG(sb.st_mode)) return make_error_reply(http::status::forbidden);

    Reply r;
    r.content_type = content_type_for(file);
    r.file = std::move(f);
    r.file_size = static_cast<std::uint64_t>(sb.st_size);
    r.file_length = r.file_size;
    r.accept_ranges = true;
    return r;
}

}  // namespace baton::worker
