// The plan editor on both backends: institutions, plans, areas, commitments and results created
// and updated with an audit entry each (before and after as JSON, in the same transaction);
// moves that would make a cycle refused; and every refusal leaves the database and the audit log
// as they were.
#include "backend_fixture.h"
#include "storage/account_store.h"
#include "storage/audit_log.h"
#include "storage/plan_editor.h"
#include "storage/plan_store.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tablero::storage {
namespace {

using nlohmann::json;

const std::string at = "2024-05-06T10:00:00Z";

class PlanEditorContract : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        BackendFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_database = open_migrated();
        m_plans = make_plan_store(*m_database);
        m_editor = make_plan_editor(*m_database);
        m_audit = std::make_unique<AuditLog>(*m_database);
        // The audit log names an account that exists.
        auto accounts = make_account_store(*m_database);
        auto created = accounts->create_account({"ogu@example.org", "Unidad de Gobierno Abierto",
                                                    accounts::Role::administrator, {}, "", "$hash"},
            AuditActor::system("test"), at);
        ASSERT_TRUE(created.ok()) << created.error().message;
        admin = {created->id, "ogu@example.org", "administrator"};
        m_database->on_change([this] { ++m_changes; });
    }

    static plans::Plan plan(std::string code = "PY-2024")
    {
        plans::Plan out;
        out.code = std::move(code);
        out.title = "Quinto plan de acción";
        out.period_start = Date{2024, 1, 1};
        out.period_end = Date{2025, 12, 31};
        out.lifecycle = plans::Lifecycle::implementation;
        return out;
    }

    static plans::Commitment commitment(std::string code = "1")
    {
        plans::Commitment out;
        out.code = std::move(code);
        out.title = "Datos abiertos";
        out.area = "transparencia";
        out.weight = 2;
        out.lead_institution = "Ministerio de Justicia";
        out.responsible = {"Ana Pérez", "Directora", "ana@example.org", "+595 21 000"};
        out.other_actors = {{plans::ActorKind::civil_society, "TEDIC"}};
        out.main_goal = "Publicar datos";
        out.brief_description = "Un portal de datos abiertos";
        out.public_problem = "Datos dispersos";
        out.ogp_values = {plans::OgpValue::access_to_information};
        out.ambition = "Alta";
        out.grand_challenges = {plans::GrandChallenge::increasing_public_integrity};
        out.start_date = Date{2024, 3, 1};
        out.end_date = Date{2025, 6, 30};
        out.next_steps = "Evaluar";
        out.additional_information = "Ninguna";
        return out;
    }

    static plans::NodeFields node(std::string code, std::string parent = "", double weight = 1)
    {
        return {code, "Resultado " + code, plans::NodeKind::result, weight, Date{2024, 3, 1},
            Date{2024, 12, 31}, std::move(parent)};
    }

    // A plan with an area and commitment 1 holding 1.1 and 1.2 with 1.2.1 under it.
    void seed()
    {
        ASSERT_TRUE(m_editor->save_plan(plan(), SaveMode::create, admin, at).ok());
        ASSERT_TRUE(m_editor
                        ->save_area("PY-2024", {"transparencia", "Transparencia"}, SaveMode::create,
                            admin, at)
                        .ok());
        ASSERT_TRUE(
            m_editor->save_commitment("PY-2024", commitment(), SaveMode::create, admin, at).ok());
        for (const auto& fields : {node("1.1"), node("1.2"), node("1.2.1", "1.2")})
            ASSERT_TRUE(
                m_editor->save_node("PY-2024", "1", fields, SaveMode::create, admin, at).ok());
    }

    // The entries of the plan editor (the account made in SetUp has its own).
    std::vector<AuditEntry> audit()
    {
        auto entries = m_audit->entries();
        if (!entries.ok())
            throw std::runtime_error(entries.error().message);
        std::vector<AuditEntry> out;
        for (auto& entry : *entries) {
            if (entry.entity != "account")
                out.push_back(std::move(entry));
        }
        return out;
    }

    plans::Plan load(const std::string& code = "PY-2024")
    {
        auto loaded = m_plans->load_plan(code);
        if (!loaded.ok())
            throw std::runtime_error(loaded.error().message);
        return *loaded;
    }

    AuditActor admin;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PlanStore> m_plans;
    std::unique_ptr<PlanEditor> m_editor;
    std::unique_ptr<AuditLog> m_audit;
    int m_changes = 0;
};

