// Fuzz target: the JSON API (src/api, docs/api.md) through the pipeline of the whole site with the
// demonstration data. No endpoint of the API reads a request body today (every one is a GET), so
// what a client controls is the target — path parameters, ?as_of=, the filters, page and
// per_page — and the headers the API reads (If-None-Match, Accept, Accept-Encoding); a body, sent
// as JSON, must be ignored by a GET and refused with 405 by a POST.
//
// The input is lines: the first is the target after "/api/v1" (bytes a request line cannot carry
// are percent-encoded, as a client would send them), then If-None-Match, Accept-Language,
// Accept, and the rest is the body. The first byte's low bits choose the method (GET, HEAD,
// POST) and whether the client accepts gzip.
//
// Checks: never a 500; every answer under /api/ is JSON ({"error": {"code", "message"}} for an
// error); a HEAD answer has no body; a 200 carries an ETag, and asking again with If-None-Match
// set to it gets 304.
#include "fuzz/support/site.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace tablero;

// What the request line may carry as it is (RFC 3986's unreserved, sub-delims, ":", "@", "/",
// "?", and "%" so that the fuzzer's own escapes reach Boost.URL); anything else is escaped.
std::string as_target(std::string_view text)
{
    static constexpr std::string_view allowed = "-._~!$&'()*+,;=:@/?%";
    std::string target;
    for (unsigned char c : text) {
        if (std::isalnum(c) || allowed.find(static_cast<char>(c)) != std::string_view::npos) {
            target.push_back(static_cast<char>(c));
        } else {
            static constexpr char hex[] = "0123456789ABCDEF";
            target += '%';
            target += hex[c >> 4];
            target += hex[c & 15];
        }
    }
    return target;
}

std::string_view next_line(std::string_view& text)
{
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    return line;
}

// A header value as Beast would accept it from the wire: no CR, LF or NUL.
std::string header_value(std::string_view text)
{
    std::string value;
    for (char c : text) {
        if (c != '\r' && c != '\n' && c != '\0')
            value.push_back(c);
    }
    return value;
}

std::string header_of(const http::Response& response, http::Field field)
{
    const auto found = response.find(field);
    return found == response.end() ? std::string{} : std::string(found->value());
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
    if (size == 0)
        return 0;
    const std::uint8_t selector = data[0];
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string target = "/api/v1" + as_target(next_line(rest));
    const std::string if_none_match = header_value(next_line(rest));
    const std::string accept_language = header_value(next_line(rest));
    const std::string accept = header_value(next_line(rest));
    const std::string body(rest);

    static constexpr http::Verb methods[] = {http::Verb::get, http::Verb::head, http::Verb::post};
    const http::Verb method = methods[(selector & 3) % 3];
    const bool gzip = (selector & 4) != 0;

    auto request = [&](const std::string& etag) {
        http::RawRequest raw{method, target, 11};
        if (!etag.empty())
            raw.set(http::Field::if_none_match, etag);
        if (!accept_language.empty())
            raw.set(http::Field::accept_language, accept_language);
        if (!accept.empty())
            raw.set(http::Field::accept, accept);
        if (gzip)
            raw.set(http::Field::accept_encoding, "gzip");
        if (!body.empty()) {
            raw.set(http::Field::content_type, "application/json");
            raw.body() = body;
        }
        raw.prepare_payload();
        return raw;
    };

    fuzz::Site& site = fuzz::Site::instance();
    const http::Response response = site.handle(request(if_none_match));
    const auto status = response.result();
    FUZZ_CHECK(status != http::Status::internal_server_error);
    if (method == http::Verb::head)
        FUZZ_CHECK(response.body().empty());
    // No API route takes a POST: 405 on a route, 404 elsewhere, 400 for a malformed target.
    if (method == http::Verb::post)
        FUZZ_CHECK(status == http::Status::method_not_allowed ||
            status == http::Status::not_found || status == http::Status::bad_request);

    const bool under_api = target.starts_with("/api/");
    const bool has_body = method != http::Verb::head && status != http::Status::not_modified;
    if (under_api && has_body && header_of(response, http::Field::content_encoding).empty()) {
        FUZZ_CHECK(header_of(response, http::Field::content_type).starts_with("application/json"));
        const auto json = nlohmann::json::parse(response.body(), nullptr, false);
        FUZZ_CHECK(!json.is_discarded());
        if (status != http::Status::ok) {
            FUZZ_CHECK(json.is_object() && json.contains("error"));
            FUZZ_CHECK(json["error"].contains("code") && json["error"].contains("message"));
        }
    }
    // docs/api.md: the plans' answers carry an ETag (the API's root does not).
    if (status == http::Status::ok && method == http::Verb::get &&
        target.starts_with("/api/v1/plans")) {
        const std::string etag = header_of(response, http::Field::etag);
        FUZZ_CHECK(!etag.empty());
        FUZZ_CHECK(site.handle(request(etag)).result() == http::Status::not_modified);
    }
    return 0;
}
