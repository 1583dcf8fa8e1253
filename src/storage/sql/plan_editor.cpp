#include "storage/plan_editor.h"

#include "storage/sql/commitment_rows.h"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include <map>
#include <optional>
#include <set>
#include <stdexcept>

namespace tablero::storage {

namespace {

using nlohmann::json;
using plans::EditProblem;

// A value the database holds but the program cannot read is a bug or a hand-edited database:
// it throws, and Database turns it into an internal error (as in plan_store.cpp).
Date stored_date(const std::string& text)
{
    auto parsed = parse_iso_date(text);
    if (!parsed.ok())
        throw std::runtime_error("the database holds an invalid date \"" + text + "\"");
    return *parsed;
}

std::optional<Date> stored_optional_date(const std::string& text, soci::indicator indicator)
{
    if (indicator != soci::i_ok)
        return std::nullopt;
    return stored_date(text);
}

template <typename Enum>
Enum stored_enum(std::optional<Enum> parsed, std::string_view what, const std::string& text)
{
    if (!parsed)
        throw std::runtime_error(
            "the database holds an unknown " + std::string(what) + " \"" + text + "\"");
    return *parsed;
}

// A nullable date bound to a statement: the text and its indicator.
struct DateParameter {
    std::string text;
    soci::indicator indicator = soci::i_null;

    explicit DateParameter(const std::optional<Date>& date)
        : text(date ? to_iso(*date) : std::string()), indicator(date ? soci::i_ok : soci::i_null)
    {
    }
};

// A nullable number bound to a statement.
struct NumberParameter {
    double value = 0;
    soci::indicator indicator = soci::i_null;

