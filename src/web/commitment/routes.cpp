#include "web/commitment/routes.h"

#include "domain/audit/public_history.h"
#include "domain/i18n/format.h"
#include "domain/plans/explain.h"
#include "domain/plans/history.h"
#include "domain/plans/snapshot.h"
#include "storage/audit_log.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web::commitment {

namespace {

using Data = kainjow::mustache::data;

Data list()
{
    return Data{Data::type::list};
}

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

// ?as_of=YYYY-MM-DD, or today when absent or left empty (the date form's field cleared). A
// malformed date is the caller's mistake, and the error names the parameter.
// The fewest decimals, up to `most`, that show value as it rounds to `most` decimals: a weight of
// 4 reads "4", 2.5 reads "2,5", and 100 % reads "100 %" rather than "100,0 %" in a formula.
int decimals_needed(double value, int most)
{
    const double scale = std::pow(10.0, most);
    const double rounded = std::round(value * scale);
    for (int decimals = 0; decimals < most; ++decimals) {
        const double step = std::pow(10.0, most - decimals);
        if (std::fmod(rounded, step) == 0)
            return decimals;
    }
    return most;
}

std::string weight_label(i18n::Language language, double weight)
{
    return i18n::format_number(language, weight, decimals_needed(weight, 2));
}

std::string short_percent(i18n::Language language, double percent)
{
    return i18n::format_percent(language, percent, decimals_needed(percent, 1));
}

// Sets key only for text that is not empty, so that {{#key}} leaves an empty field out.
void set_text(Data& view, const std::string& key, const std::string& text)
{
    if (!text.empty())
        view.set(key, text);
}

// Free text as the template shows it: paragraphs, and runs of "- " lines as lists (the OGP
// template's ambition and next steps are often lists written that way).
Data text_blocks(const std::string& text)
{
    Data blocks = list();
    Data items = list();
    auto flush_items = [&] {
        if (items.is_empty_list())
            return;
        Data block;
        block.set("is_list", true);
        block.set("items", items);
        blocks.push_back(block);
        items = list();
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.starts_with("- ") || line.starts_with("• ")) {
            Data item;
            item.set("text", line.substr(line.find(' ') + 1));
            items.push_back(item);
        } else if (!line.empty()) {
            flush_items();
            Data block;
            block.set("is_list", false);
            block.set("paragraph", line);
            blocks.push_back(block);
        }
        start = end + 1;
    }
    flush_items();
    return blocks;
}

// Sets key to {blocks} for text that is not blank, so that {{#key}} renders once or not at all.
void set_blocks(Data& view, const std::string& key, const std::string& text)
{
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        return;
    Data field;
    field.set("blocks", text_blocks(text));
    view.set(key, field);
}

// Sets key to the list and has_<key> to whether it has items: mustache would repeat a section
// opened on the list itself, and a missing has_ key would be looked up in the enclosing views.
void set_list(Data& view, const std::string& key, const Data& items)
{
    view.set(key, items);
    view.set("has_" + key, !items.is_empty_list());
}

// Only web addresses become links: an evidence URL is imported text, and a "javascript:" link
// would run in the reader's browser.
bool is_web_address(std::string_view url)
{
    return url.starts_with("https://") || url.starts_with("http://") || url.starts_with("/");
}

Data evidence_view(i18n::Language language, const std::vector<plans::Evidence>& evidence)
{
    Data out = list();
    for (const auto& item : evidence) {
        Data entry;
        entry.set("label", item.title.empty() ? item.url : item.title);
        if (is_web_address(item.url))
            entry.set("url", item.url);
        entry.set("date", i18n::format_date(language, item.date));
        entry.set("date_iso", to_iso(item.date));
        out.push_back(entry);
    }
    return out;
}

