// The search page: commitments of every plan found by the words of their title and description
// (domain/plans/search.h), with each one's progress and status today, twenty to a page.
#pragma once

#include "core/result.h"
#include "domain/i18n/language.h"
#include "http/router.h"
#include "web/context.h"

namespace tablero::web::search {

// Results shown on one page.
inline constexpr std::size_t results_per_page = 20;

// GET /search?q=...&page=N (cached by query and language).
void register_routes(http::Router& router, Context& context);

// The search page for request's q and page: just the search box when q has no words, a
// message when nothing matches. A store's Error is passed on for the pipeline to render.
Result<http::Response> page(
    Context& context, const http::Request& request, i18n::Language language);

}  // namespace tablero::web::search