    explicit NumberParameter(const std::optional<double>& number)
        : value(number.value_or(0)), indicator(number ? soci::i_ok : soci::i_null)
    {
    }
};

json optional_json(const std::optional<Date>& date)
{
    return date ? json(to_iso(*date)) : json(nullptr);
}

json optional_json(const std::optional<double>& number)
{
    return number ? json(*number) : json(nullptr);
}

// The first problem is the refusal; the web has shown them all beside their fields before.
Result<void> refuse(const std::vector<EditProblem>& problems)
{
    return plans::to_error(problems.front());
}

Error missing(std::string what)
{
    return fail(ErrorCode::not_found, std::move(what), "code");
}

// ---- institutions ----

std::optional<plans::Organisation> find_organisation(
    soci::session& session, const std::string& code)
{
    plans::Organisation organisation;
    std::string kind;
    session << "SELECT code, name, kind FROM organisations WHERE code = :code", soci::use(code),
        soci::into(organisation.code), soci::into(organisation.name), soci::into(kind);
    if (!session.got_data())
        return std::nullopt;
    organisation.kind =
        stored_enum(plans::parse_organisation_kind(kind), "organisation kind", kind);
    return organisation;
}

std::set<std::string> organisation_codes(soci::session& session)
{
    std::set<std::string> codes;
    std::string code;
    soci::statement select =
        (session.prepare << "SELECT code FROM organisations", soci::into(code));
    select.execute();
    while (select.fetch())
        codes.insert(code);
    return codes;
}

json organisation_json(const plans::Organisation& organisation)
{
    return {{"code", organisation.code}, {"name", organisation.name},
        {"kind", to_string(organisation.kind)}};
}

// ---- plans and areas ----

struct StoredPlan {
    long long id = 0;
    plans::Plan plan;  // its own fields and areas, no commitments
};

std::optional<StoredPlan> find_plan(soci::session& session, const std::string& code)
{
    StoredPlan stored;
    std::string organisation;
    soci::indicator organisation_indicator = soci::i_null;
    std::string start;
    std::string end;
    std::string lifecycle;
    session << "SELECT id, code, title, organisation_code, period_start, period_end, lifecycle"
               " FROM plans WHERE code = :code",
        soci::use(code), soci::into(stored.id), soci::into(stored.plan.code),
        soci::into(stored.plan.title), soci::into(organisation, organisation_indicator),
        soci::into(start), soci::into(end), soci::into(lifecycle);
    if (!session.got_data())
        return std::nullopt;
    if (organisation_indicator == soci::i_ok)
        stored.plan.organisation = organisation;
    stored.plan.period_start = stored_date(start);
    stored.plan.period_end = stored_date(end);
    stored.plan.lifecycle = stored_enum(plans::parse_lifecycle(lifecycle), "lifecycle", lifecycle);
    plans::Area area;
    soci::statement select = (session.prepare << "SELECT code, title FROM areas"
                                                 " WHERE plan_id = :plan ORDER BY position",
        soci::use(stored.id), soci::into(area.code), soci::into(area.title));
    select.execute();
    while (select.fetch())
        stored.plan.areas.push_back(area);
    return stored;
}

plans::PlanFrame frame_of(const plans::Plan& plan)
{
    plans::PlanFrame frame{plan.period_start, plan.period_end, {}};
    for (const auto& area : plan.areas)
        frame.area_codes.insert(area.code);
    return frame;
}

json plan_json(const plans::Plan& plan)
{
    return {{"code", plan.code}, {"title", plan.title},
        {"organisation", plan.organisation.empty() ? json(nullptr) : json(plan.organisation)},
        {"period_start", to_iso(plan.period_start)}, {"period_end", to_iso(plan.period_end)},
        {"lifecycle", to_string(plan.lifecycle)}};
}

json area_json(const std::string& plan_code, const plans::Area& area)
{
    return {{"plan", plan_code}, {"code", area.code}, {"title", area.title}};
}

// ---- commitments ----

// The template fields of a stored commitment (no results or assessments).
std::optional<plans::Commitment> find_commitment(
    soci::session& session, long long plan_id, const std::string& code, long long& id)
{
    plans::Commitment c;
    double weight = 0;
    soci::indicator weight_indicator = soci::i_null;
    std::string start;
    soci::indicator start_indicator = soci::i_null;
    std::string end;
    soci::indicator end_indicator = soci::i_null;
    session << "SELECT id, code, title, area_code, weight, lead_institution, responsible_name,"
               " responsible_position, responsible_email, responsible_phone, main_goal,"
               " brief_description, public_problem, ambition, start_date, end_date, next_steps,"
               " additional_information FROM commitments WHERE plan_id = :plan AND code = :code",
        soci::use(plan_id), soci::use(code), soci::into(id), soci::into(c.code),
        soci::into(c.title), soci::into(c.area), soci::into(weight, weight_indicator),
        soci::into(c.lead_institution), soci::into(c.responsible.name),
        soci::into(c.responsible.position), soci::into(c.responsible.email),
        soci::into(c.responsible.phone), soci::into(c.main_goal), soci::into(c.brief_description),
        soci::into(c.public_problem), soci::into(c.ambition), soci::into(start, start_indicator),
        soci::into(end, end_indicator), soci::into(c.next_steps),
        soci::into(c.additional_information);
    if (!session.got_data())
        return std::nullopt;
    if (weight_indicator == soci::i_ok)
        c.weight = weight;
    c.start_date = stored_optional_date(start, start_indicator);
    c.end_date = stored_optional_date(end, end_indicator);

    std::string text;
    std::string name;
    soci::statement values =
        (session.prepare << "SELECT value FROM commitment_values WHERE commitment_id = :id",
            soci::use(id), soci::into(text));
    values.execute();
    while (values.fetch())
        c.ogp_values.insert(stored_enum(plans::parse_ogp_value(text), "OGP value", text));
    soci::statement challenges = (session.prepare << "SELECT challenge FROM commitment_challenges"
                                                     " WHERE commitment_id = :id",
        soci::use(id), soci::into(text));
    challenges.execute();
    while (challenges.fetch())
        c.grand_challenges.insert(
            stored_enum(plans::parse_grand_challenge(text), "grand challenge", text));
    soci::statement actors = (session.prepare << "SELECT kind, name FROM commitment_actors"
                                                 " WHERE commitment_id = :id ORDER BY position",
        soci::use(id), soci::into(text), soci::into(name));
    actors.execute();
    while (actors.fetch())
        c.other_actors.push_back(
            {stored_enum(plans::parse_actor_kind(text), "actor kind", text), name});
    return c;
}

json commitment_json(const std::string& plan_code, const plans::Commitment& c)
{
    json values = json::array();
    for (auto value : c.ogp_values)
        values.push_back(to_string(value));
    json challenges = json::array();
    for (auto challenge : c.grand_challenges)
        challenges.push_back(to_string(challenge));
    json actors = json::array();
    for (const auto& actor : c.other_actors)
        actors.push_back({{"kind", to_string(actor.kind)}, {"name", actor.name}});
    return {{"plan", plan_code}, {"code", c.code}, {"title", c.title}, {"area", c.area},
        {"weight", optional_json(c.weight)}, {"lead_institution", c.lead_institution},
        {"responsible",
            {{"name", c.responsible.name}, {"position", c.responsible.position},
                {"email", c.responsible.email}, {"phone", c.responsible.phone}}},
        {"other_actors", actors}, {"main_goal", c.main_goal},
        {"brief_description", c.brief_description}, {"public_problem", c.public_problem},
        {"ogp_values", values}, {"ambition", c.ambition}, {"grand_challenges", challenges},
        {"start_date", optional_json(c.start_date)}, {"end_date", optional_json(c.end_date)},
        {"next_steps", c.next_steps}, {"additional_information", c.additional_information}};
}

// ---- nodes ----

struct StoredNode {
    long long id = 0;
    std::optional<long long> parent_id;
    plans::NodeFields fields;
};

// Every node of a commitment by code, each with its parent's code.
std::map<std::string, StoredNode> commitment_nodes(soci::session& session, long long commitment_id)
{
    std::map<long long, std::string> code_of;
    std::vector<StoredNode> nodes;
    StoredNode row;
    long long parent = 0;
    soci::indicator parent_indicator = soci::i_null;
    std::string kind;
    double weight = 0;
    soci::indicator weight_indicator = soci::i_null;
    std::string start;
    soci::indicator start_indicator = soci::i_null;
    std::string due;
    soci::indicator due_indicator = soci::i_null;
    soci::statement select = (session.prepare
            << "SELECT id, parent_id, code, title, kind, weight, start_date, due_date FROM nodes"
               " WHERE commitment_id = :commitment",
        soci::use(commitment_id), soci::into(row.id), soci::into(parent, parent_indicator),
        soci::into(row.fields.code), soci::into(row.fields.title), soci::into(kind),
        soci::into(weight, weight_indicator), soci::into(start, start_indicator),
        soci::into(due, due_indicator));
    select.execute();
    while (select.fetch()) {
        StoredNode node = row;
        node.parent_id =
            parent_indicator == soci::i_ok ? std::optional<long long>(parent) : std::nullopt;
        node.fields.kind = stored_enum(plans::parse_node_kind(kind), "node kind", kind);
        node.fields.weight =
            weight_indicator == soci::i_ok ? std::optional<double>(weight) : std::nullopt;
        node.fields.start_date = stored_optional_date(start, start_indicator);
        node.fields.due_date = stored_optional_date(due, due_indicator);
        code_of[node.id] = node.fields.code;
        nodes.push_back(std::move(node));
    }
    std::map<std::string, StoredNode> by_code;
    for (auto& node : nodes) {
        if (node.parent_id)
            node.fields.parent = code_of.at(*node.parent_id);
        by_code.emplace(node.fields.code, std::move(node));
    }
    return by_code;
}

json node_json(
    const std::string& plan_code, const std::string& commitment_code, const plans::NodeFields& node)
{
    return {{"plan", plan_code}, {"commitment", commitment_code}, {"code", node.code},
        {"title", node.title}, {"kind", to_string(node.kind)},
        {"weight", optional_json(node.weight)}, {"start_date", optional_json(node.start_date)},
        {"due_date", optional_json(node.due_date)},
        {"parent", node.parent.empty() ? json(nullptr) : json(node.parent)}};
}

// The next position among the children of parent (the commitment's top level when none).
int next_position(
    soci::session& session, long long commitment_id, const std::optional<long long>& parent)
{
    int position = 0;
    if (parent)
        session << "SELECT COALESCE(MAX(position) + 1, 0) FROM nodes WHERE parent_id = :parent",
            soci::use(*parent), soci::into(position);
    else
        session << "SELECT COALESCE(MAX(position) + 1, 0) FROM nodes"
                   " WHERE commitment_id = :commitment AND parent_id IS NULL",
            soci::use(commitment_id), soci::into(position);
    return position;
}

std::string action(SaveMode mode, std::string_view entity)
{
    return std::string(mode == SaveMode::create ? "create_" : "update_") + std::string(entity);
}

std::string dump(const json& value)
{
    return value.dump();
}

class SqlPlanEditor final : public PlanEditor {
public:
    explicit SqlPlanEditor(Database& database) : m_database(database) { }

