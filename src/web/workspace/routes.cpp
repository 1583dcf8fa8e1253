#include "web/workspace/routes.h"

#include "domain/evidence/link_check.h"
#include "domain/i18n/format.h"
#include "domain/paging.h"
#include "domain/plans/progress.h"
#include "domain/plans/workspace.h"
#include "http/multipart.h"
#include "web/account/session.h"
#include "web/evidence/uploads.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"
#include "web/workspace/report_form.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web::workspace {

namespace {

using Data = kainjow::mustache::data;
using accounts::Action;
using storage::SubmissionRecord;
using storage::SubmissionState;

Data list()
{
    return Data{Data::type::list};
}

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

// Mustache renders a section for any string, even an empty one: absent text must be false.
Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

// Sets key to the list and has_<key> to whether it has items.
void set_list(Data& view, const std::string& key, const Data& items)
{
    view.set(key, items);
    view.set("has_" + key, !items.is_empty_list());
}

std::string encode(std::string_view text)
{
    return std::string(boost::urls::encode(text, boost::urls::unreserved_chars));
}

// ---- paths ----

std::string report_path(std::string_view plan, std::string_view commitment, std::string_view node)
{
    return "/workspace" + commitment_path(plan, commitment) + "/results/" + encode(node);
}

std::string workspace_plan_path(std::string_view plan)
{
    return "/workspace" + plan_path(plan);
}

std::string settings_path(std::string_view plan)
{
    return "/workspace" + plan_path(plan) + "/settings";
}

std::string review_action_path(std::int64_t id, std::string_view action)
{
    return "/workspace/review/" + std::to_string(id) + "/" + std::string(action);
}

// ---- responses ----

// A page of the workspace: the account pages' form styles and the workspace's own, with the
// status asked, never stored.
Result<http::Response> workspace_page(Context& context, const http::Request& request,
    i18n::Language language, std::string_view page, const Data& view, std::string title,
    http::Status status = http::Status::ok)
{
    auto response = render_page(context, request, language, page, view,
        {.title = std::move(title), .stylesheets = {"css/account.css", "css/workspace.css"}});
    if (!response.ok())
        return response;
    response->result(status);
    account::forbid_storing(*response);
    return response;
}

std::string now_text(const Context& context)
{
    return storage::to_sql_timestamp(context.clock.now());
}

// "2024-05-06T10:00:00Z" as a date in the reader's language.
std::string timestamp_label(i18n::Language language, const std::string& at)
{
    const auto date = parse_iso_date(std::string_view(at).substr(0, 10));
    return date.ok() ? i18n::format_date(language, *date) : at;
}

// The notice a page shows after a redirect (?done=...): only the codes this feature sends.
std::string done_notice(const Context& context, i18n::Language language,
    const http::Request& request, std::initializer_list<std::string_view> known)
{
    const std::string done = request.query("done").value_or("");
    for (const std::string_view code : known) {
        if (done == code)
            return message(context, language, "workspace_notice_" + std::string(code));
    }
    return {};
}

// ---- figures ----

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
    return message(context, language, "workspace_not_reported");
}

// A leaf's published figure, status and date of its latest update, as of day.
void put_leaf_figure(
    const Context& context, i18n::Language language, const plans::Node& node, Date day, Data& view)
{
    const plans::Progress progress = plans::progress_as_of(node.updates, day);
    const bool applicable = progress.kind != plans::Progress::Kind::not_applicable;
    const double percent = progress.kind == plans::Progress::Kind::value ? progress.percent : 0;
    std::optional<plans::Status> status;
    if (applicable)
        status = plans::status_as_of(percent, node.due_date, day);
    view.set("figure", figure_view(context.renderer, language, applicable, percent, status));
    view.set("reported", progress.kind != plans::Progress::Kind::not_reported);
    std::optional<Date> latest;
    for (const auto& update : node.updates) {
        if (update.as_of <= day && (!latest || update.as_of > *latest))
            latest = update.as_of;
    }
    view.set("latest", text_or_false(date_label(language, latest)));
    view.set("latest_iso", latest ? to_iso(*latest) : std::string());
}

// The node with this code in a commitment's tree, and the titles above it.
const plans::Node* find_node(const std::vector<plans::Node>& nodes, std::string_view code,
    std::vector<std::string>& ancestors)
{
    for (const plans::Node& node : nodes) {
        if (node.code == code)
            return &node;
        ancestors.push_back(node.title);
        if (const plans::Node* found = find_node(node.children, code, ancestors))
            return found;
        ancestors.pop_back();
    }
    return nullptr;
}

std::string joined(const std::vector<std::string>& parts)
{
    std::string out;
    for (const std::string& part : parts)
        out += (out.empty() ? "" : " › ") + part;
    return out;
}

