// The home page: what this installation is, what Tablero is for, and (once plans exist) the
// plans it follows.
#pragma once

#include "core/result.h"
#include "domain/i18n/language.h"
#include "http/router.h"
#include "web/context.h"

namespace tablero::web::home {

// Plans listed on one page of the home page (?page=N for the others).
inline constexpr std::size_t plans_per_page = 20;

// GET / and GET /?page=N (cached).
void register_routes(http::Router& router, Context& context);

// The home page, or the site store's Error (rendered by the pipeline) when its settings cannot
// be read.
Result<http::Response> page(
    Context& context, const http::Request& request, i18n::Language language);

}  // namespace tablero::web::home
