#include "web/monitoring/routes.h"

#include "domain/accounts/authorisation.h"
#include "domain/plans/model.h"
#include "web/account/session.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <array>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace tablero::web::monitoring {

namespace {

using Data = kainjow::mustache::data;

// A justification or a statement longer than this is refused: about four pages of text.
constexpr std::size_t longest_text = 10000;

// What a form shows again after a refused POST: the values sent and the messages by field.
struct FormState {
    std::map<std::string, std::string, std::less<>> values;
    std::map<std::string, std::string, std::less<>> errors;
};

// Which of the two forms.
enum class Form { assessment, dissent };

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

// Mustache renders a section for any string, even an empty one: absent text must be false.
Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

std::string value_of(
    const std::map<std::string, std::string, std::less<>>& map, std::string_view key)
{
    const auto found = map.find(key);
    return found == map.end() ? std::string() : found->second;
}

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The commitment a form is about: its plan and code from the path, loaded alone.
Result<plans::Plan> load(Context& context, const http::Request& request)
{
    return context.plans.load_commitment(
        std::string(request.param("plan")), std::string(request.param("code")));
}

// The one gate of both forms: the session whose account the authorisation table lets record on
// this commitment (scope: its lead institution).
Result<storage::SessionRecord> allowed(
    Context& context, const http::Request& request, Form form, const plans::Commitment& commitment)
{
    return account::require(context, request,
        form == Form::assessment ? accounts::Action::record_assessment
                                 : accounts::Action::record_dissent,
        accounts::Scope{commitment.lead_institution});
}

// A field's view: id, error and aria-describedby, for the templates' own markup.
Data field_view(std::string_view form_id, std::string_view name, const FormState& state)
{
    const std::string id = std::string(form_id) + "-" + std::string(name);
    const std::string error = value_of(state.errors, name);
    Data field;
    field.set("id", id);
    field.set("error", text_or_false(error));
    field.set("value", value_of(state.values, name));
    return field;
}

// The error summary, each message linked to its field (GOV.UK's pattern): read first.
Data error_summary(
    std::string_view form_id, std::span<const std::string_view> names, const FormState& state)
{
    Data list{Data::type::list};
    for (std::string_view name : names) {
        const std::string error = value_of(state.errors, name);
        if (error.empty())
            continue;
        Data item;
        item.set("id", std::string(form_id) + "-" + std::string(name));
        item.set("text", error);
        list.push_back(item);
    }
    return list;
}

constexpr std::array<std::string_view, 3> assessment_fields = {"level", "date", "justification"};
constexpr std::array<std::string_view, 1> dissent_fields = {"statement"};
constexpr std::array levels = {plans::CompletionLevel::not_started, plans::CompletionLevel::limited,
    plans::CompletionLevel::substantial, plans::CompletionLevel::complete};

// Which side a signed-in account records for: civil society (a monitor's organisation) or the
// government (the Open Government Unit's administrators).
plans::Assessor side_of(const storage::Account& account)
{
    return account.role == accounts::Role::monitor ? plans::Assessor::civil_society
                                                   : plans::Assessor::government;
}

Result<http::Response> form_page(Context& context, const http::Request& request,
    i18n::Language language, Form form, const plans::Plan& plan,
    const storage::SessionRecord& session, const FormState& state, http::Status status)
{
    const plans::Commitment& commitment = plan.commitments[0];
    const bool is_assessment = form == Form::assessment;
    const std::string form_id = is_assessment ? "assessment" : "dissent";
    const std::string path = commitment_path(plan.code, commitment.code);
    Data view;
    view.set("plan_title", plan.title);
    view.set("plan_url", plan_path(plan.code));
    view.set("code", commitment.code);
    view.set("title", commitment.title);
    view.set("commitment_url", path);
    view.set("action", path + "/" + form_id);
    view.set("csrf", session.csrf_token);
    const bool civil_society = side_of(session.account) == plans::Assessor::civil_society;
    view.set("civil_society", civil_society);
    view.set("organisation", text_or_false(session.account.organisation));
    const std::string whole = value_of(state.errors, "form");
    view.set("form_error", text_or_false(whole));

    Data summary = is_assessment ? error_summary(form_id, assessment_fields, state)
                                 : error_summary(form_id, dissent_fields, state);
    if (!whole.empty()) {
        Data item;
        item.set("id", form_id + "-" + std::string(is_assessment ? "level" : "statement"));
        item.set("text", whole);
        summary.push_back(item);
    }
    view.set("has_errors", !summary.is_empty_list());
    view.set("errors", summary);

    if (is_assessment) {
        Data level = field_view(form_id, "level", state);
        Data options{Data::type::list};
        const std::string chosen = value_of(state.values, "level");
        for (const auto value : levels) {
            const std::string code(plans::to_string(value));
            Data option;
            option.set("code", code);
            option.set("label", message(context, language, "commitment_level_" + code));
            option.set("selected", code == chosen);
            options.push_back(option);
        }
        level.set("options", options);
        view.set("level", level);
        view.set("date", field_view(form_id, "date", state));
        view.set("justification", field_view(form_id, "justification", state));
    } else {
        view.set("statement", field_view(form_id, "statement", state));
    }

    std::string title = message(context, language,
        is_assessment ? "monitoring_assessment_title" : "monitoring_dissent_title");
    if (!state.errors.empty())
        title = message(context, language, "monitoring_error_title_prefix") + " " + title;
    auto response = render_page(context, request, language,
        is_assessment ? "monitoring/assessment" : "monitoring/dissent", view,
        {.title = std::move(title), .stylesheets = {"css/account.css", "css/monitoring.css"}});
    if (!response.ok())
        return response;
    response->result(status);
    account::forbid_storing(*response);
    return response;
}

// GET: anonymous visitors are sent to sign in and back; others see the form when the table
// lets them, and the refusal otherwise.
Result<http::Response> show(
    Context& context, const http::Request& request, i18n::Language language, Form form)
{
    auto plan = load(context, request);
    if (!plan.ok())
        return std::move(plan).error();
    auto session = allowed(context, request, form, plan->commitments[0]);
    if (!session.ok())
        return std::move(session).error();
    FormState state;
    if (form == Form::assessment)
        state.values["date"] = to_iso(context.clock.today());
    return form_page(context, request, language, form, *plan, *session, state, http::Status::ok);
}

Result<http::Response> save(
    Context& context, const http::Request& request, i18n::Language language, Form form)
{
    auto fields = http::parse_form(request.body());
    if (!fields.ok())
        return std::move(fields).error();
    auto plan = load(context, request);
    if (!plan.ok())
        return std::move(plan).error();
    const plans::Commitment& commitment = plan->commitments[0];
    auto session = allowed(context, request, form, commitment);
    if (!session.ok())
        return std::move(session).error();
    if (auto checked = account::check_session_csrf(context, request, *session, *fields);
        !checked.ok())
        return std::move(checked).error();

    const storage::Account& account = session->account;
    const storage::AuditActor by = account::audit_actor(account);
    const std::string at = storage::to_sql_timestamp(context.clock.now());
    FormState state;
    Result<void> saved;
    if (form == Form::assessment) {
        for (std::string_view name : assessment_fields)
            state.values[std::string(name)] = http::form_value(*fields, name);
        const auto level = plans::parse_completion_level(state.values["level"]);
        if (!level)
            state.errors["level"] = message(context, language, "monitoring_error_level");
        const auto date = parse_iso_date(state.values["date"]);
        if (!date.ok())
            state.errors["date"] = message(context, language, "monitoring_error_date");
        const std::string& justification = state.values["justification"];
        if (blank(justification))
            state.errors["justification"] =
                message(context, language, "monitoring_error_justification");
        else if (justification.size() > longest_text)
            state.errors["justification"] = message(context, language, "monitoring_error_long");
        if (state.errors.empty()) {
            const plans::Assessor side = side_of(account);
            saved = context.monitoring.record_assessment(
                {plan->code, commitment.code, side,
                    side == plans::Assessor::civil_society ? account.organisation : std::string(),
                    *level, *date, justification},
                by, at);
        }
    } else {
        state.values["statement"] = http::form_value(*fields, "statement");
        const std::string& statement = state.values["statement"];
        if (blank(statement))
            state.errors["statement"] = message(context, language, "monitoring_error_statement");
        else if (statement.size() > longest_text)
            state.errors["statement"] = message(context, language, "monitoring_error_long");
        if (state.errors.empty())
            saved = context.monitoring.record_dissent(
                {plan->code, commitment.code, account.organisation, statement}, by, at);
    }
    if (!saved.ok()) {
        // A monitor account made without an organisation cannot speak for one.
        if (saved.error().code != ErrorCode::invalid_argument)
            return std::move(saved).error();
        state.errors["form"] = message(context, language, "monitoring_error_organisation");
    }
    if (!state.errors.empty())
        return form_page(
            context, request, language, form, *plan, *session, state, http::Status::bad_request);

    return account::see_other(
        request, commitment_path(plan->code, commitment.code) + "#assessments-heading");
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    auto page = [&context](Form form, bool post) {
        return uncached(
            [&context, form, post](const http::Request& request, i18n::Language language) {
                return post ? save(context, request, language, form)
                            : show(context, request, language, form);
            });
    };
    router.get("/plans/{plan}/commitments/{code}/assessment", page(Form::assessment, false));
    router.post("/plans/{plan}/commitments/{code}/assessment", page(Form::assessment, true));
    router.get("/plans/{plan}/commitments/{code}/dissent", page(Form::dissent, false));
    router.post("/plans/{plan}/commitments/{code}/dissent", page(Form::dissent, true));
}

}  // namespace tablero::web::monitoring
