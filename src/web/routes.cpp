#include "web/routes.h"

#include "web/about/routes.h"
#include "web/account/routes.h"
#include "web/admin/routes.h"
#include "web/audit/routes.h"
#include "web/board/routes.h"
#include "web/commitment/routes.h"
#include "web/consultation/routes.h"
#include "web/consultation_admin/routes.h"
#include "web/evidence/routes.h"
#include "web/home/routes.h"
#include "web/monitoring/routes.h"
#include "web/page_cache.h"
#include "web/search/routes.h"
#include "web/system/routes.h"
#include "web/workspace/routes.h"

namespace tablero::web {

void register_routes(http::Router& router, Context& context)
{
    home::register_routes(router, context);
    commitment::register_routes(router, context);
    board::register_routes(router, context);
    search::register_routes(router, context);
    about::register_routes(router, context);
    system::register_routes(router, context);
    account::register_routes(router, context);
    workspace::register_routes(router, context);
    admin::register_routes(router, context);
    evidence::register_routes(router, context);
    monitoring::register_routes(router, context);
    audit::register_routes(router, context);
    consultation_admin::register_routes(router, context);
    consultation::register_routes(router, context);
    // Cached pages show what the database held when they were rendered; any committed change
    // may alter any page, so all of them go.
    PageCache& page_cache = context.page_cache;
    context.database.on_change([&page_cache] { page_cache.clear(); });
}

}  // namespace tablero::web
