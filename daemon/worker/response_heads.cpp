#include "response_heads.hpp"

#include <boost/beast/http/status.hpp>

#include <charconv>

namespace baton::worker {
namespace http = boost::beast::http;

namespace {

void append_number(std::string& out, std::uint64_t n)
{
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, res.ptr);
}

void append_field(std::string& out, std::string_view name, std::string_view value)
{
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
}

}  // namespace

ResponseHeads::ResponseHeads(std::string_view worker_pid, const std::optional<std::string>& greeting)
{
    append_field(common_, "Server", "baton-worker");
    append_field(common_, "X-Worker-Pid", worker_pid);
    if (greeting) append_field(common_, "X-Greeting", *greeting);

    Reply ok;
    ok.body = "ok\n";
    for (std::size_t i = 0; i < healthz_.size(); ++i) {
        const bool head_only = i & 4;
        const unsigned version = (i & 2) ? 11 : 10;
        const bool keep_alive = i & 1;
        format(healthz_[i], ok, version, keep_alive, ok.body.size());
        if (!head_only) healthz_[i] += ok.body;
    }
}

void ResponseHeads::format(std::string& out, const Reply& r, unsigned version, bool keep_alive,
                           std::uint64_t content_length) const
{
    out.clear();
    out.append("HTTP/");
    out.push_back(static_cast<char>('0' + version / 10 % 10));
    out.push_back('.');
    out.push_back(static_cast<char>('0' + version % 10));
    out.push_back(' ');
    append_number(out, static_cast<unsigned>(r.status));
    out.push_back(' ');
    out.append(http::obsolete_reason(r.status));
    out.append("\r\n");
    out.append(common_);
    append_field(out, "Content-Type", r.content_type);
    if (!r.location.empty()) append_field(out, "Location", r.location);
    if (r.allow_get_head) append_field(out, "Allow", "GET, HEAD");
    if (r.accept_ranges) append_field(out, "Accept-Ranges", "bytes");
    if (r.content_range) {
        out.append("Content-Range: bytes ");
        if (r.status == http::status::partial_content) {
            append_number(out, r.file_offset);
            out.push_back('-');
            append_number(out, r.file_offset + r.file_length - 1);
        } else {
            out.push_back('*');
        }
        out.push_back('/');
        append_number(out, r.file_size);
        out.append("\r\n");
    }
    out.append("Content-Length: ");
    append_number(out, content_length);
    out.append("\r\n");
    if (version >= 11 && !keep_alive) out.append("Connection: close\r\n");
    if (version < 11 && keep_alive) out.append("Connection: keep-alive\r\n");
    out.append("\r\n");
}

}  // namespace baton::worker
