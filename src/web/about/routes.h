// The pages that explain the board to citizens. /about/progress states the published rules of
// progress, status and completion levels (docs/progress.md) in plain language, with worked
// examples whose every figure is computed by the rules themselves (domain/plans/progress.h), so
// the explanation can never disagree with the numbers the board shows.
#pragma once

#include "core/result.h"
#include "domain/i18n/language.h"
#include "http/router.h"
#include "web/context.h"

namespace tablero::web::about {

// GET /about/progress (cached).
void register_routes(http::Router& router, Context& context);

// The page explaining how progress and status are computed.
Result<http::Response> progress_page(
    Context& context, const http::Request& request, i18n::Language language);

}  // namespace tablero::web::about