// The OGP template's fields, each left out when empty.
void put_template_fields(
    Context& context, i18n::Language language, const plans::Plan& plan, Data& view)
{
    const plans::Commitment& commitment = plan.commitments[0];
    for (const auto& area : plan.areas) {
        if (area.code == commitment.area)
            set_text(view, "area", area.title);
    }
    if (!view.get("area"))
        set_text(view, "area", commitment.area);
    set_text(view, "lead_institution", commitment.lead_institution);

    const plans::Person& person = commitment.responsible;
    if (!person.name.empty() || !person.position.empty() || !person.email.empty() ||
        !person.phone.empty()) {
        Data responsible;
        set_text(responsible, "name", person.name);
        set_text(responsible, "position", person.position);
        set_text(responsible, "email", person.email);
        set_text(responsible, "phone", person.phone);
        view.set("responsible", responsible);
    }

    constexpr std::array actor_kinds = {plans::ActorKind::government,
        plans::ActorKind::civil_society, plans::ActorKind::private_sector,
        plans::ActorKind::multilateral, plans::ActorKind::other};
    Data actor_groups = list();
    for (const auto kind : actor_kinds) {
        Data names = list();
        for (const auto& actor : commitment.other_actors) {
            if (actor.kind == kind && !actor.name.empty()) {
                Data name;
                name.set("name", actor.name);
                names.push_back(name);
            }
        }
        if (names.is_empty_list())
            continue;
        Data group;
        group.set("kind",
            message(context, language, "commitment_actor_" + std::string(plans::to_string(kind))));
        group.set("names", names);
        actor_groups.push_back(group);
    }
    set_list(view, "actor_groups", actor_groups);

    set_blocks(view, "main_goal", commitment.main_goal);
    set_blocks(view, "brief_description", commitment.brief_description);
    set_blocks(view, "public_problem", commitment.public_problem);
    Data values = list();
    for (const auto value : commitment.ogp_values) {
        Data item;
        item.set("label",
            message(context, language, "commitment_value_" + std::string(plans::to_string(value))));
        values.push_back(item);
    }
    set_list(view, "ogp_values", values);
    set_blocks(view, "ambition", commitment.ambition);
    Data challenges = list();
    for (const auto challenge : commitment.grand_challenges) {
        Data item;
        item.set("label",
            message(context, language,
                "commitment_challenge_" + std::string(plans::to_string(challenge))));
        challenges.push_back(item);
    }
    set_list(view, "grand_challenges", challenges);
    set_text(view, "start_date", date_label(language, commitment.start_date));
    set_text(view, "end_date", date_label(language, commitment.end_date));
    set_blocks(view, "next_steps", commitment.next_steps);
    set_blocks(view, "additional_information", commitment.additional_information);
}

// The results tree as one flat list in pre-order that the template nests: a node with children
// opens a <ul> its last descendant closes; `closes` has one entry per list a leaf ends.
void add_result_rows(Context& context, i18n::Language language, const plans::Node& node,
    const plans::NodeSnapshot& figures, Date day, int depth, std::size_t trailing_closes,
    Data& rows)
{
    Data row;
    row.set("code", node.code);
    row.set("title", node.title);
    row.set("kind",
        message(context, language, "commitment_kind_" + std::string(plans::to_string(node.kind))));
    // Results are h3, their parts h4, and so on down to h6.
    row.set("heading", std::to_string(std::min(3 + depth, 6)));
    row.set("weight", weight_label(language, figures.weight));
    row.set("figure",
        figure_view(
            context.renderer, language, figures.applicable, figures.progress, figures.status));
    set_text(row, "due_date", date_label(language, figures.due_date));
    row.set("unreported_note", figures.applicable && !plans::anything_reported(node, day));
    set_list(row, "evidence", evidence_view(language, plans::evidence_as_of(node, day)));
    const bool has_children = !node.children.empty();
    row.set("has_children", has_children);
    Data closes = list();
    if (!has_children) {
        for (std::size_t i = 0; i < trailing_closes; ++i)
            closes.push_back(Data{});
    }
    row.set("closes", closes);
    rows.push_back(row);
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        const bool last = i + 1 == node.children.size();
        add_result_rows(context, language, node.children[i], figures.children[i], day, depth + 1,
            last ? trailing_closes + 1 : 0, rows);
    }
}

