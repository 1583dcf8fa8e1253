#include "web/admin/routes.h"

#include "domain/i18n/format.h"
#include "domain/plans/plan_editing.h"
#include "web/account/session.h"
#include "web/admin/form.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <spdlog/spdlog.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web::admin {

namespace {

using storage::SaveMode;

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

std::string segment(std::string_view text)
{
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

std::string admin_plan_path(std::string_view plan)
{
    return "/admin/plans/" + segment(plan);
}

std::string admin_commitment_path(std::string_view plan, std::string_view commitment)
{
    return admin_plan_path(plan) + "/commitments/" + segment(commitment);
}

std::string admin_node_path(
    std::string_view plan, std::string_view commitment, std::string_view node)
{
    return admin_commitment_path(plan, commitment) + "/results/" + segment(node);
}

std::string institution_path(std::string_view code)
{
    return "/admin/institutions/" + segment(code);
}

std::string number_text(const std::optional<double>& number)
{
    return number ? plain_number(*number) : std::string();
}

std::string date_text(const std::optional<Date>& date)
{
    return date ? to_iso(*date) : std::string();
}

// What every handler of this feature is given: the signed-in administrator, and for a POST the
// form (its CSRF token already checked).
struct Call {
    Context& context;
    const http::Request& request;
    i18n::Language language;
    const storage::SessionRecord& session;
    const http::FormFields& form;

    std::string at() const { return storage::to_sql_timestamp(context.clock.now()); }
    std::string text(std::string_view key) const { return message(context, language, key); }
};

using Handler = std::function<Result<http::Response>(const Call&)>;

// A page of this feature, rendered in the layout with the admin stylesheet, never stored.
Result<http::Response> admin_page(const Call& call, std::string_view page, Data view,
    std::string title, bool refused, http::Status status = http::Status::ok)
{
    view.set("csrf", call.session.csrf_token);
    if (refused)
        title = call.text("admin_error_title_prefix") + " " + title;
    // The notice after a 303 from a saved form (?saved=plan).
    const std::string saved = call.request.query("saved").value_or("");
    const bool known = saved == "institution" || saved == "plan" || saved == "area" ||
        saved == "commitment" || saved == "result";
    view.set("notice", text_or_false(known && !refused ? call.text("admin_saved_" + saved) : ""));
    auto response = render_page(call.context, call.request, call.language, page, view,
        {.title = std::move(title), .stylesheets = {"css/admin.css"}});
    if (!response.ok())
        return response;
    response->result(status);
    account::forbid_storing(*response);
    return response;
}

// ---- choices ----

std::vector<Choice> organisation_kind_choices(const Call& call)
{
    std::vector<Choice> out;
    for (auto kind : {plans::OrganisationKind::executive, plans::OrganisationKind::parliament,
             plans::OrganisationKind::municipality, plans::OrganisationKind::other}) {
        const std::string code(to_string(kind));
        out.push_back({code, call.text("admin_kind_" + code)});
    }
    return out;
}

std::vector<Choice> lifecycle_choices(const Call& call)
{
    std::vector<Choice> out;
    for (auto lifecycle :
        {plans::Lifecycle::draft, plans::Lifecycle::consultation, plans::Lifecycle::adopted,
            plans::Lifecycle::implementation, plans::Lifecycle::closed}) {
        const std::string code(to_string(lifecycle));
        out.push_back({code, call.text("board_lifecycle_" + code)});
    }
    return out;
}

std::vector<Choice> node_kind_choices(const Call& call)
{
    std::vector<Choice> out;
    for (auto kind :
        {plans::NodeKind::result, plans::NodeKind::milestone, plans::NodeKind::activity}) {
        const std::string code(to_string(kind));
        out.push_back({code, call.text("admin_node_kind_" + code)});
    }
    return out;
}

// ---- fields ----

std::vector<Field> institution_fields(const Call& call, bool creating)
{
    std::vector<Field> fields;
    if (creating)
        fields.push_back(
            {"code", FieldKind::text, "admin_field_code", "admin_hint_code", true, {}});
    fields.push_back({"name", FieldKind::text, "admin_field_name", "", true, {}});
    fields.push_back({"kind", FieldKind::select, "admin_field_kind", "", false,
        organisation_kind_choices(call)});
    return fields;
}

std::vector<Field> plan_fields(
    const Call& call, bool creating, const std::vector<plans::Organisation>& organisations)
{
    std::vector<Choice> institutions = {{"", call.text("admin_choice_none")}};
    for (const auto& organisation : organisations)
        institutions.push_back({organisation.code, organisation.name});
    std::vector<Field> fields;
    if (creating)
        fields.push_back(
            {"code", FieldKind::text, "admin_field_code", "admin_hint_code", true, {}});
    fields.push_back({"title", FieldKind::text, "admin_field_title", "", true, {}});
    fields.push_back(
        {"organisation", FieldKind::select, "admin_field_organisation", "", false, institutions});
    fields.push_back(
        {"period_start", FieldKind::date, "admin_field_period_start", "admin_hint_date", true, {}});
    fields.push_back(
        {"period_end", FieldKind::date, "admin_field_period_end", "admin_hint_date", true, {}});
    fields.push_back({"lifecycle", FieldKind::select, "admin_field_lifecycle", "", false,
        lifecycle_choices(call)});
    return fields;
}

std::vector<Field> area_fields()
{
    return {{"code", FieldKind::text, "admin_field_code", "admin_hint_area_code", true, {}},
        {"title", FieldKind::text, "admin_field_title", "", true, {}}};
}

std::vector<Field> commitment_fields(const Call& call, bool creating, const plans::Plan& plan)
{
    std::vector<Choice> areas = {{"", call.text("admin_choice_none")}};
    for (const auto& area : plan.areas)
        areas.push_back({area.code, area.title});
    std::vector<Choice> values;
    for (auto value : {plans::OgpValue::access_to_information, plans::OgpValue::civic_participation,
             plans::OgpValue::public_accountability, plans::OgpValue::technology_and_innovation}) {
        const std::string code(to_string(value));
        values.push_back({code, call.text("commitment_value_" + code)});
    }
    std::vector<Choice> challenges;
    for (auto challenge : {plans::GrandChallenge::improving_public_services,
             plans::GrandChallenge::increasing_public_integrity,
             plans::GrandChallenge::managing_public_resources,
             plans::GrandChallenge::creating_safer_communities,
             plans::GrandChallenge::increasing_corporate_accountability}) {
        const std::string code(to_string(challenge));
        challenges.push_back({code, call.text("commitment_challenge_" + code)});
    }
    std::vector<Field> fields;
    if (creating)
        fields.push_back(
            {"code", FieldKind::text, "admin_field_code", "admin_hint_code", true, {}});
    fields.push_back({"title", FieldKind::text, "admin_field_title", "", true, {}});
    fields.push_back({"area", FieldKind::select, "admin_field_area", "", false, areas});
    fields.push_back(
        {"weight", FieldKind::number, "admin_field_weight", "admin_hint_weight", false, {}});
    fields.push_back({"lead_institution", FieldKind::text, "admin_field_lead_institution",
        "admin_hint_lead_institution", false, {}});
    fields.push_back(
        {"responsible_name", FieldKind::text, "admin_field_responsible_name", "", false, {}});
    fields.push_back({"responsible_position", FieldKind::text, "admin_field_responsible_position",
        "", false, {}});
    fields.push_back(
        {"responsible_email", FieldKind::email, "admin_field_responsible_email", "", false, {}});
    fields.push_back(
        {"responsible_phone", FieldKind::text, "admin_field_responsible_phone", "", false, {}});
    fields.push_back({"other_actors", FieldKind::textarea, "admin_field_other_actors",
        "admin_hint_other_actors", false, {}});
    fields.push_back({"main_goal", FieldKind::textarea, "admin_field_main_goal", "", false, {}});
    fields.push_back({"brief_description", FieldKind::textarea, "admin_field_brief_description",
        "admin_hint_brief_description", false, {}});
    fields.push_back(
        {"public_problem", FieldKind::textarea, "admin_field_public_problem", "", false, {}});
    fields.push_back(
        {"ogp_values", FieldKind::checkboxes, "admin_field_ogp_values", "", false, values});
    fields.push_back({"ambition", FieldKind::textarea, "admin_field_ambition", "", false, {}});
    fields.push_back({"grand_challenges", FieldKind::checkboxes, "admin_field_grand_challenges", "",
        false, challenges});
    fields.push_back(
        {"start_date", FieldKind::date, "admin_field_start_date", "admin_hint_date", false, {}});
    fields.push_back(
        {"end_date", FieldKind::date, "admin_field_end_date", "admin_hint_date", false, {}});
    fields.push_back({"next_steps", FieldKind::textarea, "admin_field_next_steps", "", false, {}});
    fields.push_back({"additional_information", FieldKind::textarea,
        "admin_field_additional_information", "", false, {}});
    return fields;
}

// Every node of a commitment in pre-order, each with its depth.
struct FlatNode {
    const plans::Node* node;
    int depth;
};

void flatten(const std::vector<plans::Node>& nodes, int depth, std::vector<FlatNode>& out)
{
    for (const auto& node : nodes) {
        out.push_back({&node, depth});
        flatten(node.children, depth + 1, out);
    }
}

std::vector<FlatNode> flat_nodes(const plans::Commitment& commitment)
{
    std::vector<FlatNode> out;
    flatten(commitment.results, 0, out);
    return out;
}

std::vector<Field> node_fields(
    const Call& call, bool creating, const plans::Commitment& commitment, std::string_view self)
{
    std::vector<Choice> parents = {{"", call.text("admin_choice_top_level")}};
    for (const auto& flat : flat_nodes(commitment)) {
        if (flat.node->code != self)
            parents.push_back({flat.node->code, flat.node->code + " — " + flat.node->title});
    }
    std::vector<Field> fields;
    if (creating)
        fields.push_back(
            {"code", FieldKind::text, "admin_field_code", "admin_hint_code", true, {}});
    fields.push_back({"title", FieldKind::text, "admin_field_title", "", true, {}});
    fields.push_back(
        {"kind", FieldKind::select, "admin_field_node_kind", "", false, node_kind_choices(call)});
    fields.push_back(
        {"weight", FieldKind::number, "admin_field_weight", "admin_hint_weight", false, {}});
    fields.push_back(
        {"start_date", FieldKind::date, "admin_field_start_date", "admin_hint_date", false, {}});
    fields.push_back(
        {"due_date", FieldKind::date, "admin_field_due_date", "admin_hint_date", false, {}});
    fields.push_back({"parent", FieldKind::select, "admin_field_parent", "", false, parents});
    return fields;
}

// ---- states from what is stored ----

FormState institution_state(const plans::Organisation& organisation)
{
    FormState state;
    state.set("code", organisation.code);
    state.set("name", organisation.name);
    state.set("kind", std::string(to_string(organisation.kind)));
    return state;
}

FormState plan_state(const plans::Plan& plan)
{
    FormState state;
    state.set("code", plan.code);
    state.set("title", plan.title);
    state.set("organisation", plan.organisation);
    state.set("period_start", to_iso(plan.period_start));
    state.set("period_end", to_iso(plan.period_end));
    state.set("lifecycle", std::string(to_string(plan.lifecycle)));
    return state;
}

// Other actors as the form writes them: one a line, "kind: name".
std::string actors_text(const std::vector<plans::Actor>& actors)
{
    std::string text;
    for (const auto& actor : actors)
        text += (text.empty() ? "" : "\n") + std::string(to_string(actor.kind)) + ": " + actor.name;
    return text;
}

std::vector<plans::Actor> parse_actors(const std::string& text)
{
    std::vector<plans::Actor> actors;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        while (!line.empty() && line.front() == ' ')
            line.erase(line.begin());
        if (line.empty())
            continue;
        plans::Actor actor{plans::ActorKind::other, line};
        // "civil_society: TEDIC"; a line without a known kind is an actor of kind other.
        if (auto colon = line.find(':'); colon != std::string::npos) {
            if (auto kind = plans::parse_actor_kind(line.substr(0, colon))) {
                std::string name = line.substr(colon + 1);
                while (!name.empty() && name.front() == ' ')
                    name.erase(name.begin());
                actor = {*kind, name};
            }
        }
        actors.push_back(actor);
    }
    return actors;
}

FormState commitment_state(const plans::Commitment& c)
{
    FormState state;
    state.set("code", c.code);
    state.set("title", c.title);
    state.set("area", c.area);
    state.set("weight", number_text(c.weight));
    state.set("lead_institution", c.lead_institution);
    state.set("responsible_name", c.responsible.name);
    state.set("responsible_position", c.responsible.position);
    state.set("responsible_email", c.responsible.email);
    state.set("responsible_phone", c.responsible.phone);
    state.set("other_actors", actors_text(c.other_actors));
    state.set("main_goal", c.main_goal);
    state.set("brief_description", c.brief_description);
    state.set("public_problem", c.public_problem);
    state.values["ogp_values"].clear();
    for (auto value : c.ogp_values)
        state.values["ogp_values"].emplace_back(to_string(value));
    state.set("ambition", c.ambition);
    state.values["grand_challenges"].clear();
    for (auto challenge : c.grand_challenges)
        state.values["grand_challenges"].emplace_back(to_string(challenge));
    state.set("start_date", date_text(c.start_date));
    state.set("end_date", date_text(c.end_date));
    state.set("next_steps", c.next_steps);
    state.set("additional_information", c.additional_information);
    return state;
}

FormState node_state(const plans::Node& node, const std::string& parent)
{
    FormState state;
    state.set("code", node.code);
    state.set("title", node.title);
    state.set("kind", std::string(to_string(node.kind)));
    state.set("weight", number_text(node.weight));
    state.set("start_date", date_text(node.start_date));
    state.set("due_date", date_text(node.due_date));
    state.set("parent", parent);
    return state;
}

// ---- reading forms into the plan's terms ----

void unknown_choice(std::vector<plans::EditProblem>& problems, const std::string& field)
{
    problems.push_back({field, plans::EditRule::unknown_choice, "not one of the choices"});
}

plans::Organisation read_institution(
    const FormState& state, const std::string& code, std::vector<plans::EditProblem>& problems)
{
    plans::Organisation organisation{code, state.value("name"), plans::OrganisationKind::executive};
    if (auto kind = plans::parse_organisation_kind(state.value("kind")))
        organisation.kind = *kind;
    else
        unknown_choice(problems, "kind");
    return organisation;
}

plans::Plan read_plan(
    const FormState& state, const std::string& code, std::vector<plans::EditProblem>& problems)
{
    plans::Plan plan;
    plan.code = code;
    plan.title = state.value("title");
    plan.organisation = state.value("organisation");
    auto start = plans::read_date(state.value("period_start"), "period_start", problems);
    auto end = plans::read_date(state.value("period_end"), "period_end", problems);
    for (const auto& [field, date] :
        {std::pair{"period_start", start}, std::pair{"period_end", end}}) {
        if (!date && state.value(field).empty())
            problems.push_back({field, plans::EditRule::required, "a date is required"});
    }
    if (start)
        plan.period_start = *start;
    plan.period_end = end ? *end : plan.period_start;
    if (!start && end)
        plan.period_start = *end;
    if (auto lifecycle = plans::parse_lifecycle(state.value("lifecycle")))
        plan.lifecycle = *lifecycle;
    else
        unknown_choice(problems, "lifecycle");
    return plan;
}

plans::Commitment read_commitment(
    const FormState& state, const std::string& code, std::vector<plans::EditProblem>& problems)
{
    plans::Commitment c;
    c.code = code;
    c.title = state.value("title");
    c.area = state.value("area");
    c.weight = plans::read_weight(state.value("weight"), "weight", problems);
    c.lead_institution = state.value("lead_institution");
    c.responsible = {state.value("responsible_name"), state.value("responsible_position"),
        state.value("responsible_email"), state.value("responsible_phone")};
    c.other_actors = parse_actors(state.value("other_actors"));
    c.main_goal = state.value("main_goal");
    c.brief_description = state.value("brief_description");
    c.public_problem = state.value("public_problem");
    if (auto found = state.values.find("ogp_values"); found != state.values.end()) {
        for (const auto& text : found->second) {
            if (auto value = plans::parse_ogp_value(text))
                c.ogp_values.insert(*value);
            else
                unknown_choice(problems, "ogp_values");
        }
    }
    c.ambition = state.value("ambition");
    if (auto found = state.values.find("grand_challenges"); found != state.values.end()) {
        for (const auto& text : found->second) {
            if (auto challenge = plans::parse_grand_challenge(text))
                c.grand_challenges.insert(*challenge);
            else
                unknown_choice(problems, "grand_challenges");
        }
    }
    c.start_date = plans::read_date(state.value("start_date"), "start_date", problems);
    c.end_date = plans::read_date(state.value("end_date"), "end_date", problems);
    c.next_steps = state.value("next_steps");
    c.additional_information = state.value("additional_information");
    return c;
}

plans::NodeFields read_node(
    const FormState& state, const std::string& code, std::vector<plans::EditProblem>& problems)
{
    plans::NodeFields node;
    node.code = code;
    node.title = state.value("title");
    if (auto kind = plans::parse_node_kind(state.value("kind")))
        node.kind = *kind;
    else
        unknown_choice(problems, "kind");
    node.weight = plans::read_weight(state.value("weight"), "weight", problems);
    node.start_date = plans::read_date(state.value("start_date"), "start_date", problems);
    node.due_date = plans::read_date(state.value("due_date"), "due_date", problems);
    node.parent = state.value("parent");
    return node;
}

// A store's refusal of a form that passed the checks here (the database changed meanwhile):
// beside its field when it names one of the form's, otherwise the whole request fails.
bool store_refusal(
    const Call& call, const Error& error, const std::vector<Field>& fields, FormState& state)
{
    if (error.code != ErrorCode::invalid_argument && error.code != ErrorCode::already_exists)
        return false;
    for (const Field& field : fields) {
        if (field.name == error.where) {
            state.errors[field.name] = error.code == ErrorCode::already_exists
                ? call.text("admin_error_duplicate_code")
                : error.message;
            return true;
        }
    }
    return false;
}

// The end of every admin form whose problems are already beside their fields: when there are
// none, the write and a 303 to saved_to; otherwise, or when the store refuses what only it could
// know (a code taken meanwhile, now beside its field too), the form again.
Result<http::Response> save_or_show_again(const Call& call, const std::vector<Field>& fields,
    FormState& state, const std::function<Result<void>()>& write, const std::string& saved_to,
    const std::function<Result<http::Response>()>& again)
{
    if (state.errors.empty()) {
        auto saved = write();
        if (saved.ok())
            return account::see_other(call.request, saved_to);
        if (!store_refusal(call, saved.error(), fields, state))
            return std::move(saved).error();
    }
    return again();
}

std::map<std::string, std::string> parents_of(const plans::Commitment& commitment)
{
    std::map<std::string, std::string> parents;
    std::function<void(const std::vector<plans::Node>&, const std::string&)> walk =
        [&](const std::vector<plans::Node>& nodes, const std::string& parent) {
            for (const auto& node : nodes) {
                parents.emplace(node.code, parent);
                walk(node.children, node.code);
            }
        };
    walk(commitment.results, "");
    return parents;
}

plans::PlanFrame frame_of(const plans::Plan& plan)
{
    plans::PlanFrame frame{plan.period_start, plan.period_end, {}};
    for (const auto& area : plan.areas)
        frame.area_codes.insert(area.code);
    return frame;
}

// ---- /admin ----

Result<http::Response> index_get(const Call& call)
{
    auto plans = call.context.plans.list_plans();
    if (!plans.ok())
        return std::move(plans).error();
    auto organisations = call.context.plan_editor.organisations();
    if (!organisations.ok())
        return std::move(organisations).error();
    Data plan_list{Data::type::list};
    for (const auto& plan : *plans) {
        Data item;
        item.set("code", plan.code);
        item.set("title", plan.title);
        item.set("period", to_iso(plan.period_start) + " – " + to_iso(plan.period_end));
        item.set("edit_url", admin_plan_path(plan.code));
        item.set("public_url", plan_path(plan.code));
        plan_list.push_back(item);
    }
    Data institution_list{Data::type::list};
    for (const auto& organisation : *organisations) {
        Data item;
        item.set("code", organisation.code);
        item.set("name", organisation.name);
        item.set("edit_url", institution_path(organisation.code));
        institution_list.push_back(item);
    }
    Data view;
    view.set("plans", plan_list);
    view.set("has_plans", !plan_list.is_empty_list());
    view.set("institutions", institution_list);
    view.set("has_institutions", !institution_list.is_empty_list());
    return admin_page(call, "admin/index", view, call.text("admin_title"), false);
}

// ---- institutions ----

Result<http::Response> institutions_view(
    const Call& call, const FormState& state, http::Status status)
{
    auto organisations = call.context.plan_editor.organisations();
    if (!organisations.ok())
        return std::move(organisations).error();
    Data list{Data::type::list};
    for (const auto& organisation : *organisations) {
        Data item;
        item.set("code", organisation.code);
        item.set("name", organisation.name);
        item.set("kind", call.text("admin_kind_" + std::string(to_string(organisation.kind))));
        item.set("edit_url", institution_path(organisation.code));
        list.push_back(item);
    }
    Data view;
    view.set("institutions", list);
    view.set("has_institutions", !list.is_empty_list());
    view.set("form",
        form_view(
            call.context, call.language, "institution", institution_fields(call, true), state));
    return admin_page(call, "admin/institutions", view, call.text("admin_institutions_title"),
        !state.errors.empty(), status);
}

Result<http::Response> institutions_get(const Call& call)
{
    return institutions_view(call, {}, http::Status::ok);
}

Result<http::Response> institutions_post(const Call& call)
{
    const auto fields = institution_fields(call, true);
    FormState state = state_from(call.form, fields);
    std::vector<plans::EditProblem> problems;
    const plans::Organisation organisation = read_institution(state, state.value("code"), problems);
    auto organisations = call.context.plan_editor.organisations();
    if (!organisations.ok())
        return std::move(organisations).error();
    std::set<std::string> taken;
    for (const auto& existing : *organisations)
        taken.insert(existing.code);
    auto checked = plans::check_organisation(organisation, taken, true);
    problems.insert(problems.end(), checked.begin(), checked.end());
    add_problems(call.context, call.language, problems, state);
    return save_or_show_again(
        call, fields, state,
        [&] {
            return call.context.plan_editor.save_organisation(organisation, SaveMode::create,
                account::audit_actor(call.session.account), call.at());
        },
        institution_path(organisation.code) + "?saved=institution",
        [&] { return institutions_view(call, state, http::Status::bad_request); });
}

Result<std::optional<plans::Organisation>> find_institution(const Call& call)
{
    auto organisations = call.context.plan_editor.organisations();
    if (!organisations.ok())
        return std::move(organisations).error();
    for (const auto& organisation : *organisations) {
        if (organisation.code == call.request.param("code"))
            return std::optional<plans::Organisation>(organisation);
    }
    return fail(
        ErrorCode::not_found, "no institution " + std::string(call.request.param("code")), "code");
}

Result<http::Response> institution_view(const Call& call, const plans::Organisation& stored,
    const FormState& state, http::Status status)
{
    Data view;
    view.set("code", stored.code);
    view.set("name", stored.name);
    view.set("action", institution_path(stored.code));
    view.set("form",
        form_view(
            call.context, call.language, "institution", institution_fields(call, false), state));
    return admin_page(call, "admin/institution", view, stored.name, !state.errors.empty(), status);
}

Result<http::Response> institution_get(const Call& call)
{
    auto stored = find_institution(call);
    if (!stored.ok())
        return std::move(stored).error();
    return institution_view(call, **stored, institution_state(**stored), http::Status::ok);
}

Result<http::Response> institution_post(const Call& call)
{
    auto stored = find_institution(call);
    if (!stored.ok())
        return std::move(stored).error();
    const auto fields = institution_fields(call, false);
    FormState state = state_from(call.form, fields);
    std::vector<plans::EditProblem> problems;
    const plans::Organisation organisation = read_institution(state, (*stored)->code, problems);
    auto checked = plans::check_organisation(organisation, {}, false);
    problems.insert(problems.end(), checked.begin(), checked.end());
    add_problems(call.context, call.language, problems, state);
    return save_or_show_again(
        call, fields, state,
        [&] {
            return call.context.plan_editor.save_organisation(organisation, SaveMode::update,
                account::audit_actor(call.session.account), call.at());
        },
        institution_path(organisation.code) + "?saved=institution",
        [&] { return institution_view(call, **stored, state, http::Status::bad_request); });
}

// ---- plans ----

Result<http::Response> plan_new_view(const Call& call, const FormState& state, http::Status status)
{
    auto organisations = call.context.plan_editor.organisations();
    if (!organisations.ok())
        return std::move(organisations).error();
    Data view;
    view.set("form",
        form_view(
            call.context, call.language, "plan", plan_fields(call, true, *organisations), state));
    return admin_page(call, "admin/plan_new", view, call.text("admin_plan_new_title"),
        !state.errors.empty(), status);
}

Result<http::Response> plan_new_get(const Call& call)
{
    FormState state;
    state.set("lifecycle", "implementation");
    return plan_new_view(call, state, http::Status::ok);
}

Result<http::Response> plan_new_post(const Call& call)
{
    auto organisations = call.context.plan_editor.organisations();
    if (!organisations.ok())
        return std::move(organisations).error();
    const auto fields = plan_fields(call, true, *organisations);
    FormState state = state_from(call.form, fields);
    std::vector<plans::EditProblem> problems;
    const plans::Plan plan = read_plan(state, state.value("code"), problems);
    auto list = call.context.plans.list_plans();
    if (!list.ok())
        return std::move(list).error();
    std::set<std::string> taken;
    for (const auto& summary : *list)
        taken.insert(summary.code);
    std::set<std::string> codes;
    for (const auto& organisation : *organisations)
        codes.insert(organisation.code);
    // A date that did not read comes first, so its own message is the one beside it.
    auto checked = plans::check_plan(plan, codes, taken, true);
    problems.insert(problems.end(), checked.begin(), checked.end());
    add_problems(call.context, call.language, problems, state);
    return save_or_show_again(
        call, fields, state,
        [&] {
            return call.context.plan_editor.save_plan(
                plan, SaveMode::create, account::audit_actor(call.session.account), call.at());
        },
        admin_plan_path(plan.code) + "?saved=plan",
        [&] { return plan_new_view(call, state, http::Status::bad_request); });
}

Result<http::Response> plan_view(const Call& call, const plans::Plan& plan,
    const FormState& plan_form, const FormState& area_form, http::Status status)
{
    auto organisations = call.context.plan_editor.organisations();
    if (!organisations.ok())
        return std::move(organisations).error();
    Data areas{Data::type::list};
    for (const auto& area : plan.areas) {
        Data item;
        item.set("code", area.code);
        item.set("title", area.title);
        areas.push_back(item);
    }
    Data commitments{Data::type::list};
    for (const auto& commitment : plan.commitments) {
        Data item;
        item.set("code", commitment.code);
        item.set("title", commitment.title);
        item.set("edit_url", admin_commitment_path(plan.code, commitment.code));
        commitments.push_back(item);
    }
    Data view;
    view.set("code", plan.code);
    view.set("title", plan.title);
    view.set("action", admin_plan_path(plan.code));
    view.set("areas_action", admin_plan_path(plan.code) + "/areas");
    view.set("new_commitment_url", admin_plan_path(plan.code) + "/commitments/new");
    view.set("public_url", plan_path(plan.code));
    view.set("areas", areas);
    view.set("has_areas", !areas.is_empty_list());
    view.set("commitments", commitments);
    view.set("has_commitments", !commitments.is_empty_list());
    view.set("form",
        form_view(call.context, call.language, "plan", plan_fields(call, false, *organisations),
            plan_form));
    view.set("area_form", form_view(call.context, call.language, "area", area_fields(), area_form));
    return admin_page(call, "admin/plan", view, plan.title,
        !plan_form.errors.empty() || !area_form.errors.empty(), status);
}

Result<plans::Plan> load_plan(const Call& call)
{
    return call.context.plans.load_plan(std::string(call.request.param("plan")));
}

Result<http::Response> plan_get(const Call& call)
{
    auto plan = load_plan(call);
    if (!plan.ok())
        return std::move(plan).error();
    return plan_view(call, *plan, plan_state(*plan), {}, http::Status::ok);
}

Result<http::Response> plan_post(const Call& call)
{
    auto stored = load_plan(call);
    if (!stored.ok())
        return std::move(stored).error();
    auto organisations = call.context.plan_editor.organisations();
    if (!organisations.ok())
        return std::move(organisations).error();
    const auto fields = plan_fields(call, false, *organisations);
    FormState state = state_from(call.form, fields);
    std::vector<plans::EditProblem> problems;
    const plans::Plan plan = read_plan(state, stored->code, problems);
    std::set<std::string> codes;
    for (const auto& organisation : *organisations)
        codes.insert(organisation.code);
    auto checked = plans::check_plan(plan, codes, {}, false);
    problems.insert(problems.end(), checked.begin(), checked.end());
    add_problems(call.context, call.language, problems, state);
    return save_or_show_again(
        call, fields, state,
        [&] {
            return call.context.plan_editor.save_plan(
                plan, SaveMode::update, account::audit_actor(call.session.account), call.at());
        },
        admin_plan_path(plan.code) + "?saved=plan",
        [&] { return plan_view(call, *stored, state, {}, http::Status::bad_request); });
}

Result<http::Response> area_post(const Call& call)
{
    auto stored = load_plan(call);
    if (!stored.ok())
        return std::move(stored).error();
    const auto fields = area_fields();
    FormState state = state_from(call.form, fields);
    const plans::Area area{state.value("code"), state.value("title")};
    add_problems(call.context, call.language, plans::check_area(area, stored->areas, true), state);
    return save_or_show_again(
        call, fields, state,
        [&] {
            return call.context.plan_editor.save_area(stored->code, area, SaveMode::create,
                account::audit_actor(call.session.account), call.at());
        },
        admin_plan_path(stored->code) + "?saved=area#areas",
        [&] {
            return plan_view(call, *stored, plan_state(*stored), state, http::Status::bad_request);
        });
}

// ---- commitments ----

Result<http::Response> commitment_new_view(
    const Call& call, const plans::Plan& plan, const FormState& state, http::Status status)
{
    Data view;
    view.set("plan_code", plan.code);
    view.set("plan_title", plan.title);
    view.set("plan_url", admin_plan_path(plan.code));
    view.set("action", admin_plan_path(plan.code) + "/commitments/new");
    view.set("form",
        form_view(
            call.context, call.language, "commitment", commitment_fields(call, true, plan), state));
    return admin_page(call, "admin/commitment_new", view, call.text("admin_commitment_new_title"),
        !state.errors.empty(), status);
}

Result<http::Response> commitment_new_get(const Call& call)
{
    auto plan = load_plan(call);
    if (!plan.ok())
        return std::move(plan).error();
    return commitment_new_view(call, *plan, {}, http::Status::ok);
}

// The problems of a commitment form, each beside its field.
void check_commitment_form(const Call& call, const plans::Plan& plan,
    const plans::Commitment& commitment, bool creating, std::vector<plans::EditProblem> problems,
    FormState& state)
{
    std::set<std::string> taken;
    for (const auto& other : plan.commitments)
        taken.insert(other.code);
    auto checked = plans::check_commitment(commitment, frame_of(plan), taken, creating);
    problems.insert(problems.end(), checked.begin(), checked.end());
    add_problems(call.context, call.language, problems, state, to_iso(plan.period_start),
        to_iso(plan.period_end));
}

Result<http::Response> commitment_new_post(const Call& call)
{
    auto plan = load_plan(call);
    if (!plan.ok())
        return std::move(plan).error();
    const auto fields = commitment_fields(call, true, *plan);
    FormState state = state_from(call.form, fields);
    std::vector<plans::EditProblem> problems;
    const plans::Commitment commitment = read_commitment(state, state.value("code"), problems);
    check_commitment_form(call, *plan, commitment, true, std::move(problems), state);
    return save_or_show_again(
        call, fields, state,
        [&] {
            return call.context.plan_editor.save_commitment(plan->code, commitment,
                SaveMode::create, account::audit_actor(call.session.account), call.at());
        },
        admin_commitment_path(plan->code, commitment.code) + "?saved=commitment",
        [&] { return commitment_new_view(call, *plan, state, http::Status::bad_request); });
}

Result<plans::Plan> load_commitment(const Call& call)
{
    return call.context.plans.load_commitment(
        std::string(call.request.param("plan")), std::string(call.request.param("commitment")));
}

Data results_view(const Call& call, const plans::Plan& plan, const plans::Commitment& commitment,
    const std::vector<FlatNode>& nodes)
{
    Data list{Data::type::list};
    for (const auto& flat : nodes) {
        Data item;
        item.set("code", flat.node->code);
        item.set("title", flat.node->title);
        item.set("depth", std::to_string(flat.depth));
        item.set("kind", call.text("admin_node_kind_" + std::string(to_string(flat.node->kind))));
        item.set("weight",
            flat.node->weight ? i18n::format_number(call.language, *flat.node->weight, 2)
                              : call.text("admin_weight_default"));
        item.set("edit_url", admin_node_path(plan.code, commitment.code, flat.node->code));
        list.push_back(item);
    }
    return list;
}

Result<http::Response> commitment_view(const Call& call, const plans::Plan& plan,
    const FormState& commitment_form, const FormState& result_form, http::Status status)
{
    const plans::Commitment& commitment = plan.commitments.front();
    const auto nodes = flat_nodes(commitment);
    Data results = results_view(call, plan, commitment, nodes);
    Data view;
    view.set("plan_code", plan.code);
    view.set("plan_title", plan.title);
    view.set("plan_url", admin_plan_path(plan.code));
    view.set("code", commitment.code);
    view.set("title", commitment.title);
    view.set("action", admin_commitment_path(plan.code, commitment.code));
    view.set("results_action", admin_commitment_path(plan.code, commitment.code) + "/results");
    view.set("public_url", commitment_path(plan.code, commitment.code));
    view.set("results", results);
    view.set("has_results", !results.is_empty_list());
    view.set("form",
        form_view(call.context, call.language, "commitment", commitment_fields(call, false, plan),
            commitment_form));
    view.set("result_form",
        form_view(call.context, call.language, "result", node_fields(call, true, commitment, ""),
            result_form));
    return admin_page(call, "admin/commitment", view, commitment.title,
        !commitment_form.errors.empty() || !result_form.errors.empty(), status);
}

Result<http::Response> commitment_get(const Call& call)
{
    auto plan = load_commitment(call);
    if (!plan.ok())
        return std::move(plan).error();
    return commitment_view(
        call, *plan, commitment_state(plan->commitments.front()), {}, http::Status::ok);
}

Result<http::Response> commitment_post(const Call& call)
{
    auto plan = load_commitment(call);
    if (!plan.ok())
        return std::move(plan).error();
    const auto fields = commitment_fields(call, false, *plan);
    FormState state = state_from(call.form, fields);
    std::vector<plans::EditProblem> problems;
    const plans::Commitment commitment =
        read_commitment(state, plan->commitments.front().code, problems);
    check_commitment_form(call, *plan, commitment, false, std::move(problems), state);
    return save_or_show_again(
        call, fields, state,
        [&] {
            return call.context.plan_editor.save_commitment(plan->code, commitment,
                SaveMode::update, account::audit_actor(call.session.account), call.at());
        },
        admin_commitment_path(plan->code, commitment.code) + "?saved=commitment",
        [&] { return commitment_view(call, *plan, state, {}, http::Status::bad_request); });
}

// ---- results ----

const plans::Node* find_node(const std::vector<plans::Node>& nodes, std::string_view code)
{
    for (const auto& node : nodes) {
        if (node.code == code)
            return &node;
        if (const auto* found = find_node(node.children, code))
            return found;
    }
    return nullptr;
}

Result<http::Response> node_view(const Call& call, const plans::Plan& plan, const plans::Node& node,
    const FormState& node_form, const FormState& child_form, http::Status status)
{
    const plans::Commitment& commitment = plan.commitments.front();
    std::vector<FlatNode> children;
    flatten(node.children, 0, children);
    Data view;
    view.set("plan_code", plan.code);
    view.set("plan_url", admin_plan_path(plan.code));
    view.set("commitment_code", commitment.code);
    view.set("commitment_title", commitment.title);
    view.set("commitment_url", admin_commitment_path(plan.code, commitment.code));
    view.set("code", node.code);
    view.set("title", node.title);
    view.set("action", admin_node_path(plan.code, commitment.code, node.code));
    view.set("results_action", admin_commitment_path(plan.code, commitment.code) + "/results");
    view.set("public_url", commitment_path(plan.code, commitment.code));
    Data results = results_view(call, plan, commitment, children);
    view.set("results", results);
    view.set("has_results", !results.is_empty_list());
    view.set("form",
        form_view(call.context, call.language, "result",
            node_fields(call, false, commitment, node.code), node_form));
    view.set("child_form",
        form_view(call.context, call.language, "child", node_fields(call, true, commitment, ""),
            child_form));
    return admin_page(call, "admin/result", view, node.title,
        !node_form.errors.empty() || !child_form.errors.empty(), status);
}

Result<http::Response> node_get(const Call& call)
{
    auto plan = load_commitment(call);
    if (!plan.ok())
        return std::move(plan).error();
    const plans::Commitment& commitment = plan->commitments.front();
    const plans::Node* node = find_node(commitment.results, call.request.param("node"));
    if (!node)
        return fail(
            ErrorCode::not_found, "no result " + std::string(call.request.param("node")), "node");
    FormState child;
    child.set("parent", node->code);
    child.set("kind", "result");
    return node_view(call, *plan, *node, node_state(*node, parents_of(commitment).at(node->code)),
        child, http::Status::ok);
}

// Checks and saves a node from a form. Saved: `refused` is false and the answer is the 303.
// Refused: `refused` is true, the messages are in state, and the caller shows the form again.
Result<http::Response> save_node_form(const Call& call, const plans::Plan& plan, bool creating,
    const std::string& code, const std::vector<Field>& fields, FormState& state, bool& refused)
{
    const plans::Commitment& commitment = plan.commitments.front();
    std::vector<plans::EditProblem> problems;
    const plans::NodeFields node = read_node(state, code, problems);
    auto checked = plans::check_node(node, frame_of(plan), parents_of(commitment), creating);
    problems.insert(problems.end(), checked.begin(), checked.end());
    add_problems(call.context, call.language, problems, state, to_iso(plan.period_start),
        to_iso(plan.period_end));
    refused = true;
    if (state.errors.empty()) {
        auto saved = call.context.plan_editor.save_node(plan.code, commitment.code, node,
            creating ? SaveMode::create : SaveMode::update,
            account::audit_actor(call.session.account), call.at());
        if (saved.ok()) {
            refused = false;
            return account::see_other(call.request,
                admin_node_path(plan.code, commitment.code, node.code) + "?saved=result");
        }
        if (!store_refusal(call, saved.error(), fields, state))
            return std::move(saved).error();
    }
    return http::Response{};
}

Result<http::Response> node_post(const Call& call)
{
    auto plan = load_commitment(call);
    if (!plan.ok())
        return std::move(plan).error();
    const plans::Commitment& commitment = plan->commitments.front();
    const plans::Node* node = find_node(commitment.results, call.request.param("node"));
    if (!node)
        return fail(
            ErrorCode::not_found, "no result " + std::string(call.request.param("node")), "node");
    const auto fields = node_fields(call, false, commitment, node->code);
    FormState state = state_from(call.form, fields);
    bool refused = true;
    auto answer = save_node_form(call, *plan, false, node->code, fields, state, refused);
    if (!answer.ok() || !refused)
        return answer;
    FormState child;
    child.set("parent", node->code);
    child.set("kind", "result");
    return node_view(call, *plan, *node, state, child, http::Status::bad_request);
}

// A new result from the commitment's page or, with "from" naming a result, from that result's
// "add a child" form; a refusal shows the page the form was on.
Result<http::Response> node_add_post(const Call& call)
{
    auto plan = load_commitment(call);
    if (!plan.ok())
        return std::move(plan).error();
    const plans::Commitment& commitment = plan->commitments.front();
    const auto fields = node_fields(call, true, commitment, "");
    FormState state = state_from(call.form, fields);
    bool refused = true;
    auto answer = save_node_form(call, *plan, true, state.value("code"), fields, state, refused);
    if (!answer.ok() || !refused)
        return answer;
    const std::string from = http::form_value(call.form, "from");
    if (const plans::Node* node = from.empty() ? nullptr : find_node(commitment.results, from))
        return node_view(call, *plan, *node,
            node_state(*node, parents_of(commitment).at(node->code)), state,
            http::Status::bad_request);
    return commitment_view(
        call, *plan, commitment_state(commitment), state, http::Status::bad_request);
}

// ---- the gate ----

// Wraps a handler: only an account the authorisation table lets manage plans gets through; a
// visitor who is not signed in is sent to sign in first (GET) or refused (POST); a POST's form
// must carry the session's CSRF token.
http::Handler gate(Context& context, Handler handler, bool post)
{
    return uncached([&context, handler = std::move(handler), post](const http::Request& request,
                        i18n::Language language) -> Result<http::Response> {
        if (post) {
            auto signed_in =
                account::require_form(context, request, accounts::Action::manage_plans);
            if (!signed_in.ok())
                return std::move(signed_in).error();
            return handler(Call{context, request, language, signed_in->session, signed_in->form});
        }
        auto session = account::require(context, request, accounts::Action::manage_plans);
        // A signed-out visitor asking for a page is sent to sign in by the error renderer.
        if (!session.ok())
            return std::move(session).error();
        const http::FormFields no_form;
        return handler(Call{context, request, language, *session, no_form});
    });
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    auto get = [&](std::string path, Handler handler) {
        router.get(path, gate(context, std::move(handler), false));
    };
    auto post = [&](std::string path, Handler handler) {
        router.post(path, gate(context, std::move(handler), true));
    };
    get("/admin", index_get);
    get("/admin/institutions", institutions_get);
    post("/admin/institutions", institutions_post);
    get("/admin/institutions/{code}", institution_get);
    post("/admin/institutions/{code}", institution_post);
    get("/admin/plans/new", plan_new_get);
    post("/admin/plans/new", plan_new_post);
    get("/admin/plans/{plan}", plan_get);
    post("/admin/plans/{plan}", plan_post);
    post("/admin/plans/{plan}/areas", area_post);
    get("/admin/plans/{plan}/commitments/new", commitment_new_get);
    post("/admin/plans/{plan}/commitments/new", commitment_new_post);
    get("/admin/plans/{plan}/commitments/{commitment}", commitment_get);
    post("/admin/plans/{plan}/commitments/{commitment}", commitment_post);
    post("/admin/plans/{plan}/commitments/{commitment}/results", node_add_post);
    get("/admin/plans/{plan}/commitments/{commitment}/results/{node}", node_get);
    post("/admin/plans/{plan}/commitments/{commitment}/results/{node}", node_post);
}

}  // namespace tablero::web::admin
