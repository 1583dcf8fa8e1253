// GET /api/v1/plans, /api/v1/plans/{plan} and /api/v1/plans/{plan}/commitments/{code}: the
// commitment tracker's read side. Every figure is computed as of ?as_of=YYYY-MM-DD (default:
// today) from the stored history, by the rules in domain/plans/.
#include "api/routes.h"
#include "api/plans/codec.h"
#include "domain/plans/snapshot.h"

namespace tablero::api::plans_api {

namespace {

Result<Date> as_of_date(const http::Request& request, const Clock& clock)
{
    auto given = request.query("as_of");
    if (!given)
        return clock.today();
    auto date = parse_iso_date(*given);
    if (!date.ok())
        return fail(ErrorCode::invalid_argument, date.error().message, "as_of");
    return *date;
}

http::Response json_ok(const http::Request& request, const nlohmann::json& body)
{
    return with_etag(request,
        http::json_response(request, http::Status::ok,
            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

Result<http::Response> list(Context& context, const http::Request& request)
{
    auto as_of = as_of_date(request, context.clock);
    if (!as_of.ok())
        return std::move(as_of).error();
    auto summaries = context.plans.list_plans();
    if (!summaries.ok())
        return std::move(summaries).error();
    nlohmann::json body = nlohmann::json::array();
    for (const auto& summary : *summaries) {
        auto plan = context.plans.load_plan(summary.code);
        if (!plan.ok())
            return std::move(plan).error();
        body.push_back(plan_summary_json(summary, *plan, plans::snapshot_of(*plan, *as_of)));
    }
    return json_ok(request, body);
}

struct PlanAsOf {
    plans::Plan plan;
    Date as_of;
};

// The plan named by the path's {plan}, and the date its figures are asked for.
Result<PlanAsOf> plan_as_of(Context& context, const http::Request& request)
{
    auto as_of = as_of_date(request, context.clock);
    if (!as_of.ok())
        return std::move(as_of).error();
    auto loaded = context.plans.load_plan(std::string(request.param("plan")));
    if (!loaded.ok())
        return std::move(loaded).error();
    return PlanAsOf{std::move(loaded).value(), *as_of};
}

Result<http::Response> plan(Context& context, const http::Request& request)
{
    auto found = plan_as_of(context, request);
    if (!found.ok())
        return std::move(found).error();
    return json_ok(request, plan_json(found->plan, plans::snapshot_of(found->plan, found->as_of)));
}

Result<http::Response> commitment(Context& context, const http::Request& request)
{
    auto found = plan_as_of(context, request);
    if (!found.ok())
        return std::move(found).error();
    const auto& plan = found->plan;
    const auto code = request.param("code");
    for (std::size_t i = 0; i < plan.commitments.size(); ++i) {
        if (plan.commitments[i].code == code)
            return json_ok(
                request, commitment_json(plan, i, plans::snapshot_of(plan, found->as_of)));
    }
    return fail(ErrorCode::not_found,
        "no commitment " + std::string(code) + " in plan " + plan.code, "code");
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    router.get("/api/v1/plans",
        [&context](const http::Request& request) { return list(context, request); });
    router.get("/api/v1/plans/{plan}",
        [&context](const http::Request& request) { return plan(context, request); });
    router.get("/api/v1/plans/{plan}/commitments/{code}",
        [&context](const http::Request& request) { return commitment(context, request); });
}

}  // namespace tablero::api::plans_api
