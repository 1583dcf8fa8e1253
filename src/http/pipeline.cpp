#include "http/pipeline.h"

#include "http/forwarded.h"
#include "http/gzip.h"
#include "http/status.h"

#include <boost/range/iterator_range.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cctype>
#include <chrono>
#include <exception>
#include <optional>

namespace tablero::http {

namespace {

constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

// RFC 9110 section 6.4.1: 1xx, 204 and 304 responses never carry content.
bool has_no_content(Status status)
{
    return beast_http::to_status_class(status) == beast_http::status_class::informational ||
        status == Status::no_content || status == Status::not_modified;
}

// Adds Accept-Encoding to Vary unless it is already listed: caches must keep the compressed and
// the plain copy apart.
void add_vary_accept_encoding(Response& response)
{
    auto vary = response[Field::vary];
    if (vary.empty()) {
        response.set(Field::vary, "Accept-Encoding");
        return;
    }
    std::string lowered(vary);
    for (auto& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lowered.find("accept-encoding") != std::string::npos || lowered == "*")
        return;
    response.set(Field::vary, std::string(vary) + ", Accept-Encoding");
}

void compress_if_worthwhile(const Request& request, Response& response)
{
    if (has_no_content(response.result()) || response.body().size() < gzip_min_bytes)
        return;
    if (response.find(Field::content_encoding) != response.end())
        return;
    if (!is_compressible(response[Field::content_type]))
        return;
    add_vary_accept_encoding(response);
    if (!request.accepts_gzip())
        return;
    auto compressed = gzip_compress(response.body());
    if (compressed.size() >= response.body().size())
        return;
    response.body() = std::move(compressed);
    response.set(Field::content_encoding, "gzip");
}

void write_access_log(const Request& request, const Response& response, std::string_view route,
    std::size_t bytes, std::chrono::nanoseconds latency)
{
    // The application creates the "access" logger; without one there is nowhere to write.
    auto logger = spdlog::get("access");
    if (!logger)
        return;
    // The query string is left out on purpose: it may carry personal data (search terms,
    // e-mail addresses in links), and so may bodies and cookies. So is the client's address:
    // citizens who report wrongdoing must not be traceable through our logs (PRODUCT.md,
    // module 5), and an IP address is personal data.
    nlohmann::json line = {
        {"method", std::string_view(beast_http::to_string(request.method()))},
        {"route", route},
        {"path", request.path()},
        {"status", response.result_int()},
        {"bytes", bytes},
        {"duration_ms", std::chrono::duration<double, std::milli>(latency).count()},
    };
    logger->info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

Response default_error_response(const Request& request, Status status, const Error& error)
{
    bool wants_json =
        request.path().starts_with("/api/") || request.header(Field::accept) == "application/json";
    if (wants_json)
        return json_response(request, status, error_json(error));
    return text_response(request, status, describe(error) + "\n");
}

void add_security_headers(Response& response)
{
    // A handler that needs a different policy (an embeddable widget, say) sets its own header;
    // everything else gets the strict defaults.
    auto set_default = [&](std::string_view name, std::string_view value) {
        if (response.find(name) == response.end())
            response.set(name, value);
    };
    set_default("Content-Security-Policy", content_security_policy);
    set_default("X-Content-Type-Options", "nosniff");
    set_default("Referrer-Policy", "strict-origin-when-cross-origin");
    // frame-ancestors supersedes it, but older browsers only know X-Frame-Options.
    set_default("X-Frame-Options", "DENY");
}

Pipeline::Pipeline(const Router& router, Metrics& metrics, PipelineOptions options)
    : m_router(router), m_metrics(metrics), m_options(options)
{
}

Response Pipeline::error_response(
    const Request& request, const Error& error, std::optional<Status> status) const
{
    const Status final_status = status.value_or(status_for(error.code));
    Response response;
    try {
        response = m_error_renderer(request, final_status, error);
    } catch (const std::exception& exception) {
        spdlog::error("error renderer failed: {}", exception.what());
        response = default_error_response(request, final_status, error);
    } catch (...) {
        spdlog::error("error renderer failed with an unknown exception");
        response = default_error_response(request, final_status, error);
    }
    add_security_headers(response);
    return response;
}

Response Pipeline::handle(RawRequest raw, std::string remote_address)
{
    auto start = std::chrono::steady_clock::now();
    bool head = raw.method() == Verb::head;
    if (!m_trusted_proxies.empty()) {
        std::string forwarded_for;
        for (const auto& field : boost::make_iterator_range(raw.equal_range("X-Forwarded-For"))) {
            if (!forwarded_for.empty())
                forwarded_for += ',';
            forwarded_for += field.value();
        }
        remote_address = client_address(remote_address, forwarded_for, m_trusted_proxies);
    }

    auto parsed = Request::parse(raw, remote_address);
    Response response;
    std::size_t route_index = Metrics::unmatched;
    std::string_view route = "unmatched";
    std::optional<Request> request;
    if (!parsed) {
        // The target could not be parsed, so the error page is rendered for "/" instead, or for
        // "/api/" when the target was the API's, whose clients get every error as JSON
        // (docs/api.md; a "/api/v1/%00" was answered with an HTML page, found by fuzz/).
        Error error = parsed.error();
        raw.target(std::string_view(raw.target()).starts_with("/api/") ? "/api/" : "/");
        request.emplace(std::move(Request::from_raw(std::move(raw), remote_address).value()));
        response = error_response(*request, error);
    } else {
        request.emplace(std::move(parsed).value());
        auto match = m_router.match(request->method(), request->encoded_path());
        if (match.outcome == Router::Outcome::found) {
            route_index = match.route_index;
            route = *match.route;
            request->set_route(*match.route);
            request->set_params(std::move(match.params));
            try {
                Result<Response> result = (*match.handler)(*request);
                response = result.ok() ? std::move(result).value()
                                       : error_response(*request, result.error());
            } catch (const std::exception& exception) {
                // Bodies, queries and cookies stay out of the log: they may hold personal data.
                spdlog::error("handler for {} {} threw: {}",
                    std::string_view(beast_http::to_string(request->method())), route,
                    exception.what());
                response = error_response(*request, fail(ErrorCode::internal, "internal error"));
            } catch (...) {
                spdlog::error("handler for {} {} threw a non-standard exception",
                    std::string_view(beast_http::to_string(request->method())), route);
                response = error_response(*request, fail(ErrorCode::internal, "internal error"));
            }
        } else if (match.outcome == Router::Outcome::method_not_allowed) {
            // RFC 9110 section 15.5.6: a 405 lists the methods the resource does accept.
            response = error_response(*request,
                fail(ErrorCode::invalid_argument, "method not allowed", request->path()),
                Status::method_not_allowed);
            response.set(Field::allow, match.allowed);
        } else {
            response = error_response(
                *request, fail(ErrorCode::not_found, "page not found", request->path()));
        }
    }

    response.version(request->raw().version());
    response.keep_alive(request->raw().keep_alive() && response.keep_alive());
    add_security_headers(response);
    try {
        compress_if_worthwhile(*request, response);
    } catch (const std::exception& exception) {
        spdlog::error("gzip failed: {}", exception.what());
    }
    if (has_no_content(response.result())) {
        response.body().clear();
    } else {
        response.prepare_payload();
    }
    std::size_t bytes = response.body().size();
    if (head) {
        // RFC 9110 section 9.3.2: HEAD gets the same header fields as GET, Content-Length
        // included, and no content.
        response.body().clear();
        bytes = 0;
    }

    auto latency = std::chrono::steady_clock::now() - start;
    m_metrics.observe(route_index, response.result_int(), latency);
    if (m_options.access_log)
        write_access_log(*request, response, route, bytes, latency);
    return response;
}

}  // namespace tablero::http