Data evidence_view(const std::vector<plans::Evidence>& evidence)
{
    Data out = list();
    for (const auto& item : evidence) {
        Data entry;
        entry.set("label", item.title.empty() ? item.url : item.title);
        // Only web addresses were accepted; checked again because this is what a browser opens.
        entry.set("url", text_or_false(web_link(item.url) ? item.url : std::string()));
        out.push_back(entry);
    }
    return out;
}

// A submission as the officer's list and the review queue show it.
Data submission_view(const Context& context, i18n::Language language,
    const SubmissionRecord& record, const std::string& plan_title)
{
    Data view;
    view.set("id", std::to_string(record.id));
    view.set("plan_title", plan_title);
    view.set("commitment_code", record.commitment);
    view.set("commitment_title", record.commitment_title);
    view.set("commitment_url", commitment_path(record.plan, record.commitment));
    view.set("node_code", record.node);
    view.set("node_title", record.node_title);
    view.set("proposed", progress_text(context, language, record.progress));
    view.set("as_of", i18n::format_date(language, record.as_of));
    view.set("as_of_iso", to_iso(record.as_of));
    view.set("note", text_or_false(record.note));
    set_list(view, "evidence", evidence_view(record.evidence));
    view.set("submitted_by", record.submitted_by);
    view.set("submitted_at", timestamp_label(language, record.submitted_at));
    view.set("submitted_at_iso", record.submitted_at);
    view.set("reviewed_by", text_or_false(record.reviewed_by));
    view.set("reviewed_at", timestamp_label(language, record.reviewed_at));
    view.set("comment", text_or_false(record.review_comment));
    view.set("report_url", report_path(record.plan, record.commitment, record.node));
    return view;
}

// Officers report for the institutions of their account; an officer's page and forms are
// asked of the table with one of them as scope, so that an officer with none is refused.
accounts::Scope own_scope(const storage::Account& account)
{
    if (account.institutions.empty())
        return {};
    return {*account.institutions.begin()};
}

// ---- /workspace ----

// An evidence link of the officer's results, to show with what its background check last found
// (checks/link_checker.h).
struct EvidenceLink {
    std::string result;
    std::string label;
    std::string url;
};

void add_links(std::vector<EvidenceLink>& links, const std::string& result,
    const std::vector<plans::Evidence>& evidence)
{
    for (const auto& item : evidence) {
        // Files kept by Tablero are not checked: they cannot disappear.
        if (!web_link(item.url))
            continue;
        const bool known = std::any_of(links.begin(), links.end(), [&](const EvidenceLink& link) {
            return link.result == result && link.url == item.url;
        });
        if (!known)
            links.push_back({result, item.title.empty() ? item.url : item.title, item.url});
    }
}

Result<Data> links_view(
    Context& context, i18n::Language language, const std::vector<EvidenceLink>& links)
{
    std::vector<std::string> urls;
    for (const auto& link : links)
        urls.push_back(link.url);
    auto checks = context.link_checks.latest(urls);
    if (!checks.ok())
        return std::move(checks).error();
    Data out = list();
    for (const auto& link : links) {
        Data row;
        row.set("result", link.result);
        row.set("label", link.label);
        row.set("url", link.url);
        const auto check = checks->find(link.url);
        if (check == checks->end()) {
            row.set("outcome", "unchecked");
            row.set("status", message(context, language, "workspace_link_unchecked"));
            row.set("detail", false);
            row.set("checked_at", false);
        } else {
            const std::string outcome(tablero::evidence::to_string(check->second.outcome));
            row.set("outcome", outcome);
            row.set("status", message(context, language, "workspace_link_" + outcome));
            row.set("detail", text_or_false(check->second.detail));
            row.set("checked_at", timestamp_label(language, check->second.checked_at));
            row.set("checked_at_iso", check->second.checked_at);
        }
        out.push_back(row);
    }
    return out;
}

// Updates the officer sent for one plan: those still waiting, and those returned and not
// reported again (a later update on the same result, pending or published, answers a returned
// one). records are the officer's own for the plan.
void put_own_submissions(Context& context, i18n::Language language,
    const std::vector<const SubmissionRecord*>& records, const std::string& plan_title,
    Data& pending, Data& returned)
{
    std::map<std::string, std::int64_t> latest_by_node;
    std::vector<const SubmissionRecord*> own_returned;
    for (const SubmissionRecord* record : records) {
        const std::string key = record->commitment + '\n' + record->node;
        auto& latest = latest_by_node[key];
        latest = std::max(latest, record->id);
        if (record->state == SubmissionState::pending)
            pending.push_back(submission_view(context, language, *record, plan_title));
        else if (record->state == SubmissionState::returned)
            own_returned.push_back(record);
    }
    for (const SubmissionRecord* record : own_returned) {
        if (latest_by_node[record->commitment + '\n' + record->node] == record->id)
            returned.push_back(submission_view(context, language, *record, plan_title));
    }
}

