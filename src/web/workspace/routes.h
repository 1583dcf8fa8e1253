// The institution workspace on the web (PRODUCT.md, module 3, "The workspace"):
//   GET       /workspace                     an officer's own pending and returned updates and
//                                            the plans with results they report on; an
//                                            administrator's review queue and each plan's
//                                            validation setting
//   GET       /workspace/plans/{plan}        an officer's results of one plan to report on,
//                                            commitments_per_page commitments a page (?page=N)
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

#include <cstddef>

namespace tablero::web::workspace {

// Commitments listed on one page of a plan's results in the workspace.
inline constexpr std::size_t commitments_per_page = 10;

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::workspace
