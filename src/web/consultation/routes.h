// The public pages of consultations and participation in them (PRODUCT.md, module 4):
// /consultations (the list), /consultations/{id} (the overview: phases, drafts, proposals, the
// plan's draft commitments to vote on, the identity form), the drafts with their numbered
// paragraphs and threaded comments, the proposals with their votes, the proposal form, the
// summary (HTML, Markdown, CSV), and the POST routes of comments, endorsements, flags,
// proposals, votes and identity numbers. docs/consultations.md lists every route.
//
// A page seen by nobody signed in is cached like every public page, under a key that also
// counts the phase bounds already passed (a window opens or closes without any write); a page
// seen by someone signed in shows their votes and forms with their CSRF token, so it is
// rendered for them alone and never stored.
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::consultation {

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::consultation