// The officer's page: the updates returned and waiting, and the plans with results the officer
// reports on, each with how many, from the plans' digests (storage::PlanCache::digest): no plan
// is read whole here. At scale 1.0 an officer reports on about 100 of 200 plans; listing every
// result of them on this page made it 3.2 MB and read 100 plans (bench/README.md, "Scale").
// The results themselves are on each plan's page (plan_get).
Result<Data> officer_view(Context& context, i18n::Language language,
    const storage::Account& account, const std::vector<storage::PlanSummary>& summaries)
{
    const Date today = context.clock.today();
    Data plans_view = list();
    Data pending = list();
    Data returned = list();
    auto own = context.workspace.submissions_by(account.email);
    if (!own.ok())
        return std::move(own).error();
    std::map<std::string, std::vector<const SubmissionRecord*>> own_by_plan;
    for (const auto& record : *own)
        own_by_plan[record.plan].push_back(&record);
    for (const auto& summary : summaries) {
        put_own_submissions(
            context, language, own_by_plan[summary.code], summary.title, pending, returned);
        auto digest = context.plan_cache.digest(summary.code, today);
        if (!digest.ok())
            return std::move(digest).error();
        const plans::ReportableCount count = plans::reportable_count(**digest, account.actor());
        if (count.results == 0)
            continue;
        Data plan_view;
        plan_view.set("code", summary.code);
        plan_view.set("title", summary.title);
        plan_view.set("url", workspace_plan_path(summary.code));
        plan_view.set("commitments",
            i18n::format_number(language, static_cast<double>(count.commitments), 0));
        plan_view.set(
            "results", i18n::format_number(language, static_cast<double>(count.results), 0));
        plans_view.push_back(plan_view);
    }
    Data view;
    view.set("is_officer", true);
    set_list(view, "plans", plans_view);
    set_list(view, "pending", pending);
    set_list(view, "returned", returned);
    return view;
}

Result<Data> administrator_view(
    Context& context, i18n::Language language, const std::vector<storage::PlanSummary>& summaries)
{
    Data plans_view = list();
    std::size_t waiting = 0;
    for (const auto& summary : summaries) {
        auto needs = context.workspace.updates_need_validation(summary.code);
        if (!needs.ok())
            return std::move(needs).error();
        auto pending = context.workspace.submissions(summary.code, SubmissionState::pending);
        if (!pending.ok())
            return std::move(pending).error();
        waiting += pending->size();
        Data plan_view;
        plan_view.set("code", summary.code);
        plan_view.set("title", summary.title);
        plan_view.set("setting",
            message(context, language,
                *needs ? "workspace_setting_validate" : "workspace_setting_at_once"));
        plan_view.set("pending", std::to_string(pending->size()));
        plan_view.set("settings_url", settings_path(summary.code));
        plans_view.push_back(plan_view);
    }
    Data view;
    view.set("is_administrator", true);
    view.set("pending_count", std::to_string(waiting));
    set_list(view, "plans", plans_view);
    return view;
}

// The session of someone who may report progress, asked of the table with the officer's own
// institution as scope (own_scope). Signed-out visitors are sent to sign in by the error
// renderer (account::sign_in_redirect).
Result<storage::SessionRecord> require_reporter(Context& context, const http::Request& request)
{
    auto current = account::require_session(context, request);
    if (!current.ok())
        return std::move(current).error();
    return account::require(
        context, request, Action::post_progress_update, own_scope(current->account));
}

Result<http::Response> index_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto session = require_reporter(context, request);
    if (!session.ok())
        return std::move(session).error();
    const storage::Account& account = session->account;

    auto summaries = context.plans.list_plans();
    if (!summaries.ok())
        return std::move(summaries).error();
    auto view = account.role == accounts::Role::administrator
        ? administrator_view(context, language, *summaries)
        : officer_view(context, language, account, *summaries);
    if (!view.ok())
        return std::move(view).error();
    view->set("name", account.display_name);
    view->set("notice",
        text_or_false(
            done_notice(context, language, request, {"published", "pending", "settings"})));
    return workspace_page(context, request, language, "workspace/index", *view,
        message(context, language, "workspace_title"));
}

// ---- /workspace/plans/{plan} ----

