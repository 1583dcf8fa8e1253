// The request and response types every handler sees. A handler is a plain function from a
// Request to a Response or an Error, so it can be tested without a socket.
#pragma once

#include "core/result.h"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tablero::http {

namespace beast_http = boost::beast::http;
using RawRequest = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Verb = beast_http::verb;
using Field = beast_http::field;

class Request {
public:
    // Splits and percent-decodes the target with Boost.URL; a malformed target is an
    // invalid_argument error (the server answers 400).
    static Result<Request> from_raw(RawRequest raw, std::string remote_address = {});
    // Like from_raw, but takes raw only on success, so that on error the caller still has the
    // request's headers to answer it with.
    static Result<Request> parse(RawRequest& raw, std::string remote_address = {});

    const RawRequest& raw() const { return m_raw; }
    Verb method() const { return m_raw.method(); }
    // The full target as sent ("/plans/PY-2014?lang=en"): the page cache's key.
    std::string_view target() const { return m_raw.target(); }
    // The decoded path without the query ("/plans/PY-2014").
    const std::string& path() const { return m_path; }
    // The path as sent, still percent-encoded ("/plans/C%2F2"): what the router splits into
    // segments before decoding each, so that an encoded slash stays inside its segment.
    const std::string& encoded_path() const { return m_encoded_path; }
    const std::string& remote_address() const { return m_remote_address; }
    const std::string& body() const { return m_raw.body(); }

    // The first value of a decoded query parameter.
    std::optional<std::string> query(std::string_view name) const;
    const std::vector<std::pair<std::string, std::string>>& query_params() const { return m_query; }
    // A cookie's value from the Cookie header.
    std::optional<std::string> cookie(std::string_view name) const;
    // A header's value, empty when absent.
    std::string_view header(Field field) const;
    std::string_view header(std::string_view name) const;

    // Path parameters filled in by the router: "/plans/{code}" gives param("code").
    std::string_view param(std::string_view name) const;
    void set_params(std::vector<std::pair<std::string, std::string>> params)
    {
        m_params = std::move(params);
    }

    // The route pattern that matched ("/plans/{code}"), used as the metrics label.
    const std::string& route() const { return m_route; }
    void set_route(std::string route) { m_route = std::move(route); }

    // True when the client accepts a gzip-encoded body.
    bool accepts_gzip() const;

private:
    RawRequest m_raw;
    std::string m_path;
    std::string m_encoded_path;
    std::string m_remote_address;
    std::string m_route;
    std::vector<std::pair<std::string, std::string>> m_query;
    std::vector<std::pair<std::string, std::string>> m_params;
};

// The request's path and query with some query parameters set to new values (an empty value
// removes the parameter), the others kept in their order: for links to another page, filter or
// date of the same list ("/plans/X?area=A&page=2"). The result is percent-encoded.
std::string target_with(const Request& request,
    std::initializer_list<std::pair<std::string_view, std::string_view>> changes);
// The same query on another path, given percent-encoded ("/plans/X/commitments.csv" for the
// page "/plans/X?area=A").
std::string target_with(const Request& request, std::string_view path,
    std::initializer_list<std::pair<std::string_view, std::string_view>> changes);

// The fields of an application/x-www-form-urlencoded body (what an HTML form POSTs), decoded
// with Boost.URL, "+" read as a space, in order. A body that is not such text is an
// invalid_argument error.
using FormFields = std::vector<std::pair<std::string, std::string>>;
Result<FormFields> parse_form(std::string_view body);
// The first value of a field, or empty.
std::string form_value(const FormFields& fields, std::string_view name);

// A handler answers with a Response, or with an Error for an expected failure (a store's error,
// a missing file); the pipeline renders errors in one place, with the status for their code.
using Handler = std::function<Result<Response>(const Request&)>;

// 16 hex digits of the 64-bit FNV-1a hash of bytes: the same on every server and every run, so
// ETags built from it stay valid behind a load balancer and across restarts.
std::string content_hash(std::string_view bytes);

// RFC 9110 section 13.1.2: does an If-None-Match header ("*" or a list of entity tags, compared
// weakly, so "W/" is ignored) name etag (quoted, as sent in the ETag header)?
bool if_none_match(std::string_view header, std::string_view etag);

// Builds a response with the request's HTTP version and keep-alive, a Content-Type and a body.
Response make_response(
    const Request& request, Status status, std::string_view content_type, std::string body);
Response html_response(const Request& request, Status status, std::string body);
Response json_response(const Request& request, Status status, std::string body);
Response text_response(const Request& request, Status status, std::string body);
// 303 See Other to location (the answer to a successful form POST).
Response redirect(const Request& request, std::string_view location);

}  // namespace tablero::http