Data assessment_card(Context& context, i18n::Language language, const std::string& heading,
    const plans::Assessment* found)
{
    Data entry;
    entry.set("assessor", heading);
    if (found) {
        entry.set("level",
            message(context, language,
                "commitment_level_" + std::string(plans::to_string(found->level))));
        entry.set("date", i18n::format_date(language, found->date));
        entry.set("date_iso", to_iso(found->date));
        set_blocks(entry, "justification", found->justification);
    }
    return entry;
}

// Each side's latest assessment as of day, side by side: the government's first, then each
// civil-society organisation's own (PRODUCT.md, module 3: "beside the government's, never
// replacing it"), then the independent reviewer's. A side that has assessed nothing still has
// its card, saying so.
Data assessments_view(
    Context& context, i18n::Language language, const plans::Commitment& commitment, Date day)
{
    Data out = list();
    for (const auto assessor : plans::all_assessors) {
        const std::string side = message(
            context, language, "commitment_assessor_" + std::string(plans::to_string(assessor)));
        if (assessor != plans::Assessor::civil_society) {
            out.push_back(assessment_card(
                context, language, side, plans::latest_assessment(commitment, assessor, day)));
            continue;
        }
        // One card per organisation, in the order they first assessed; on the same date the one
        // recorded later wins, as latest_assessment decides for a whole side.
        std::vector<const plans::Assessment*> latest;
        for (const auto& assessment : commitment.assessments) {
            if (assessment.assessor != assessor || assessment.date > day)
                continue;
            auto same =
                std::find_if(latest.begin(), latest.end(), [&](const plans::Assessment* kept) {
                    return kept->organisation == assessment.organisation;
                });
            if (same == latest.end())
                latest.push_back(&assessment);
            else if (assessment.date >= (*same)->date)
                *same = &assessment;
        }
        if (latest.empty())
            out.push_back(assessment_card(context, language, side, nullptr));
        for (const plans::Assessment* found : latest)
            out.push_back(assessment_card(context, language,
                found->organisation.empty() ? side : side + ": " + found->organisation, found));
    }
    return out;
}

// The day of an ISO 8601 UTC time ("2024-05-06T10:00:00Z"), or nullopt when it has none.
std::optional<Date> day_of(const std::string& timestamp)
{
    auto parsed = parse_iso_date(timestamp.substr(0, 10));
    return parsed.ok() ? std::optional<Date>(*parsed) : std::nullopt;
}

// Civil society's dissent recorded on or before day, newest first.
Data dissents_view(i18n::Language language, const plans::Commitment& commitment, Date day)
{
    Data out = list();
    for (auto it = commitment.dissents.rbegin(); it != commitment.dissents.rend(); ++it) {
        const auto recorded = day_of(it->recorded_at);
        if (!recorded || *recorded > day)
            continue;
        Data item;
        item.set("organisation", it->organisation);
        item.set("date", i18n::format_date(language, *recorded));
        item.set("date_iso", to_iso(*recorded));
        set_blocks(item, "statement", it->statement);
        out.push_back(item);
    }
    return out;
}

std::string progress_text(
    Context& context, i18n::Language language, const plans::Progress& progress)
{
    switch (progress.kind) {
    case plans::Progress::Kind::value:
        return i18n::format_percent(language, progress.percent);
    case plans::Progress::Kind::not_applicable:
        return message(context, language, "figure_not_applicable");
    case plans::Progress::Kind::not_reported:
        break;
    }
    return message(context, language, "commitment_history_no_figure");
}

Data history_view(
    Context& context, i18n::Language language, const plans::Commitment& commitment, Date day)
{
    Data out = list();
    for (const auto& entry : plans::progress_history(commitment, day)) {
        Data item;
        item.set("date", i18n::format_date(language, entry.update->as_of));
        item.set("date_iso", to_iso(entry.update->as_of));
        item.set("node_code", entry.node->code);
        item.set("node_title", entry.node->title);
        item.set("value", progress_text(context, language, entry.update->progress));
        // An officer's update names its account by e-mail address (workspace_store.cpp); a
        // public page never shows one.
        if (entry.update->author.find('@') == std::string::npos)
            set_text(item, "author", entry.update->author);
        set_text(item, "note", entry.update->note);
        set_list(item, "evidence", evidence_view(language, entry.update->evidence));
        out.push_back(item);
    }
    return out;
}

