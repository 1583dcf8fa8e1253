// The whole audit log for the Open Government Unit (PRODUCT.md, module 3: "administrators can
// see the full log and export it"): every entry newest first, 50 a page, filtered by entity,
// action, account and dates in a plain GET form, each with its before and after shown field by
// field; and the same filters as a CSV (UTF-8 with a byte order mark) or JSON download of every
// matching entry. Only an account the authorisation table allows view_audit_log (an
// administrator) sees any of it; the pages are never stored.
//
//   GET /admin/audit        ?entity= &action= &account= &from=YYYY-MM-DD &to=YYYY-MM-DD &page=
//   GET /admin/audit.csv    the same filters, every matching entry
//   GET /admin/audit.json   the same filters, every matching entry
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::audit {

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::audit
