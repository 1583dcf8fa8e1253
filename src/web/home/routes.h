// The home page: what this installation is, what Tablero is for, and (once plans exist) the
// plans it follows.
#pragma once

#include "domain/i18n/language.h"
#include "http/router.h"
#include "web/context.h"

namespace tablero::web::home {

// GET / (cached).
void register_routes(http::Router& router, Context& context);

http::Response page(Context& context, const http::Request& request, i18n::Language language);

}  // namespace tablero::web::home