    Result<std::vector<plans::Organisation>> organisations() override
    {
        return m_database.read(
            [](soci::session& session) -> Result<std::vector<plans::Organisation>> {
                std::vector<plans::Organisation> out;
                plans::Organisation organisation;
                std::string kind;
                soci::statement select = (session.prepare
                        << "SELECT code, name, kind FROM organisations ORDER BY code",
                    soci::into(organisation.code), soci::into(organisation.name), soci::into(kind));
                select.execute();
                while (select.fetch()) {
                    organisation.kind = stored_enum(
                        plans::parse_organisation_kind(kind), "organisation kind", kind);
                    out.push_back(organisation);
                }
                return out;
            });
    }

    Result<void> save_organisation(const plans::Organisation& organisation, SaveMode mode,
        const AuditActor& by, const std::string& at) override
    {
        const std::string kind(to_string(organisation.kind));
        return m_database.write([&](soci::session& session) -> Result<void> {
            const auto before = find_organisation(session, organisation.code);
            if (mode == SaveMode::update && !before)
                return missing("no institution " + organisation.code);
            std::set<std::string> taken;
            if (before)
                taken.insert(organisation.code);
            if (auto problems =
                    plans::check_organisation(organisation, taken, mode == SaveMode::create);
                !problems.empty())
                return refuse(problems);
            if (before)
                session << "UPDATE organisations SET name = :name, kind = :kind WHERE code = :code",
                    soci::use(organisation.name), soci::use(kind), soci::use(organisation.code);
            else
                session << "INSERT INTO organisations (code, name, kind)"
                           " VALUES (:code, :name, :kind)",
                    soci::use(organisation.code), soci::use(organisation.name), soci::use(kind);
            append_audit(session,
                {0, at, by, action(mode, "institution"), "institution", organisation.code,
                    before ? dump(organisation_json(*before)) : "",
                    dump(organisation_json(organisation))});
            return {};
        });
    }

