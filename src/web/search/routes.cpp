#include "web/search/routes.h"

#include "domain/i18n/format.h"
#include "domain/text/fold.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

namespace tablero::web::search {

namespace {

namespace mustache = kainjow::mustache;

// Characters of description shown under each result.
constexpr std::size_t excerpt_length = 180;

mustache::data segments_view(const std::vector<plans::TextSegment>& segments)
{
    mustache::data list{mustache::data::type::list};
    for (const auto& segment : segments) {
        mustache::data item;
        item.set("text", segment.text);
        item.set("match", segment.match);
        list.push_back(item);
    }
    return list;
}

// The excerpt of the first description field a query word matches, or else of the first field
// that has text.
std::vector<plans::TextSegment> commitment_excerpt(
    const plans::PlanDigest::Commitment& commitment, const plans::SearchQuery& query)
{
    const std::string* fields[] = {
        &commitment.brief_description, &commitment.main_goal, &commitment.public_problem};
    const std::string* chosen = nullptr;
    for (const std::string* field : fields) {
        const auto segments = plans::highlight(*field, query);
        const bool matched = std::any_of(segments.begin(), segments.end(),
            [](const plans::TextSegment& segment) { return segment.match; });
        if (matched) {
            chosen = field;
            break;
        }
        if (!chosen && !field->empty())
            chosen = field;
    }
    if (!chosen)
        return {};
    return plans::excerpt(*chosen, query, excerpt_length);
}

// One hit: which plan (in the list) and which of its commitments.
struct Found {
    std::size_t plan = 0;
    std::size_t commitment = 0;
};

}  // namespace

Result<http::Response> page(Context& context, const http::Request& request, i18n::Language language)
{
    const std::string typed = request.query("q").value_or("");
    const std::string_view shown = text::truncate_code_points(typed, plans::search_query_limit);
    const plans::SearchQuery query = plans::parse_search_query(typed);
    const std::string title(context.renderer.message(language, "search_title"));

    mustache::data view;
    view.set("search_page", true);
    view.set("q", std::string(shown));
    view.set("has_query", !query.empty());
    view.set("query_cut", shown.size() < typed.size());
    if (query.empty())
        return render_page(context, request, language, "search/index", view,
            {.title = title, .stylesheets = {"css/search.css"}});

    auto summaries = context.plans.list_plans();
    if (!summaries.ok())
        return std::move(summaries).error();
    const Date today = context.clock.today();
    // Each plan's digest for today (storage::PlanCache::digest) holds its commitments' words,
    // the index of them, their texts and their figures: a query reads no database rows beyond
    // the list of plans, folds no text twice and tests only the commitments holding its words.
    std::vector<storage::PlanCache::DigestPtr> loaded;
    std::vector<Found> found;
    std::vector<plans::SearchHit> hits;
    for (const auto& summary : *summaries) {
        auto digest = context.plan_cache.digest(summary.code, today);
        if (!digest.ok())
            return std::move(digest).error();
        const plans::PlanDigest& plan = **digest;
        for (auto hit : plans::search(plan.documents, plan.words, query)) {
            found.push_back({loaded.size(), hit.position});
            hit.position = found.size() - 1;
            hits.push_back(hit);
        }
        loaded.push_back(std::move(*digest));
    }
    plans::rank(hits);

    const paging::ListPage listed =
        paging::list_page(hits.size(), results_per_page, requested_page(request));
    const std::size_t first = listed.first;
    const std::size_t last = listed.last;

    mustache::data results{mustache::data::type::list};
    for (std::size_t i = first; i < last; ++i) {
        const Found& where = found[hits[i].position];
        const plans::PlanDigest& plan = *loaded[where.plan];
        const auto& commitment = plan.commitments[where.commitment];
        mustache::data item;
        item.set("url", commitment_path(plan.code, commitment.code));
        item.set("code", commitment.code);
        item.set("title", segments_view(plans::highlight(commitment.title, query)));
        item.set("plan_title", plan.title);
        item.set("figure",
            figure_view(context.renderer, language, commitment.applicable, commitment.progress,
                commitment.status));
        const auto excerpt = commitment_excerpt(commitment, query);
        item.set("has_excerpt", !excerpt.empty());
        item.set("excerpt", segments_view(excerpt));
        results.push_back(item);
    }
    view.set("has_results", !hits.empty());
    view.set("results", results);
    view.set("count", i18n::format_number(language, static_cast<double>(hits.size()), 0));
    view.set("as_of", i18n::format_date(language, today));
    view.set("first", i18n::format_number(language, static_cast<double>(first + 1), 0));
    view.set("last", i18n::format_number(language, static_cast<double>(last), 0));
    view.set("pager",
        pager_view(language, request, listed,
            std::string(context.renderer.message(language, "search_pages_label"))));
    return render_page(context, request, language, "search/index", view,
        {.title = title, .stylesheets = {"css/search.css"}});
}

void register_routes(http::Router& router, Context& context)
{
    router.get("/search",
        cached(
            context.page_cache, [&context](const http::Request& request, i18n::Language language) {
                return page(context, request, language);
            }));
}

}  // namespace tablero::web::search