TEST_P(PlanEditorContract, InstitutionsAreCreatedUpdatedAndAudited)
{
    ASSERT_TRUE(
        m_editor
            ->save_organisation({"PY-EXEC", "Poder Ejecutivo", plans::OrganisationKind::executive},
                SaveMode::create, admin, at)
            .ok());
    ASSERT_TRUE(m_editor
                    ->save_organisation(
                        {"PY-EXEC", "Presidencia de la República", plans::OrganisationKind::other},
                        SaveMode::update, admin, "2024-05-07T09:00:00Z")
                    .ok());
    auto organisations = m_editor->organisations();
    ASSERT_TRUE(organisations.ok());
    ASSERT_EQ(organisations->size(), 1u);
    EXPECT_EQ(organisations->front().name, "Presidencia de la República");
    EXPECT_EQ(organisations->front().kind, plans::OrganisationKind::other);

    const auto entries = audit();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].action, "create_institution");
    EXPECT_EQ(entries[0].entity, "institution");
    EXPECT_EQ(entries[0].entity_key, "PY-EXEC");
    EXPECT_EQ(entries[0].before_json, "");
    EXPECT_EQ(entries[1].action, "update_institution");
    EXPECT_EQ(entries[1].at, "2024-05-07T09:00:00Z");
    EXPECT_EQ(entries[1].actor.account_id, admin.account_id);
    EXPECT_EQ(entries[1].actor.name, "ogu@example.org");
    EXPECT_EQ(entries[1].actor.role, "administrator");
    EXPECT_EQ(json::parse(entries[1].before_json)["name"], "Poder Ejecutivo");
    EXPECT_EQ(json::parse(entries[1].after_json)["name"], "Presidencia de la República");
    EXPECT_EQ(json::parse(entries[1].after_json)["kind"], "other");
    EXPECT_EQ(m_changes, 2) << "every save empties the public caches";
}

TEST_P(PlanEditorContract, PlansAreasCommitmentsAndResultsAreSaved)
{
    seed();
    plans::Plan stored = load();
    EXPECT_EQ(stored.title, "Quinto plan de acción");
    ASSERT_EQ(stored.areas.size(), 1u);
    ASSERT_EQ(stored.commitments.size(), 1u);
    const plans::Commitment& saved = stored.commitments[0];
    plans::Commitment expected = commitment();
    EXPECT_EQ(saved.title, expected.title);
    EXPECT_EQ(saved.area, expected.area);
    EXPECT_EQ(saved.weight, expected.weight);
    EXPECT_EQ(saved.responsible.email, expected.responsible.email);
    EXPECT_EQ(saved.ogp_values, expected.ogp_values);
    EXPECT_EQ(saved.grand_challenges, expected.grand_challenges);
    ASSERT_EQ(saved.other_actors.size(), 1u);
    EXPECT_EQ(saved.other_actors[0].name, "TEDIC");
    EXPECT_EQ(saved.end_date, expected.end_date);
    EXPECT_EQ(saved.additional_information, expected.additional_information);
    ASSERT_EQ(saved.results.size(), 2u);
    EXPECT_EQ(saved.results[0].code, "1.1");
    ASSERT_EQ(saved.results[1].children.size(), 1u);
    EXPECT_EQ(saved.results[1].children[0].code, "1.2.1");

    // An update keeps the commitment's place and results, and replaces its sets.
    plans::Commitment changed = commitment();
    changed.title = "Datos abiertos por defecto";
    changed.weight.reset();
    changed.ogp_values = {plans::OgpValue::civic_participation};
    changed.other_actors.clear();
    ASSERT_TRUE(m_editor->save_commitment("PY-2024", changed, SaveMode::update, admin, at).ok());
    stored = load();
    EXPECT_EQ(stored.commitments[0].title, "Datos abiertos por defecto");
    EXPECT_FALSE(stored.commitments[0].weight);
    EXPECT_EQ(stored.commitments[0].ogp_values, changed.ogp_values);
    EXPECT_TRUE(stored.commitments[0].other_actors.empty());
    EXPECT_EQ(stored.commitments[0].results.size(), 2u);

    const auto entries = audit();
    ASSERT_EQ(entries.size(), 7u);
    const std::vector<std::pair<std::string, std::string>> keys = {{"plan", "PY-2024"},
        {"area", "PY-2024/transparencia"}, {"commitment", "PY-2024/1"}, {"result", "PY-2024/1/1.1"},
        {"result", "PY-2024/1/1.2"}, {"result", "PY-2024/1/1.2.1"}, {"commitment", "PY-2024/1"}};
    for (std::size_t i = 0; i < keys.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(entries[i].entity, keys[i].first);
        EXPECT_EQ(entries[i].entity_key, keys[i].second);
    }
    EXPECT_EQ(json::parse(entries[5].after_json)["parent"], "1.2");
    const json before = json::parse(entries[6].before_json);
    const json after = json::parse(entries[6].after_json);
    EXPECT_EQ(before["weight"], 2.0);
    EXPECT_TRUE(after["weight"].is_null());
    EXPECT_EQ(before["ogp_values"], json::array({"access_to_information"}));
    EXPECT_EQ(after["ogp_values"], json::array({"civic_participation"}));
    EXPECT_EQ(before["responsible"]["name"], "Ana Pérez");
}