// The fields of a commitment or result whose value an edit changed, in the reader's language
// where the page has a label for them.
std::string changed_fields(
    Context& context, i18n::Language language, const std::string& before, const std::string& after)
{
    static const std::map<std::string, std::string, std::less<>> labels = {
        {"title", "commitment_record_field_title"}, {"code", "commitment_record_field_code"},
        {"area", "commitment_area"}, {"weight", "commitment_weight"},
        {"lead_institution", "commitment_lead_institution"},
        {"responsible", "commitment_responsible"}, {"other_actors", "commitment_other_actors"},
        {"main_goal", "commitment_main_goal"},
        {"brief_description", "commitment_brief_description"},
        {"public_problem", "commitment_public_problem"}, {"ogp_values", "commitment_ogp_values"},
        {"ambition", "commitment_ambition"}, {"grand_challenges", "commitment_grand_challenges"},
        {"start_date", "commitment_start_date"}, {"end_date", "commitment_end_date"},
        {"due_date", "commitment_due_date"}, {"next_steps", "commitment_next_steps"},
        {"additional_information", "commitment_additional_information"},
        {"kind", "commitment_node_kind"}, {"parent", "commitment_record_field_parent"}};
    const auto old_value = nlohmann::json::parse(before, nullptr, false);
    const auto new_value = nlohmann::json::parse(after, nullptr, false);
    if (!new_value.is_object())
        return {};
    std::string out;
    for (const auto& [key, value] : new_value.items()) {
        if (key == "plan" || key == "commitment")
            continue;
        if (old_value.is_object() && old_value.contains(key) && old_value[key] == value)
            continue;
        const auto label = labels.find(key);
        out += (out.empty() ? "" : ", ") +
            (label == labels.end() ? key : message(context, language, label->second));
    }
    return out;
}

// The commitment's public record of changes: the audit log's entries about it and its results
// that domain/audit/public_history.h makes public, newest first, in plain language, naming who
// made each by display name and what they speak for, never by e-mail address.
Result<Data> public_record_view(Context& context, i18n::Language language, const plans::Plan& plan,
    const plans::Commitment& commitment)
{
    // A record longer than this shows its newest entries; the whole log is the administrators'.
    constexpr std::size_t most = 100;
    Data out = list();
    std::size_t shown = 0;
    const std::string key = plan.code + "/" + commitment.code;
    auto listed = storage::AuditLog(context.database).list({.under_key = key});
    if (!listed.ok())
        return std::move(listed).error();
    for (const storage::AuditListing& listing : listed->entries) {
        const storage::AuditEntry& entry = listing.entry;
        // A value that is not an object (or not JSON) is read as an empty object.
        auto after = nlohmann::json::parse(entry.after_json, nullptr, false);
        if (!after.is_object())
            after = nlohmann::json::object();
        const std::string state = after.value("state", std::string());
        const auto change = tablero::audit::public_change(entry.entity, entry.action, state);
        if (!change)
            continue;
        const tablero::audit::PublicActor actor = tablero::audit::public_actor(entry.actor.role,
            listing.display_name, listing.organisation, commitment.lead_institution);
        Data item;
        item.set("change",
            message(context, language,
                "commitment_record_" + std::string(tablero::audit::to_string(*change))));
        if (const auto day = day_of(entry.at)) {
            item.set("date", i18n::format_date(language, *day));
            item.set("date_iso", entry.at);
        }
        set_text(item, "who", actor.name);
        item.set("role", message(context, language, "commitment_record_role_" + actor.role));
        set_text(item, "affiliation", actor.affiliation);
        // The result a change is about: the key's last part after "<plan>/<commitment>/".
        if (entry.entity == "result" && entry.entity_key.size() > key.size() + 1)
            item.set("node", entry.entity_key.substr(key.size() + 1));
        switch (*change) {
        case tablero::audit::PublicChange::progress_published:
        case tablero::audit::PublicChange::progress_approved: {
            const auto progress = after.value("progress", nlohmann::json());
            if (progress.is_number())
                item.set("value", i18n::format_percent(language, progress.get<double>()));
            else if (progress.is_string())
                item.set("value", message(context, language, "figure_not_applicable"));
            const auto as_of = parse_iso_date(after.value("as_of", std::string()));
            if (as_of.ok())
                item.set("as_of", i18n::format_date(language, *as_of));
            break;
        }
        case tablero::audit::PublicChange::assessment_recorded: {
            const auto level = plans::parse_completion_level(after.value("level", std::string()));
            if (level)
                item.set("level",
                    message(context, language,
                        "commitment_level_" + std::string(plans::to_string(*level))));
            break;
        }
        // Something created has every field new: the page says it was created, not which.
        case tablero::audit::PublicChange::dissent_recorded:
        case tablero::audit::PublicChange::commitment_created:
        case tablero::audit::PublicChange::result_created:
            break;
        case tablero::audit::PublicChange::commitment_edited:
        case tablero::audit::PublicChange::result_edited:
            set_text(item, "fields",
                changed_fields(context, language, entry.before_json, entry.after_json));
            break;
        }
        out.push_back(item);
        if (++shown == most)
            break;
    }
    return out;
}

