#pragma once

// The request side of the worker's HTTP/1.1: Beast's own parser
// (http::basic_parser does the request line, fields, Content-Length,
// chunked framing, keep-alive rules and the limits), with a derived class
// that keeps only what the worker answers from and throws bodies away.
//
// Why not http::request_parser<...>: that one stores every field in a
// basic_fields, one heap allocation per field per request, and a body we
// never look at. Here the target is copied into a string whose capacity
// the session keeps, so a steady keep-alive connection parses without
// allocating.

#include "request_handler.hpp"

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstdint>

namespace baton::worker {

class RequestParser final : public boost::beast::http::basic_parser<true> {
public:
    explicit RequestParser(RequestInfo& info) : info_(info) { info_.clear(); }

private:
    using error_code = boost::beast::error_code;
    using string_view = boost::beast::string_view;

    void on_request_impl(boost::beast::http::verb method, string_view, string_view target,
                         int version, error_code&) override
    {
        info_.method = method;
        info_.version = static_cast<unsigned>(version);
        info_.target.assign(target.data(), target.size());
    }

    void on_response_impl(int, string_view, int, error_code&) override {}

    void on_field_impl(boost::beast::http::field name, string_view, string_view value,
                       error_code&) override
    {
        // Connection, Content-Length and Transfer-Encoding are the base
        // class's business (keep_alive(), chunked framing).
        if (name == boost::beast::http::field::range) {
            // A second Range makes the request ambiguous: it is then ignored.
            if (info_.has_range) {
                info_.range.clear();
            } else {
                info_.has_range = true;
                info_.range.assign(value.data(), value.size());
            }
        } else if (name == boost::beast::http::field::if_range) {
            info_.has_if_range = true;
        }
    }

    void on_header_impl(error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}

    // Bodies (Content-Length or chunked) are consumed and dropped: no route
    // reads one, but the framing must be honoured to find the next request.
    std::size_t on_body_impl(string_view body, error_code&) override { return body.size(); }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override
    {
        return body.size();
    }
    void on_finish_impl(error_code&) override {}

    RequestInfo& info_;
};

}  // namespace baton::worker