TEST_P(PlanEditorContract, AWeightEditIsAuditedAndKeepsHistory)
{
    seed();
    plans::ProgressUpdate update;
    update.as_of = Date{2024, 6, 30};
    update.progress = plans::Progress::of(50);
    update.author = "test";
    update.recorded_at = at;
    ASSERT_TRUE(m_plans->add_progress_update("PY-2024", "1", "1.1", update).ok());

    plans::NodeFields changed = node("1.1", "", 3);
    changed.title = "Portal publicado";
    changed.kind = plans::NodeKind::milestone;
    ASSERT_TRUE(m_editor->save_node("PY-2024", "1", changed, SaveMode::update, admin, at).ok());
    const plans::Plan loaded = load();
    const plans::Node& saved = loaded.commitments[0].results[0];
    EXPECT_EQ(saved.code, "1.1");
    EXPECT_EQ(saved.title, "Portal publicado");
    EXPECT_EQ(saved.kind, plans::NodeKind::milestone);
    EXPECT_EQ(saved.weight, 3.0);
    EXPECT_EQ(saved.updates.size(), 1u) << "the history stays";

    const AuditEntry last = audit().back();
    EXPECT_EQ(last.action, "update_result");
    EXPECT_EQ(json::parse(last.before_json)["weight"], 1.0);
    EXPECT_EQ(json::parse(last.after_json)["weight"], 3.0);
}

TEST_P(PlanEditorContract, ANodeMovesUnderAnotherParentButNeverIntoACycle)
{
    seed();
    // 1.1 goes under 1.2.1, after nothing: its children are empty.
    ASSERT_TRUE(
        m_editor->save_node("PY-2024", "1", node("1.1", "1.2.1"), SaveMode::update, admin, at)
            .ok());
    plans::Commitment saved = load().commitments[0];
    ASSERT_EQ(saved.results.size(), 1u);
    ASSERT_EQ(saved.results[0].children[0].children.size(), 1u);
    EXPECT_EQ(saved.results[0].children[0].children[0].code, "1.1");

    // 1.2 under 1.1 (its own great-grandchild) is a cycle: refused, nothing changed.
    const auto entries = audit().size();
    const int changes = m_changes;
    auto refused =
        m_editor->save_node("PY-2024", "1", node("1.2", "1.1"), SaveMode::update, admin, at);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(refused.error().where, "parent");
    EXPECT_EQ(load().commitments[0].results.size(), 1u);
    EXPECT_EQ(load().commitments[0].results[0].code, "1.2");
    EXPECT_EQ(audit().size(), entries);
    EXPECT_EQ(m_changes, changes);
}