// The officer's commitments of one plan, a page at a time, each with the leaf results the
// officer reports on: figure, latest update and the link to report; then the evidence links of
// those results and of the officer's waiting updates, with what their checks found. Read from
// the plan cut to today (storage::PlanCache::current).
Result<http::Response> plan_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto session = require_reporter(context, request);
    if (!session.ok())
        return std::move(session).error();
    const storage::Account& account = session->account;
    const Date today = context.clock.today();
    auto plan = context.plan_cache.current(std::string(request.param("plan")), today);
    if (!plan.ok())
        return std::move(plan).error();
    const auto reportable = plans::reportable_results(**plan, account.actor());

    // The commitments in the plan's order, each with its results' positions in reportable.
    std::vector<std::pair<const plans::Commitment*, std::vector<std::size_t>>> groups;
    for (std::size_t i = 0; i < reportable.size(); ++i) {
        if (groups.empty() || groups.back().first != reportable[i].commitment)
            groups.push_back({reportable[i].commitment, {}});
        groups.back().second.push_back(i);
    }
    const paging::ListPage shown =
        paging::list_page(groups.size(), commitments_per_page, requested_page(request));

    const std::string& code = (*plan)->code;
    Data commitments = list();
    std::vector<EvidenceLink> links;
    for (std::size_t g = shown.first; g < shown.last; ++g) {
        const plans::Commitment& commitment = *groups[g].first;
        Data commitment_view;
        commitment_view.set("code", commitment.code);
        commitment_view.set("title", commitment.title);
        commitment_view.set("institution", commitment.lead_institution);
        commitment_view.set("url", commitment_path(code, commitment.code));
        Data results = list();
        for (const std::size_t i : groups[g].second) {
            const plans::Node& node = *reportable[i].node;
            Data result;
            result.set("code", node.code);
            result.set("title", node.title);
            result.set("ancestors", text_or_false(joined(reportable[i].ancestors)));
            put_leaf_figure(context, language, node, today, result);
            result.set("report_url", report_path(code, commitment.code, node.code));
            results.push_back(result);
            // The evidence the public sees now: the result's own and its latest update's.
            const std::string label = commitment.code + " · " + node.code;
            add_links(links, label, node.evidence);
            if (!node.updates.empty())
                add_links(links, label, node.updates.back().evidence);
        }
        commitment_view.set("results", results);
        commitments.push_back(commitment_view);
    }
    auto own = context.workspace.submissions_by(account.email);
    if (!own.ok())
        return std::move(own).error();
    for (const auto& record : *own) {
        if (record.plan == code && record.state == SubmissionState::pending)
            add_links(links, record.commitment + " · " + record.node, record.evidence);
    }
    auto checked = links_view(context, language, links);
    if (!checked.ok())
        return std::move(checked).error();

    Data view;
    view.set("plan_title", (*plan)->title);
    view.set("plan_url", plan_path(code));
    set_list(view, "commitments", commitments);
    set_list(view, "links", *checked);
    view.set("pager",
        pager_view(
            language, request, shown, message(context, language, "workspace_plan_pages_label")));
    return workspace_page(context, request, language, "workspace/plan", view,
        (*plan)->title + " · " + message(context, language, "workspace_title"));
}

// ---- the report form ----

// The result a report form is about, with the commitment it belongs to.
struct ReportTarget {
    plans::Plan plan;  // holding only the one commitment
    const plans::Node* node = nullptr;
    std::vector<std::string> ancestors;
    const plans::Commitment& commitment() const { return plan.commitments.front(); }
};

// The plan and commitment of the path, loaded; not_found when either is unknown.
Result<plans::Plan> load_commitment(Context& context, const http::Request& request)
{
    return context.plans.load_commitment(
        std::string(request.param("plan")), std::string(request.param("commitment")));
}

// The path's node in the loaded commitment: not_found when it has no such node, and
// invalid_argument for a node with results below it, whose figure is rolled up, never reported.
Result<ReportTarget> find_target(
    Context& context, const http::Request& request, i18n::Language language, plans::Plan plan)
{
    ReportTarget target{std::move(plan), nullptr, {}};
    const std::string code(request.param("node"));
    target.node = find_node(target.commitment().results, code, target.ancestors);
    if (!target.node)
        return fail(ErrorCode::not_found,
            message(context, language, "workspace_error_node_unknown"), "node");
    if (!target.node->children.empty())
        return fail(ErrorCode::invalid_argument,
            message(context, language, "workspace_error_node_parent"), "node");
    return target;
}

// A form field as the report template shows it: {id, name, value, error, describedby}.
Data field_view(const Context& context, i18n::Language language, const ReportForm& form,
    const std::string& name, bool has_hint)
{
    const std::string id = "report-" + name;
    Data field;
    field.set("id", id);
    field.set("name", name);
    const auto value = form.values.find(name);
    field.set("value", text_or_false(value == form.values.end() ? std::string() : value->second));
    const auto error = form.errors.find(name);
    const std::string error_text =
        error == form.errors.end() ? std::string() : message(context, language, error->second);
    field.set("error", text_or_false(error_text));
    std::string described_by = has_hint ? id + "-hint" : std::string();
    if (!error_text.empty())
        described_by += (described_by.empty() ? "" : " ") + id + "-error";
    field.set("describedby", text_or_false(described_by));
    return field;
}

