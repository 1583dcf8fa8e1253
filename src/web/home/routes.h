// The home page: what this installation is, what Tablero is for, and (once plans exist) the
// plans it follows.
#pragma once

#include "core/result.h"
#include "domain/i18n/language.h"
#include "http/router.h"
#include "web/context.h"
#include "web/search/index.h"

namespace tablero::web::home {

// Plans listed on one page of the home page (?page=N for the others).
inline constexpr std::size_t plans_per_page = 20;

// GET / and GET /?page=N (cached). index is the one the search page uses too: a plan's snapshot for
// today is computed once for both pages.
void register_routes(
    http::Router& router, Context& context, std::shared_ptr<search::SearchIndex> index);

// The home page, or the site store's Error (rendered by the pipeline) when its settings cannot
// be read. snapshots keeps each plan's figures as of today between renders.
Result<http::Response> page(Context& context, search::SearchIndex& snapshots,
    const http::Request& request, i18n::Language language);

}  // namespace tablero::web::home
