// The public board of a plan (PRODUCT.md, module 2): /plans/{plan}, the plan at a glance with
// its filters, as-of date and pages of commitments; /plans/{plan}/commitments.csv, the same
// list as a spreadsheet; /plans/{plan}/feed.atom, its progress updates as an Atom feed.
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::board {

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::board
