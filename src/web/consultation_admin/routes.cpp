#include "web/consultation_admin/routes.h"

#include "core/local_time.h"
#include "domain/consultations/document.h"
#include "domain/i18n/format.h"
#include "web/account/session.h"
#include "web/admin/form.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tablero::web::consultation_admin {

namespace {

namespace c = consultations;
using admin::Field;
using admin::FieldKind;
using admin::FormState;
using Data = kainjow::mustache::data;

constexpr c::PhaseKind phase_kinds[] = {
    c::PhaseKind::proposals, c::PhaseKind::comments, c::PhaseKind::voting};
constexpr c::Outcome outcomes[] = {
    c::Outcome::accepted, c::Outcome::merged, c::Outcome::not_accepted};

Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

// Replaces each "{name}" of text with its value.
std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values)
{
    for (const auto& [name, value] : values) {
        if (auto at = text.find(name); at != std::string::npos)
            text.replace(at, name.size(), value);
    }
    return text;
}

std::string list_path()
{
    return "/admin/consultations";
}

std::string consultation_path(std::int64_t id)
{
    return list_path() + "/" + std::to_string(id);
}

std::string public_path(std::int64_t id)
{
    return "/consultations/" + std::to_string(id);
}

std::string public_document_path(std::int64_t id, std::int64_t document)
{
    return public_path(id) + "/documents/" + std::to_string(document);
}

std::optional<std::int64_t> parse_id(std::string_view text)
{
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id <= 0)
        return std::nullopt;
    return id;
}

// What every handler is given: the signed-in administrator, and for a POST the form (its CSRF
// token already checked).
struct Call {
    Context& context;
    const http::Request& request;
    i18n::Language language;
    const storage::SessionRecord& session;
    const http::FormFields& form;

    std::string at() const { return storage::to_sql_timestamp(context.clock.now()); }
    std::string text(std::string_view key) const
    {
        return std::string(context.renderer.message(language, key));
    }
    // A stored instant as the installation's wall-clock time ("31 March 2026, 23:59"); the
    // stored text itself when it does not read.
    std::string when(const std::string& sql) const
    {
        auto instant = parse_sql_timestamp(sql);
        return instant.ok() ? i18n::format_date_time(language, to_local(*instant)) : sql;
    }
};

using Handler = std::function<Result<http::Response>(const Call&)>;

// A page of this feature in the layout with the admin stylesheets, never stored.
Result<http::Response> page(const Call& call, std::string_view name, Data view, std::string title,
    bool refused, http::Status status = http::Status::ok)
{
    view.set("csrf", call.session.csrf_token);
    if (refused)
        title = call.text("admin_error_title_prefix") + " " + title;
    auto response = render_page(call.context, call.request, call.language, name, view,
        {.title = std::move(title),
            .stylesheets = {"css/admin.css", "css/consultation_admin.css"}});
    if (!response.ok())
        return response;
    response->result(status);
    account::forbid_storing(*response);
    return response;
}

Result<storage::Consultation> load_consultation(const Call& call)
{
    const std::string_view text = call.request.param("id");
    const auto id = parse_id(text);
    if (!id)
        return fail(ErrorCode::not_found, "no consultation " + std::string(text), "id");
    auto found = call.context.consultations.find_consultation(*id);
    if (!found.ok())
        return std::move(found).error();
    if (!*found)
        return fail(ErrorCode::not_found, "no consultation " + std::string(text), "id");
    return std::move(**found);
}

// A store's refusal of a form that passed the checks here (the database changed meanwhile):
// beside its field when it names one of the form's, otherwise the request fails with it.
bool store_refusal(const Error& error, const std::vector<Field>& fields, FormState& state)
{
    if (error.code != ErrorCode::invalid_argument && error.code != ErrorCode::already_exists)
        return false;
    for (const Field& field : fields) {
        if (field.name == error.where) {
            state.errors[field.name] = error.message;
            return true;
        }
    }
    return false;
}

// The end every form shares: when no problem is beside a field, the write and a 303 to
// saved_to; otherwise, or when the store refuses what only it could know, the form again.
Result<http::Response> save_or_show_again(const Call& call, const std::vector<Field>& fields,
    FormState& state, const std::function<Result<std::string>()>& write,
    const std::function<Result<http::Response>()>& again)
{
    if (state.errors.empty()) {
        auto saved = write();
        if (saved.ok())
            return account::see_other(call.request, *saved);
        if (!store_refusal(saved.error(), fields, state))
            return std::move(saved).error();
    }
    return again();
}

// ---- the consultation's form ----

std::string phase_code(c::PhaseKind kind)
{
    return std::string(c::to_string(kind));
}

std::vector<Field> consultation_fields(
    const Call& call, const std::vector<storage::PlanSummary>& plans)
{
    std::vector<admin::Choice> plan_choices = {
        {"", call.text("consultation_admin_choice_no_plan")}};
    for (const auto& plan : plans)
        plan_choices.push_back({plan.code, plan.code + " — " + plan.title});
    std::vector<admin::Choice> results;
    for (auto visibility : {c::ResultsVisibility::live, c::ResultsVisibility::after_close}) {
        const std::string code(c::to_string(visibility));
        results.push_back({code, call.text("consultation_admin_results_" + code)});
    }
    std::vector<Field> fields = {
        {"title", FieldKind::text, "consultation_admin_field_title", "", true, {}},
        {"description", FieldKind::textarea, "consultation_admin_field_description",
            "consultation_admin_hint_description", false, {}},
        {"plan", FieldKind::select, "consultation_admin_field_plan", "consultation_admin_hint_plan",
            false, plan_choices},
        {"results", FieldKind::select, "consultation_admin_field_results", "", false, results},
        {"requires_identity", FieldKind::checkboxes, "consultation_admin_field_requires_identity",
            "consultation_admin_hint_requires_identity", false,
            {{"1", call.text("consultation_admin_requires_identity_yes")}}},
    };
    for (auto kind : phase_kinds) {
        const std::string code = phase_code(kind);
        for (const std::string end : {"opens", "closes"})
            fields.push_back(
                {code + "_" + end, FieldKind::text, "consultation_admin_field_" + code + "_" + end,
                    "consultation_admin_hint_datetime", false, {}});
    }
    return fields;
}

