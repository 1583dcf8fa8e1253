// The web site's routes, gathered from each feature's web/<feature>/routes.cpp. Static files are
// registered by the application (http::StaticFiles::register_routes).
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web {

// Adds every feature's routes, and clears the page cache after each committed database write.
void register_routes(http::Router& router, Context& context);

// Adds the page cache's and the database pool's statistics to context.metrics. Call once.
void add_metrics_sources(Context& context);

}  // namespace tablero::web