// "How is this figure computed?": the weighted sum with this commitment's own numbers.
Data explanation_view(i18n::Language language, const plans::Commitment& commitment,
    const plans::CommitmentSnapshot& figures, Date day)
{
    const plans::ProgressExplanation explained = plans::explain_progress(commitment, figures, day);
    Data out;
    out.set("has_no_results", explained.has_no_results);
    out.set("all_left_out", !explained.has_no_results && explained.terms.empty());
    Data terms = list();
    Data unreported = list();
    for (std::size_t i = 0; i < explained.terms.size(); ++i) {
        const plans::ExplainedTerm& term = explained.terms[i];
        const plans::Node& result = commitment.results[term.result];
        Data item;
        item.set("code", result.code);
        item.set("title", result.title);
        item.set("weight", weight_label(language, term.weight));
        item.set("percent", short_percent(language, term.progress));
        item.set("more", i + 1 < explained.terms.size());
        terms.push_back(item);
        if (!term.reported) {
            Data code;
            code.set("code", result.code);
            unreported.push_back(code);
        }
    }
    set_list(out, "terms", terms);
    out.set("total_weight", weight_label(language, explained.total_weight));
    out.set("result", short_percent(language, explained.progress));
    set_list(out, "unreported", unreported);
    Data left_out = list();
    for (std::size_t index : explained.not_applicable) {
        Data item;
        item.set("code", commitment.results[index].code);
        item.set("title", commitment.results[index].title);
        left_out.push_back(item);
    }
    set_list(out, "left_out", left_out);
    return out;
}

}  // namespace