// How many fields come before the phases' in consultation_fields.
constexpr std::size_t base_field_count = 5;

std::string zone_name(const Call& call)
{
    const std::string zone = time_zone();
    return zone.empty() ? call.text("consultation_admin_zone_machine") : zone;
}

// The form's view: the fields of the consultation, then one group of two per phase, with the
// time zone the dates are in; the error summary covers them all.
Data consultation_form_view(const Call& call, const std::vector<Field>& fields,
    const FormState& state, const std::string& action)
{
    Data view = admin::form_view(call.context, call.language, "consultation", fields, state);
    const auto& all = view.get("fields")->list_value();
    Data base{Data::type::list};
    for (std::size_t i = 0; i < base_field_count && i < all.size(); ++i)
        base.push_back(all[i]);
    Data phases{Data::type::list};
    const std::string zone_text =
        fill(call.text("consultation_admin_phase_zone"), {{"{zone}", zone_name(call)}});
    std::size_t next = base_field_count;
    for (auto kind : phase_kinds) {
        Data phase;
        phase.set("legend", call.text("consultation_admin_phase_" + phase_code(kind)));
        phase.set("code", phase_code(kind));
        phase.set("zone_text", zone_text);
        Data pair{Data::type::list};
        for (int end = 0; end < 2 && next < all.size(); ++end, ++next) {
            Data field = all[next];
            field.set("type", "datetime-local");
            pair.push_back(field);
        }
        phase.set("fields", pair);
        phases.push_back(phase);
    }
    view.set("fields", base);
    view.set("phases", phases);
    view.set("action", action);
    return view;
}

// The form's values for a stored consultation; phases in the installation's wall-clock time.
FormState consultation_state(const storage::ConsultationRecord& record)
{
    FormState state;
    state.set("title", record.title);
    state.set("description", record.description);
    state.set("plan", record.plan);
    state.set("results", std::string(c::to_string(record.results)));
    state.values["requires_identity"].clear();
    if (record.requires_identity)
        state.values["requires_identity"].push_back("1");
    for (const auto& phase : record.phases) {
        const std::string code = phase_code(phase.kind);
        for (const auto& [end, sql] :
            {std::pair{"_opens", phase.opens_at}, std::pair{"_closes", phase.closes_at}}) {
            auto instant = parse_sql_timestamp(sql);
            state.set(code + end, instant.ok() ? to_input_value(to_local(*instant)) : sql);
        }
    }
    return state;
}

// One end of a phase as typed: the instant, or nullopt with the message beside its field.
std::optional<std::chrono::system_clock::time_point> read_instant(
    const Call& call, const std::string& field, FormState& state)
{
    auto local = parse_local_date_time(state.value(field));
    if (!local.ok()) {
        state.errors.try_emplace(field, call.text("consultation_admin_error_datetime"));
        return std::nullopt;
    }
    auto instant = from_local(*local);
    // A time the clocks skip names no instant; checking the way back too keeps that true
    // whatever the C library does with it.
    if (!instant.ok() || to_local(*instant) != *local) {
        state.errors.try_emplace(field,
            fill(
                call.text("consultation_admin_error_skipped_time"), {{"{zone}", zone_name(call)}}));
        return std::nullopt;
    }
    return *instant;
}

// The record a posted form describes; every problem goes beside its field in state.
storage::ConsultationRecord read_consultation(
    const Call& call, const std::vector<storage::PlanSummary>& plans, FormState& state)
{
    storage::ConsultationRecord record;
    record.title = state.value("title");
    if (record.title.find_first_not_of(" \t\r\n") == std::string::npos)
        state.errors.try_emplace("title", call.text("consultation_admin_error_title"));
    record.description = state.value("description");
    record.plan = state.value("plan");
    if (!record.plan.empty() &&
        std::none_of(plans.begin(), plans.end(),
            [&](const storage::PlanSummary& plan) { return plan.code == record.plan; }))
        state.errors.try_emplace("plan", call.text("consultation_admin_error_choice"));
    if (auto results = c::parse_results_visibility(state.value("results")))
        record.results = *results;
    else
        state.errors.try_emplace("results", call.text("consultation_admin_error_choice"));
    const std::string identity = state.value("requires_identity");
    if (!identity.empty() && identity != "1")
        state.errors.try_emplace("requires_identity", call.text("consultation_admin_error_choice"));
    record.requires_identity = identity == "1";
    for (auto kind : phase_kinds) {
        const std::string opens_field = phase_code(kind) + "_opens";
        const std::string closes_field = phase_code(kind) + "_closes";
        const bool has_opens = !state.value(opens_field).empty();
        const bool has_closes = !state.value(closes_field).empty();
        if (!has_opens && !has_closes)
            continue;
        if (!has_opens || !has_closes) {
            state.errors.try_emplace(has_opens ? closes_field : opens_field,
                call.text("consultation_admin_error_one_end"));
            continue;
        }
        const auto opens = read_instant(call, opens_field, state);
        const auto closes = read_instant(call, closes_field, state);
        if (!opens || !closes)
            continue;
        if (*closes <= *opens) {
            state.errors.try_emplace(closes_field, call.text("consultation_admin_error_order"));
            continue;
        }
        record.phases.push_back(
            {kind, storage::to_sql_timestamp(*opens), storage::to_sql_timestamp(*closes)});
    }
    return record;
}