TEST_P(PlanEditorContract, ARefusedWriteChangesNothingAndIsNotAudited)
{
    seed();
    const plans::Plan before = load();
    const auto entries = audit().size();

    plans::Commitment too_long = commitment();
    too_long.title = "Otro título";
    too_long.brief_description = std::string(141, 'x');
    plans::Commitment unknown_area = commitment();
    unknown_area.area = "salud";
    plans::Commitment late = commitment();
    late.end_date = Date{2026, 1, 1};
    plans::Plan backwards = plan();
    backwards.title = "Cambiado";
    backwards.period_end = Date{2023, 1, 1};
    plans::Plan unknown_organisation = plan();
    unknown_organisation.organisation = "NADIE";

    struct Row {
        std::string name;
        std::function<Result<void>()> write;
        ErrorCode code;
        std::string where;
    };
    const std::vector<Row> rows = {
        {"brief description over 140",
            [&] {
                return m_editor->save_commitment("PY-2024", too_long, SaveMode::update, admin, at);
            },
            ErrorCode::invalid_argument, "brief_description"},
        {"unknown area",
            [&] {
                return m_editor->save_commitment(
                    "PY-2024", unknown_area, SaveMode::update, admin, at);
            },
            ErrorCode::invalid_argument, "area"},
        {"end outside the period",
            [&] { return m_editor->save_commitment("PY-2024", late, SaveMode::update, admin, at); },
            ErrorCode::invalid_argument, "end_date"},
        {"a commitment code taken",
            [&] {
                return m_editor->save_commitment(
                    "PY-2024", commitment(), SaveMode::create, admin, at);
            },
            ErrorCode::already_exists, "code"},
        {"an unknown commitment",
            [&] {
                return m_editor->save_commitment(
                    "PY-2024", commitment("9"), SaveMode::update, admin, at);
            },
            ErrorCode::not_found, "code"},
        {"a negative weight",
            [&] {
                return m_editor->save_node(
                    "PY-2024", "1", node("1.1", "", -1), SaveMode::update, admin, at);
            },
            ErrorCode::invalid_argument, "weight"},
        {"due before start",
            [&] {
                auto fields = node("1.1");
                fields.due_date = Date{2024, 1, 2};
                return m_editor->save_node("PY-2024", "1", fields, SaveMode::update, admin, at);
            },
            ErrorCode::invalid_argument, "due_date"},
        {"a result code taken",
            [&] {
                return m_editor->save_node(
                    "PY-2024", "1", node("1.2"), SaveMode::create, admin, at);
            },
            ErrorCode::already_exists, "code"},
        {"an unknown parent",
            [&] {
                return m_editor->save_node(
                    "PY-2024", "1", node("1.3", "9"), SaveMode::create, admin, at);
            },
            ErrorCode::invalid_argument, "parent"},
        {"a period ending before it starts",
            [&] { return m_editor->save_plan(backwards, SaveMode::update, admin, at); },
            ErrorCode::invalid_argument, "period_end"},
        {"an unknown organisation",
            [&] { return m_editor->save_plan(unknown_organisation, SaveMode::update, admin, at); },
            ErrorCode::invalid_argument, "organisation"},
        {"a plan code taken",
            [&] { return m_editor->save_plan(plan(), SaveMode::create, admin, at); },
            ErrorCode::already_exists, "code"},
        {"an area code taken",
            [&] {
                return m_editor->save_area(
                    "PY-2024", {"transparencia", "Otra"}, SaveMode::create, admin, at);
            },
            ErrorCode::already_exists, "code"},
        {"an area code with capitals",
            [&] {
                return m_editor->save_area(
                    "PY-2024", {"Salud", "Salud"}, SaveMode::create, admin, at);
            },
            ErrorCode::invalid_argument, "code"},
        {"an institution without a name",
            [&] {
                return m_editor->save_organisation(
                    {"PY-EXEC", "", plans::OrganisationKind::executive}, SaveMode::create, admin,
                    at);
            },
            ErrorCode::invalid_argument, "name"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const int changes = m_changes;
        auto result = row.write();
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, row.code) << result.error().message;
        EXPECT_EQ(result.error().where, row.where) << result.error().message;
        EXPECT_EQ(m_changes, changes);
    }
    const plans::Plan after = load();
    EXPECT_EQ(after.title, before.title);
    EXPECT_EQ(after.period_end, before.period_end);
    EXPECT_EQ(after.organisation, before.organisation);
    EXPECT_EQ(after.areas.size(), before.areas.size());
    EXPECT_EQ(after.commitments[0].title, before.commitments[0].title);
    EXPECT_EQ(after.commitments[0].brief_description, before.commitments[0].brief_description);
    EXPECT_EQ(after.commitments[0].results[0].weight, before.commitments[0].results[0].weight);
    EXPECT_EQ(after.commitments[0].results.size(), before.commitments[0].results.size());
    EXPECT_EQ(audit().size(), entries);
    auto organisations = m_editor->organisations();
    ASSERT_TRUE(organisations.ok());
    EXPECT_TRUE(organisations->empty());
}

TABLERO_INSTANTIATE_BACKENDS(PlanEditorContract);

}  // namespace
}  // namespace tablero::storage
