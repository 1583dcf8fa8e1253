// The plan store's contract (storage/plan_store.h), run against SQLite and PostgreSQL: imports
// create and update by code and only ever add history, a failed import leaves nothing, every
// template field round-trips, and a whole plan loads back nested and in order.
#include "domain/plans/plan_csv.h"
#include "storage/plan_store.h"
#include "storage_contract/backend_fixture.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace tablero::storage {
namespace {

using plans::ImportedCommitment;
using plans::ImportedPlan;
using plans::ImportedResult;
using plans::Progress;

class PlanStoreContract : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        BackendFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_database = open_migrated();
        m_store = make_plan_store(*m_database);
    }

    plans::Plan load(const std::string& code)
    {
        auto plan = m_store->load_plan(code);
        if (!plan.ok())
            throw std::runtime_error(plan.error().message);
        return std::move(plan).value();
    }

    // The rows of every plan table, to prove that a failed command wrote nothing.
    std::map<std::string, int> row_counts()
    {
        std::map<std::string, int> counts;
        for (const char* table : {"organisations", "plans", "areas", "commitments",
                 "commitment_values", "commitment_challenges", "commitment_actors", "nodes",
                 "progress_updates", "evidence", "assessments"}) {
            auto counted = m_database->read([&](soci::session& session) -> Result<int> {
                int count = 0;
                session << std::string("SELECT COUNT(*) FROM ") + table, soci::into(count);
                return count;
            });
            counts[table] = counted.ok() ? *counted : -1;
        }
        return counts;
    }

    std::unique_ptr<Database> m_database;
    std::unique_ptr<PlanStore> m_store;
};

TABLERO_INSTANTIATE_BACKENDS(PlanStoreContract);

Date day(const char* text)
{
    auto parsed = parse_iso_date(text);
    if (!parsed.ok())
        throw std::runtime_error(parsed.error().message);
    return *parsed;
}

const std::string importer = "import of plan.csv";
const std::string june = "2015-07-01T10:00:00Z";
const std::string december = "2016-01-05T09:30:00Z";

// Two commitments covering what a file can say: a parent named only as parent (1.2), a parent
// whose own row comes after its child's (2.0 after 2.1), a value, not applicable, nothing
// reported, a weight, dates, evidence and a note.
ImportedPlan sample_import()
{
    ImportedPlan plan{"PY-2014-2016", "Tercer Plan de Acción de Gobierno Abierto", {}};
    ImportedCommitment first{"1", "Portal de datos abiertos", "Transparencia y Acceso",
        "Secretaría Técnica de Planificación", 2.0, {}};
    first.results = {
        {.row = 2,
            .code = "1.1",
            .title = "Publicar 50 conjuntos de datos",
            .parent = "",
            .weight = 3.0,
            .start_date = day("2014-07-01"),
            .due_date = day("2015-06-30"),
            .progress = Progress::of(50),
            .as_of = day("2015-06-30"),
            .evidence_url = "https://datos.gov.py/informe",
            .note = "la mitad publicada"},
        {.row = 3,
            .code = "1.2.1",
            .title = "Ñandutí: guía de apertura",
            .parent = "1.2",
            .weight = std::nullopt,
            .start_date = std::nullopt,
            .due_date = day("2016-06-30"),
            .progress = Progress::not_applicable(),
            .as_of = day("2015-06-30"),
            .evidence_url = "",
            .note = ""},
        {.row = 4,
            .code = "1.2.2",
            .title = "Capacitación a municipios",
            .parent = "1.2",
            .weight = 1.5,
            .start_date = std::nullopt,
            .due_date = std::nullopt,
            .progress = std::nullopt,
            .as_of = std::nullopt,
            .evidence_url = "",
            .note = ""},
    };
    ImportedCommitment second{
        "2", "Presupuesto participativo", "Participación Ciudadana", "", std::nullopt, {}};
    second.results = {
        {.row = 5,
            .code = "2.1",
            .title = "Audiencias públicas",
            .parent = "2.0",
            .weight = std::nullopt,
            .start_date = day("2015-01-01"),
            .due_date = day("2016-03-31"),
            .progress = Progress::of(100),
            .as_of = day("2015-06-30"),
            .evidence_url = "",
            .note = "hechas"},
        {.row = 6,
            .code = "2.0",
            .title = "Consultas",
            .parent = "",
            .weight = std::nullopt,
            .start_date = std::nullopt,
            .due_date = std::nullopt,
            .progress = std::nullopt,
            .as_of = std::nullopt,
            .evidence_url = "",
            .note = ""},
    };
    plan.commitments = {first, second};
    return plan;
}

void expect_same(const plans::Evidence& actual, const plans::Evidence& expected)
{
    EXPECT_EQ(actual.title, expected.title);
    EXPECT_EQ(actual.url, expected.url);
    EXPECT_EQ(actual.date, expected.date);
}

void expect_same(const plans::ProgressUpdate& actual, const plans::ProgressUpdate& expected)
{
    EXPECT_EQ(actual.as_of, expected.as_of);
    EXPECT_EQ(actual.progress, expected.progress);
    EXPECT_EQ(actual.author, expected.author);
    EXPECT_EQ(actual.recorded_at, expected.recorded_at);
    EXPECT_EQ(actual.note, expected.note);
    ASSERT_EQ(actual.evidence.size(), expected.evidence.size());
    for (std::size_t i = 0; i < actual.evidence.size(); ++i)
        expect_same(actual.evidence[i], expected.evidence[i]);
}

void expect_same(const plans::Node& actual, const plans::Node& expected)
{
    SCOPED_TRACE("node " + expected.code);
    EXPECT_EQ(actual.code, expected.code);
    EXPECT_EQ(actual.title, expected.title);
    EXPECT_EQ(actual.kind, expected.kind);
    EXPECT_EQ(actual.weight, expected.weight);
    EXPECT_EQ(actual.start_date, expected.start_date);
    EXPECT_EQ(actual.due_date, expected.due_date);
    ASSERT_EQ(actual.updates.size(), expected.updates.size());
    for (std::size_t i = 0; i < actual.updates.size(); ++i)
        expect_same(actual.updates[i], expected.updates[i]);
    ASSERT_EQ(actual.evidence.size(), expected.evidence.size());
    for (std::size_t i = 0; i < actual.evidence.size(); ++i)
        expect_same(actual.evidence[i], expected.evidence[i]);
    ASSERT_EQ(actual.children.size(), expected.children.size());
    for (std::size_t i = 0; i < actual.children.size(); ++i)
        expect_same(actual.children[i], expected.children[i]);
}

