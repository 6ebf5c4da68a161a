#include "request_handler.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
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

std::string_view content_type_for(std::string_view file_name)
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
    const std::string_view base = file_name.substr(file_name.rfind('/') + 1);
    const auto dot = base.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return "application/octet-stream";
    const std::string_view ext = base.substr(dot);
    for (const auto& [e, type] : kTypes)
        if (e.size() == ext.size() && std::equal(e.begin(), e.end(), ext.begin(), [](char a, char b) {
                return a == std::tolower(static_cast<unsigned char>(b));
            }))
            return type;
    return "application/octet-stream";
}

RequestHandler::RequestHandler(fs::path canonical_root) : root_(std::move(canonical_root))
{
    const int fd = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0)
        root_fd_ = std::shared_ptr<const int>(new int(fd), [](const int* p) { ::close(*p); delete p; });
}

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

// Static files. Why this way: a request used to cost a dozen system calls
// (realpath's readlink per component, stat, open, fstat) before any byte
// was read, and nginx answers the same request with open, fstat and
// sendfile (bench/analysis.md, throughput). openat2() with RESOLVE_BENEATH
// lets the kernel refuse any escape from the root (.., symlinks, mounts) in
// the one open; what it cannot decide (no openat2 under an old kernel or a
// seccomp filter, an absolute symlink, which RESOLVE_BENEATH always
// refuses) goes the old way: canonicalise, insist on staying below the root.
Reply RequestHandler::serve_file(std::string_view raw_path, std::string_view query) const
{
    std::string decoded;
    if (!percent_decode(raw_path, decoded))
        return make_error_reply(http::status::bad_request);

    // The relative path, segment by segment: ".." is refused outright (even
    // encoded as %2e%2e) before the filesystem is consulted at all.
    std::string rel;
    rel.reserve(decoded.size());
    std::size_t pos = 0;
    while (pos <= decoded.size()) {
        const auto next = std::min(decoded.find('/', pos), decoded.size());
        const std::string_view seg(decoded.data() + pos, next - pos);
        if (seg == "..") return make_error_reply(http::status::forbidden);
        if (!seg.empty() && seg != ".") {
            if (!rel.empty()) rel += '/';
            rel += seg;
        }
        pos = next + 1;
    }
    const bool trailing_slash = decoded.back() == '/';
    if (auto reply = serve_beneath(rel, trailing_slash, raw_path, query)) return std::move(*reply);
    return serve_canonical(rel, trailing_slash, raw_path, query);
}

namespace {

std::atomic<bool> g_no_openat2{false};   // ENOSYS/EPERM once: never asked again

// -1 with errno; errno EAGAIN means "undecided, take the slow way".
int open_beneath(int dirfd, const char* path)
{
    if (g_no_openat2.load(std::memory_order_relaxed)) {
        errno = EAGAIN;
        return -1;
    }
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;   // O_NONBLOCK: never hang on a FIFO
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno == ENOSYS || errno == EPERM) g_no_openat2.store(true, std::memory_order_relaxed);
    if (errno == ENOSYS || errno == EPERM || errno == EXDEV || errno == EINVAL || errno == E2BIG) errno = EAGAIN;
    return -1;
}

}  // namespace

std::optional<Reply> RequestHandler::serve_beneath(const std::string& rel, bool trailing_slash,
                                                   std::string_view raw_path, std::string_view query) const
{
    if (!root_fd_) return std::nullopt;
    const int fd = open_beneath(*root_fd_, rel.empty() ? "." : rel.c_str());
    if (fd < 0) {
        if (errno == EAGAIN) return std::nullopt;
        return errno_reply(errno);
    }
    struct stat sb {};
    const bool known = ::fstat(fd, &sb) == 0;
    if (!known || !S_ISDIR(sb.st_mode)) {
        if (known && trailing_slash) {
            ::close(fd);
            return make_error_reply(http::status::not_found);   // "file/": not a folder
        }
        return opened_file(fd, rel, known ? &sb : nullptr);
    }
    ::close(fd);
    if (!trailing_slash) {
        // Redirect so relative links inside index.html resolve correctly.
        Reply r = make_error_reply(http::status::moved_permanently);
        r.location = std::string(raw_path) + "/" + std::string(query);
        return r;
    }
    const std::string index = rel.empty() ? std::string("index.html") : rel + "/index.html";
    const int ifd = open_beneath(*root_fd_, index.c_str());
    if (ifd < 0) {
        if (errno == EAGAIN) return std::nullopt;
        return errno_reply(errno);
    }
    return opened_file(ifd, index, nullptr);
}

Reply RequestHandler::serve_canonical(const std::string& rel, bool trailing_slash, std::string_view raw_path,
                                      std::string_view query) const
{
    Reply err;
    fs::path file;
    if (!resolve_inside(root_, root_ / rel, file, err)) return err;

    std::error_code ec;
    const auto st = fs::status(file, ec);
    if (ec) return errno_reply(ec.value());
    if (fs::is_directory(st)) {
        if (!trailing_slash) {
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
    return opened_file(fd, file.native(), nullptr);
}

// Takes ownership of fd: a regular file becomes the reply's body. `known`:
// the caller's fstat of fd, when it made one.
Reply RequestHandler::opened_file(int fd, std::string_view name, const struct stat* known)
{
    boost::beast::file_posix f;
    f.native_handle(fd);  // owns fd from here on
    struct stat sb {};
    if (known && known->st_mode) sb = *known;
    else if (::fstat(fd, &sb) != 0) return errno_reply(errno);
    if (S_ISDIR(sb.st_mode)) return make_error_reply(http::status::not_found);
    if (!S_ISREG(sb.st_mode)) return make_error_reply(http::status::forbidden);

    Reply r;
    r.content_type = content_type_for(name);
    r.file = std::move(f);
    r.file_size = static_cast<std::uint64_t>(sb.st_size);
    r.file_length = r.file_size;
    r.accept_ranges = true;
    return r;
}

}  // namespace baton::worker
