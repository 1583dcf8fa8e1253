// Civil society beside the government on the web (PRODUCT.md, module 3): the forms with which a
// civil-society monitor records its organisation's completion level and justification for a
// commitment, or its dissent; an administrator records the government's level with the same
// assessment form. Both forms are personal pages (never stored), carry the session's CSRF
// token, ask the authorisation table (account::require, the commitment's lead institution as
// scope) before showing or writing anything, and send the person back to the public commitment
// page, where the record now shows beside the government's.
//
//   GET/POST /plans/{plan}/commitments/{code}/assessment
//   GET/POST /plans/{plan}/commitments/{code}/dissent
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::monitoring {

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::monitoring
