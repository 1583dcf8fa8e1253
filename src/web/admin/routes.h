// The administrators' pages (PRODUCT.md, module 3: "Administrators manage plans, areas,
// commitments, results, weights and institutions from the web, with the same validations as the
// CSV import"): /admin (plans and institutions), /admin/institutions[/{code}],
// /admin/plans/new, /admin/plans/{plan} with its areas, its commitments
// (/admin/plans/{plan}/commitments/new and /{commitment}) and their results
// (/admin/plans/{plan}/commitments/{commitment}/results/{node}).
//
// Every route asks the one authorisation gate for manage_plans, every POST carries the
// session's CSRF token, no page is ever stored, and every write goes through the audited plan
// editor (storage/plan_editor.h). A refused form comes back with the values typed and each
// message beside its field; a saved one answers 303 to its page with a notice.
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::admin {

void register_routes(http::Router& router, Context& context);

}  // namespace tablero::web::admin