Result<std::vector<storage::PlanSummary>> plan_list(const Call& call)
{
    return call.context.plans.list_plans();
}

// ---- /admin/consultations ----

Result<http::Response> list_get(const Call& call)
{
    auto consultations = call.context.consultations.list_consultations();
    if (!consultations.ok())
        return std::move(consultations).error();
    Data list{Data::type::list};
    for (const auto& consultation : *consultations) {
        Data item;
        item.set("title", consultation.record.title);
        item.set("plan", text_or_false(consultation.record.plan));
        item.set("edit_url", consultation_path(consultation.id));
        item.set("public_url", public_path(consultation.id));
        item.set("inputs_url", consultation_path(consultation.id) + "/inputs");
        item.set("moderation_url", consultation_path(consultation.id) + "/moderation");
        Data phases{Data::type::list};
        for (const auto& phase : consultation.record.phases) {
            Data entry;
            entry.set("text",
                fill(call.text("consultation_admin_phase_span"),
                    {{"{phase}", call.text("consultation_admin_phase_" + phase_code(phase.kind))},
                        {"{opens}", call.when(phase.opens_at)},
                        {"{closes}", call.when(phase.closes_at)}}));
            phases.push_back(entry);
        }
        item.set("phases", phases);
        item.set("has_phases", !phases.is_empty_list());
        list.push_back(item);
    }
    Data view;
    view.set("consultations", list);
    view.set("has_consultations", !list.is_empty_list());
    return page(
        call, "consultation_admin/index", view, call.text("consultation_admin_heading"), false);
}

// ---- a consultation's form, new or stored ----

Result<http::Response> new_view(const Call& call, const FormState& state, http::Status status)
{
    auto plans = plan_list(call);
    if (!plans.ok())
        return std::move(plans).error();
    Data view;
    view.set("heading", call.text("consultation_admin_new_heading"));
    view.set("existing", false);
    view.set("form",
        consultation_form_view(
            call, consultation_fields(call, *plans), state, list_path() + "/new"));
    return page(call, "consultation_admin/consultation", view,
        call.text("consultation_admin_new_heading"), !state.errors.empty(), status);
}

Result<http::Response> new_get(const Call& call)
{
    FormState state;
    state.set("results", "live");
    return new_view(call, state, http::Status::ok);
}

Result<http::Response> new_post(const Call& call)
{
    auto plans = plan_list(call);
    if (!plans.ok())
        return std::move(plans).error();
    const auto fields = consultation_fields(call, *plans);
    FormState state = admin::state_from(call.form, fields);
    const storage::ConsultationRecord record = read_consultation(call, *plans, state);
    return save_or_show_again(
        call, fields, state,
        [&]() -> Result<std::string> {
            auto created = call.context.consultations.create_consultation(
                record, account::audit_actor(call.session.account), call.at());
            if (!created.ok())
                return std::move(created).error();
            return consultation_path(*created);
        },
        [&] { return new_view(call, state, http::Status::bad_request); });
}

// The fields of the form that publishes a Markdown draft, and of the one that publishes the
// plan itself.
std::vector<Field> document_fields()
{
    return {{"title", FieldKind::text, "consultation_admin_field_document_title", "", true, {}},
        {"markdown", FieldKind::textarea, "consultation_admin_field_markdown",
            "consultation_admin_hint_markdown", true, {}}};
}

std::vector<Field> plan_document_fields()
{
    return {{"title", FieldKind::text, "consultation_admin_field_document_title", "", true, {}}};
}

// A draft's numbering as the edit page shows it: how many sections and paragraphs, and each
// section with its paragraphs' count.
Data document_view(
    const Call& call, const storage::Consultation& consultation, const storage::Document& document)
{
    std::vector<std::pair<std::pair<int, std::string>, int>> sections;
    for (const auto& paragraph : document.paragraphs) {
        if (sections.empty() || sections.back().first.first != paragraph.section)
            sections.push_back({{paragraph.section, paragraph.section_title}, 0});
        ++sections.back().second;
    }
    Data outline{Data::type::list};
    for (const auto& [section, count] : sections) {
        Data item;
        item.set("number", std::to_string(section.first));
        item.set("title", section.second);
        item.set("count",
            fill(call.text("consultation_admin_section_paragraphs"),
                {{"{count}", std::to_string(count)}}));
        outline.push_back(item);
    }
    Data view;
    view.set("title", document.title);
    view.set("public_url", public_document_path(consultation.id, document.id));
    view.set("published", call.when(document.published_at));
    view.set("numbering",
        fill(call.text("consultation_admin_numbering"),
            {{"{sections}", std::to_string(sections.size())},
                {"{paragraphs}", std::to_string(document.paragraphs.size())}}));
    view.set("sections", outline);
    return view;
}

// The edit page: the consultation's form, its drafts and the forms that publish one. Each form
// shows the state it is given (a refused one with its messages).
Result<http::Response> consultation_view(const Call& call,
    const storage::Consultation& consultation, const FormState& state,
    const FormState& document_state, const FormState& plan_state, http::Status status)
{
    auto plans = plan_list(call);
    if (!plans.ok())
        return std::move(plans).error();
    auto documents = call.context.consultations.documents(consultation.id);
    if (!documents.ok())
        return std::move(documents).error();
    Data list{Data::type::list};
    for (const auto& document : *documents)
        list.push_back(document_view(call, consultation, document));
    const std::string path = consultation_path(consultation.id);
    Data view;
    view.set("heading", consultation.record.title);
    view.set("existing", true);
    view.set("public_url", public_path(consultation.id));
    view.set("inputs_url", path + "/inputs");
    view.set("moderation_url", path + "/moderation");
    view.set("documents_action", path + "/documents");
    view.set("documents", list);
    view.set("has_documents", !list.is_empty_list());
    view.set("has_plan", !consultation.record.plan.empty());
    view.set("plan_code", consultation.record.plan);
    view.set("form", consultation_form_view(call, consultation_fields(call, *plans), state, path));
    view.set("document_form",
        admin::form_view(
            call.context, call.language, "document", document_fields(), document_state));
    view.set("plan_form",
        admin::form_view(
            call.context, call.language, "plan-document", plan_document_fields(), plan_state));
    const bool refused =
        !state.errors.empty() || !document_state.errors.empty() || !plan_state.errors.empty();
    return page(
        call, "consultation_admin/consultation", view, consultation.record.title, refused, status);
}