void expect_same_details(const plans::Commitment& actual, const plans::Commitment& expected)
{
    SCOPED_TRACE("commitment " + expected.code);
    EXPECT_EQ(actual.code, expected.code);
    EXPECT_EQ(actual.title, expected.title);
    EXPECT_EQ(actual.area, expected.area);
    EXPECT_EQ(actual.weight, expected.weight);
    EXPECT_EQ(actual.lead_institution, expected.lead_institution);
    EXPECT_EQ(actual.responsible.name, expected.responsible.name);
    EXPECT_EQ(actual.responsible.position, expected.responsible.position);
    EXPECT_EQ(actual.responsible.email, expected.responsible.email);
    EXPECT_EQ(actual.responsible.phone, expected.responsible.phone);
    ASSERT_EQ(actual.other_actors.size(), expected.other_actors.size());
    for (std::size_t i = 0; i < actual.other_actors.size(); ++i) {
        EXPECT_EQ(actual.other_actors[i].kind, expected.other_actors[i].kind);
        EXPECT_EQ(actual.other_actors[i].name, expected.other_actors[i].name);
    }
    EXPECT_EQ(actual.main_goal, expected.main_goal);
    EXPECT_EQ(actual.brief_description, expected.brief_description);
    EXPECT_EQ(actual.public_problem, expected.public_problem);
    EXPECT_EQ(actual.ogp_values, expected.ogp_values);
    EXPECT_EQ(actual.ambition, expected.ambition);
    EXPECT_EQ(actual.grand_challenges, expected.grand_challenges);
    EXPECT_EQ(actual.start_date, expected.start_date);
    EXPECT_EQ(actual.end_date, expected.end_date);
    EXPECT_EQ(actual.next_steps, expected.next_steps);
    EXPECT_EQ(actual.additional_information, expected.additional_information);
}

void expect_same(const plans::Commitment& actual, const plans::Commitment& expected)
{
    expect_same_details(actual, expected);
    SCOPED_TRACE("commitment " + expected.code);
    ASSERT_EQ(actual.results.size(), expected.results.size());
    for (std::size_t i = 0; i < actual.results.size(); ++i)
        expect_same(actual.results[i], expected.results[i]);
    ASSERT_EQ(actual.assessments.size(), expected.assessments.size());
    for (std::size_t i = 0; i < actual.assessments.size(); ++i) {
        EXPECT_EQ(actual.assessments[i].assessor, expected.assessments[i].assessor);
        EXPECT_EQ(actual.assessments[i].level, expected.assessments[i].level);
        EXPECT_EQ(actual.assessments[i].date, expected.assessments[i].date);
        EXPECT_EQ(actual.assessments[i].justification, expected.assessments[i].justification);
    }
}

void expect_same(const plans::Plan& actual, const plans::Plan& expected)
{
    EXPECT_EQ(actual.code, expected.code);
    EXPECT_EQ(actual.title, expected.title);
    EXPECT_EQ(actual.organisation, expected.organisation);
    EXPECT_EQ(actual.period_start, expected.period_start);
    EXPECT_EQ(actual.period_end, expected.period_end);
    EXPECT_EQ(actual.lifecycle, expected.lifecycle);
    ASSERT_EQ(actual.areas.size(), expected.areas.size());
    for (std::size_t i = 0; i < actual.areas.size(); ++i) {
        EXPECT_EQ(actual.areas[i].code, expected.areas[i].code);
        EXPECT_EQ(actual.areas[i].title, expected.areas[i].title);
    }
    ASSERT_EQ(actual.commitments.size(), expected.commitments.size());
    for (std::size_t i = 0; i < actual.commitments.size(); ++i)
        expect_same(actual.commitments[i], expected.commitments[i]);
}

plans::Node node(std::string code, std::string title, std::optional<double> weight,
    std::optional<Date> start, std::optional<Date> due)
{
    plans::Node made;
    made.code = std::move(code);
    made.title = std::move(title);
    made.weight = weight;
    made.start_date = start;
    made.due_date = due;
    return made;
}

plans::ProgressUpdate update(const char* as_of, Progress progress, std::string recorded_at,
    std::string note = "", std::vector<plans::Evidence> evidence = {})
{
    return {day(as_of), progress, importer, std::move(recorded_at), std::move(note),
        std::move(evidence)};
}

// What load_plan must give back after sample_import() into an empty database.
plans::Plan expected_sample()
{
    plans::Plan plan;
    plan.code = "PY-2014-2016";
    plan.title = "Tercer Plan de Acción de Gobierno Abierto";
    plan.period_start = day("2014-07-01");
    plan.period_end = day("2016-06-30");
    plan.lifecycle = plans::Lifecycle::implementation;
    plan.areas = {{"transparencia-y-acceso", "Transparencia y Acceso"},
        {"participacion-ciudadana", "Participación Ciudadana"}};

    plans::Commitment first;
    first.code = "1";
    first.title = "Portal de datos abiertos";
    first.area = "transparencia-y-acceso";
    first.weight = 2.0;
    first.lead_institution = "Secretaría Técnica de Planificación";
    auto r11 =
        node("1.1", "Publicar 50 conjuntos de datos", 3.0, day("2014-07-01"), day("2015-06-30"));
    r11.updates = {update("2015-06-30", Progress::of(50), june, "la mitad publicada",
        {{"", "https://datos.gov.py/informe", day("2015-06-30")}})};
    auto r12 = node("1.2", "1.2", std::nullopt, std::nullopt, std::nullopt);
    auto r121 =
        node("1.2.1", "Ñandutí: guía de apertura", std::nullopt, std::nullopt, day("2016-06-30"));
    r121.updates = {update("2015-06-30", Progress::not_applicable(), june)};
    auto r122 = node("1.2.2", "Capacitación a municipios", 1.5, std::nullopt, std::nullopt);
    r12.children = {r121, r122};
    first.results = {r11, r12};

    plans::Commitment second;
    second.code = "2";
    second.title = "Presupuesto participativo";
    second.area = "participacion-ciudadana";
    auto r20 = node("2.0", "Consultas", std::nullopt, std::nullopt, std::nullopt);
    auto r21 =
        node("2.1", "Audiencias públicas", std::nullopt, day("2015-01-01"), day("2016-03-31"));
    r21.updates = {update("2015-06-30", Progress::of(100), june, "hechas")};
    r20.children = {r21};
    second.results = {r20};

    plan.commitments = {first, second};
    return plan;
}

std::size_t count_updates(const std::vector<plans::Node>& nodes)
{
    std::size_t count = 0;
    for (const auto& node : nodes)
        count += node.updates.size() + count_updates(node.children);
    return count;
}

TEST_P(PlanStoreContract, ImportCreatesThePlanAndLoadsItBackNested)
{
    auto summary = m_store->apply_import(sample_import(), importer, june);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_TRUE(summary->plan_created);
    EXPECT_EQ(summary->commitments_created, 2);
    EXPECT_EQ(summary->commitments_updated, 0);
    EXPECT_EQ(summary->results_created, 6) << "five rows and the parent 1.2";
    EXPECT_EQ(summary->results_updated, 0);
    EXPECT_EQ(summary->progress_updates_added, 3);
    EXPECT_EQ(summary->progress_updates_unchanged, 0);

    expect_same(load("PY-2014-2016"), expected_sample());
}

// Rows whose parents appear after their children and under other parents, for the comparison
// with plan_from_import.
ImportedPlan out_of_order_import()
{
    ImportedPlan plan{"PY-ORDER", "Orden", {}};
    ImportedCommitment commitment{"1", "Uno", "Área", "", std::nullopt, {}};
    const char* rows[][2] = {{"a.1", "a"}, {"b", ""}, {"a.2", "a"}, {"a", "z"}, {"c.1", "c"},
        {"z", ""}, {"b.1", "b"}, {"a.1.1", "a.1"}};
    int row = 2;
    for (const auto& [code, parent] : rows) {
        ImportedResult result;
        result.row = row++;
        result.code = code;
        result.title = std::string("Resultado ") + code;
        result.parent = parent;
        commitment.results.push_back(result);
    }
    plan.commitments.push_back(commitment);
    return plan;
}

