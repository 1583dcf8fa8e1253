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
        body.push_back(plan_summary_json(summary, plans::snapshot_of(*plan, *as_of)));
    }
    return json_ok(request, body);
}

struct PlanAsOf {
    plans::Plan plan;
    Date as_of;
};

// What of the plan a request needs: all of it, or only the commitment named by the path's
// {code}, whose figures depend on no other commitment.
enum class Part { whole_plan, one_commitment };

// The plan named by the path's {plan}, and the date its figures are asked for.
Result<PlanAsOf> plan_as_of(Context& context, const http::Request& request, Part part)
{
    auto as_of = as_of_date(request, context.clock);
    if (!as_of.ok())
        return std::move(as_of).error();
    const std::string plan_code(request.param("plan"));
    auto loaded = part == Part::whole_plan
        ? context.plans.load_plan(plan_code)
        : context.plans.load_commitment(plan_code, std::string(request.param("code")));
    if (!loaded.ok())
        return std::move(loaded).error();
    return PlanAsOf{std::move(loaded).value(), *as_of};
}

Result<http::Response> plan(Context& context, const http::Request& request)
{
    auto found = plan_as_of(context, request, Part::whole_plan);
    if (!found.ok())
        return std::move(found).error();
    return json_ok(request, plan_json(found->plan, plans::snapshot_of(found->plan, found->as_of)));
}

Result<http::Response> commitment(Context& context, const http::Request& request)
{
    auto found = plan_as_of(context, request, Part::one_commitment);
    if (!found.ok())
        return std::move(found).error();
    // The plan holds that one commitment, so its figures are the snapshot's first.
    const auto& plan = found->plan;
    return json_ok(request, commitment_json(plan, 0, plans::snapshot_of(plan, found->as_of)));
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