// The plan form's title: the plan's own title to start with.
FormState plan_document_state(const Call& call, const storage::Consultation& consultation)
{
    FormState state;
    if (consultation.record.plan.empty())
        return state;
    auto plan = call.context.plan_cache.plan(consultation.record.plan);
    state.set("title", plan.ok() ? (*plan)->title : consultation.record.plan);
    return state;
}

Result<http::Response> consultation_get(const Call& call)
{
    auto consultation = load_consultation(call);
    if (!consultation.ok())
        return std::move(consultation).error();
    return consultation_view(call, *consultation, consultation_state(consultation->record), {},
        plan_document_state(call, *consultation), http::Status::ok);
}

Result<http::Response> consultation_post(const Call& call)
{
    auto consultation = load_consultation(call);
    if (!consultation.ok())
        return std::move(consultation).error();
    auto plans = plan_list(call);
    if (!plans.ok())
        return std::move(plans).error();
    const auto fields = consultation_fields(call, *plans);
    FormState state = admin::state_from(call.form, fields);
    const storage::ConsultationRecord record = read_consultation(call, *plans, state);
    return save_or_show_again(
        call, fields, state,
        [&]() -> Result<std::string> {
            auto saved = call.context.consultations.update_consultation(
                consultation->id, record, account::audit_actor(call.session.account), call.at());
            if (!saved.ok())
                return std::move(saved).error();
            return consultation_path(consultation->id);
        },
        [&] {
            return consultation_view(call, *consultation, state, {},
                plan_document_state(call, *consultation), http::Status::bad_request);
        });
}

// ---- publishing a draft ----

consultations::PlanMarkdownLabels plan_labels(const Call& call)
{
    auto label = [&](std::string_view name) {
        return call.text("consultation_admin_plan_label_" + std::string(name));
    };
    return {label("lead_institution"), label("period"), label("public_problem"), label("main_goal"),
        label("brief_description"), label("ambition"), label("other_actors"), label("results"),
        label("next_steps"), label("additional_information")};
}

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// POST /admin/consultations/{id}/documents: title and markdown, or source=plan for the
// consultation's plan written as a draft (consultations::plan_markdown); split into numbered
// sections and paragraphs and published; 303 to the draft's public page.
Result<http::Response> documents_post(const Call& call)
{
    auto consultation = load_consultation(call);
    if (!consultation.ok())
        return std::move(consultation).error();
    const bool from_plan = http::form_value(call.form, "source") == "plan";
    const auto fields = from_plan ? plan_document_fields() : document_fields();
    FormState state = admin::state_from(call.form, fields);
    if (blank(state.value("title")))
        state.errors.try_emplace("title", call.text("consultation_admin_error_document_title"));
    std::string markdown;
    if (from_plan) {
        if (consultation->record.plan.empty())
            return fail(ErrorCode::invalid_argument, "the consultation has no plan", "source");
        auto plan = call.context.plan_cache.plan(consultation->record.plan);
        if (!plan.ok())
            return std::move(plan).error();
        markdown = c::plan_markdown(**plan, plan_labels(call));
    } else {
        markdown = state.value("markdown");
    }
    const std::vector<c::Section> sections = c::split_document(markdown);
    std::size_t paragraphs = 0;
    for (const auto& section : sections)
        paragraphs += section.paragraphs.size();
    if (paragraphs == 0)
        state.errors.try_emplace(from_plan ? "title" : "markdown",
            call.text(from_plan ? "consultation_admin_error_plan_empty"
                                : "consultation_admin_error_markdown"));
    return save_or_show_again(
        call, fields, state,
        [&]() -> Result<std::string> {
            auto published =
                call.context.consultations.publish_document(consultation->id, state.value("title"),
                    markdown, sections, account::audit_actor(call.session.account), call.at());
            if (!published.ok())
                return std::move(published).error();
            return public_document_path(consultation->id, *published);
        },
        [&] {
            return consultation_view(call, *consultation, consultation_state(consultation->record),
                from_plan ? FormState{} : state,
                from_plan ? state : plan_document_state(call, *consultation),
                http::Status::bad_request);
        });
}

// ---- the inputs and the unit's answers ----

// What the inputs page needs of a consultation: its inputs, where each comment is, and what an
// answer may link to.
struct Inputs {
    std::vector<c::Proposal> proposals;
    std::vector<c::Comment> comments;
    std::map<std::int64_t, std::string> document_titles;
    // paragraph id -> "§2.3"
    std::map<std::int64_t, std::string> places;
    // "<plan>/<commitment>" -> its title, in the plan's order.
    std::vector<std::pair<std::string, std::string>> commitments;
};