void stamp_updates(std::vector<plans::Node>& nodes, const std::string& recorded_at)
{
    for (auto& node : nodes) {
        for (auto& update : node.updates) {
            update.author = importer;
            update.recorded_at = recorded_at;
        }
        stamp_updates(node.children, recorded_at);
    }
}

// The store and the domain agree on what an import into an empty database makes
// (plans::plan_from_import): the same nesting, order, defaults and evidence.
TEST_P(PlanStoreContract, ImportIntoAnEmptyDatabaseMakesWhatPlanFromImportSays)
{
    for (const auto& imported : {sample_import(), out_of_order_import()}) {
        SCOPED_TRACE(imported.code);
        ASSERT_TRUE(m_store->apply_import(imported, importer, june).ok());
        auto expected = plans::plan_from_import(imported);
        const auto loaded = load(imported.code);
        // What the file does not carry: the period the store derives, who recorded updates.
        expected.period_start = loaded.period_start;
        expected.period_end = loaded.period_end;
        for (auto& commitment : expected.commitments)
            stamp_updates(commitment.results, june);
        expect_same(loaded, expected);
    }
}

TEST_P(PlanStoreContract, ImportingTheSameFileAgainChangesNothing)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    const auto before = row_counts();
    auto again = m_store->apply_import(sample_import(), importer, december);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_FALSE(again->plan_created);
    EXPECT_EQ(again->commitments_created, 0);
    EXPECT_EQ(again->commitments_updated, 0);
    EXPECT_EQ(again->results_created, 0);
    EXPECT_EQ(again->results_updated, 0);
    EXPECT_EQ(again->progress_updates_added, 0);
    EXPECT_EQ(again->progress_updates_unchanged, 3);
    EXPECT_EQ(row_counts(), before);
    expect_same(load("PY-2014-2016"), expected_sample());
}

TEST_P(PlanStoreContract, ReimportUpdatesTitlesWeightsAndParentsButNotHistory)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    auto changed = sample_import();
    changed.title = "Tercer Plan (revisado)";
    changed.commitments[0].title = "Portal de datos abiertos, segunda fase";
    changed.commitments[0].weight = std::nullopt;
    changed.commitments[0].results[0].weight = 1.0;
    changed.commitments[0].results[0].title = "Publicar 60 conjuntos de datos";
    // 1.2.2 moves to the top of its commitment.
    changed.commitments[0].results[2].parent = "";
    auto summary = m_store->apply_import(changed, importer, december);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->commitments_created, 0);
    EXPECT_EQ(summary->commitments_updated, 1);
    EXPECT_EQ(summary->results_created, 0);
    EXPECT_EQ(summary->results_updated, 2);
    EXPECT_EQ(summary->progress_updates_added, 0);
    EXPECT_EQ(summary->progress_updates_unchanged, 3);

    auto expected = expected_sample();
    expected.title = "Tercer Plan (revisado)";
    auto& first = expected.commitments[0];
    first.title = "Portal de datos abiertos, segunda fase";
    first.weight = std::nullopt;
    first.results[0].weight = 1.0;
    first.results[0].title = "Publicar 60 conjuntos de datos";
    first.results.push_back(first.results[1].children[1]);
    first.results[1].children.pop_back();
    expect_same(load("PY-2014-2016"), expected);
}

TEST_P(PlanStoreContract, ANewMonthAddsHistoryAndKeepsTheOldUpdates)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    auto next = sample_import();
    auto& r11 = next.commitments[0].results[0];
    r11.progress = Progress::of(80);
    r11.as_of = day("2015-12-31");
    r11.evidence_url = "https://datos.gov.py/informe-2";
    r11.note = "";
    // 2.1 is corrected for the same date: a new update, recorded after the first.
    next.commitments[1].results[0].progress = Progress::of(90);
    auto summary = m_store->apply_import(next, importer, december);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->progress_updates_added, 2);
    EXPECT_EQ(summary->progress_updates_unchanged, 1);

    auto expected = expected_sample();
    expected.commitments[0].results[0].updates.push_back(update("2015-12-31", Progress::of(80),
        december, "", {{"", "https://datos.gov.py/informe-2", day("2015-12-31")}}));
    expected.commitments[1].results[0].children[0].updates.push_back(
        update("2015-06-30", Progress::of(90), december, "hechas"));
    expect_same(load("PY-2014-2016"), expected);

    // June's file again: 1.1's June figure is still its latest for that date, but 2.1's latest
    // is the correction, so going back to 100 is one more piece of history.
    auto back = m_store->apply_import(sample_import(), importer, "2016-02-01T00:00:00Z");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->progress_updates_added, 1);
    EXPECT_EQ(back->progress_updates_unchanged, 2);
}

