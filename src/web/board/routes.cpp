#include "web/board/routes.h"

#include "domain/i18n/format.h"
#include "domain/plans/board.h"
#include "domain/plans/selection.h"
#include "domain/plans/snapshot.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <array>
#include <charconv>

namespace tablero::web::board {

namespace {

using kainjow::mustache::data;

// Commitments on one page of the board: enough to scan, light enough for a slow phone (each
// row is about half a kilobyte of HTML).
constexpr std::size_t commitments_per_page = 50;
// Entries of the Atom feed.
constexpr std::size_t feed_entries = 50;

constexpr std::array all_statuses = {plans::Status::not_started, plans::Status::in_progress,
    plans::Status::delayed, plans::Status::completed};
constexpr std::array all_values = {plans::OgpValue::access_to_information,
    plans::OgpValue::civic_participation, plans::OgpValue::public_accountability,
    plans::OgpValue::technology_and_innovation};
constexpr std::array all_challenges = {plans::GrandChallenge::improving_public_services,
    plans::GrandChallenge::increasing_public_integrity,
    plans::GrandChallenge::managing_public_resources,
    plans::GrandChallenge::creating_safer_communities,
    plans::GrandChallenge::increasing_corporate_accountability};

// What a request for a plan asks: the date, the filter, the page.
struct Query {
    Date as_of;
    plans::CommitmentFilter filter;
    plans::PageRequest page;
};

Result<Query> read_query(const Context& context, const http::Request& request)
{
    Query query;
    auto as_of = page_as_of(request, context.clock);
    if (!as_of.ok())
        return std::move(as_of).error();
    query.as_of = *as_of;
    auto filter = plans::parse_commitment_filter(
        [&request](std::string_view name) { return request.query(name); });
    if (!filter.ok())
        return std::move(filter).error();
    query.filter = std::move(filter).value();
    const auto page = request.query("page");
    auto parsed = plans::parse_page_request(page, std::nullopt);
    if (!parsed.ok())
        return std::move(parsed).error();
    query.page = {parsed->number, commitments_per_page};
    return query;
}

// SVG coordinates with two decimals at most.
std::string coordinate(double value)
{
    return i18n::format_number(i18n::Language::en, value, 2);
}

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

// One <option> of a filter's <select>.
data option(std::string value, std::string label, bool selected)
{
    data out;
    out.set("value", std::move(value));
    out.set("label", std::move(label));
    out.set("selected", selected);
    return out;
}

// The area's title, or its code when the plan does not list it.
std::string area_title(const plans::Plan& plan, const std::string& code)
{
    for (const auto& area : plan.areas) {
        if (area.code == code)
            return area.title.empty() ? code : area.title;
    }
    return code;
}

// The filter form: every <select> with its options and the current choice marked.
data filter_view(const Context& context, i18n::Language language, const plans::Plan& plan,
    const plans::PlanSnapshot& snapshot, const Query& query)
{
    const auto& filter = query.filter;
    data view;
    data areas(data::type::list);
    for (const auto& group : snapshot.areas) {
        areas.push_back(option(
            group.key, area_title(plan, group.key), filter.area && *filter.area == group.key));
    }
    view.set("areas", areas);
    data statuses(data::type::list);
    for (auto status : all_statuses) {
        statuses.push_back(option(std::string(plans::to_string(status)),
            status_label(context.renderer, language, status), filter.status == status));
    }
    statuses.push_back(option("not_applicable", message(context, language, "figure_not_applicable"),
        filter.not_applicable));
    view.set("statuses", statuses);
    data institutions(data::type::list);
    for (const auto& group : snapshot.institutions) {
        if (!group.key.empty())
            institutions.push_back(option(
                group.key, group.key, filter.institution && *filter.institution == group.key));
    }
    view.set("institutions", institutions);
    data values(data::type::list);
    for (auto value : all_values) {
        const std::string code(plans::to_string(value));
        values.push_back(option(
            code, message(context, language, "board_value_" + code), filter.ogp_value == value));
    }
    view.set("values", values);
    data challenges(data::type::list);
    for (auto challenge : all_challenges) {
        const std::string code(plans::to_string(challenge));
        challenges.push_back(option(code, message(context, language, "board_challenge_" + code),
            filter.grand_challenge == challenge));
    }
    view.set("challenges", challenges);
    view.set("active", !filter.empty());
    return view;
}

// Counts by status as a stacked SVG bar and, for everyone, as a list of links to the filter.
data counts_view(const Context& context, i18n::Language language, const http::Request& request,
    const plans::PlanSnapshot& snapshot)
{
    const auto& counts = snapshot.counts;
    const std::array<std::pair<std::string_view, int>, 5> rows = {{
        {"not_started", counts.not_started},
        {"in_progress", counts.in_progress},
        {"delayed", counts.delayed},
        {"completed", counts.completed},
        {"not_applicable", counts.not_applicable},
    }};
    const int total = counts.not_started + counts.in_progress + counts.delayed + counts.completed +
        counts.not_applicable;
    data list(data::type::list);
    double x = 0;
    for (const auto& [code, count] : rows) {
        if (code == "not_applicable" && count == 0)
            continue;
        data row;
        row.set("code", std::string(code));
        row.set("label",
            code == "not_applicable"
                ? message(context, language, "figure_not_applicable")
                : status_label(context.renderer, language, *plans::parse_status(code)));
        row.set("count", std::to_string(count));
        row.set("url", http::target_with(request, {{"status", code}, {"page", ""}}));
        const double width = total > 0 ? 100.0 * count / total : 0;
        row.set("x", coordinate(x));
        row.set("width", coordinate(width));
        x += width;
        list.push_back(row);
    }
    data view;
    view.set("rows", list);
    view.set("total", std::to_string(total));
    return view;
}

// Progress of each area or lead institution: a name that filters, a count and a bar.
data groups_view(const Context& context, i18n::Language language, const http::Request& request,
    const plans::Plan& plan, const std::vector<plans::GroupSnapshot>& groups,
    std::string_view parameter)
{
    data list(data::type::list);
    for (const auto& group : groups) {
        if (group.key.empty())
            continue;
        data row =
            figure_view(context.renderer, language, group.applicable, group.progress, std::nullopt);
        row.set("name", parameter == "area" ? area_title(plan, group.key) : group.key);
        row.set("commitments_text",
            i18n::format_number(language, group.commitments, 0) + " " +
                message(context, language,
                    group.commitments == 1 ? "board_commitments_one" : "board_commitments_many"));
        row.set("url", http::target_with(request, {{parameter, group.key}, {"page", ""}}));
        list.push_back(row);
    }
    return list;
}

// Commitments due by quarter: stacked SVG columns and the same numbers as a table.
data timeline_view(
    const Context& context, i18n::Language language, const plans::DueTimeline& timeline)
{
    constexpr double column = 10;
    constexpr double height = 60;
    data quarters(data::type::list);
    const double scale = timeline.most > 0 ? height / timeline.most : 0;
    for (std::size_t i = 0; i < timeline.quarters.size(); ++i) {
        const auto& quarter = timeline.quarters[i];
        data row;
        const std::string label =
            message(context, language, "board_quarter_" + std::to_string(quarter.quarter)) + " " +
            std::to_string(quarter.year);
        row.set("label", label);
        row.set("completed", std::to_string(quarter.completed));
        row.set("delayed", std::to_string(quarter.delayed));
        row.set("open", std::to_string(quarter.open));
        row.set("total", std::to_string(quarter.total()));
        // Stacked from the bottom: completed, then delayed, then open.
        const double x = static_cast<double>(i) * column + 1;
        double top = height;
        auto segment = [&](std::string_view name, int count) {
            const double h = count * scale;
            top -= h;
            row.set(std::string(name) + "_y", coordinate(top));
            row.set(std::string(name) + "_h", coordinate(h));
        };
        segment("completed", quarter.completed);
        segment("delayed", quarter.delayed);
        segment("open", quarter.open);
        row.set("x", coordinate(x));
        quarters.push_back(row);
    }
    data view;
    view.set("quarters", quarters);
    view.set("width", coordinate(static_cast<double>(timeline.quarters.size()) * column));
    view.set("height", coordinate(height));
    view.set("undated", std::to_string(timeline.undated));
    view.set("has_undated", timeline.undated > 0);
    view.set("has_dates", timeline.most > 0);
    return view;
}

data commitment_rows(const Context& context, i18n::Language language, const plans::Plan& plan,
    const plans::PlanSnapshot& snapshot, const std::vector<std::size_t>& indexes, const Date& as_of,
    bool as_of_given)
{
    data list(data::type::list);
    const std::string date_query = as_of_given ? "?as_of=" + to_iso(as_of) : "";
    for (std::size_t index : indexes) {
        const auto& commitment = plan.commitments[index];
        const auto& figures = snapshot.commitments[index];
        data row = figure_view(
            context.renderer, language, figures.applicable, figures.progress, figures.status);
        row.set("code", commitment.code);
        row.set("title", commitment.title);
        row.set("url", commitment_path(plan.code, commitment.code) + date_query);
        row.set("area", area_title(plan, commitment.area));
        row.set("institution", commitment.lead_institution);
        row.set("due_date", date_label(language, figures.due_date));
        list.push_back(row);
    }
    return list;
}

// What the plan page and its CSV show: the plan as of the asked date and the commitments that
// pass the filters, on the asked page (or all of them).
struct Shown {
    Query query;
    storage::PlanCache::PlanPtr plan;
    plans::PlanSnapshot snapshot;
    plans::CommitmentSelection selection;
};

enum class Pages { one, all };

Result<Shown> shown(Context& context, const http::Request& request, Pages pages)
{
    auto query = read_query(context, request);
    if (!query.ok())
        return std::move(query).error();
    auto loaded = context.plan_cache.plan(std::string(request.param("plan")));
    if (!loaded.ok())
        return std::move(loaded).error();
    const plans::Plan& plan = **loaded;
    auto snapshot = plans::snapshot_of(plan, query->as_of);
    const plans::PageRequest page = pages == Pages::one
        ? query->page
        : plans::PageRequest{1, std::max<std::size_t>(plan.commitments.size(), 1)};
    auto selection = plans::select_commitments(plan, snapshot, query->filter, page);
    if (!selection.ok())
        return std::move(selection).error();
    return Shown{std::move(query).value(), std::move(loaded).value(), std::move(snapshot),
        std::move(selection).value()};
}

Result<http::Response> plan_page(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto found = shown(context, request, Pages::one);
    if (!found.ok())
        return std::move(found).error();
    const plans::Plan& plan = *found->plan;
    const auto& snapshot = found->snapshot;
    const Query& query = found->query;
    const plans::CommitmentSelection& selection = found->selection;

    const bool as_of_given = request.query("as_of").value_or("").size() > 0;
    data view;
    view.set("code", plan.code);
    view.set("plan_url", plan_path(plan.code));
    view.set("title", plan.title);
    view.set("period_start", i18n::format_date(language, plan.period_start));
    view.set("period_end", i18n::format_date(language, plan.period_end));
    view.set("lifecycle",
        message(
            context, language, "board_lifecycle_" + std::string(plans::to_string(plan.lifecycle))));
    view.set("as_of", i18n::format_date(language, query.as_of));
    view.set("as_of_iso", to_iso(query.as_of));
    view.set("overall",
        figure_view(
            context.renderer, language, snapshot.applicable, snapshot.progress, snapshot.status));
    view.set("completed_sentence",
        i18n::format_number(language, snapshot.counts.completed, 0) + " / " +
            i18n::format_number(language,
                static_cast<double>(plan.commitments.size() -
                    static_cast<std::size_t>(snapshot.counts.not_applicable)),
                0));
    view.set("counts", counts_view(context, language, request, snapshot));
    view.set("areas", groups_view(context, language, request, plan, snapshot.areas, "area"));
    view.set("institutions",
        groups_view(context, language, request, plan, snapshot.institutions, "institution"));
    view.set("timeline", timeline_view(context, language, plans::due_timeline(plan, snapshot)));
    view.set("filter", filter_view(context, language, plan, snapshot, query));
    view.set("commitments",
        commitment_rows(
            context, language, plan, snapshot, selection.indexes, query.as_of, as_of_given));
    view.set("matching", i18n::format_number(language, static_cast<double>(selection.matching), 0));
    view.set("has_commitments", !selection.indexes.empty());
    const std::size_t number = selection.page.number;
    view.set("page_number", std::to_string(number));
    view.set("pages", std::to_string(selection.pages));
    view.set("paged", selection.pages > 1);
    if (number > 1)
        view.set("prev_url", http::target_with(request, {{"page", std::to_string(number - 1)}}));
    if (number < selection.pages)
        view.set("next_url", http::target_with(request, {{"page", std::to_string(number + 1)}}));
    view.set(
        "clear_url", plan_path(plan.code) + (as_of_given ? "?as_of=" + to_iso(query.as_of) : ""));
    // The downloads carry the same date and filters, pinned to the date shown.
    const std::string date = to_iso(query.as_of);
    view.set("csv_url",
        http::target_with(request, plan_path(plan.code) + "/commitments.csv",
            {{"as_of", date}, {"page", ""}, {"lang", ""}}));
    view.set("json_url",
        http::target_with(request, "/api/v1" + plan_path(plan.code),
            {{"as_of", date}, {"page", ""}, {"lang", ""}}));
    view.set("feed_url", plan_path(plan.code) + "/feed.atom");
    return render_page(context, request, language, "board/plan", view,
        {.title = plan.title, .stylesheets = {"css/board.css"}});
}

Result<http::Response> commitments_csv(
    Context& context, const http::Request& request, i18n::Language)
{
    // Every commitment that passes the filter, not only the page on screen.
    auto found = shown(context, request, Pages::all);
    if (!found.ok())
        return std::move(found).error();
    const plans::Plan& plan = *found->plan;
    const auto& snapshot = found->snapshot;
    const Query& query = found->query;
    const plans::CommitmentSelection& selection = found->selection;
    std::vector<std::vector<std::string>> rows = {{"plan", "as_of", "commitment", "title", "area",
        "lead_institution", "weight", "progress", "status", "due_date"}};
    const std::string date = to_iso(query.as_of);
    for (std::size_t index : selection.indexes) {
        const auto& commitment = plan.commitments[index];
        const auto& figures = snapshot.commitments[index];
        rows.push_back({plan.code, date, commitment.code, commitment.title, commitment.area,
            commitment.lead_institution, plain_number(figures.weight),
            figures.applicable ? plain_number(figures.progress) : "n/a",
            figures.status ? std::string(plans::to_string(*figures.status)) : "",
            figures.due_date ? to_iso(*figures.due_date) : ""});
    }
    return csv_response(request, rows);
}

std::string progress_text(
    const Context& context, i18n::Language language, const plans::Progress& progress)
{
    switch (progress.kind) {
    case plans::Progress::Kind::value:
        return i18n::format_percent(language, progress.percent);
    case plans::Progress::Kind::not_applicable:
        return message(context, language, "figure_not_applicable");
    case plans::Progress::Kind::not_reported:
        break;
    }
    return "";
}

Result<http::Response> feed(Context& context, const http::Request& request, i18n::Language language)
{
    auto loaded = context.plan_cache.plan(std::string(request.param("plan")));
    if (!loaded.ok())
        return std::move(loaded).error();
    const plans::Plan& plan = **loaded;
    const auto updates = plans::recent_updates(plan, feed_entries);
    data entries(data::type::list);
    for (const auto& entry : updates) {
        const auto& update = *entry.update;
        data row;
        row.set("commitment_code", entry.commitment->code);
        row.set("commitment_title", entry.commitment->title);
        row.set("url", commitment_path(plan.code, entry.commitment->code));
        row.set("node_code", entry.node->code);
        row.set("node_title", entry.node->title);
        row.set("progress", progress_text(context, language, update.progress));
        row.set("as_of", i18n::format_date(language, update.as_of));
        row.set("as_of_iso", to_iso(update.as_of));
        row.set("recorded_at", update.recorded_at);
        row.set("author", update.author.empty() ? plan.code : update.author);
        row.set("note", update.note);
        entries.push_back(row);
    }
    data view;
    view.set("code", plan.code);
    view.set("plan_url", plan_path(plan.code));
    view.set("title", plan.title);
    // An empty plan's feed is as old as its period.
    view.set("updated",
        updates.empty() ? to_iso(plan.period_start) + "T00:00:00Z"
                        : updates.front().update->recorded_at);
    view.set("entries", entries);
    return http::make_response(request, http::Status::ok, "application/atom+xml; charset=utf-8",
        context.renderer.render_bare("board/feed", view, language));
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    router.get("/plans/{plan}",
        cached(
            context.page_cache, [&context](const http::Request& request, i18n::Language language) {
                return plan_page(context, request, language);
            }));
    router.get("/plans/{plan}/commitments.csv",
        cached(
            context.page_cache, [&context](const http::Request& request, i18n::Language language) {
                return commitments_csv(context, request, language);
            }));
    router.get("/plans/{plan}/feed.atom",
        cached(
            context.page_cache, [&context](const http::Request& request, i18n::Language language) {
                return feed(context, request, language);
            }));
}

}  // namespace tablero::web::board
