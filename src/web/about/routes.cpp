#include "web/about/routes.h"

#include "domain/i18n/format.h"
#include "domain/plans/progress.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <cmath>
#include <string>
#include <vector>

namespace tablero::web::about {

namespace {

namespace mustache = kainjow::mustache;
using plans::Progress;

// A node of the worked example: its label's message key, its parent (-1 for the whole), and
// what the plan says of it. Two of the nine commitments of Paraguay's 2014-2016 plan as its
// self-assessment reported them on 30 June 2015 (docs/progress.md, "A worked example").
struct ExampleNode {
    const char* label;
    std::int32_t parent;
    std::optional<double> weight;
    Progress reported;
};

std::vector<ExampleNode> paraguay_example(bool result_8_2_not_applicable)
{
    return {
        {"about_example_total", -1, std::nullopt, Progress::not_reported()},
        {"about_example_c3", 0, std::nullopt, Progress::not_reported()},
        {"about_example_c3_r1", 1, 4.0, Progress::of(50)},
        {"about_example_c8", 0, std::nullopt, Progress::not_reported()},
        {"about_example_c8_r1", 3, 2.5, Progress::of(40)},
        {"about_example_c8_r2", 3, 2.5,
            result_8_2_not_applicable ? Progress::not_applicable() : Progress::of(0)},
    };
}

// A number as the sums write it: no decimals when it is whole, else one ("2,5" / "2.5").
std::string number(i18n::Language language, double value)
{
    const bool whole = std::fabs(value - std::round(value)) < 1e-9;
    return i18n::format_number(language, value, whole ? 0 : 1);
}

// "(4 × 50 + 5 × 20) ÷ (4 + 5) = 300 ÷ 9 = 33,3 %": the rule applied to a node's applicable
// children, each figure as roll_up computed it.
std::string written_sum(i18n::Language language, const std::vector<ExampleNode>& nodes,
    const std::vector<plans::RolledUp>& rolled, std::size_t parent)
{
    std::string products;
    std::string weights;
    double numerator = 0;
    double denominator = 0;
    for (std::size_t i = parent + 1; i < nodes.size(); ++i) {
        if (nodes[i].parent != static_cast<std::int32_t>(parent) || !rolled[i].applicable)
            continue;
        if (!products.empty()) {
            products += " + ";
            weights += " + ";
        }
        products += number(language, rolled[i].weight) + " × " +
            number(language, std::round(rolled[i].progress * 10) / 10);
        weights += number(language, rolled[i].weight);
        numerator += rolled[i].weight * rolled[i].progress;
        denominator += rolled[i].weight;
    }
    return "(" + products + ") ÷ (" + weights + ") = " + number(language, numerator) + " ÷ " +
        number(language, denominator) + " = " +
        i18n::format_percent(language, rolled[parent].progress);
}

mustache::data example_view(const Renderer& renderer, i18n::Language language,
    const std::vector<ExampleNode>& nodes, const char* caption)
{
    std::vector<plans::ProgressNode> tree;
    for (const auto& node : nodes)
        tree.push_back({node.parent, node.weight, node.reported});
    const std::vector<plans::RolledUp> rolled = plans::roll_up(tree);

    const std::string not_applicable(renderer.message(language, "figure_not_applicable"));
    mustache::data rows{mustache::data::type::list};
    mustache::data sums{mustache::data::type::list};
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        const bool is_commitment = nodes[i].parent == 0;
        mustache::data row;
        row.set("label", std::string(renderer.message(language, nodes[i].label)));
        row.set("commitment", is_commitment);
        row.set(
            "weight", rolled[i].applicable ? number(language, rolled[i].weight) : not_applicable);
        row.set("default_weight", rolled[i].applicable && !nodes[i].weight.has_value());
        row.set("figure",
            figure_view(
                renderer, language, rolled[i].applicable, rolled[i].progress, std::nullopt));
        rows.push_back(row);
        if (is_commitment) {
            mustache::data sum;
            sum.set("label", std::string(renderer.message(language, nodes[i].label)));
            sum.set("formula", written_sum(language, nodes, rolled, i));
            sums.push_back(sum);
        }
    }
    mustache::data total;
    total.set("label", std::string(renderer.message(language, nodes[0].label)));
    total.set("formula", written_sum(language, nodes, rolled, 0));
    sums.push_back(total);