Result<Inputs> load_inputs(const Call& call, const storage::Consultation& consultation)
{
    Inputs inputs;
    auto& store = call.context.consultations;
    auto proposals = store.proposals(consultation.id);
    if (!proposals.ok())
        return std::move(proposals).error();
    inputs.proposals = std::move(*proposals);
    auto comments = store.comments(consultation.id);
    if (!comments.ok())
        return std::move(comments).error();
    inputs.comments = std::move(*comments);
    auto documents = store.documents(consultation.id);
    if (!documents.ok())
        return std::move(documents).error();
    for (const auto& document : *documents) {
        inputs.document_titles[document.id] = document.title;
        for (const auto& paragraph : document.paragraphs)
            inputs.places[paragraph.id] =
                "§" + std::to_string(paragraph.section) + "." + std::to_string(paragraph.number);
    }
    if (!consultation.record.plan.empty()) {
        auto plan = call.context.plan_cache.plan(consultation.record.plan);
        if (plan.ok()) {
            for (const auto& commitment : (*plan)->commitments)
                inputs.commitments.push_back({(*plan)->code + "/" + commitment.code,
                    commitment.code + " — " + commitment.title});
        } else if (plan.error().code != ErrorCode::not_found) {
            return std::move(plan).error();
        }
    }
    return inputs;
}

std::string input_anchor(c::ContentKind kind, std::int64_t id)
{
    return std::string(c::to_string(kind)) + "-" + std::to_string(id);
}

std::vector<Field> response_fields(
    const Call& call, const Inputs& inputs, c::ContentKind kind, std::int64_t id)
{
    std::vector<admin::Choice> outcome_choices = {
        {"", call.text("consultation_admin_choice_outcome")}};
    for (auto outcome : outcomes) {
        const std::string code(c::to_string(outcome));
        outcome_choices.push_back({code, call.text("consultation_admin_outcome_" + code)});
    }
    std::vector<Field> fields = {
        {"outcome", FieldKind::select, "consultation_admin_field_outcome", "", true,
            outcome_choices},
        {"justification", FieldKind::textarea, "consultation_admin_field_justification",
            "consultation_admin_hint_justification", false, {}},
    };
    if (!inputs.commitments.empty()) {
        std::vector<admin::Choice> choices = {{"", call.text("consultation_admin_choice_none")}};
        for (const auto& [key, title] : inputs.commitments)
            choices.push_back({key, title});
        fields.push_back({"commitment", FieldKind::select, "consultation_admin_field_commitment",
            "consultation_admin_hint_commitment", false, choices});
    }
    std::vector<admin::Choice> proposals = {{"", call.text("consultation_admin_choice_none")}};
    for (const auto& proposal : inputs.proposals) {
        if (kind == c::ContentKind::proposal && proposal.id == id)
            continue;
        proposals.push_back({std::to_string(proposal.id),
            "#" + std::to_string(proposal.id) + " — " + proposal.title});
    }
    if (proposals.size() > 1)
        fields.push_back({"merged_into", FieldKind::select, "consultation_admin_field_merged_into",
            "consultation_admin_hint_merged_into", false, proposals});
    return fields;
}

FormState response_state(const std::optional<c::InputResponse>& response)
{
    FormState state;
    if (!response)
        return state;
    state.set("outcome", std::string(c::to_string(response->outcome)));
    state.set("justification", response->justification);
    state.set("commitment", response->commitment);
    state.set("merged_into",
        response->merged_into ? std::to_string(*response->merged_into) : std::string());
    return state;
}

std::string proposal_title(const Inputs& inputs, std::int64_t id)
{
    for (const auto& proposal : inputs.proposals) {
        if (proposal.id == id)
            return "#" + std::to_string(id) + " — " + proposal.title;
    }
    return "#" + std::to_string(id);
}

Data answer_view(
    const Call& call, const Inputs& inputs, const std::optional<c::InputResponse>& response)
{
    if (!response)
        return Data(false);
    std::string commitment = response->commitment;
    for (const auto& [key, title] : inputs.commitments) {
        if (key == response->commitment)
            commitment = title;
    }
    Data view;
    view.set("outcome",
        call.text("consultation_admin_outcome_" + std::string(c::to_string(response->outcome))));
    view.set("justification", text_or_false(response->justification));
    view.set("commitment", text_or_false(commitment));
    view.set("merged",
        text_or_false(response->merged_into ? proposal_title(inputs, *response->merged_into)
                                            : std::string()));
    view.set("by", text_or_false(response->by_name));
    view.set("at", text_or_false(response->at.empty() ? std::string() : call.when(response->at)));
    return view;
}

Data hidden_view(const Call& call, const std::optional<c::Moderation>& hidden)
{
    if (!hidden)
        return Data(false);
    Data view;
    view.set("reason", hidden->reason);
    view.set("at", call.when(hidden->at));
    return view;
}

std::string author_text(const c::Author& author)
{
    return author.organisation.empty() ? author.name
                                       : author.name + " (" + author.organisation + ")";
}

// The form of one input: the refused one shows what was posted, the others their answer.
struct Refused {
    c::ContentKind kind;
    std::int64_t id;
    const FormState* state;
};

Data input_form(const Call& call, const Inputs& inputs, c::ContentKind kind, std::int64_t id,
    const std::optional<c::InputResponse>& response, const std::optional<Refused>& refused)
{
    const bool is_refused = refused && refused->kind == kind && refused->id == id;
    return admin::form_view(call.context, call.language, "answer-" + input_anchor(kind, id),
        response_fields(call, inputs, kind, id),
        is_refused ? *refused->state : response_state(response));
}

// The inputs page shows this many inputs at a time: each carries its answer form, whose lists
// grow with the consultation, and the page must stay light.
constexpr std::size_t inputs_per_page = 10;

// The page of the unfiltered list (proposals, then comments) that holds an input.
std::size_t page_of(const Inputs& inputs, c::ContentKind kind, std::int64_t id)
{
    std::size_t index = 0;
    if (kind == c::ContentKind::proposal) {
        while (index < inputs.proposals.size() && inputs.proposals[index].id != id)
            ++index;
    } else {
        index = inputs.proposals.size();
        for (const auto& comment : inputs.comments) {
            if (comment.id == id)
                break;
            ++index;
        }
    }
    return index / inputs_per_page + 1;
}

std::string inputs_path(std::int64_t consultation, std::size_t page)
{
    return consultation_path(consultation) + "/inputs" +
        (page > 1 ? "?page=" + std::to_string(page) : std::string());
}