Result<http::Response> page(Context& context, const http::Request& request, i18n::Language language)
{
    auto day = page_as_of(request, context.clock);
    if (!day.ok())
        return std::move(day).error();
    // Only the one commitment is loaded: its figures depend on no other commitment.
    auto loaded = context.plans.load_commitment(
        std::string(request.param("plan")), std::string(request.param("code")));
    if (!loaded.ok())
        return std::move(loaded).error();
    const plans::Plan& plan = *loaded;
    const plans::Commitment& commitment = plan.commitments[0];
    // The plan holds that one commitment, so its figures are the snapshot's first.
    const plans::PlanSnapshot snapshot = plans::snapshot_of(plan, *day);
    const plans::CommitmentSnapshot& figures = snapshot.commitments[0];

    const bool as_of_given = !request.query("as_of").value_or("").empty();
    const std::string date_query = "?as_of=" + to_iso(*day);
    const std::string path = commitment_path(plan.code, commitment.code);

    Data view;
    view.set("plan_title", plan.title);
    view.set("plan_url", plan_path(plan.code) + (as_of_given ? date_query : ""));
    view.set("code", commitment.code);
    view.set("title", commitment.title);
    view.set("page_url", path);
    view.set("as_of", i18n::format_date(language, *day));
    view.set("as_of_iso", to_iso(*day));
    view.set("as_of_given", as_of_given);
    view.set("figure",
        figure_view(
            context.renderer, language, figures.applicable, figures.progress, figures.status));
    view.set("weight", weight_label(language, figures.weight));
    set_text(view, "commitment_due", date_label(language, figures.due_date));
    put_template_fields(context, language, plan, view);

    Data results = list();
    for (std::size_t i = 0; i < commitment.results.size(); ++i)
        add_result_rows(
            context, language, commitment.results[i], figures.results[i], *day, 0, 0, results);
    set_list(view, "results", results);

    view.set("assessments", assessments_view(context, language, commitment, *day));
    if (figures.suggested_level) {
        Data suggestion;
        suggestion.set("level",
            message(context, language,
                "commitment_level_" + std::string(plans::to_string(*figures.suggested_level))));
        suggestion.set("percent", i18n::format_percent(language, figures.progress));
        view.set("suggestion", suggestion);
    }
    view.set("explanation", explanation_view(language, commitment, figures, *day));
    set_list(view, "history", history_view(context, language, commitment, *day));
    set_list(view, "dissents", dissents_view(language, commitment, *day));
    auto record = public_record_view(context, language, plan, commitment);
    if (!record.ok())
        return std::move(record).error();
    set_list(view, "record", *record);
    // The forms check who may record; the page is cached for everyone, so it only links.
    view.set("assessment_url", path + "/assessment");
    view.set("dissent_url", path + "/dissent");

    view.set("csv_url", path + "/results.csv" + date_query);
    view.set("json_url", "/api/v1" + commitment_path(plan.code, commitment.code) + date_query);

    return render_page(context, request, language, "commitment/page", view,
        {.title = commitment.title, .stylesheets = {"css/commitment.css"}});
}

Result<http::Response> results_csv(Context& context, const http::Request& request)
{
    auto day = page_as_of(request, context.clock);
    if (!day.ok())
        return std::move(day).error();
    auto loaded = context.plans.load_commitment(
        std::string(request.param("plan")), std::string(request.param("code")));
    if (!loaded.ok())
        return std::move(loaded).error();
    const plans::Plan& plan = *loaded;
    const plans::Commitment& commitment = plan.commitments[0];
    const plans::PlanSnapshot snapshot = plans::snapshot_of(plan, *day);

    std::vector<std::vector<std::string>> rows = {{"plan", "commitment", "as_of", "code", "parent",
        "title", "kind", "weight", "progress", "status", "due_date"}};
    const std::string date = to_iso(*day);
    // Pre-order, as the page lists them; progress unrounded, "n/a" as the plan CSV writes it.
    auto add = [&](auto& self, const plans::Node& node, const plans::NodeSnapshot& figures,
                   const std::string& parent) -> void {
        rows.push_back({plan.code, commitment.code, date, node.code, parent, node.title,
            std::string(plans::to_string(node.kind)), plain_number(figures.weight),
            figures.applicable ? plain_number(figures.progress) : "n/a",
            figures.status ? std::string(plans::to_string(*figures.status)) : "",
            figures.due_date ? to_iso(*figures.due_date) : ""});
        for (std::size_t i = 0; i < node.children.size(); ++i)
            self(self, node.children[i], figures.children[i], node.code);
    };
    for (std::size_t i = 0; i < commitment.results.size(); ++i)
        add(add, commitment.results[i], snapshot.commitments[0].results[i], "");
    return csv_response(request, rows);
}

void register_routes(http::Router& router, Context& context)
{
    router.get("/plans/{plan}/commitments/{code}",
        cached(
            context.page_cache, [&context](const http::Request& request, i18n::Language language) {
                return page(context, request, language);
            }));
    router.get("/plans/{plan}/commitments/{code}/results.csv",
        cached(context.page_cache, [&context](const http::Request& request, i18n::Language) {
            return results_csv(context, request);
        }));
}

}  // namespace tablero::web::commitment
