// The public page of one commitment (PRODUCT.md, module 2): every OGP template field, the
// results tree with its figures and evidence, the three assessments beside the platform's
// suggestion, the dated progress history and how the figure is computed, all as of a date
// (?as_of=YYYY-MM-DD, default today), with the results tree as CSV.
#pragma once

#include "core/result.h"
#include "domain/i18n/language.h"
#include "http/router.h"
#include "web/context.h"

namespace tablero::web::commitment {

// GET /plans/{plan}/commitments/{code} and .../results.csv (both cached).
void register_routes(http::Router& router, Context& context);

// The page; not_found for an unknown plan or commitment, invalid_argument (where "as_of") for a
// malformed date. The pipeline renders either error.
Result<http::Response> page(
    Context& context, const http::Request& request, i18n::Language language);

// The results tree as of the date, one row per node, UTF-8 with a byte order mark.
Result<http::Response> results_csv(Context& context, const http::Request& request);

}  // namespace tablero::web::commitment