TEST_P(PlanStoreContract, AFailedImportLeavesTheDatabaseAsItWas)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    const auto counts = row_counts();

    // A trigger the store knows nothing about refuses the last update of the file, after
    // everything before it was written.
    auto installed = m_database->write([&](soci::session& session) -> Result<void> {
        if (GetParam() == Backend::sqlite) {
            session << "CREATE TRIGGER refuse_boom BEFORE INSERT ON progress_updates"
                       " WHEN NEW.note = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END";
        } else {
            session << "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$"
                       " BEGIN IF NEW.note = 'boom' THEN RAISE EXCEPTION 'boom refused'; END IF;"
                       " RETURN NEW; END $$";
            session << "CREATE TRIGGER refuse_boom BEFORE INSERT ON progress_updates"
                       " FOR EACH ROW EXECUTE FUNCTION refuse_boom()";
        }
        return {};
    });
    ASSERT_TRUE(installed.ok()) << installed.error().message;

    auto changed = [] {
        auto plan = sample_import();
        plan.title = "Never";
        plan.commitments[0].title = "Never";
        plan.commitments[0].results[0].progress = Progress::of(99);
        plan.commitments[0].results[0].as_of = day("2015-12-31");
        plan.commitments.push_back({"3", "Never", "Nueva Área", "", std::nullopt,
            {{.row = 7,
                .code = "3.1",
                .title = "Never",
                .parent = "",
                .weight = std::nullopt,
                .start_date = std::nullopt,
                .due_date = std::nullopt,
                .progress = std::nullopt,
                .as_of = std::nullopt,
                .evidence_url = "",
                .note = ""}}});
        return plan;
    };
    struct Row {
        const char* name;
        ImportedPlan plan;
        ErrorCode code;
        std::string message;  // empty: not checked
        std::string where;
    };
    std::vector<Row> rows;
    {
        auto plan = changed();
        plan.commitments[1].results[0].progress = Progress::of(30);
        plan.commitments[1].results[0].as_of = day("2015-12-31");
        plan.commitments[1].results[0].note = "boom";
        rows.push_back({"the database refuses the last update", plan, ErrorCode::internal,
            "boom refused", ""});
    }
    {
        auto plan = changed();
        plan.commitments[2].results[0].progress = Progress::of(130);
        plan.commitments[2].results[0].as_of = day("2015-12-31");
        rows.push_back({"a progress over 100", plan, ErrorCode::invalid_argument,
            "a progress must be a percentage from 0 to 100, got 130", "row 7, field progress"});
    }
    {
        auto plan = changed();
        plan.commitments[2].results[0].progress = Progress::of(10);
        rows.push_back({"progress without as_of", plan, ErrorCode::invalid_argument,
            "result 3.1 reports progress without an as_of date", "row 7, field as_of"});
    }
    {
        auto plan = changed();
        plan.commitments[2].results.push_back(plan.commitments[2].results[0]);
        plan.commitments[2].results[1].row = 8;
        rows.push_back({"a result twice in one commitment", plan, ErrorCode::invalid_argument,
            "result 3.1 appears twice in commitment 3", "row 8, field result"});
    }
    const ImportedResult group{.row = 9,
        .code = "1.2",
        .title = "Grupo",
        .parent = "1.2.1",
        .weight = std::nullopt,
        .start_date = std::nullopt,
        .due_date = std::nullopt,
        .progress = std::nullopt,
        .as_of = std::nullopt,
        .evidence_url = "",
        .note = ""};
    {
        auto plan = changed();
        plan.commitments[0].results.push_back(group);
        rows.push_back({"a cycle of parents in the file", plan, ErrorCode::invalid_argument,
            "result 1.2 of commitment 1 would be its own ancestor through parent 1.2.1",
            "row 9, field parent"});
    }
    {
        // 1.2.1 is stored under 1.2 and has no row here: only the stored tree shows the loop.
        auto plan = changed();
        plan.commitments[0].results.erase(plan.commitments[0].results.begin() + 1);
        plan.commitments[0].results.push_back(group);
        rows.push_back({"a cycle through a stored parent", plan, ErrorCode::invalid_argument,
            "result 1.2 of commitment 1 would be its own ancestor through parent 1.2.1",
            "row 9, field parent"});
    }
    {
        auto plan = changed();
        plan.commitments[0].results[0].weight = 0;
        rows.push_back(
            {"a zero weight", plan, ErrorCode::invalid_argument, "", "row 2, field weight"});
    }
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto summary = m_store->apply_import(row.plan, importer, december);
        ASSERT_FALSE(summary.ok());
        EXPECT_EQ(summary.error().code, row.code) << summary.error().message;
        if (!row.message.empty()) {
            EXPECT_NE(summary.error().message.find(row.message), std::string::npos)
                << summary.error().message;
        }
        EXPECT_EQ(summary.error().where, row.where);
        EXPECT_EQ(row_counts(), counts);
        expect_same(load("PY-2014-2016"), expected_sample());
    }
}

TEST_P(PlanStoreContract, AFailedFirstImportCreatesNoPlan)
{
    auto plan = sample_import();
    plan.commitments[0].results[1].parent = "1.2.2";
    plan.commitments[0].results[2].parent = "1.2.1";
    auto summary = m_store->apply_import(plan, importer, june);
    ASSERT_FALSE(summary.ok());
    EXPECT_EQ(summary.error().code, ErrorCode::invalid_argument);
    auto plans = m_store->list_plans();
    ASSERT_TRUE(plans.ok());
    EXPECT_TRUE(plans->empty());
    for (const auto& [table, count] : row_counts()) {
        SCOPED_TRACE(table);
        EXPECT_EQ(count, 0);
    }
}

TEST_P(PlanStoreContract, InvalidImportInputIsRefusedWithWhere)
{
    struct Row {
        const char* name;
        ImportedPlan plan;
        std::string author;
        std::string where;
    };
    auto no_code = sample_import();
    no_code.code = "";
    auto empty_result = sample_import();
    empty_result.commitments[1].results[1].code = "";
    auto twice = sample_import();
    twice.commitments[1].code = "1";
    auto own_parent = sample_import();
    own_parent.commitments[0].results[0].parent = "1.1";
    const Row rows[] = {
        {"no plan code", no_code, importer, "plan"},
        {"no author", sample_import(), "", "author"},
        {"an empty result code", empty_result, importer, "row 6, field result"},
        {"a commitment twice", twice, importer, "commitment 1"},
        {"its own parent", own_parent, importer, "row 2, field parent"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto summary = m_store->apply_import(row.plan, row.author, june);
        ASSERT_FALSE(summary.ok());
        EXPECT_EQ(summary.error().code, ErrorCode::invalid_argument);
        EXPECT_EQ(summary.error().where, row.where) << summary.error().message;
    }
    auto plans = m_store->list_plans();
    ASSERT_TRUE(plans.ok());
    EXPECT_TRUE(plans->empty());
}

plans::Commitment full_commitment()
{
    plans::Commitment commitment;
    commitment.code = "1";
    commitment.title = "Tekopy'ỹ: ñane retã rembiapo";
    commitment.area = "participacion-ciudadana";
    commitment.weight = 0.1 + 0.2;
    commitment.lead_institution = "Ministerio de Educación y Ciencias";
    commitment.responsible = {
        "Mercedes Ñamandú", "Directora General", "mnamandu@mec.gov.py", "+595 21 450 000"};
    commitment.other_actors = {{plans::ActorKind::civil_society, "Semillas para la Democracia"},
        {plans::ActorKind::multilateral, "PNUD"},
        {plans::ActorKind::civil_society, "Asociación Ñane Ñe'ẽ"}};
    commitment.main_goal = "Que cada escuela publique su presupuesto.\nEn guaraní: "
                           "mbo'ehao ohechauka hepykue.";
    commitment.brief_description = "Presupuestos escolares abiertos 🇵🇾";
    commitment.public_problem = "Nadie sabe cuánto recibe cada escuela; \"it's\" opaco.";
    commitment.ogp_values = {plans::OgpValue::access_to_information,
        plans::OgpValue::civic_participation, plans::OgpValue::public_accountability};
    commitment.ambition = "Pasar de cero a 8.000 escuelas.";
    commitment.grand_challenges = {plans::GrandChallenge::improving_public_services,
        plans::GrandChallenge::managing_public_resources};
    commitment.start_date = day("2014-07-01");
    commitment.end_date = day("2016-06-30");
    commitment.next_steps = "Ampliar a universidades";
    commitment.additional_information = "Ver https://mec.gov.py";
    return commitment;
}

TEST_P(PlanStoreContract, CommitmentDetailsRoundTripEveryTemplateField)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    auto commitment = full_commitment();
    auto put = m_store->put_commitment_details("PY-2014-2016", commitment);
    ASSERT_TRUE(put.ok()) << put.error().message;
    auto plan = load("PY-2014-2016");
    ASSERT_EQ(plan.commitments.size(), 2u);
    expect_same_details(plan.commitments[0], commitment);
    auto expected_results = expected_sample().commitments[0].results;
    ASSERT_EQ(plan.commitments[0].results.size(), expected_results.size());
    for (std::size_t i = 0; i < expected_results.size(); ++i)
        expect_same(plan.commitments[0].results[i], expected_results[i]);

    // Sets and actors are replaced whole; optional fields can be emptied again.
    commitment.ogp_values = {plans::OgpValue::technology_and_innovation};
    commitment.grand_challenges.clear();
    commitment.other_actors = {{plans::ActorKind::private_sector, "Tigo"}};
    commitment.weight = std::nullopt;
    commitment.start_date = std::nullopt;
    commitment.area = "";
    ASSERT_TRUE(m_store->put_commitment_details("PY-2014-2016", commitment).ok());
    plan = load("PY-2014-2016");
    expect_same_details(plan.commitments[0], commitment);
    EXPECT_EQ(plan.commitments[0].results.size(), 2u) << "results are left as they are";

    // A new commitment goes after the others.
    auto third = full_commitment();
    third.code = "3";
    ASSERT_TRUE(m_store->put_commitment_details("PY-2014-2016", third).ok());
    plan = load("PY-2014-2016");
    ASSERT_EQ(plan.commitments.size(), 3u);
    expect_same_details(plan.commitments[2], third);
    EXPECT_TRUE(plan.commitments[2].results.empty());
}