// The file input of the report form and the title given to its files.
constexpr std::string_view field_evidence_file = "evidence_file";
constexpr std::string_view field_evidence_file_title = "evidence_file_title";

// file_error: why an uploaded file was refused, already in the reader's language (web/evidence).
Result<http::Response> report_view(Context& context, const http::Request& request,
    i18n::Language language, const storage::SessionRecord& session, const ReportTarget& target,
    const ReportForm& form, http::Status status, const std::string& file_error = {})
{
    const plans::Commitment& commitment = target.commitment();
    const Date today = context.clock.today();
    Data view;
    view.set("plan_title", target.plan.title);
    view.set("commitment_code", commitment.code);
    view.set("commitment_title", commitment.title);
    view.set("commitment_url", commitment_path(target.plan.code, commitment.code));
    view.set("institution", commitment.lead_institution);
    view.set("node_code", target.node->code);
    view.set("node_title", target.node->title);
    view.set("ancestors", text_or_false(joined(target.ancestors)));
    view.set("due_date", text_or_false(date_label(language, target.node->due_date)));
    put_leaf_figure(context, language, *target.node, today, view);
    view.set("action",
        report_path(target.plan.code, commitment.code, target.node->code) +
            "?lang=" + std::string(i18n::code(language)));
    view.set("csrf", session.csrf_token);
    view.set("today_iso", to_iso(today));
    view.set("percent", field_view(context, language, form, std::string(field_percent), true));
    const auto not_applicable = form.values.find(field_not_applicable);
    view.set(
        "not_applicable", not_applicable != form.values.end() && !not_applicable->second.empty());
    view.set("not_applicable_field",
        field_view(context, language, form, std::string(field_not_applicable), true));
    view.set("as_of", field_view(context, language, form, std::string(field_as_of), true));
    view.set("note", field_view(context, language, form, std::string(field_note), true));
    Data links = list();
    for (int slot = 1; slot <= evidence_slots; ++slot) {
        Data link;
        link.set("number", std::to_string(slot));
        link.set("title", field_view(context, language, form, evidence_title_field(slot), false));
        link.set("url", field_view(context, language, form, evidence_url_field(slot), true));
        links.push_back(link);
    }
    view.set("links", links);
    Data file;
    file.set("id", "report-" + std::string(field_evidence_file));
    file.set("name", std::string(field_evidence_file));
    file.set("error", text_or_false(file_error));
    file.set("describedby",
        "report-" + std::string(field_evidence_file) + "-hint" +
            (file_error.empty() ? "" : " report-" + std::string(field_evidence_file) + "-error"));
    file.set("limit",
        i18n::format_number(language, double(context.max_upload_bytes) / (1024.0 * 1024.0), 0));
    view.set("file", file);
    Data file_title;
    file_title.set("id", "report-" + std::string(field_evidence_file_title));
    file_title.set("name", std::string(field_evidence_file_title));
    const auto typed_title = form.values.find(field_evidence_file_title);
    file_title.set("value",
        text_or_false(typed_title == form.values.end() ? std::string() : typed_title->second));
    view.set("file_title", file_title);

    // The error summary, each message linked to its field, in the form's order.
    Data errors = list();
    std::vector<std::string> order = {
        std::string(field_percent), std::string(field_as_of), std::string(field_note)};
    for (int slot = 1; slot <= evidence_slots; ++slot) {
        order.push_back(evidence_title_field(slot));
        order.push_back(evidence_url_field(slot));
    }
    for (const std::string& name : order) {
        const auto error = form.errors.find(name);
        if (error == form.errors.end())
            continue;
        Data item;
        item.set("id", "report-" + name);
        item.set("text", message(context, language, error->second));
        errors.push_back(item);
    }
    if (!file_error.empty()) {
        Data item;
        item.set("id", "report-" + std::string(field_evidence_file));
        item.set("text", file_error);
        errors.push_back(item);
    }
    view.set("has_errors", !errors.is_empty_list());
    view.set("errors", errors);

    std::string title = message(context, language, "workspace_report_title");
    if (!form.errors.empty() || !file_error.empty())
        title = message(context, language, "account_error_title_prefix") + " " + title;
    return workspace_page(context, request, language, "workspace/report", view, title, status);
}