    Result<void> save_plan(const plans::Plan& plan, SaveMode mode, const AuditActor& by,
        const std::string& at) override
    {
        const std::string start = to_iso(plan.period_start);
        const std::string end = to_iso(plan.period_end);
        const std::string lifecycle(to_string(plan.lifecycle));
        return m_database.write([&](soci::session& session) -> Result<void> {
            const auto before = find_plan(session, plan.code);
            if (mode == SaveMode::update && !before)
                return missing("no plan " + plan.code);
            std::set<std::string> taken;
            if (before)
                taken.insert(plan.code);
            if (auto problems = plans::check_plan(
                    plan, organisation_codes(session), taken, mode == SaveMode::create);
                !problems.empty())
                return refuse(problems);
            soci::indicator organisation_indicator =
                plan.organisation.empty() ? soci::i_null : soci::i_ok;
            if (before)
                session << "UPDATE plans SET title = :title, organisation_code = :organisation,"
                           " period_start = :start, period_end = :end, lifecycle = :lifecycle"
                           " WHERE id = :id",
                    soci::use(plan.title), soci::use(plan.organisation, organisation_indicator),
                    soci::use(start), soci::use(end), soci::use(lifecycle), soci::use(before->id);
            else
                session << "INSERT INTO plans (code, title, organisation_code, period_start,"
                           " period_end, lifecycle)"
                           " VALUES (:code, :title, :organisation, :start, :end, :lifecycle)",
                    soci::use(plan.code), soci::use(plan.title),
                    soci::use(plan.organisation, organisation_indicator), soci::use(start),
                    soci::use(end), soci::use(lifecycle);
            append_audit(session,
                {0, at, by, action(mode, "plan"), "plan", plan.code,
                    before ? dump(plan_json(before->plan)) : "", dump(plan_json(plan))});
            return {};
        });
    }

