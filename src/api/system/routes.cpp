#include "api/routes.h"
#include "domain/i18n/language.h"

#include <nlohmann/json.hpp>

namespace tablero::api {

namespace {

// GET /api/v1: what this installation is and where to go next, so a client can discover the
// API from its root.
http::Response index(const http::Request& request, const ApiInfo& info)
{
    nlohmann::json languages = nlohmann::json::array();
    for (auto language : i18n::all_languages)
        languages.push_back(i18n::code(language));
    nlohmann::json body = {
        {"name", "Tablero"},
        {"version", info.version},
        {"languages", languages},
        {"links", {{"self", "/api/v1"}, {"health", "/healthz"}, {"metrics", "/metrics"}}},
    };
    return http::json_response(request, http::Status::ok, body.dump());
}

}  // namespace

void register_routes(http::Router& router, const ApiInfo& info)
{
    router.get("/api/v1", [info](const http::Request& request) { return index(request, info); });
}

}  // namespace tablero::api