TEST_P(PlanStoreContract, CommitmentDetailsRefuseUnknownPlansAndAreas)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    const auto counts = row_counts();
    auto no_plan = m_store->put_commitment_details("PY-9", full_commitment());
    ASSERT_FALSE(no_plan.ok());
    EXPECT_EQ(no_plan.error().code, ErrorCode::not_found);
    EXPECT_EQ(no_plan.error().message, "no plan PY-9");
    auto commitment = full_commitment();
    commitment.area = "salud";
    auto no_area = m_store->put_commitment_details("PY-2014-2016", commitment);
    ASSERT_FALSE(no_area.ok());
    EXPECT_EQ(no_area.error().code, ErrorCode::not_found);
    EXPECT_EQ(no_area.error().message, "plan PY-2014-2016 has no area salud");
    commitment = full_commitment();
    commitment.code = "";
    auto no_code = m_store->put_commitment_details("PY-2014-2016", commitment);
    ASSERT_FALSE(no_code.ok());
    EXPECT_EQ(no_code.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(no_code.error().where, "code");
    EXPECT_EQ(row_counts(), counts);
}

TEST_P(PlanStoreContract, AssessmentsOfTheThreeAssessorsCoexist)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    const std::vector<plans::Assessment> assessments = {
        {plans::Assessor::government, plans::CompletionLevel::substantial, day("2016-07-15"),
            "Informe de autoevaluación"},
        {plans::Assessor::civil_society, plans::CompletionLevel::limited, day("2016-08-01"),
            "Las escuelas rurales no publican"},
        {plans::Assessor::independent_reviewer, plans::CompletionLevel::limited, day("2016-10-01"),
            "IRM: avance limitado"},
        {plans::Assessor::government, plans::CompletionLevel::complete, day("2016-12-01"),
            "Segunda autoevaluación"},
    };
    for (const auto& assessment : assessments) {
        auto added = m_store->add_assessment("PY-2014-2016", "2", assessment);
        ASSERT_TRUE(added.ok()) << added.error().message;
    }
    auto plan = load("PY-2014-2016");
    auto expected = expected_sample();
    expected.commitments[1].assessments = assessments;
    expect_same(plan, expected);

    auto unknown = m_store->add_assessment("PY-2014-2016", "7", assessments[0]);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
    EXPECT_EQ(unknown.error().message, "plan PY-2014-2016 has no commitment 7");
}

TEST_P(PlanStoreContract, ProgressUpdatesAreAppendedWithTheirEvidence)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    const plans::ProgressUpdate added{day("2015-09-30"), Progress::of(62.5), "ana@stp.gov.py",
        "2015-10-02T14:00:00Z", "Informe trimestral",
        {{"Acta de la reunión", "https://stp.gov.py/acta.pdf", day("2015-09-28")},
            {"Fotos", "https://stp.gov.py/fotos", day("2015-09-29")}}};
    auto put = m_store->add_progress_update("PY-2014-2016", "1", "1.2.2", added);
    ASSERT_TRUE(put.ok()) << put.error().message;
    auto plan = load("PY-2014-2016");
    const auto& node = plan.commitments[0].results[1].children[1];
    ASSERT_EQ(node.code, "1.2.2");
    ASSERT_EQ(node.updates.size(), 1u);
    expect_same(node.updates[0], added);

    struct Row {
        const char* name;
        std::string commitment;
        std::string node;
        plans::ProgressUpdate update;
        ErrorCode code;
        std::string message;
    };
    auto not_reported = added;
    not_reported.progress = Progress::not_reported();
    auto too_much = added;
    too_much.progress = Progress::of(100.5);
    const Row rows[] = {
        {"unknown result", "1", "9.9", added, ErrorCode::not_found,
            "commitment 1 of plan PY-2014-2016 has no result 9.9"},
        {"unknown commitment", "8", "1.1", added, ErrorCode::not_found,
            "plan PY-2014-2016 has no commitment 8"},
        {"not reported", "1", "1.1", not_reported, ErrorCode::invalid_argument,
            "a progress update reports a percentage or not applicable, not \"not reported\""},
        {"over 100", "1", "1.1", too_much, ErrorCode::invalid_argument,
            "a progress must be a percentage from 0 to 100, got 100.5"},
    };
    const auto counts = row_counts();
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto refused =
            m_store->add_progress_update("PY-2014-2016", row.commitment, row.node, row.update);
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.error().code, row.code);
        EXPECT_EQ(refused.error().message, row.message);
    }
    EXPECT_EQ(row_counts(), counts);
}

TEST_P(PlanStoreContract, ListPlansWithTheirOrganisations)
{
    ASSERT_TRUE(m_store
                    ->put_organisation(
                        {"PY-EXEC", "Gobierno de Paraguay", plans::OrganisationKind::executive})
                    .ok());
    ASSERT_TRUE(m_store
                    ->put_organisation({"PY-EXEC", "Poder Ejecutivo del Paraguay",
                        plans::OrganisationKind::executive})
                    .ok())
        << "a second put updates";
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    plans::Plan next;
    next.code = "PY-2016-2018";
    next.title = "Cuarto Plan";
    next.organisation = "PY-EXEC";
    next.period_start = day("2016-07-01");
    next.period_end = day("2018-06-30");
    next.lifecycle = plans::Lifecycle::consultation;
    next.areas = {{"salud", "Salud"}};
    auto put = m_store->put_plan(next);
    ASSERT_TRUE(put.ok()) << put.error().message;

    auto plans = m_store->list_plans();
    ASSERT_TRUE(plans.ok()) << plans.error().message;
    ASSERT_EQ(plans->size(), 2u);
    const auto& newest = (*plans)[0];
    EXPECT_EQ(newest.code, "PY-2016-2018");
    EXPECT_EQ(newest.title, "Cuarto Plan");
    EXPECT_EQ(newest.organisation_code, "PY-EXEC");
    EXPECT_EQ(newest.organisation_name, "Poder Ejecutivo del Paraguay");
    EXPECT_EQ(newest.period_start, day("2016-07-01"));
    EXPECT_EQ(newest.period_end, day("2018-06-30"));
    EXPECT_EQ(newest.lifecycle, plans::Lifecycle::consultation);
    const auto& imported = (*plans)[1];
    EXPECT_EQ(imported.code, "PY-2014-2016");
    EXPECT_EQ(imported.organisation_code, "");
    EXPECT_EQ(imported.organisation_name, "");
    EXPECT_EQ(imported.period_start, day("2014-07-01"));
    EXPECT_EQ(imported.period_end, day("2016-06-30"));
    EXPECT_EQ(imported.lifecycle, plans::Lifecycle::implementation);

    auto loaded = load("PY-2016-2018");
    EXPECT_EQ(loaded.organisation, "PY-EXEC");
    ASSERT_EQ(loaded.areas.size(), 1u);
    EXPECT_EQ(loaded.areas[0].title, "Salud");

    next.organisation = "CL-CONGRESO";
    auto unknown = m_store->put_plan(next);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
    EXPECT_EQ(unknown.error().message, "no organisation CL-CONGRESO");
}

