#include "web/system/routes.h"

#include "web/page_cache.h"
#include "web/routes.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace tablero::web::system {

namespace {

// Prometheus text exposition format 0.0.4.
constexpr std::string_view metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

template <typename T>
void append_metric(
    std::string& out, std::string_view name, std::string_view type, std::string_view help, T value)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
    out += name;
    out += ' ';
    if constexpr (std::is_floating_point_v<T>) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.9g", value);
        out += buffer;
    } else {
        out += std::to_string(value);
    }
    out += '\n';
}

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
    append_metric(
        out, "tablero_db_pool_size", "gauge", "Sessions in the database pool.", stats.size);
    append_metric(
        out, "tablero_db_pool_in_use", "gauge", "Sessions lent out right now.", stats.in_use);
    append_metric(out, "tablero_db_pool_acquisitions_total", "counter",
        "Sessions taken from the pool.", stats.acquisitions_total);
    append_metric(out, "tablero_db_pool_waits_total", "counter",
        "Acquisitions that found no free session and waited.", stats.waits_total);
    append_metric(out, "tablero_db_pool_wait_seconds_total", "counter",
        "Time spent waiting for a free session.", stats.wait_seconds_total);
    append_metric(out, "tablero_db_pool_timeouts_total", "counter",
        "Acquisitions that gave up waiting.", stats.timeouts_total);
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
}

}  // namespace tablero::web
