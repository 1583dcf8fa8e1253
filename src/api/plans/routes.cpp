// GET /api/v1/plans, /api/v1/plans/{plan} and /api/v1/plans/{plan}/commitments/{code}: the
// commitment tracker's read side. Every figure is computed as of ?as_of=YYYY-MM-DD (default:
// today) from the stored history, by the rules in domain/plans/.
#include "api/routes.h"
#include "api/plans/codec.h"
#include "domain/plans/selection.h"
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
    // Today's figures from the plans' digests, later days' from the plans cut to today
    // (storage/plan_cache.h); an earlier day needs their whole history.
    const Date today = context.clock.today();
    for (const auto& summary : *summaries) {
        if (*as_of == today) {
            auto digest = context.plan_cache.digest(summary.code, today);
            if (!digest.ok())
                return std::move(digest).error();
            body.push_back(plan_summary_json(summary, **digest));
            continue;
        }
        auto plan = *as_of > today ? context.plan_cache.current(summary.code, today)
                                   : context.plan_cache.plan(summary.code);
        if (!plan.ok())
            return std::move(plan).error();
        body.push_back(plan_summary_json(summary, plans::snapshot_of(**plan, *as_of)));
    }
    return json_ok(request, body);
}

// The link to another page of the same list, at the same date, so that following "next" after
// midnight does not mix two days' figures.
std::string page_link(const http::Request& request, Date as_of, std::size_t number)
{
    const std::string page = std::to_string(number);
    const std::string date = to_iso(as_of);
    return http::target_with(request, {{"as_of", date}, {"page", page}});
}

// The plan's figures are computed over the whole plan; the commitments listed are those that
// pass the filters, a page at a time (plans::select_commitments), so the answer for a plan of
// 10,000 commitments is not 31 MB (bench/README.md).
Result<http::Response> plan(Context& context, const http::Request& request)
{
    auto as_of = as_of_date(request, context.clock);
    if (!as_of.ok())
        return std::move(as_of).error();
    auto filter = plans::parse_commitment_filter(
        [&request](std::string_view name) { return request.query(name); });
    if (!filter.ok())
        return std::move(filter).error();
    const auto page_number = request.query("page");
    const auto page_size = request.query("per_page");
    auto page = plans::parse_page_request(page_number, page_size);
    if (!page.ok())
        return std::move(page).error();
    auto plan = context.plan_cache.plan(std::string(request.param("plan")));
    if (!plan.ok())
        return std::move(plan).error();

    const auto snapshot = plans::snapshot_of(**plan, *as_of);
    auto selection = plans::select_commitments(**plan, snapshot, *filter, *page);
    if (!selection.ok())
        return std::move(selection).error();
    nlohmann::json body = plan_json(**plan, snapshot, selection->indexes);
    const std::size_t number = selection->page.number;
    const bool has_next = number < selection->pages;
    const bool has_prev = number > 1;
    body["page"] = {
        {"number", number},
        {"per_page", selection->page.size},
        {"pages", selection->pages},
        {"matching", selection->matching},
        {"next", has_next ? nlohmann::json(page_link(request, *as_of, number + 1)) : nullptr},
        {"prev", has_prev ? nlohmann::json(page_link(request, *as_of, number - 1)) : nullptr},
    };
    http::Response response = json_ok(request, body);
    // The same links for clients that follow RFC 8288 headers.
    std::string links;
    if (has_next)
        links = "<" + page_link(request, *as_of, number + 1) + ">; rel=\"next\"";
    if (has_prev)
        links += (links.empty() ? "" : ", ") +
            ("<" + page_link(request, *as_of, number - 1) + ">; rel=\"prev\"");
    if (!links.empty())
        response.set(http::Field::link, links);
    return response;
}

Result<http::Response> commitment(Context& context, const http::Request& request)
{
    auto as_of = as_of_date(request, context.clock);
    if (!as_of.ok())
        return std::move(as_of).error();
    // Only the one commitment is loaded: its figures depend on no other commitment.
    auto plan = context.plans.load_commitment(
        std::string(request.param("plan")), std::string(request.param("code")));
    if (!plan.ok())
        return std::move(plan).error();
    // The plan holds that one commitment, so its figures are the snapshot's first.
    return json_ok(request, commitment_json(*plan, 0, plans::snapshot_of(*plan, *as_of)));
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