TEST_P(PlanStoreContract, LoadingAnUnknownPlanIsNotFound)
{
    auto plan = m_store->load_plan("PY-9");
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().code, ErrorCode::not_found);
    EXPECT_EQ(plan.error().message, "no plan PY-9");
}

// load_commitment gives each commitment exactly as load_plan does, with the plan's fields and
// areas, and nothing of its siblings: their values, actors, assessments and updates are there to
// be left out.
TEST_P(PlanStoreContract, LoadCommitmentGivesWhatLoadPlanGivesForThatCommitment)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    ASSERT_TRUE(m_store->put_commitment_details("PY-2014-2016", full_commitment()).ok());
    auto third = full_commitment();
    third.code = "3";
    third.other_actors = {{plans::ActorKind::private_sector, "Tigo"}};
    ASSERT_TRUE(m_store->put_commitment_details("PY-2014-2016", third).ok());
    const std::vector<std::pair<std::string, plans::Assessment>> assessments = {
        {"1",
            {plans::Assessor::government, plans::CompletionLevel::substantial, day("2016-07-15"),
                "Informe de autoevaluación"}},
        {"2",
            {plans::Assessor::civil_society, plans::CompletionLevel::limited, day("2016-08-01"),
                "Las escuelas rurales no publican"}},
        {"1",
            {plans::Assessor::independent_reviewer, plans::CompletionLevel::limited,
                day("2016-10-01"), "IRM: avance limitado"}},
    };
    for (const auto& [code, assessment] : assessments)
        ASSERT_TRUE(m_store->add_assessment("PY-2014-2016", code, assessment).ok());
    const plans::ProgressUpdate nested{day("2015-09-30"), Progress::of(62.5), "ana@stp.gov.py",
        "2015-10-02T14:00:00Z", "Informe trimestral",
        {{"Acta de la reunión", "https://stp.gov.py/acta.pdf", day("2015-09-28")},
            {"Fotos", "https://stp.gov.py/fotos", day("2015-09-29")}}};
    ASSERT_TRUE(m_store->add_progress_update("PY-2014-2016", "1", "1.2.2", nested).ok());
    auto earlier = nested;
    earlier.as_of = day("2015-03-31");
    earlier.evidence = {{"Informe", "https://stp.gov.py/informe.pdf", day("2015-03-30")}};
    ASSERT_TRUE(m_store->add_progress_update("PY-2014-2016", "1", "1.2.2", earlier).ok());
    ASSERT_TRUE(m_store->add_progress_update("PY-2014-2016", "2", "2.1", nested).ok());

    const auto whole = load("PY-2014-2016");
    ASSERT_EQ(whole.commitments.size(), 3u);
    ASSERT_EQ(whole.commitments[0].results[1].children[1].updates.size(), 2u)
        << "the nested result has its history";
    for (const auto& expected : whole.commitments) {
        SCOPED_TRACE("commitment " + expected.code);
        auto loaded = m_store->load_commitment("PY-2014-2016", expected.code);
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        auto only = whole;
        only.commitments = {expected};
        expect_same(*loaded, only);
    }
}

TEST_P(PlanStoreContract, LoadingAnUnknownCommitmentIsNotFound)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    plans::Plan next;
    next.code = "PY-2016-2018";
    next.title = "Cuarto Plan";
    next.period_start = day("2016-07-01");
    next.period_end = day("2018-06-30");
    ASSERT_TRUE(m_store->put_plan(next).ok());
    struct Row {
        const char* name;
        std::string plan;
        std::string commitment;
        std::string message;
        std::string where;
    };
    const Row rows[] = {
        {"unknown commitment", "PY-2014-2016", "7", "no commitment 7 in plan PY-2014-2016", "code"},
        {"unknown plan", "PY-9", "1", "no plan PY-9", "plan"},
        {"a commitment of another plan", "PY-2016-2018", "1",
            "no commitment 1 in plan PY-2016-2018", "code"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto loaded = m_store->load_commitment(row.plan, row.commitment);
        ASSERT_FALSE(loaded.ok());
        EXPECT_EQ(loaded.error().code, ErrorCode::not_found);
        EXPECT_EQ(loaded.error().message, row.message);
        EXPECT_EQ(loaded.error().where, row.where);
    }
}

// 200 commitments of 10 results, each 5 under a parent named only as parent: 2,000 rows.
ImportedPlan large_import(const char* as_of, double percent)
{
    ImportedPlan plan{"PY-LARGE", "Plan grande", {}};
    int row = 2;
    for (int c = 0; c < 200; ++c) {
        ImportedCommitment commitment{"C-" + std::to_string(c), "Compromiso " + std::to_string(c),
            "Área " + std::to_string(c % 7), "Institución", std::nullopt, {}};
        for (int r = 0; r < 10; ++r) {
            ImportedResult result;
            result.row = row++;
            result.code = std::to_string(c) + "." + std::to_string(r);
            result.title = "Resultado " + result.code;
            result.parent = "G" + std::to_string(r / 5);
            result.weight = 1 + r;
            result.due_date = day("2016-06-30");
            result.progress = r == 9 ? Progress::not_applicable() : Progress::of(percent);
            result.as_of = day(as_of);
            commitment.results.push_back(result);
        }
        plan.commitments.push_back(commitment);
    }
    return plan;
}

TEST_P(PlanStoreContract, ATwoThousandRowImportLoadsBackComplete)
{
    auto summary = m_store->apply_import(large_import("2015-06-30", 40), importer, june);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->commitments_created, 200);
    EXPECT_EQ(summary->results_created, 2400);
    EXPECT_EQ(summary->progress_updates_added, 2000);
    auto again = m_store->apply_import(large_import("2015-12-31", 70), importer, december);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->results_created, 0);
    EXPECT_EQ(again->results_updated, 0);
    EXPECT_EQ(again->progress_updates_added, 2000) << "not applicable on a new date is news too";
    EXPECT_EQ(again->progress_updates_unchanged, 0);

    auto plan = load("PY-LARGE");
    ASSERT_EQ(plan.commitments.size(), 200u);
    EXPECT_EQ(plan.areas.size(), 7u);
    std::size_t updates = 0;
    for (std::size_t c = 0; c < plan.commitments.size(); ++c) {
        const auto& commitment = plan.commitments[c];
        EXPECT_EQ(commitment.code, "C-" + std::to_string(c));
        ASSERT_EQ(commitment.results.size(), 2u);
        EXPECT_EQ(commitment.results[0].code, "G0");
        ASSERT_EQ(commitment.results[0].children.size(), 5u);
        ASSERT_EQ(commitment.results[1].children.size(), 5u);
        EXPECT_EQ(commitment.results[1].children[4].code, std::to_string(c) + ".9");
        EXPECT_EQ(commitment.results[1].children[4].weight, 10.0);
        updates += count_updates(commitment.results);
    }
    EXPECT_EQ(updates, 4000u);
    const auto& latest = plan.commitments[5].results[0].children[2].updates;
    ASSERT_EQ(latest.size(), 2u);
    EXPECT_EQ(latest[0].progress, Progress::of(40));
    EXPECT_EQ(latest[1].progress, Progress::of(70));
}