// The form as the officer first sees it: the date set to today, or, when they report again on
// an update the unit returned (?again=ID), what they sent that time.
ReportForm first_form(Context& context, const http::Request& request,
    const storage::Account& account, const ReportTarget& target)
{
    ReportForm form;
    form.values[std::string(field_as_of)] = to_iso(context.clock.today());
    const std::string again = request.query("again").value_or("");
    std::int64_t id = 0;
    if (again.empty() ||
        std::from_chars(again.data(), again.data() + again.size(), id).ec != std::errc())
        return form;
    auto found = context.workspace.find_submission(id);
    if (!found.ok() || !*found)
        return form;
    const SubmissionRecord& record = **found;
    // Only the officer's own update on this same result fills the form.
    if (record.submitted_by != account.email || record.plan != target.plan.code ||
        record.commitment != target.commitment().code || record.node != target.node->code)
        return form;
    if (record.progress.kind == plans::Progress::Kind::value)
        form.values[std::string(field_percent)] =
            i18n::format_number(i18n::Language::en, record.progress.percent, 1);
    else
        form.values[std::string(field_not_applicable)] = "yes";
    form.values[std::string(field_as_of)] = to_iso(record.as_of);
    form.values[std::string(field_note)] = record.note;
    for (int slot = 1; slot <= evidence_slots && slot <= int(record.evidence.size()); ++slot) {
        form.values[evidence_title_field(slot)] = record.evidence[slot - 1].title;
        form.values[evidence_url_field(slot)] = record.evidence[slot - 1].url;
    }
    return form;
}

// The result the address names, and the session allowed to report on it: the unit, or an
// officer of the commitment's lead institution.
struct AuthorisedTarget {
    storage::SessionRecord session;
    ReportTarget target;
};

Result<AuthorisedTarget> authorised_target(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto plan = load_commitment(context, request);
    if (!plan.ok())
        return std::move(plan).error();
    auto session = account::require(context, request, Action::post_progress_update,
        {plan->commitments.front().lead_institution});
    if (!session.ok())
        return std::move(session).error();
    auto target = find_target(context, request, language, std::move(*plan));
    if (!target.ok())
        return std::move(target).error();
    return AuthorisedTarget{std::move(*session), std::move(*target)};
}

Result<http::Response> report_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto allowed = authorised_target(context, request, language);
    if (!allowed.ok())
        return std::move(allowed).error();
    const auto& [session, target] = *allowed;
    return report_view(context, request, language, session, target,
        first_form(context, request, session.account, target), http::Status::ok);
}

// The report as a command: the fields in (whatever form encoding carried them), a refusal or
// the form again with its messages, or the update stored and the officer sent back to the
// workspace with a notice that says whether it is public yet.
Result<http::Response> handle_report(Context& context, const http::Request& request,
    i18n::Language language, const http::FormFields& fields,
    const http::MultipartForm* uploads = nullptr)
{
    auto signed_in = account::require_session(context, request);
    if (!signed_in.ok())
        return std::move(signed_in).error();
    if (auto checked = account::check_session_csrf(context, request, *signed_in, fields);
        !checked.ok())
        return std::move(checked).error();
    auto allowed = authorised_target(context, request, language);
    if (!allowed.ok())
        return std::move(allowed).error();
    const auto& [session, target] = *allowed;

    ReportForm form = read_report_form(fields, context.clock.today());
    form.values[std::string(field_evidence_file_title)] =
        http::form_value(fields, field_evidence_file_title);
    if (!form.report)
        return report_view(
            context, request, language, session, target, form, http::Status::bad_request);
    const Report& report = *form.report;
    storage::UpdateSubmission update{target.plan.code, target.commitment().code, target.node->code,
        report.as_of, report.progress, report.note, report.evidence};
    // The files last, once every other field has passed: a refused form keeps no file. A file
    // kept for an update that then fails stays unreferenced, harmless under its hash.
    if (uploads != nullptr) {
        auto files = evidence::store_uploaded_evidence(
            context, language, *uploads, session, field_evidence_file, field_evidence_file_title);
        if (!files.ok() && files.error().code == ErrorCode::invalid_argument)
            return report_view(context, request, language, session, target, form,
                http::Status::bad_request, files.error().message);
        if (!files.ok())
            return std::move(files).error();
        update.evidence.insert(update.evidence.end(), files->begin(), files->end());
    }
    auto submitted = context.workspace.submit_update(
        update, account::audit_actor(session.account), now_text(context));
    if (!submitted.ok())
        return std::move(submitted).error();
    spdlog::info("account {} reported on a result: update {} {}", session.account.id, submitted->id,
        submitted->published ? "published" : "pending");
    return account::see_other(request,
        std::string("/workspace?done=") + (submitted->published ? "published" : "pending"));
}