Result<http::Response> inputs_view(const Call& call, const storage::Consultation& consultation,
    const Inputs& inputs, const std::optional<Refused>& refused, http::Status status)
{
    const bool awaiting_only = call.request.query("filter").value_or("") == "awaiting";
    // A refused answer is shown on the page that holds its input.
    std::size_t shown = 1;
    if (refused) {
        shown = page_of(inputs, refused->kind, refused->id);
    } else if (auto asked = parse_id(call.request.query("page").value_or("1"))) {
        shown = static_cast<std::size_t>(*asked);
    }
    const std::size_t first = (shown - 1) * inputs_per_page;
    std::size_t position = 0;
    // Counts the inputs the filter keeps; true for those on this page.
    auto on_page = [&] {
        const std::size_t at = position++;
        return at >= first && at < first + inputs_per_page;
    };
    std::size_t awaiting = 0;
    Data proposals{Data::type::list};
    for (const auto& proposal : inputs.proposals) {
        if (!proposal.response)
            ++awaiting;
        if (awaiting_only && proposal.response)
            continue;
        if (!on_page())
            continue;
        Data item;
        item.set("anchor", input_anchor(c::ContentKind::proposal, proposal.id));
        item.set("kind", "proposal");
        item.set("id", std::to_string(proposal.id));
        item.set("title", proposal.title);
        item.set("author", author_text(proposal.author));
        item.set("created", call.when(proposal.created_at));
        item.set("problem", text_or_false(proposal.problem));
        item.set("proposal", text_or_false(proposal.proposal));
        item.set("institution", text_or_false(proposal.institution));
        item.set("flags", proposal.flags > 0 ? Data(std::to_string(proposal.flags)) : Data(false));
        item.set("hidden", hidden_view(call, proposal.hidden));
        item.set("answer", answer_view(call, inputs, proposal.response));
        item.set("form",
            input_form(
                call, inputs, c::ContentKind::proposal, proposal.id, proposal.response, refused));
        proposals.push_back(item);
    }
    Data comments{Data::type::list};
    for (const auto& comment : inputs.comments) {
        if (!comment.response)
            ++awaiting;
        if (awaiting_only && comment.response)
            continue;
        if (!on_page())
            continue;
        Data item;
        item.set("anchor", input_anchor(c::ContentKind::comment, comment.id));
        item.set("kind", "comment");
        item.set("id", std::to_string(comment.id));
        const auto title = inputs.document_titles.find(comment.document_id);
        std::string place = title == inputs.document_titles.end() ? std::string() : title->second;
        std::string where = call.text("consultation_admin_whole_document");
        if (comment.paragraph_id) {
            const auto found = inputs.places.find(*comment.paragraph_id);
            if (found != inputs.places.end())
                where = found->second;
        }
        item.set("title",
            fill(call.text("consultation_admin_comment_heading"),
                {{"{id}", std::to_string(comment.id)}, {"{document}", place}, {"{place}", where}}));
        item.set("reply_to",
            comment.parent_id ? Data(fill(call.text("consultation_admin_reply_to"),
                                    {{"{id}", std::to_string(*comment.parent_id)}}))
                              : Data(false));
        item.set("stance",
            comment.stance == c::Stance::none ? Data(false)
                                              : Data(call.text("consultation_admin_stance_" +
                                                    std::string(c::to_string(comment.stance)))));
        item.set("author", author_text(comment.author));
        item.set("created", call.when(comment.created_at));
        item.set("body", comment.body);
        item.set("endorsements", std::to_string(comment.endorsements));
        item.set("flags", comment.flags > 0 ? Data(std::to_string(comment.flags)) : Data(false));
        item.set("hidden", hidden_view(call, comment.hidden));
        item.set("answer", answer_view(call, inputs, comment.response));
        item.set("form",
            input_form(
                call, inputs, c::ContentKind::comment, comment.id, comment.response, refused));
        comments.push_back(item);
    }
    const std::string path = consultation_path(consultation.id);
    Data view;
    view.set("title", consultation.record.title);
    view.set("consultation_url", path);
    view.set("inputs_url", path + "/inputs");
    view.set("responses_action", path + "/responses");
    view.set("awaiting_only", awaiting_only);
    view.set("awaiting_count", std::to_string(awaiting));
    view.set("all_count", std::to_string(inputs.proposals.size() + inputs.comments.size()));
    view.set("proposals", proposals);
    view.set("has_proposals", !proposals.is_empty_list());
    view.set("comments", comments);
    view.set("has_comments", !comments.is_empty_list());
    view.set("has_none", proposals.is_empty_list() && comments.is_empty_list());
    // The pages of what the filter keeps (position counted them all).
    const std::size_t pages =
        std::max<std::size_t>(1, (position + inputs_per_page - 1) / inputs_per_page);
    const std::string filter = awaiting_only ? "filter=awaiting&" : "";
    view.set("paged", pages > 1);
    view.set("page_text",
        fill(call.text("consultation_admin_page_of"),
            {{"{page}", std::to_string(shown)}, {"{pages}", std::to_string(pages)}}));
    view.set("previous_url",
        shown > 1 ? Data(path + "/inputs?" + filter + "page=" + std::to_string(shown - 1))
                  : Data(false));
    view.set("next_url",
        shown < pages ? Data(path + "/inputs?" + filter + "page=" + std::to_string(shown + 1))
                      : Data(false));
    // The refused form's error summary goes at the top of the page, where the reader starts.
    if (refused) {
        view.set("refused_form",
            admin::form_view(call.context, call.language,
                "answer-" + input_anchor(refused->kind, refused->id),
                response_fields(call, inputs, refused->kind, refused->id), *refused->state));
    } else {
        view.set("refused_form", false);
    }
    return page(call, "consultation_admin/inputs", view,
        fill(
            call.text("consultation_admin_inputs_title"), {{"{title}", consultation.record.title}}),
        refused.has_value(), status);
}

