// The JSON API under /api/v1 (docs/api.md). Each feature adds its handlers and codecs in
// api/<feature>/. Errors are {"error": {"code": ..., "message": ...}}, rendered by the pipeline.
#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "storage/plan_cache.h"
#include "storage/plan_store.h"

#include <string>

namespace tablero::api {

struct Context {
    std::string version;
    storage::PlanStore& plans;
    // Whole plans, for the answers computed over a whole plan.
    storage::PlanCache& plan_cache;
    // "Today" for figures asked without ?as_of=.
    const Clock& clock;
};

void register_routes(http::Router& router, Context& context);

// Answers 304 when If-None-Match names the body's ETag; otherwise sets ETag and
// Cache-Control: no-cache (clients keep the answer and revalidate it each time).
http::Response with_etag(const http::Request& request, http::Response response);

namespace plans_api {
void register_routes(http::Router& router, Context& context);
}

}  // namespace tablero::api
