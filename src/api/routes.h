// The JSON API under /api/v1. Each feature adds its handlers and codecs in api/<feature>/.
// Errors are {"error": {"code": ..., "message": ...}} (http/status.h), answered by the pipeline.
#pragma once

#include "http/router.h"

#include <string>

namespace tablero::api {

struct ApiInfo {
    std::string version;
};

void register_routes(http::Router& router, const ApiInfo& info);

}  // namespace tablero::api