    mustache::data view;
    view.set("caption", std::string(renderer.message(language, caption)));
    view.set("rows", rows);
    view.set("total_label", std::string(renderer.message(language, nodes[0].label)));
    view.set("total_weight", number(language, rolled[0].weight));
    view.set("total",
        figure_view(renderer, language, rolled[0].applicable, rolled[0].progress, std::nullopt));
    view.set("sums", sums);
    return view;
}

// Statuses as of a date, each computed by status_as_of.
mustache::data status_examples(const Renderer& renderer, i18n::Language language)
{
    struct Row {
        double progress;
        Date due;
        Date day;
    };
    const Row examples[] = {
        {100, {2015, 6, 30}, {2015, 9, 30}},
        {40, {2015, 6, 30}, {2015, 9, 30}},
        {40, {2015, 6, 30}, {2015, 6, 30}},
        {0, {2015, 12, 31}, {2015, 9, 30}},
        {60, {2015, 12, 31}, {2015, 9, 30}},
    };
    mustache::data rows{mustache::data::type::list};
    for (const auto& example : examples) {
        const plans::Status status =
            plans::status_as_of(example.progress, example.due, example.day);
        mustache::data row;
        row.set("progress", i18n::format_percent(language, example.progress));
        row.set("due", i18n::format_date(language, example.due));
        row.set("day", i18n::format_date(language, example.day));
        row.set("figure", figure_view(renderer, language, true, example.progress, status));
        rows.push_back(row);
    }
    return rows;
}

// A result's history and its figure as of several dates, each picked by progress_as_of.
void history_example(const Renderer& renderer, i18n::Language language, mustache::data& view)
{
    const std::vector<plans::ProgressUpdate> updates = {
        {Date{2015, 3, 31}, Progress::of(20), {}, {}, {}, {}},
        {Date{2015, 6, 30}, Progress::of(40), {}, {}, {}, {}},
        {Date{2015, 12, 31}, Progress::of(70), {}, {}, {}, {}},
    };
    mustache::data reports{mustache::data::type::list};
    for (const auto& update : updates) {
        mustache::data report;
        report.set("day", i18n::format_date(language, update.as_of));
        report.set("progress", i18n::format_percent(language, update.progress.percent));
        reports.push_back(report);
    }
    const Date asked[] = {{2015, 2, 28}, {2015, 8, 15}, {2016, 1, 31}};
    mustache::data answers{mustache::data::type::list};
    for (const Date& day : asked) {
        const Progress figure = plans::progress_as_of(updates, day);
        mustache::data answer;
        answer.set("day", i18n::format_date(language, day));
        answer.set("progress",
            figure.kind == Progress::Kind::value
                ? i18n::format_percent(language, figure.percent)
                : std::string(renderer.message(language, "about_history_not_reported")));
        answers.push_back(answer);
    }
    view.set("history_reports", reports);
    view.set("history_answers", answers);
}

// The completion level suggested for a few figures, by suggest_completion_level.
mustache::data level_examples(const Renderer& renderer, i18n::Language language)
{
    const double figures[] = {0, 25, 50, 75, 100};
    mustache::data rows{mustache::data::type::list};
    for (double figure : figures) {
        const auto level = plans::suggest_completion_level(figure);
        mustache::data row;
        row.set("progress", i18n::format_percent(language, figure));
        row.set("level",
            std::string(
                renderer.message(language, "about_level_" + std::string(plans::to_string(level)))));
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

Result<http::Response> progress_page(
    Context& context, const http::Request& request, i18n::Language language)
{
    const Renderer& renderer = context.renderer;
    mustache::data view;
    view.set("example",
        example_view(renderer, language, paraguay_example(false), "about_example_caption"));
    view.set("example_na",
        example_view(renderer, language, paraguay_example(true), "about_example_na_caption"));
    view.set("statuses", status_examples(renderer, language));
    view.set("levels", level_examples(renderer, language));
    history_example(renderer, language, view);
    return render_page(context, request, language, "about/progress", view,
        {.title = std::string(renderer.message(language, "about_progress_title")),
            .stylesheets = {"css/about.css"}});
}

void register_routes(http::Router& router, Context& context)
{
    router.get("/about/progress",
        cached(
            context.page_cache, [&context](const http::Request& request, i18n::Language language) {
                return progress_page(context, request, language);
            }));
}

}  // namespace tablero::web::about