// Text that the PostgreSQL import writes through COPY's text format, where tab, newline, backslash
// and \N mean something: every field must come back byte for byte, an empty text as empty and an
// absent value as absent, on both backends.
TEST_P(PlanStoreContract, ImportedTextRoundTripsExactly)
{
    struct Text {
        const char* name;
        std::string text;
    };
    const Text texts[] = {
        {"empty", ""},
        {"plain", "Portal de datos"},
        {"tab", "a\tb\t"},
        {"newline", "línea 1\nlínea 2\n"},
        {"carriage return", "a\r\nb\r"},
        {"backslash", "C:\\datos\\"},
        {"backslash N, COPY's null", "\\N"},
        {"the end-of-data marker", "\\."},
        {"escape sequences as text", "\\t\\n\\x41\\101"},
        {"quotes", "\"dijo\" 'sí'; DROP TABLE nodes; --"},
        {"accents and emoji", "Ñandutí, São Paulo, señalización ✓ 🇵🇾"},
        {"control bytes", "\v\f\b"},
        {"spaces", "  relleno  "},
    };
    ImportedPlan imported{"PY-TEXT", "Plan \t\\N\n", {}};
    std::vector<std::optional<double>> weights = {
        std::nullopt, 0.1, 1.0 / 3.0, 2.5, 1e-3, std::nullopt};
    int row = 2;
    for (std::size_t i = 0; i < std::size(texts); ++i) {
        const std::string& text = texts[i].text;
        const std::string n = std::to_string(i);
        ImportedCommitment commitment{
            "C" + n + text, "T" + text, "Área " + n + text, text, weights[i % weights.size()], {}};
        ImportedResult result;
        result.row = row++;
        result.code = "R" + text;
        result.title = "T" + text;
        // A parent named only as parent is stored with its code as title.
        result.parent = "P" + text;
        result.weight = weights[(i + 1) % weights.size()];
        result.start_date = i % 2 == 0 ? std::optional<Date>() : day("2015-01-01");
        result.due_date = i % 3 == 0 ? std::optional<Date>() : day("2016-06-30");
        result.progress = i % 4 == 3 ? Progress::not_applicable() : Progress::of(100.0 / 3.0);
        result.as_of = day("2015-06-30");
        result.evidence_url = text;
        result.note = text;
        commitment.results.push_back(result);
        imported.commitments.push_back(commitment);
    }
    const std::string author = "importer \t\\N\n";
    auto summary = m_store->apply_import(imported, author, june);
    ASSERT_TRUE(summary.ok()) << summary.error().message;

    auto plan = load("PY-TEXT");
    EXPECT_EQ(plan.title, imported.title);
    ASSERT_EQ(plan.commitments.size(), std::size(texts));
    for (std::size_t i = 0; i < std::size(texts); ++i) {
        SCOPED_TRACE(texts[i].name);
        const std::string& text = texts[i].text;
        const ImportedCommitment& sent = imported.commitments[i];
        const ImportedResult& sent_result = sent.results[0];
        const plans::Commitment& commitment = plan.commitments[i];
        EXPECT_EQ(commitment.code, sent.code);
        EXPECT_EQ(commitment.title, sent.title);
        EXPECT_EQ(commitment.area, plans::area_code(sent.area));
        EXPECT_EQ(commitment.lead_institution, text);
        EXPECT_EQ(commitment.weight, sent.weight);
        EXPECT_EQ(commitment.responsible.name, "");
        EXPECT_EQ(commitment.start_date, std::nullopt);
        ASSERT_EQ(commitment.results.size(), 1u);
        const plans::Node& parent = commitment.results[0];
        EXPECT_EQ(parent.code, sent_result.parent);
        EXPECT_EQ(parent.title, sent_result.parent);
        EXPECT_EQ(parent.weight, std::nullopt);
        ASSERT_EQ(parent.children.size(), 1u);
        const plans::Node& result = parent.children[0];
        EXPECT_EQ(result.code, sent_result.code);
        EXPECT_EQ(result.title, sent_result.title);
        EXPECT_EQ(result.weight, sent_result.weight);
        EXPECT_EQ(result.start_date, sent_result.start_date);
        EXPECT_EQ(result.due_date, sent_result.due_date);
        ASSERT_EQ(result.updates.size(), 1u);
        const plans::ProgressUpdate& update = result.updates[0];
        EXPECT_EQ(update.progress, *sent_result.progress);
        EXPECT_EQ(update.author, author);
        EXPECT_EQ(update.recorded_at, june);
        EXPECT_EQ(update.note, text);
        ASSERT_EQ(update.evidence.size(), text.empty() ? 0u : 1u);
        if (!text.empty()) {
            EXPECT_EQ(update.evidence[0].url, text);
            EXPECT_EQ(update.evidence[0].title, "");
        }
    }
    for (std::size_t i = 0; i < std::size(texts); ++i)
        EXPECT_EQ(plan.areas[i].title, imported.commitments[i].area);

    auto again = m_store->apply_import(imported, author, december);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->commitments_updated, 0) << "what was stored compares equal to the file";
    EXPECT_EQ(again->results_updated, 0);
    EXPECT_EQ(again->progress_updates_added, 0);
}

// large_import with a long note on every row: over a megabyte of updates, which the PostgreSQL
// import sends in several COPY statements while it builds the next rows.
ImportedPlan large_import_with_notes(const char* as_of, double percent)
{
    auto plan = large_import(as_of, percent);
    for (auto& commitment : plan.commitments) {
        for (auto& result : commitment.results)
            result.note = std::string(600, 'n') + " " + result.code;
    }
    return plan;
}