Result<http::Response> inputs_get(const Call& call)
{
    auto consultation = load_consultation(call);
    if (!consultation.ok())
        return std::move(consultation).error();
    auto inputs = load_inputs(call, *consultation);
    if (!inputs.ok())
        return std::move(inputs).error();
    return inputs_view(call, *consultation, *inputs, std::nullopt, http::Status::ok);
}

// The kind and id a POST names, when the consultation holds such an input (not_found otherwise).
Result<std::pair<c::ContentKind, std::int64_t>> posted_input(const Call& call, const Inputs& inputs)
{
    const auto kind = c::parse_content_kind(http::form_value(call.form, "kind"));
    const auto id = parse_id(http::form_value(call.form, "id"));
    if (!kind || !id)
        return fail(ErrorCode::not_found, "no such input", "id");
    const bool known = *kind == c::ContentKind::proposal
        ? std::any_of(inputs.proposals.begin(), inputs.proposals.end(),
              [&](const c::Proposal& proposal) { return proposal.id == *id; })
        : std::any_of(inputs.comments.begin(), inputs.comments.end(),
              [&](const c::Comment& comment) { return comment.id == *id; });
    if (!known)
        return fail(ErrorCode::not_found, "no such input", "id");
    return std::pair{*kind, *id};
}

// POST /admin/consultations/{id}/responses: the unit's answer to one input. "Not accepted"
// needs a justification (the OGP asks that every input left out be justified); a commitment is
// linked only to an accepted input and a proposal only to a merged one.
Result<http::Response> responses_post(const Call& call)
{
    auto consultation = load_consultation(call);
    if (!consultation.ok())
        return std::move(consultation).error();
    auto inputs = load_inputs(call, *consultation);
    if (!inputs.ok())
        return std::move(inputs).error();
    auto input = posted_input(call, *inputs);
    if (!input.ok())
        return std::move(input).error();
    // Plain variables, not a structured binding: the lambda below captures them, which clang
    // before 16 refuses for bindings (clang builds the fuzz targets).
    const c::ContentKind kind = input->first;
    const std::int64_t id = input->second;
    const auto fields = response_fields(call, *inputs, kind, id);
    FormState state = admin::state_from(call.form, fields);
    c::InputResponse response;
    const auto outcome = c::parse_outcome(state.value("outcome"));
    if (outcome)
        response.outcome = *outcome;
    else
        state.errors.try_emplace("outcome", call.text("consultation_admin_error_outcome"));
    response.justification = state.value("justification");
    if (outcome == c::Outcome::not_accepted && blank(response.justification))
        state.errors.try_emplace(
            "justification", call.text("consultation_admin_error_justification"));
    const std::string commitment = state.value("commitment");
    if (!commitment.empty()) {
        const bool known = std::any_of(inputs->commitments.begin(), inputs->commitments.end(),
            [&](const auto& entry) { return entry.first == commitment; });
        if (!known)
            state.errors.try_emplace("commitment", call.text("consultation_admin_error_choice"));
        else if (outcome && outcome != c::Outcome::accepted)
            state.errors.try_emplace(
                "commitment", call.text("consultation_admin_error_commitment_outcome"));
        response.commitment = commitment;
    }
    const std::string merged = state.value("merged_into");
    if (!merged.empty()) {
        const auto merged_id = parse_id(merged);
        const bool known = merged_id && !(kind == c::ContentKind::proposal && *merged_id == id) &&
            std::any_of(inputs->proposals.begin(), inputs->proposals.end(),
                [&](const c::Proposal& proposal) { return proposal.id == *merged_id; });
        if (!known)
            state.errors.try_emplace("merged_into", call.text("consultation_admin_error_choice"));
        else if (outcome && outcome != c::Outcome::merged)
            state.errors.try_emplace(
                "merged_into", call.text("consultation_admin_error_merged_outcome"));
        response.merged_into = merged_id;
    }
    return save_or_show_again(
        call, fields, state,
        [&]() -> Result<std::string> {
            auto saved = call.context.consultations.respond(consultation->id, kind, id, response,
                account::audit_actor(call.session.account), call.at());
            if (!saved.ok())
                return std::move(saved).error();
            return inputs_path(consultation->id, page_of(*inputs, kind, id)) + "#" +
                input_anchor(kind, id);
        },
        [&] {
            return inputs_view(
                call, *consultation, *inputs, Refused{kind, id, &state}, http::Status::bad_request);
        });
}

// ---- moderation ----

std::vector<Field> moderation_fields()
{
    return {{"reason", FieldKind::textarea, "consultation_admin_field_hide_reason",
        "consultation_admin_hint_hide_reason", true, {}}};
}

