#include "web/home/routes.h"

#include "domain/i18n/format.h"
#include "domain/plans/digest.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/site_identity.h"
#include "web/view/page.h"

#include <span>

namespace tablero::web::home {

namespace {

// The plans with their progress and status today, for the list on the home page, from the
// plans' digests for today (storage::PlanCache::digest), kept until the day or the plan
// changes: with 200 plans, computing their figures again took most of an uncached render
// (bench/README.md, "Scale").
Result<kainjow::mustache::data> plan_list(Context& context, i18n::Language language,
    const Date& today, std::span<const storage::PlanSummary> summaries)
{
    kainjow::mustache::data list{kainjow::mustache::data::type::list};
    for (const auto& summary : summaries) {
        auto digest = context.plan_cache.digest(summary.code, today);
        if (!digest.ok())
            return std::move(digest).error();
        const plans::PlanDigest& figures = **digest;
        kainjow::mustache::data item = figure_view(
            context.renderer, language, figures.applicable, figures.progress, figures.status);
        item.set("code", summary.code);
        item.set("url", plan_path(summary.code));
        item.set("title", summary.title);
        item.set("organisation", summary.organisation_name);
        const auto& counts = figures.counts;
        kainjow::mustache::data statuses(kainjow::mustache::data::type::list);
        for (auto [status, count] : {std::pair{plans::Status::not_started, counts.not_started},
                 std::pair{plans::Status::in_progress, counts.in_progress},
                 std::pair{plans::Status::delayed, counts.delayed},
                 std::pair{plans::Status::completed, counts.completed}}) {
            kainjow::mustache::data entry;
            entry.set("label", status_label(context.renderer, language, status));
            entry.set("count", i18n::format_number(language, count, 0));
            statuses.push_back(entry);
        }
        item.set("counts", statuses);
        item.set("period_start", i18n::format_date(language, summary.period_start));
        item.set("period_end", i18n::format_date(language, summary.period_end));
        list.push_back(item);
    }
    return list;
}

}  // namespace

Result<http::Response> page(Context& context, const http::Request& request, i18n::Language language)
{
    auto identity = read_site_identity(context.site);
    if (!identity.ok())
        return std::move(identity).error();

    kainjow::mustache::data view;
    view.set("intro",
        identity->intro.empty()
            ? std::string(context.renderer.message(language, "home_intro_default"))
            : identity->intro);

    const Date today = context.clock.today();
    auto summaries = context.plans.list_plans();
    if (!summaries.ok())
        return std::move(summaries).error();
    // A page of plans: with 200 plans the list alone was 203 KB (bench/README.md, "Scale").
    const paging::ListPage shown =
        paging::list_page(summaries->size(), plans_per_page, requested_page(request));
    auto plans = plan_list(context, language, today,
        std::span(*summaries).subspan(shown.first, shown.last - shown.first));
    if (!plans.ok())
        return std::move(plans).error();
    view.set("has_plans", !plans->is_empty_list());
    view.set("plans", std::move(plans).value());
    view.set("as_of", i18n::format_date(language, today));
    view.set("pager",
        pager_view(language, request, shown,
            std::string(context.renderer.message(language, "home_plans_pages_label"))));

    return render_page(
        context, request, language, "home/index", view, {.title = {}, .stylesheets = {}});
}

void register_routes(http::Router& router, Context& context)
{
    router.get("/",
        cached(
            context.page_cache, [&context](const http::Request& request, i18n::Language language) {
                return page(context, request, language);
            }));
}

}  // namespace tablero::web::home