// A refusal in the middle of a large import, after rows of several tables have gone to the
// database and while more are on their way, leaves nothing behind; so does a refusal the store
// finds itself after it has sent rows.
TEST_P(PlanStoreContract, AFailedLargeImportLeavesTheDatabaseAsItWas)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    const auto counts = row_counts();
    const plans::Plan before = load("PY-2014-2016");

    auto installed = m_database->write([&](soci::session& session) -> Result<void> {
        if (GetParam() == Backend::sqlite) {
            session << "CREATE TRIGGER refuse_boom BEFORE INSERT ON progress_updates"
                       " WHEN NEW.note LIKE 'boom%' BEGIN SELECT RAISE(ABORT, 'boom refused'); END";
        } else {
            session << "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$"
                       " BEGIN IF NEW.note LIKE 'boom%' THEN RAISE EXCEPTION 'boom refused';"
                       " END IF; RETURN NEW; END $$";
            session << "CREATE TRIGGER refuse_boom BEFORE INSERT ON progress_updates"
                       " FOR EACH ROW EXECUTE FUNCTION refuse_boom()";
        }
        return {};
    });
    ASSERT_TRUE(installed.ok()) << installed.error().message;

    struct Row {
        const char* name;
        ImportedPlan plan;
        ErrorCode code;
        std::string message;
    };
    std::vector<Row> rows;
    {
        auto plan = large_import_with_notes("2015-06-30", 40);
        plan.commitments[30].results[4].note = "boom early";
        rows.push_back(
            {"the database refuses an early row", plan, ErrorCode::internal, "boom refused"});
    }
    {
        auto plan = large_import_with_notes("2015-06-30", 40);
        plan.commitments.back().results.back().note = "boom at the end";
        rows.push_back(
            {"the database refuses the last row", plan, ErrorCode::internal, "boom refused"});
    }
    {
        auto plan = large_import_with_notes("2015-06-30", 40);
        // G0 under the result 199.0, which is under G0: the store finds the loop.
        plan.commitments.back().results.push_back(plan.commitments.back().results[0]);
        plan.commitments.back().results.back().row = 5000;
        plan.commitments.back().results.back().code = "G0";
        plan.commitments.back().results.back().parent = "199.0";
        rows.push_back({"a cycle in the last commitment", plan, ErrorCode::invalid_argument,
            "would be its own ancestor"});
    }
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto summary = m_store->apply_import(row.plan, importer, december);
        ASSERT_FALSE(summary.ok());
        EXPECT_EQ(summary.error().code, row.code) << summary.error().message;
        EXPECT_NE(summary.error().message.find(row.message), std::string::npos)
            << summary.error().message;
        EXPECT_EQ(row_counts(), counts);
        expect_same(load("PY-2014-2016"), before);
        auto plans = m_store->list_plans();
        ASSERT_TRUE(plans.ok());
        EXPECT_EQ(plans->size(), 1u);
    }

    // The same session serves the next import as if nothing had happened.
    auto imported =
        m_store->apply_import(large_import_with_notes("2015-06-30", 40), importer, june);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    EXPECT_EQ(imported->progress_updates_added, 2000);
    EXPECT_EQ(load("PY-LARGE").commitments.size(), 200u);
}

}  // namespace
}  // namespace tablero::storage

namespace tablero::storage {
namespace {

// Migration 0011's triggers: every kind of change to what load_plan reads of a plan moves that
// plan's revision and no other plan's (the plan cache keeps a plan while its revision stands);
// a change to nothing of a plan moves none.
TEST_P(PlanStoreContract, EveryChangeToAPlanMovesItsRevisionAndNoOther)
{
    ASSERT_TRUE(m_store->apply_import(sample_import(), importer, june).ok());
    ImportedPlan other = sample_import();
    other.code = "PY-OTRO";
    ASSERT_TRUE(m_store->apply_import(other, importer, june).ok());

    auto revisions = [&] {
        std::map<std::string, std::int64_t> found;
        auto listed = m_store->list_plans();
        if (listed.ok())
            for (const auto& summary : *listed)
                found[summary.code] = summary.revision;
        return found;
    };
    auto sql = [&](std::string statement) {
        return [this, statement] {
            return m_database->write([&](soci::session& session) -> Result<void> {
                session << statement;
                return {};
            });
        };
    };
    const std::string plan = "(SELECT id FROM plans WHERE code = 'PY-2014-2016')";
    const std::string commitments = "(SELECT id FROM commitments WHERE plan_id = " + plan + ")";
    const std::string nodes = "(SELECT id FROM nodes WHERE commitment_id IN " + commitments + ")";
    const plans::ProgressUpdate update{day("2015-09-30"), Progress::of(62.5), "ana@stp.gov.py",
        "2015-10-02T14:00:00Z", "Informe",
        {{"Acta", "https://stp.gov.py/acta.pdf", day("2015-09-28")}}};
    struct Row {
        const char* name;
        std::function<Result<void>()> change;
        bool moves;
    };
    const Row rows[] = {
        {"a progress update with evidence",
            [&] { return m_store->add_progress_update("PY-2014-2016", "1", "1.2.2", update); },
            true},
        {"an assessment",
            [&] {
                return m_store->add_assessment("PY-2014-2016", "1",
                    {plans::Assessor::government, plans::CompletionLevel::substantial,
                        day("2015-10-01"), "bien"});
            },
            true},
        {"a new month imported",
            [&]() -> Result<void> {
                ImportedPlan again = sample_import();
                again.commitments[0].results[0].progress = Progress::of(75);
                again.commitments[0].results[0].as_of = day("2015-09-30");
                auto applied = m_store->apply_import(again, importer, december);
                if (!applied.ok())
                    return std::move(applied).error();
                return {};
            },
            true},
        {"the plan's title", sql("UPDATE plans SET title = 'Otro título' WHERE id = " + plan),
            true},
        {"an area",
            sql("INSERT INTO areas (plan_id, code, title, position) SELECT " + plan +
                ", 'Z', 'Nueva', 99"),
            true},
        {"a commitment's text",
            sql("UPDATE commitments SET main_goal = 'otra meta' WHERE plan_id = " + plan), true},
        {"an OGP value",
            sql("INSERT INTO commitment_values (commitment_id, value) SELECT MIN(id),"
                " 'civic_participation' FROM commitments WHERE plan_id = " +
                plan),
            true},
        {"an actor",
            sql("INSERT INTO commitment_actors (commitment_id, kind, name, position) SELECT "
                "MIN(id),"
                " 'civil_society', 'Red', 9 FROM commitments WHERE plan_id = " +
                plan),
            true},
        {"a node's title", sql("UPDATE nodes SET title = 'otro' WHERE id IN " + nodes), true},
        {"evidence removed", sql("DELETE FROM evidence WHERE node_id IN " + nodes), true},
        {"history removed", sql("DELETE FROM progress_updates WHERE node_id IN " + nodes), true},
        {"a commitment removed, with what hangs from it",
            sql("DELETE FROM commitments WHERE code = '2' AND plan_id = " + plan), true},
        {"nothing of a plan", sql("UPDATE site_settings SET value = value WHERE 1 = 0"), false},
        {"no row matched", sql("UPDATE nodes SET title = 'x' WHERE id IN " + nodes + " AND 1 = 0"),
            false},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const auto before = revisions();
        auto changed = row.change();
        ASSERT_TRUE(changed.ok()) << changed.error().message;
        const auto after = revisions();
        if (row.moves)
            EXPECT_GT(after.at("PY-2014-2016"), before.at("PY-2014-2016"));
        else
            EXPECT_EQ(after.at("PY-2014-2016"), before.at("PY-2014-2016"));
        EXPECT_EQ(after.at("PY-OTRO"), before.at("PY-OTRO"));
        auto read = m_store->plan_revision("PY-2014-2016");
        ASSERT_TRUE(read.ok());
        EXPECT_EQ(*read, after.at("PY-2014-2016"));
    }
    EXPECT_EQ(m_store->plan_revision("PY-NADA").error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace tablero::storage
