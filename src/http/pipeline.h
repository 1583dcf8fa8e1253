// What happens to every request between the socket and the handler: parse the target, route,
// call the handler (an Error it returns goes to the error renderer, an exception becomes a 500),
// then add security headers, compress text bodies, record metrics and write the access log line.
#pragma once

#include "core/error.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tablero::http {

// Turns an Error into the response the user sees, with the given status: usually the one for the
// error's code, but the pipeline's 405 and the server's 408 and 413 have no code of their own.
// The default answers JSON for /api/ paths and for clients that accept only JSON, and plain text
// otherwise; the web layer installs one that renders a friendly HTML page in the user's language.
using ErrorRenderer = std::function<Response(const Request&, Status, const Error&)>;
Response default_error_response(const Request& request, Status status, const Error& error);

struct PipelineOptions {
    // Write one structured (JSON) access log line per request through spdlog's "access" logger.
    bool access_log = true;
};

class Pipeline {
public:
    Pipeline(const Router& router, Metrics& metrics, PipelineOptions options = {});

    void set_error_renderer(ErrorRenderer renderer) { m_error_renderer = std::move(renderer); }

    // Reverse proxies (canonical IP addresses) whose X-Forwarded-For is believed: a request
    // from one of them is taken to come from the client it names (http/forwarded.h).
    void trust_proxies(std::vector<std::string> addresses)
    {
        m_trusted_proxies = std::move(addresses);
    }

    // Never throws. remote_address (the client's, when a trusted proxy names it) is logged and
    // available to handlers.
    Response handle(RawRequest raw, std::string remote_address);

    // The installed renderer's response for error, with status (by default the one for the
    // error's code) and the security headers. The server uses it for requests that never
    // reached a handler (its 400, 408 and 413).
    Response error_response(const Request& request, const Error& error,
        std::optional<Status> status = std::nullopt) const;

private:
    const Router& m_router;
    Metrics& m_metrics;
    PipelineOptions m_options;
    ErrorRenderer m_error_renderer = default_error_response;
    std::vector<std::string> m_trusted_proxies;
};

// The security headers every response carries: a Content-Security-Policy that allows no inline
// script or style, X-Content-Type-Options, Referrer-Policy and frame-ancestors 'none'.
void add_security_headers(Response& response);

}  // namespace tablero::http