Result<http::Response> report_post(
    Context& context, const http::Request& request, i18n::Language language)
{
    // The page's form sends multipart/form-data (it carries files); a urlencoded body, from a
    // client without files, is read the same way.
    std::string type(request.header(http::Field::content_type).substr(0, 19));
    std::transform(type.begin(), type.end(), type.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (type == "multipart/form-data") {
        auto form = http::parse_multipart(request);
        if (!form.ok())
            return std::move(form).error();
        return handle_report(context, request, language, form->fields, &*form);
    }
    auto fields = http::parse_form(request.body());
    if (!fields.ok())
        return std::move(fields).error();
    return handle_report(context, request, language, *fields);
}

// ---- the review queue ----

// What the queue shows again after a refused review: the comment typed and its message, or a
// message about the whole page.
struct ReviewState {
    std::int64_t id = 0;
    std::string comment;
    std::string comment_error;
    std::string alert;
};

Result<http::Response> review_view(Context& context, const http::Request& request,
    i18n::Language language, const storage::SessionRecord& session, const ReviewState& state,
    http::Status status)
{
    auto summaries = context.plans.list_plans();
    if (!summaries.ok())
        return std::move(summaries).error();
    Data items = list();
    Data errors = list();
    std::size_t count = 0;
    for (const auto& summary : *summaries) {
        auto pending = context.workspace.submissions(summary.code, SubmissionState::pending);
        if (!pending.ok())
            return std::move(pending).error();
        if (pending->empty())
            continue;
        auto plan = context.plan_cache.plan(summary.code);
        if (!plan.ok())
            return std::move(plan).error();
        for (const auto& record : *pending) {
            Data item = submission_view(context, language, record, summary.title);
            // The figure the update would follow: what the public history shows for its date.
            std::string before = message(context, language, "workspace_not_reported");
            for (const auto& commitment : (*plan)->commitments) {
                if (commitment.code != record.commitment)
                    continue;
                std::vector<std::string> ancestors;
                if (const plans::Node* node = find_node(commitment.results, record.node, ancestors))
                    before = progress_text(
                        context, language, plans::progress_as_of(node->updates, record.as_of));
            }
            item.set("before", before);
            item.set("approve_url",
                review_action_path(record.id, "approve") +
                    "?lang=" + std::string(i18n::code(language)));
            item.set("return_url",
                review_action_path(record.id, "return") +
                    "?lang=" + std::string(i18n::code(language)));
            const std::string comment_id = "return-" + std::to_string(record.id) + "-comment";
            item.set("comment_id", comment_id);
            const bool this_one = record.id == state.id;
            item.set("comment_value", text_or_false(this_one ? state.comment : std::string()));
            item.set(
                "comment_error", text_or_false(this_one ? state.comment_error : std::string()));
            if (this_one && !state.comment_error.empty()) {
                Data error;
                error.set("id", comment_id);
                error.set("text", state.comment_error);
                errors.push_back(error);
            }
            items.push_back(item);
            ++count;
        }
    }
    Data view;
    set_list(view, "items", items);
    view.set("count", std::to_string(count));
    view.set("csrf", session.csrf_token);
    view.set("has_errors", !errors.is_empty_list());
    view.set("errors", errors);
    view.set("alert", text_or_false(state.alert));
    view.set(
        "notice", text_or_false(done_notice(context, language, request, {"approved", "returned"})));
    std::string title = message(context, language, "workspace_review_title");
    if (!state.comment_error.empty() || !state.alert.empty())
        title = message(context, language, "account_error_title_prefix") + " " + title;
    return workspace_page(context, request, language, "workspace/review", view, title, status);
}

Result<http::Response> review_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto session = account::require(context, request, Action::validate_update);
    if (!session.ok())
        return std::move(session).error();
    return review_view(context, request, language, *session, {}, http::Status::ok);
}

enum class Review { approve, give_back };

Result<http::Response> review_post(
    Context& context, const http::Request& request, i18n::Language language, Review review)
{
    auto signed_in = account::require_form(context, request, Action::validate_update);
    if (!signed_in.ok())
        return std::move(signed_in).error();
    const storage::SessionRecord& session = signed_in->session;
    const http::FormFields& fields = signed_in->form;

    const std::string_view id_text = request.param("id");
    std::int64_t id = 0;
    const auto parsed = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (parsed.ec != std::errc() || parsed.ptr != id_text.data() + id_text.size())
        return fail(ErrorCode::not_found,
            message(context, language, "workspace_error_submission_unknown"), "id");
    auto found = context.workspace.find_submission(id);
    if (!found.ok())
        return std::move(found).error();
    if (!*found)
        return fail(ErrorCode::not_found,
            message(context, language, "workspace_error_submission_unknown"), "id");
    // The table's own answer for this update's institution, though only the unit validates.
    if (auto allowed =
            account::require(context, request, Action::validate_update, {(*found)->institution});
        !allowed.ok())
        return std::move(allowed).error();

    ReviewState state;
    state.id = id;
    if ((*found)->state != SubmissionState::pending) {
        state.alert = message(context, language, "workspace_error_not_pending");
        return review_view(context, request, language, session, state, http::Status::conflict);
    }
    const storage::AuditActor by = account::audit_actor(session.account);
    Result<void> done;
    if (review == Review::approve) {
        done = context.workspace.approve(id, by, now_text(context));
    } else {
        state.comment = http::form_value(fields, "comment");
        if (state.comment.find_first_not_of(" \t\r\n") == std::string::npos) {
            state.comment_error = message(context, language, "workspace_error_comment");
            return review_view(
                context, request, language, session, state, http::Status::bad_request);
        }
        done = context.workspace.return_to_officer(id, state.comment, by, now_text(context));
    }
    if (!done.ok()) {
        // Another reviewer got there between the look-up and the write.
        if (done.error().code != ErrorCode::failed_precondition)
            return std::move(done).error();
        state.alert = message(context, language, "workspace_error_not_pending");
        return review_view(context, request, language, session, state, http::Status::conflict);
    }
    spdlog::info("account {} {} update {}", session.account.id,
        review == Review::approve ? "approved" : "returned", id);
    return account::see_other(request,
        std::string("/workspace/review?done=") +
            (review == Review::approve ? "approved" : "returned"));
}