    Result<void> save_area(const std::string& plan_code, const plans::Area& area, SaveMode mode,
        const AuditActor& by, const std::string& at) override
    {
        return m_database.write([&](soci::session& session) -> Result<void> {
            const auto stored = find_plan(session, plan_code);
            if (!stored)
                return fail(ErrorCode::not_found, "no plan " + plan_code, "plan");
            const auto& areas = stored->plan.areas;
            const auto before = std::find_if(areas.begin(), areas.end(),
                [&](const plans::Area& other) { return other.code == area.code; });
            const bool exists = before != areas.end();
            if (mode == SaveMode::update && !exists)
                return missing("plan " + plan_code + " has no area " + area.code);
            if (auto problems = plans::check_area(area, areas, mode == SaveMode::create);
                !problems.empty())
                return refuse(problems);
            if (exists) {
                session << "UPDATE areas SET title = :title WHERE plan_id = :plan AND code = :code",
                    soci::use(area.title), soci::use(stored->id), soci::use(area.code);
            } else {
                int position = 0;
                session << "SELECT COALESCE(MAX(position) + 1, 0) FROM areas WHERE plan_id = :plan",
                    soci::use(stored->id), soci::into(position);
                session << "INSERT INTO areas (plan_id, code, title, position)"
                           " VALUES (:plan, :code, :title, :position)",
                    soci::use(stored->id), soci::use(area.code), soci::use(area.title),
                    soci::use(position);
            }
            append_audit(session,
                {0, at, by, action(mode, "area"), "area", plan_code + "/" + area.code,
                    exists ? dump(area_json(plan_code, *before)) : "",
                    dump(area_json(plan_code, area))});
            return {};
        });
    }

    Result<void> save_commitment(const std::string& plan_code, const plans::Commitment& commitment,
        SaveMode mode, const AuditActor& by, const std::string& at) override
    {
        NumberParameter weight(commitment.weight);
        DateParameter start_date(commitment.start_date);
        DateParameter end_date(commitment.end_date);
        return m_database.write([&](soci::session& session) -> Result<void> {
            const auto stored = find_plan(session, plan_code);
            if (!stored)
                return fail(ErrorCode::not_found, "no plan " + plan_code, "plan");
            long long id = 0;
            const auto before = find_commitment(session, stored->id, commitment.code, id);
            if (mode == SaveMode::update && !before)
                return missing("plan " + plan_code + " has no commitment " + commitment.code);
            std::set<std::string> taken;
            if (before)
                taken.insert(commitment.code);
            if (auto problems = plans::check_commitment(
                    commitment, frame_of(stored->plan), taken, mode == SaveMode::create);
                !problems.empty())
                return refuse(problems);

            const auto& person = commitment.responsible;
            if (before) {
                session << "UPDATE commitments SET title = :title, area_code = :area,"
                           " weight = :weight, lead_institution = :lead,"
                           " responsible_name = :name, responsible_position = :person_position,"
                           " responsible_email = :email, responsible_phone = :phone,"
                           " main_goal = :goal, brief_description = :brief,"
                           " public_problem = :problem, ambition = :ambition,"
                           " start_date = :start, end_date = :end, next_steps = :next,"
                           " additional_information = :additional WHERE id = :id",
                    soci::use(commitment.title), soci::use(commitment.area),
                    soci::use(weight.value, weight.indicator),
                    soci::use(commitment.lead_institution), soci::use(person.name),
                    soci::use(person.position), soci::use(person.email), soci::use(person.phone),
                    soci::use(commitment.main_goal), soci::use(commitment.brief_description),
                    soci::use(commitment.public_problem), soci::use(commitment.ambition),
                    soci::use(start_date.text, start_date.indicator),
                    soci::use(end_date.text, end_date.indicator), soci::use(commitment.next_steps),
                    soci::use(commitment.additional_information), soci::use(id);
            } else {
                int position = 0;
                session << "SELECT COALESCE(MAX(position) + 1, 0) FROM commitments"
                           " WHERE plan_id = :plan",
                    soci::use(stored->id), soci::into(position);
                session << "INSERT INTO commitments (plan_id, code, title, area_code, weight,"
                           " lead_institution, responsible_name, responsible_position,"
                           " responsible_email, responsible_phone, main_goal, brief_description,"
                           " public_problem, ambition, start_date, end_date, next_steps,"
                           " additional_information, position)"
                           " VALUES (:plan, :code, :title, :area, :weight, :lead, :name,"
                           " :person_position, :email, :phone, :goal, :brief, :problem,"
                           " :ambition, :start, :end, :next, :additional, :position)",
                    soci::use(stored->id), soci::use(commitment.code), soci::use(commitment.title),
                    soci::use(commitment.area), soci::use(weight.value, weight.indicator),
                    soci::use(commitment.lead_institution), soci::use(person.name),
                    soci::use(person.position), soci::use(person.email), soci::use(person.phone),
                    soci::use(commitment.main_goal), soci::use(commitment.brief_description),
                    soci::use(commitment.public_problem), soci::use(commitment.ambition),
                    soci::use(start_date.text, start_date.indicator),
                    soci::use(end_date.text, end_date.indicator), soci::use(commitment.next_steps),
                    soci::use(commitment.additional_information), soci::use(position);
                session << "SELECT id FROM commitments WHERE plan_id = :plan AND code = :code",
                    soci::use(stored->id), soci::use(commitment.code), soci::into(id);
            }

            replace_commitment_lists(session, id, commitment);
            plans::Commitment after = commitment;
            after.results.clear();
            after.assessments.clear();
            append_audit(session,
                {0, at, by, action(mode, "commitment"), "commitment",
                    plan_code + "/" + commitment.code,
                    before ? dump(commitment_json(plan_code, *before)) : "",
                    dump(commitment_json(plan_code, after))});
            return {};
        });
    }

