// The operator's endpoints: /healthz for load balancers and /metrics for Prometheus. Neither is
// cached: both must tell the truth about this moment.
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace tablero::web::system {

// GET /healthz and GET /metrics.
void register_routes(http::Router& router, Context& context);

http::Response healthz(Context& context, const http::Request& request);

// Prometheus text for the database pool: tablero_db_pool_{size,in_use} and
// tablero_db_pool_{acquisitions,waits,wait_seconds,timeouts}_total.
void append_pool_metrics(const storage::PoolStats& stats, std::string& out);

// Prometheus text for the plan cache:
// tablero_plan_cache_{hits,misses,loads,evictions,dropped}_total and tablero_plan_cache_entries.
void append_plan_cache_metrics(const storage::PlanCache::Stats& stats, std::string& out);

}  // namespace tablero::web::system