Result<http::Response> approve_post(
    Context& context, const http::Request& request, i18n::Language language)
{
    return review_post(context, request, language, Review::approve);
}

Result<http::Response> return_post(
    Context& context, const http::Request& request, i18n::Language language)
{
    return review_post(context, request, language, Review::give_back);
}

// ---- a plan's settings ----

Result<http::Response> settings_view(Context& context, const http::Request& request,
    i18n::Language language, const storage::SessionRecord& session, const std::string& plan_code,
    bool validate, bool refused, http::Status status)
{
    auto plan = context.plan_cache.plan(plan_code);
    if (!plan.ok())
        return std::move(plan).error();
    Data view;
    view.set("plan_title", (*plan)->title);
    view.set("plan_url", plan_path(plan_code));
    view.set("action", settings_path(plan_code) + "?lang=" + std::string(i18n::code(language)));
    view.set("csrf", session.csrf_token);
    view.set("validate", validate);
    const std::string error =
        refused ? message(context, language, "workspace_error_setting") : std::string();
    view.set("error", text_or_false(error));
    Data errors = list();
    if (refused) {
        Data item;
        item.set("id", "settings-at-once");
        item.set("text", error);
        errors.push_back(item);
    }
    view.set("has_errors", refused);
    view.set("errors", errors);
    std::string title = message(context, language, "workspace_settings_title");
    if (refused)
        title = message(context, language, "account_error_title_prefix") + " " + title;
    return workspace_page(context, request, language, "workspace/settings", view, title, status);
}

Result<http::Response> settings_get(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto session = account::require(context, request, Action::manage_plans);
    if (!session.ok())
        return std::move(session).error();
    const std::string plan(request.param("plan"));
    auto validate = context.workspace.updates_need_validation(plan);
    if (!validate.ok())
        return std::move(validate).error();
    return settings_view(
        context, request, language, *session, plan, *validate, false, http::Status::ok);
}

Result<http::Response> settings_post(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto signed_in = account::require_form(context, request, Action::manage_plans);
    if (!signed_in.ok())
        return std::move(signed_in).error();
    const storage::SessionRecord& session = signed_in->session;
    const http::FormFields& fields = signed_in->form;
    const std::string plan(request.param("plan"));
    auto before = context.workspace.updates_need_validation(plan);
    if (!before.ok())
        return std::move(before).error();
    const std::string chosen = http::form_value(fields, "updates");
    if (chosen != "validate" && chosen != "at_once")
        return settings_view(
            context, request, language, session, plan, *before, true, http::Status::bad_request);
    const bool validate = chosen == "validate";
    // An unchanged setting writes nothing, so the audit log holds only changes.
    if (validate != *before) {
        if (auto stored = context.workspace.set_updates_need_validation(
                plan, validate, account::audit_actor(session.account), now_text(context));
            !stored.ok())
            return std::move(stored).error();
    }
    return account::see_other(request, "/workspace?done=settings");
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    auto page = [&context](auto handler) {
        return uncached([&context, handler](const http::Request& request, i18n::Language language) {
            return handler(context, request, language);
        });
    };
    router.get("/workspace", page(index_get));
    router.get("/workspace/plans/{plan}", page(plan_get));
    router.get("/workspace/plans/{plan}/commitments/{commitment}/results/{node}", page(report_get));
    router.post(
        "/workspace/plans/{plan}/commitments/{commitment}/results/{node}", page(report_post));
    router.get("/workspace/review", page(review_get));
    router.post("/workspace/review/{id}/approve", page(approve_post));
    router.post("/workspace/review/{id}/return", page(return_post));
    router.get("/workspace/plans/{plan}/settings", page(settings_get));
    router.post("/workspace/plans/{plan}/settings", page(settings_post));
}

}  // namespace tablero::web::workspace
