#include "web/system/routes.h"

#include "http/metrics.h"
#include "web/page_cache.h"
#include "web/routes.h"

#include <nlohmann/json.hpp>

namespace tablero::web::system {

namespace {

// Prometheus text exposition format 0.0.4.
constexpr std::string_view metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

http::Response metrics(Context& context, const http::Request& request)
{
    http::Response response = http::make_response(
        request, http::Status::ok, metrics_content_type, context.metrics.render());
    response.set(http::Field::cache_control, "no-store");
    return response;
}

}  // namespace

http::Response healthz(Context& context, const http::Request& request)
{
    nlohmann::json body;
    http::Status status = http::Status::ok;
    if (auto ping = context.database.ping(); ping.ok()) {
        body["status"] = "ok";
        body["database"] = "ok";
        if (auto schema = context.database.schema_version(); schema.ok())
            body["schema"] = *schema;
    } else {
        status = http::Status::service_unavailable;
        body["status"] = "unavailable";
        body["database"] = describe(ping.error());
    }
    http::Response response = http::json_response(
        request, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    response.set(http::Field::cache_control, "no-store");
    return response;
}

void append_pool_metrics(const storage::PoolStats& stats, std::string& out)
{
    http::append_metric(out, "tablero_db_pool_size", "gauge", "Sessions in the database pool.",
        static_cast<double>(stats.size));
    http::append_metric(out, "tablero_db_pool_in_use", "gauge", "Sessions lent out right now.",
        static_cast<double>(stats.in_use));
    http::append_metric(out, "tablero_db_pool_acquisitions_total", "counter",
        "Sessions taken from the pool.", static_cast<double>(stats.acquisitions_total));
    http::append_metric(out, "tablero_db_pool_waits_total", "counter",
        "Acquisitions that found no free session and waited.",
        static_cast<double>(stats.waits_total));
    http::append_metric(out, "tablero_db_pool_wait_seconds_total", "counter",
        "Time spent waiting for a free session.", stats.wait_seconds_total);
    http::append_metric(out, "tablero_db_pool_timeouts_total", "counter",
        "Acquisitions that gave up waiting.", static_cast<double>(stats.timeouts_total));
}

void append_plan_cache_metrics(const storage::PlanCache::Stats& stats, std::string& out)
{
    http::append_metric(out, "tablero_plan_cache_hits_total", "counter",
        "Requests that found their plan in memory.", static_cast<double>(stats.hits));
    http::append_metric(out, "tablero_plan_cache_misses_total", "counter",
        "Requests that loaded their plan or waited for its load.",
        static_cast<double>(stats.misses));
    http::append_metric(out, "tablero_plan_cache_loads_total", "counter",
        "Plans loaded from the database.", static_cast<double>(stats.loads));
    http::append_metric(out, "tablero_plan_cache_evictions_total", "counter",
        "Plans dropped to stay within capacity.", static_cast<double>(stats.evictions));
    http::append_metric(out, "tablero_plan_cache_dropped_total", "counter",
        "Plans dropped because a write changed them.", static_cast<double>(stats.dropped));
    http::append_metric(out, "tablero_plan_cache_entries", "gauge", "Whole plans in memory.",
        static_cast<double>(stats.entries));
    http::append_metric(out, "tablero_plan_cache_current_entries", "gauge",
        "Plans cut to today in memory.", static_cast<double>(stats.current_entries));
    http::append_metric(out, "tablero_plan_cache_digest_entries", "gauge",
        "Digests of plans for a day in memory.", static_cast<double>(stats.digest_entries));
}

void register_routes(http::Router& router, Context& context)
{
    router.get(
        "/healthz", [&context](const http::Request& request) { return healthz(context, request); });
    router.get(
        "/metrics", [&context](const http::Request& request) { return metrics(context, request); });
}

}  // namespace tablero::web::system

namespace tablero::web {

void add_metrics_sources(Context& context)
{
    context.metrics.add_source(
        [&context](std::string& out) { context.page_cache.append_metrics(out); });
    context.metrics.add_source([&context](std::string& out) {
        system::append_pool_metrics(context.database.pool_stats(), out);
    });
    context.metrics.add_source([&context](std::string& out) {
        system::append_plan_cache_metrics(context.plan_cache.stats(), out);
    });
}

}  // namespace tablero::web