    Result<void> save_node(const std::string& plan_code, const std::string& commitment_code,
        const plans::NodeFields& node, SaveMode mode, const AuditActor& by,
        const std::string& at) override
    {
        const std::string kind(to_string(node.kind));
        NumberParameter weight(node.weight);
        DateParameter start_date(node.start_date);
        DateParameter due_date(node.due_date);
        return m_database.write([&](soci::session& session) -> Result<void> {
            const auto stored = find_plan(session, plan_code);
            if (!stored)
                return fail(ErrorCode::not_found, "no plan " + plan_code, "plan");
            long long commitment_id = 0;
            if (!find_commitment(session, stored->id, commitment_code, commitment_id))
                return fail(ErrorCode::not_found,
                    "plan " + plan_code + " has no commitment " + commitment_code, "commitment");
            const auto nodes = commitment_nodes(session, commitment_id);
            const auto before = nodes.find(node.code);
            const bool exists = before != nodes.end();
            if (mode == SaveMode::update && !exists)
                return missing("commitment " + commitment_code + " has no result " + node.code);
            std::map<std::string, std::string> parents;
            for (const auto& [code, stored_node] : nodes)
                parents.emplace(code, stored_node.fields.parent);
            if (auto problems = plans::check_node(
                    node, frame_of(stored->plan), parents, mode == SaveMode::create);
                !problems.empty())
                return refuse(problems);

            std::optional<long long> parent_id;
            if (!node.parent.empty())
                parent_id = nodes.at(node.parent).id;
            long long parent_value = parent_id.value_or(0);
            soci::indicator parent_indicator = parent_id ? soci::i_ok : soci::i_null;
            if (exists) {
                // A node keeps its place among its siblings unless it moves to other ones.
                int position = 0;
                const bool moved = before->second.parent_id != parent_id;
                if (moved)
                    position = next_position(session, commitment_id, parent_id);
                else
                    session << "SELECT position FROM nodes WHERE id = :id",
                        soci::use(before->second.id), soci::into(position);
                session << "UPDATE nodes SET parent_id = :parent, title = :title, kind = :kind,"
                           " weight = :weight, start_date = :start, due_date = :due,"
                           " position = :position WHERE id = :id",
                    soci::use(parent_value, parent_indicator), soci::use(node.title),
                    soci::use(kind), soci::use(weight.value, weight.indicator),
                    soci::use(start_date.text, start_date.indicator),
                    soci::use(due_date.text, due_date.indicator), soci::use(position),
                    soci::use(before->second.id);
            } else {
                int position = next_position(session, commitment_id, parent_id);
                session << "INSERT INTO nodes (commitment_id, parent_id, code, title, kind,"
                           " weight, start_date, due_date, position)"
                           " VALUES (:commitment, :parent, :code, :title, :kind, :weight,"
                           " :start, :due, :position)",
                    soci::use(commitment_id), soci::use(parent_value, parent_indicator),
                    soci::use(node.code), soci::use(node.title), soci::use(kind),
                    soci::use(weight.value, weight.indicator),
                    soci::use(start_date.text, start_date.indicator),
                    soci::use(due_date.text, due_date.indicator), soci::use(position);
            }
            append_audit(session,
                {0, at, by, action(mode, "result"), "result",
                    plan_code + "/" + commitment_code + "/" + node.code,
                    exists ? dump(node_json(plan_code, commitment_code, before->second.fields))
                           : "",
                    dump(node_json(plan_code, commitment_code, node))});
            return {};
        });
    }

private:
    Database& m_database;
};

}  // namespace

std::unique_ptr<PlanEditor> make_plan_editor(Database& database)
{
    return std::make_unique<SqlPlanEditor>(database);
}

}  // namespace tablero::storage
