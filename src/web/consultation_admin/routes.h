// The Open Government Unit's consultation pages (PRODUCT.md, module 4; issue 6):
// /admin/consultations (the list), /admin/consultations/new and /admin/consultations/{id} (a
// consultation's fields and phases, its drafts and the form that publishes one),
// /admin/consultations/{id}/inputs (every proposal and comment with the unit's answer to it) and
// /admin/consultations/{id}/moderation (flagged content, hidden or shown again with a reason).
//
// Phases are typed as wall-clock date and time in the installation's zone (core/local_time.h)
// and stored as the UTC instants they name; a time the clocks skip is refused, never moved.
//
// Every route asks the one authorisation gate (manage_consultations; moderate for moderation),
// every POST carries the session's CSRF token, no page is ever stored, a refused form comes back
// with the values typed and each message beside its field, and a saved one answers 303.
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::consultation_admin {

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::consultation_admin
