#include "api/routes.h"
#include "domain/i18n/language.h"

#include <nlohmann/json.hpp>

namespace tablero::api {

namespace {

// GET /api/v1: what this installation is and where to go next, so a client can discover the
// API from its root.
http::Response index(const http::Request& request, const Context& context)
{
    nlohmann::json languages = nlohmann::json::array();
    for (auto language : i18n::all_languages)
        languages.push_back(i18n::code(language));
    nlohmann::json body = {
        {"name", "Tablero"},
        {"version", context.version},
        {"languages", languages},
        {"links",
            {{"self", "/api/v1"}, {"plans", "/api/v1/plans"}, {"health", "/healthz"},
                {"metrics", "/metrics"}}},
    };
    return http::json_response(request, http::Status::ok, body.dump());
}

}  // namespace

http::Response with_etag(const http::Request& request, http::Response response)
{
    const std::string etag = "\"" + http::content_hash(response.body()) + "\"";
    const auto if_none_match = request.header(http::Field::if_none_match);
    if (!if_none_match.empty() && http::if_none_match(if_none_match, etag)) {
        http::Response not_modified{http::Status::not_modified, request.raw().version()};
        not_modified.keep_alive(request.raw().keep_alive());
        not_modified.set(http::Field::etag, etag);
        not_modified.set(http::Field::cache_control, "no-cache");
        return not_modified;
    }
    response.set(http::Field::etag, etag);
    response.set(http::Field::cache_control, "no-cache");
    return response;
}

void register_routes(http::Router& router, Context& context)
{
    router.get(
        "/api/v1", [&context](const http::Request& request) { return index(request, context); });
    plans_api::register_routes(router, context);
}

}  // namespace tablero::api