Result<http::Response> moderation_view(const Call& call, const storage::Consultation& consultation,
    const std::optional<Refused>& refused, http::Status status)
{
    auto& store = call.context.consultations;
    auto flagged = store.flagged(consultation.id);
    if (!flagged.ok())
        return std::move(flagged).error();
    auto inputs = load_inputs(call, consultation);
    if (!inputs.ok())
        return std::move(inputs).error();
    Data list{Data::type::list};
    for (const auto& content : *flagged) {
        Data item;
        item.set("anchor", input_anchor(content.kind, content.id));
        item.set("kind", std::string(c::to_string(content.kind)));
        item.set("id", std::to_string(content.id));
        item.set("flags",
            fill(call.text("consultation_admin_flag_count"),
                {{"{count}", std::to_string(content.flags)}}));
        item.set("latest", call.when(content.latest_flag_at));
        Data reasons{Data::type::list};
        for (const auto& reason : content.reasons)
            reasons.push_back(Data(reason));
        item.set("reasons", reasons);
        std::optional<c::Moderation> hidden;
        if (content.kind == c::ContentKind::proposal) {
            for (const auto& proposal : inputs->proposals) {
                if (proposal.id != content.id)
                    continue;
                item.set("heading",
                    fill(call.text("consultation_admin_proposal_heading"),
                        {{"{id}", std::to_string(proposal.id)}, {"{title}", proposal.title}}));
                item.set("author", author_text(proposal.author));
                item.set("text", proposal.problem + "\n\n" + proposal.proposal);
                hidden = proposal.hidden;
            }
        } else {
            for (const auto& comment : inputs->comments) {
                if (comment.id != content.id)
                    continue;
                item.set("heading",
                    fill(call.text("consultation_admin_comment_flagged_heading"),
                        {{"{id}", std::to_string(comment.id)}}));
                item.set("author", author_text(comment.author));
                item.set("text", comment.body);
                hidden = comment.hidden;
            }
        }
        item.set("hidden", hidden_view(call, hidden));
        const bool is_refused =
            refused && refused->kind == content.kind && refused->id == content.id;
        item.set("form",
            admin::form_view(call.context, call.language,
                "moderate-" + input_anchor(content.kind, content.id), moderation_fields(),
                is_refused ? *refused->state : FormState{}));
        list.push_back(item);
    }
    const std::string path = consultation_path(consultation.id);
    Data view;
    view.set("title", consultation.record.title);
    view.set("consultation_url", path);
    view.set("action", path + "/moderation");
    view.set("items", list);
    view.set("has_items", !list.is_empty_list());
    if (refused) {
        view.set("refused_form",
            admin::form_view(call.context, call.language,
                "moderate-" + input_anchor(refused->kind, refused->id), moderation_fields(),
                *refused->state));
    } else {
        view.set("refused_form", false);
    }
    return page(call, "consultation_admin/moderation", view,
        fill(call.text("consultation_admin_moderation_title"),
            {{"{title}", consultation.record.title}}),
        refused.has_value(), status);
}

Result<http::Response> moderation_get(const Call& call)
{
    auto consultation = load_consultation(call);
    if (!consultation.ok())
        return std::move(consultation).error();
    return moderation_view(call, *consultation, std::nullopt, http::Status::ok);
}

// POST /admin/consultations/{id}/moderation: hides content with a reason its author is shown
// (the reason is required), or shows it again.
Result<http::Response> moderation_post(const Call& call)
{
    auto consultation = load_consultation(call);
    if (!consultation.ok())
        return std::move(consultation).error();
    auto inputs = load_inputs(call, *consultation);
    if (!inputs.ok())
        return std::move(inputs).error();
    auto input = posted_input(call, *inputs);
    if (!input.ok())
        return std::move(input).error();
    // Plain variables: the lambda below captures them (see responses_post).
    const c::ContentKind kind = input->first;
    const std::int64_t id = input->second;
    const std::string action = http::form_value(call.form, "action");
    if (action != "hide" && action != "show")
        return fail(ErrorCode::invalid_argument, "action must be hide or show", "action");
    const bool hide = action == "hide";
    const auto fields = moderation_fields();
    FormState state = admin::state_from(call.form, fields);
    if (hide && blank(state.value("reason")))
        state.errors.try_emplace("reason", call.text("consultation_admin_error_hide_reason"));
    return save_or_show_again(
        call, fields, state,
        [&]() -> Result<std::string> {
            auto saved = call.context.consultations.set_hidden(consultation->id, kind, id, hide,
                hide ? state.value("reason") : std::string(),
                account::audit_actor(call.session.account), call.at());
            if (!saved.ok())
                return std::move(saved).error();
            return consultation_path(consultation->id) + "/moderation#" + input_anchor(kind, id);
        },
        [&] {
            return moderation_view(
                call, *consultation, Refused{kind, id, &state}, http::Status::bad_request);
        });
}

// ---- the gate ----

// Wraps a handler: only an account the authorisation table lets do action gets through; a
// signed-out visitor is sent to sign in (GET) or refused (POST); a POST's form must carry the
// session's CSRF token.
http::Handler gate(Context& context, accounts::Action action, Handler handler, bool post)
{
    return uncached([&context, action, handler = std::move(handler), post](
                        const http::Request& request,
                        i18n::Language language) -> Result<http::Response> {
        if (post) {
            auto signed_in = account::require_form(context, request, action);
            if (!signed_in.ok())
                return std::move(signed_in).error();
            return handler(Call{context, request, language, signed_in->session, signed_in->form});
        }
        auto session = account::require(context, request, action);
        if (!session.ok())
            return std::move(session).error();
        const http::FormFields no_form;
        return handler(Call{context, request, language, *session, no_form});
    });
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    const auto manage = accounts::Action::manage_consultations;
    const auto moderate = accounts::Action::moderate;
    auto get = [&](std::string path, accounts::Action action, Handler handler) {
        router.get(std::move(path), gate(context, action, std::move(handler), false));
    };
    auto post = [&](std::string path, accounts::Action action, Handler handler) {
        router.post(std::move(path), gate(context, action, std::move(handler), true));
    };
    get("/admin/consultations", manage, list_get);
    get("/admin/consultations/new", manage, new_get);
    post("/admin/consultations/new", manage, new_post);
    get("/admin/consultations/{id}", manage, consultation_get);
    post("/admin/consultations/{id}", manage, consultation_post);
    post("/admin/consultations/{id}/documents", manage, documents_post);
    get("/admin/consultations/{id}/inputs", manage, inputs_get);
    post("/admin/consultations/{id}/responses", manage, responses_post);
    get("/admin/consultations/{id}/moderation", moderate, moderation_get);
    post("/admin/consultations/{id}/moderation", moderate, moderation_post);
}

}  // namespace tablero::web::consultation_admin
