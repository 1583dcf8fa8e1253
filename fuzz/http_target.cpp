// Fuzz target: HTTP request parsing, from the bytes a client sends to the response written back.
// The input is what arrives on one keep-alive connection. It is read as http::Server's session
// reads it (src/http/server.cpp): Boost.Beast's request_parser<string_body> with the header and
// body limits `tablero serve` sets (16 KiB of header, 2 × 10 MiB + 1 MiB of body), fed the bytes
// as Beast's read algorithm feeds them, one request after another while the connection stays
// open. A complete request goes through the whole site's pipeline — Request::parse (the target
// split and decoded with Boost.URL, the query, cookies), the router, the language from ?lang=,
// the cookie and Accept-Language, the handler, gzip, security headers — and a request refused
// on the way in gets the server's answer (413 for a limit, 400 for a malformed request) through
// the pipeline's error renderer, the request being rebuilt from its header as the server does.
// Every response is serialized as the server would write it.
//
// Checks: never a 500; every response serializes; a HEAD answer has no body.
#include "fuzz/support/site.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace {

using namespace tablero;
namespace beast_http = boost::beast::http;
using ErrorCodeValue = boost::system::error_code;

// app/serve.cpp's limits with the default --max-upload-mb of 10.
constexpr std::size_t header_limit = 16 * 1024;
constexpr std::size_t body_limit = 2 * 10 * 1024 * 1024 + 1024 * 1024;
// A connection's requests, bounded so that one input cannot run for long.
constexpr int max_requests = 8;

void check_response(const http::Response& response, http::Verb method)
{
    FUZZ_CHECK(response.result() != http::Status::internal_server_error);
    if (method == http::Verb::head)
        FUZZ_CHECK(response.body().empty());
    http::Response copy = response;
    copy.prepare_payload();
    std::ostringstream written;
    written << copy;
    FUZZ_CHECK(written.str().starts_with("HTTP/1."));
}

// The server's answer to a request it could not read (Session::respond_with_error).
http::Response refused(fuzz::Site& site,
    const beast_http::request_parser<beast_http::string_body>& parser, http::Status status,
    std::string message)
{
    http::RawRequest raw;
    if (parser.is_header_done()) {
        raw = http::RawRequest(parser.get().base());
    } else {
        raw.method(http::Verb::get);
        raw.target("/");
        raw.version(11);
    }
    auto parsed = http::Request::parse(raw, "192.0.2.10");
    if (!parsed) {
        raw.target("/");
        parsed = http::Request::from_raw(std::move(raw), "192.0.2.10");
    }
    FUZZ_CHECK(parsed.ok());
    const http::Request& request = parsed.value();
    http::Response response =
        site.error_response(request, fail(ErrorCode::invalid_argument, std::move(message)), status);
    response.version(request.raw().version());
    response.keep_alive(false);
    response.prepare_payload();
    if (request.method() == http::Verb::head)
        response.body().clear();
    return response;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::quiet_logs();
    fuzz::Site::instance();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fuzz::Site& site = fuzz::Site::instance();
    std::string_view input(reinterpret_cast<const char*>(data), size);
    for (int served = 0; served < max_requests && !input.empty(); ++served) {
        beast_http::request_parser<beast_http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(header_limit));
        parser.body_limit(body_limit);
        // Beast's read loop: put what has arrived; when the parser needs more and nothing more
        // will come, the client has left (end of input).
        ErrorCodeValue error;
        while (!parser.is_done()) {
            // Nothing more will come: the parser decides whether the message ended.
            if (input.empty()) {
                parser.put_eof(error);
                break;
            }
            const std::size_t used =
                parser.put(boost::asio::buffer(input.data(), input.size()), error);
            input.remove_prefix(used);
            if (error == beast_http::error::need_more) {
                error = {};
                // Given everything that is left, the parser wants more: nothing will come.
                if (used == 0) {
                    parser.put_eof(error);
                    break;
                }
                continue;
            }
            if (error)
                break;
        }
        if (error) {
            // Session::on_read_error: limits get 413, a malformed request 400; a client that
            // left mid-request gets nothing.
            if (error == beast_http::error::header_limit ||
                error == beast_http::error::body_limit) {
                check_response(refused(site, parser, http::Status::payload_too_large,
                                   "the request is too large"),
                    http::Verb::get);
            } else if (error != beast_http::error::end_of_stream &&
                error != beast_http::error::partial_message) {
                check_response(
                    refused(site, parser, http::Status::bad_request, "malformed HTTP request"),
                    http::Verb::get);
            }
            return 0;
        }
        http::RawRequest raw = parser.release();
        const http::Verb method = raw.method();
        const http::Response response = site.handle(std::move(raw));
        check_response(response, method);
        if (!response.keep_alive())
            return 0;
    }
    return 0;
}
