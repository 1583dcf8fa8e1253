// The institution workspace on the web (PRODUCT.md, module 3, "The workspace"):
//   GET       /workspace                     an officer's results to report on and their own
//                                            pending and returned updates; an administrator's
//                                            review queue and each plan's validation setting
//   GET, POST /workspace/plans/{plan}/commitments/{commitment}/results/{node}
//                                            the progress report form of one leaf result
//   GET       /workspace/review              the Open Government Unit's queue of pending updates
//   POST      /workspace/review/{id}/approve publishes a pending update
//   POST      /workspace/review/{id}/return  sends it back to its officer with a comment
//   GET, POST /workspace/plans/{plan}/settings whether a plan's updates wait for validation
// Every route asks account::require (web/account/session.h) with the authorisation table's
// action and, for a commitment, its lead institution as scope; every form carries the
// session's CSRF token; every page is personal and never stored.
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::workspace {

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::workspace
