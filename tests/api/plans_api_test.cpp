// The plans API through the whole request pipeline (router, handlers, error renderer) on a
// temporary SQLite database: the figures of a small plan built here and worked out by hand, the
// effect of ?as_of= on figures, history and assessments, the errors, the ETags, and Paraguay's
// 2014-2016 plan from demo/ against the figures of its own progress report.
#include "api/routes.h"
#include "core/clock.h"
#include "domain/plans/plan_csv.h"
#include "http/metrics.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "http/test_requests.h"
#include "storage/database.h"
#include "storage/plan_store.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace tablero::api {
namespace {

using nlohmann::json;
using plans::Progress;

constexpr double tolerance = 1e-9;

Date date(std::string_view text)
{
    return parse_iso_date(text).value();
}

// Midday of "today" for the fake clock: 2020-12-31 in UTC.
std::chrono::system_clock::time_point today_midday()
{
    using namespace std::chrono;
    return sys_days{year{2020} / December / 31} + hours{12};
}

// The source tree, for demo/ (TABLERO_SOURCE_DIR is set by tablero_test).
std::filesystem::path source_dir()
{
    const char* dir = std::getenv("TABLERO_SOURCE_DIR");
    return dir ? std::filesystem::path(dir) : std::filesystem::path(".");
}

// A migrated SQLite file in its own temporary folder, the plan store on it, and the API's routes
// behind a pipeline, as the server wires them.
class PlansApiTest : public ::testing::Test {
protected:
    PlansApiTest()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "tablero-api-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        m_folder = pattern;
        auto location =
            storage::parse_database_location((m_folder / "tablero.db").string()).value();
        auto database = storage::Database::open(location);
        if (!database.ok())
            throw std::runtime_error(database.error().message);
        m_database = std::move(database).value();
        if (auto migrated = m_database->migrate(); !migrated.ok())
            throw std::runtime_error(migrated.error().message);
        m_store = storage::make_plan_store(*m_database);
        m_plan_cache = std::make_unique<storage::PlanCache>(*m_store, *m_database);
        m_context = std::make_unique<Context>(Context{"test", *m_store, *m_plan_cache, m_clock});
        register_routes(m_router, *m_context);
        m_metrics.set_routes(m_router.routes());
    }

    ~PlansApiTest() override
    {
        m_store.reset();
        m_database.reset();
        std::error_code ignored;
        std::filesystem::remove_all(m_folder, ignored);
    }

    http::Response get(std::string_view target,
        std::initializer_list<std::pair<std::string_view, std::string_view>> headers = {})
    {
        return m_pipeline.handle(
            http::testing::raw_request(http::Verb::get, target, headers), "127.0.0.1");
    }

    // The body of a 200 answer as JSON; anything else fails the test and gives null.
    json get_json(std::string_view target)
    {
        const auto response = get(target);
        EXPECT_EQ(response.result(), http::Status::ok) << target << ": " << response.body();
        if (response.result() != http::Status::ok)
            return nullptr;
        return json::parse(response.body());
    }

    static void expect_ok(const Result<void>& result)
    {
        ASSERT_TRUE(result.ok()) << describe(result.error());
    }

    // The plan worked out by hand in the tests below (figures as of 2020-06-30 and 2020-12-31):
    //
    //   commitment 1 (Transparencia, Ministerio A; weight = its applicable results' 2 + 3 = 5)
    //     1.1   weight 2  100 % on 2020-03-31, due 2020-06-30
    //     1.2   weight 3  = (1·p(1.2.1) + 1·0) / 2, 1.2.3 left out
    //       1.2.1 weight 1  50 % on 2020-03-31, then 80 % on 2020-09-30
    //       1.2.2 weight 1  nothing reported
    //       1.2.3 weight 2  not applicable from 2020-03-31
    //   commitment 2 (Participación Ciudadana, Ministerio B; commitment weight 1)
    //     2.1   10 % on 2020-03-31, due 2020-03-31 (late from 2020-04-01)
    //     2.2   not applicable from 2020-03-31
    //   commitment 3 (Transparencia, Ministerio A): its only result not applicable
    //
    // As of 2020-06-30: 1.2 = 25, c1 = (2·100 + 3·25) / 5 = 55, plan = (5·55 + 1·10) / 6 = 47.5.
    // As of 2020-12-31: 1.2 = 40, c1 = (2·100 + 3·40) / 5 = 64, plan = (5·64 + 1·10) / 6 = 55.
    void seed_plan()
    {
        plans::Plan plan;
        plan.code = "TP-2020";
        plan.title = "Plan de prueba";
        plan.period_start = date("2020-01-01");
        plan.period_end = date("2021-12-31");
        plan.lifecycle = plans::Lifecycle::implementation;
        plan.areas = {{"transparencia", "Transparencia"},
            {"participacion-ciudadana", "Participación Ciudadana"}};
        expect_ok(m_store->put_plan(plan));

        auto result = [](int row, std::string code, std::string parent,
                          std::optional<double> weight, std::optional<Progress> progress,
                          std::optional<Date> due) {
            plans::ImportedResult out;
            out.row = row;
            out.code = code;
            out.title = "Resultado " + code;
            out.parent = std::move(parent);
            out.weight = weight;
            out.progress = progress;
            if (progress)
                out.as_of = date("2020-03-31");
            out.start_date = date("2020-01-01");
            out.due_date = due;
            return out;
        };
        plans::ImportedPlan imported;
        imported.code = "TP-2020";
        imported.title = "Plan de prueba";
        plans::ImportedCommitment first{"1", "Ley de acceso", "Transparencia", "Ministerio A",
            std::nullopt,
            {result(2, "1.1", "", 2, Progress::of(100), date("2020-06-30")),
                result(3, "1.2", "", 3, std::nullopt, std::nullopt),
                result(4, "1.2.1", "1.2", 1, Progress::of(50), date("2021-06-30")),
                result(5, "1.2.2", "1.2", 1, std::nullopt, date("2021-06-30")),
                result(6, "1.2.3", "1.2", 2, Progress::not_applicable(), date("2021-09-30"))}};
        first.results[0].evidence_url = "https://example.org/ley.pdf";
        first.results[1].title = "Oficinas de acceso";
        plans::ImportedCommitment second{"2", "Mesas de diálogo", "Participación Ciudadana",
            "Ministerio B", 1,
            {result(7, "2.1", "", std::nullopt, Progress::of(10), date("2020-03-31")),
                result(8, "2.2", "", std::nullopt, Progress::not_applicable(), std::nullopt)}};
        plans::ImportedCommitment third{"3", "Portal abandonado", "Transparencia", "Ministerio A",
            std::nullopt,
            {result(9, "3.1", "", std::nullopt, Progress::not_applicable(), std::nullopt)}};
        imported.commitments = {first, second, third};
        auto applied = m_store->apply_import(imported, "import of test", "2020-04-01T09:00:00Z");
        ASSERT_TRUE(applied.ok()) << describe(applied.error());

        plans::Commitment details;
        details.code = "1";
        details.title = "Ley de acceso";
        details.area = "transparencia";
        details.lead_institution = "Ministerio A";
        details.responsible = {"Ana Pérez", "Directora", "ana@example.org", "+595 21 000"};
        details.other_actors = {{plans::ActorKind::civil_society, "Semillas"}};
        details.main_goal = "Que cualquiera pueda pedir información.";
        details.brief_description = "Ley y oficinas de acceso.";
        details.public_problem = "Nadie responde los pedidos.";
        details.ogp_values = {
            plans::OgpValue::civic_participation, plans::OgpValue::access_to_information};
        details.ambition = "Todas las instituciones responden en 15 días.";
        details.grand_challenges = {plans::GrandChallenge::increasing_public_integrity};
        details.start_date = date("2020-01-01");
        details.end_date = date("2021-12-31");
        details.next_steps = "Reglamentar la ley.";
        details.additional_information = "Ver el informe.";
        expect_ok(m_store->put_commitment_details("TP-2020", details));

        plans::ProgressUpdate later;
        later.as_of = date("2020-09-30");
        later.progress = Progress::of(80);
        later.author = "Ana";
        later.recorded_at = "2020-10-01T10:00:00Z";
        later.note = "Ocho de diez oficinas";
        expect_ok(m_store->add_progress_update("TP-2020", "1", "1.2.1", later));

        expect_ok(m_store->add_assessment("TP-2020", "1",
            {plans::Assessor::government, plans::CompletionLevel::substantial, date("2020-06-15"),
                "Avanza"}));
        expect_ok(m_store->add_assessment("TP-2020", "1",
            {plans::Assessor::civil_society, plans::CompletionLevel::limited, date("2020-11-30"),
                "Faltan oficinas"}));

        // A second plan, of an organisation, with nothing in it yet.
        expect_ok(m_store->put_organisation(
            {"MIN-X", "Ministerio X", plans::OrganisationKind::executive}));
        plans::Plan other;
        other.code = "MX-2022";
        other.title = "Plan del Ministerio X";
        other.organisation = "MIN-X";
        other.period_start = date("2022-01-01");
        other.period_end = date("2023-12-31");
        other.lifecycle = plans::Lifecycle::draft;
        expect_ok(m_store->put_plan(other));
    }

    std::filesystem::path m_folder;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<storage::PlanStore> m_store;
    std::unique_ptr<storage::PlanCache> m_plan_cache;
    FakeClock m_clock{today_midday()};
    std::unique_ptr<Context> m_context;
    http::Router m_router;
    http::Metrics m_metrics;
    http::Pipeline m_pipeline{m_router, m_metrics, {.access_log = false}};
};

// The commitment with this code in a plan's JSON, or null.
json find_code(const json& list, std::string_view code)
{
    for (const auto& item : list) {
        if (item.at("code") == code)
            return item;
    }
    return nullptr;
}

void expect_progress(const json& value, std::optional<double> expected)
{
    if (!expected) {
        EXPECT_TRUE(value.is_null()) << value;
        return;
    }
    ASSERT_TRUE(value.is_number()) << value;
    EXPECT_NEAR(value.get<double>(), *expected, tolerance);
}

TEST_F(PlansApiTest, ListsEveryPlanWithItsFiguresAsOfTheDate)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    struct Row {
        const char* name;
        const char* target;
        const char* as_of;
        double progress;
        const char* status;
    };
    const Row rows[] = {
        {"today by default", "/api/v1/plans", "2020-12-31", 55, "in_progress"},
        {"mid-year", "/api/v1/plans?as_of=2020-06-30", "2020-06-30", 47.5, "in_progress"},
        {"the day before the second update", "/api/v1/plans?as_of=2020-09-29", "2020-09-29", 47.5,
            "in_progress"},
        {"the day of the second update", "/api/v1/plans?as_of=2020-09-30", "2020-09-30", 55,
            "in_progress"},
        {"before any update", "/api/v1/plans?as_of=2020-01-15", "2020-01-15", 0, "not_started"},
        {"after the period, unfinished", "/api/v1/plans?as_of=2022-01-01", "2022-01-01", 55,
            "delayed"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        json list = get_json(row.target);
        ASSERT_TRUE(list.is_array()) << list;
        ASSERT_EQ(list.size(), 2u);
        // Newest period first.
        EXPECT_EQ(list[0]["code"], "MX-2022");
        EXPECT_EQ(list[0]["organisation"], (json{{"code", "MIN-X"}, {"name", "Ministerio X"}}));
        EXPECT_EQ(list[0]["lifecycle"], "draft");
        json& plan = list[1];
        EXPECT_EQ(plan["code"], "TP-2020");
        EXPECT_EQ(plan["title"], "Plan de prueba");
        EXPECT_TRUE(plan["organisation"].is_null()) << plan["organisation"];
        EXPECT_EQ(plan["period"], (json{{"start", "2020-01-01"}, {"end", "2021-12-31"}}));
        EXPECT_EQ(plan["lifecycle"], "implementation");
        EXPECT_EQ(plan["as_of"], row.as_of);
        EXPECT_EQ(plan["applicable"], true);
        expect_progress(plan["progress"], row.progress);
        EXPECT_EQ(plan["status"], row.status);
    }
}

TEST_F(PlansApiTest, PlanShowsEveryFigureAsOfTheDate)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    struct Row {
        const char* name;
        const char* target;
        double plan;
        double c1;
        const char* c1_status;
        double c1_weight;
        double c2;
        const char* c2_status;
        // Commitment 3 is applicable (0 %) until its result is declared not applicable.
        std::optional<double> c3;
        double node_1_2;
        double node_1_2_1;
        // not_started, in_progress, delayed, completed, not_applicable
        json counts;
    };
    const Row rows[] = {
        {"before any update", "/api/v1/plans/TP-2020?as_of=2020-01-15", 0, 0, "not_started", 5, 0,
            "not_started", 0, 0, 0,
            {{"not_started", 3}, {"in_progress", 0}, {"delayed", 0}, {"completed", 0},
                {"not_applicable", 0}}},
        {"mid-year", "/api/v1/plans/TP-2020?as_of=2020-06-30", 47.5, 55, "in_progress", 5, 10,
            "delayed", std::nullopt, 25, 50,
            {{"not_started", 0}, {"in_progress", 1}, {"delayed", 1}, {"completed", 0},
                {"not_applicable", 1}}},
        {"the day before the second update", "/api/v1/plans/TP-2020?as_of=2020-09-29", 47.5, 55,
            "in_progress", 5, 10, "delayed", std::nullopt, 25, 50,
            {{"not_started", 0}, {"in_progress", 1}, {"delayed", 1}, {"completed", 0},
                {"not_applicable", 1}}},
        {"today by default", "/api/v1/plans/TP-2020", 55, 64, "in_progress", 5, 10, "delayed",
            std::nullopt, 40, 80,
            {{"not_started", 0}, {"in_progress", 1}, {"delayed", 1}, {"completed", 0},
                {"not_applicable", 1}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        json plan = get_json(row.target);
        ASSERT_TRUE(plan.is_object()) << plan;
        EXPECT_EQ(plan["code"], "TP-2020");
        EXPECT_TRUE(plan["organisation"].is_null());
        expect_progress(plan["progress"], row.plan);
        EXPECT_EQ(plan["counts"], row.counts);

        json& commitments = plan["commitments"];
        ASSERT_EQ(commitments.size(), 3u);
        json& c1 = commitments[0];
        EXPECT_EQ(c1["code"], "1");
        EXPECT_EQ(c1["area"], "transparencia");
        EXPECT_EQ(c1["lead_institution"], "Ministerio A");
        expect_progress(c1["progress"], row.c1);
        EXPECT_EQ(c1["status"], row.c1_status);
        EXPECT_NEAR(c1["weight"].get<double>(), row.c1_weight, tolerance);
        EXPECT_EQ(c1["due_date"], "2021-12-31");
        // The plan's list of commitments carries no history; the commitment's own page does.
        EXPECT_FALSE(c1["results"][0].contains("history"));

        json& c2 = commitments[1];
        EXPECT_EQ(c2["code"], "2");
        expect_progress(c2["progress"], row.c2);
        EXPECT_EQ(c2["status"], row.c2_status);
        EXPECT_NEAR(c2["weight"].get<double>(), 1, tolerance);

        json& c3 = commitments[2];
        EXPECT_EQ(c3["applicable"], row.c3.has_value());
        expect_progress(c3["progress"], row.c3);
        if (!row.c3) {
            EXPECT_TRUE(c3["status"].is_null()) << c3["status"];
            EXPECT_NEAR(c3["weight"].get<double>(), 0, tolerance);
        }

        // The results tree of commitment 1.
        json& results = c1["results"];
        ASSERT_EQ(results.size(), 2u);
        EXPECT_EQ(results[0]["code"], "1.1");
        EXPECT_EQ(results[0]["kind"], "result");
        EXPECT_EQ(results[0]["due_date"], "2020-06-30");
        json& node_1_2 = results[1];
        EXPECT_EQ(node_1_2["code"], "1.2");
        EXPECT_EQ(node_1_2["title"], "Oficinas de acceso");
        expect_progress(node_1_2["progress"], row.node_1_2);
        EXPECT_NEAR(node_1_2["weight"].get<double>(), 3, tolerance);
        ASSERT_EQ(node_1_2["children"].size(), 3u);
        expect_progress(node_1_2["children"][0]["progress"], row.node_1_2_1);
        expect_progress(node_1_2["children"][1]["progress"], 0);
        EXPECT_EQ(node_1_2["children"][1]["status"], "not_started");
    }
}

TEST_F(PlansApiTest, PlanGroupsByAreaAndInstitutionAndMarksWhatIsNotApplicable)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    json plan = get_json("/api/v1/plans/TP-2020?as_of=2020-06-30");
    ASSERT_TRUE(plan.is_object()) << plan;
    EXPECT_EQ(plan["status"], "in_progress");
    EXPECT_EQ(plan["as_of"], "2020-06-30");
    EXPECT_NEAR(plan["weight"].get<double>(), 6, tolerance);

    struct GroupRow {
        const char* list;
        const char* key_name;
        const char* key;
        const char* title;  // areas only
        double progress;
        double weight;
        int commitments;
    };
    // Transparencia and Ministerio A hold commitment 1 (55 %) and commitment 3 (not applicable):
    // the group's figure is commitment 1's, and both count as its commitments.
    const GroupRow groups[] = {
        {"areas", "code", "transparencia", "Transparencia", 55, 5, 2},
        {"areas", "code", "participacion-ciudadana", "Participación Ciudadana", 10, 1, 1},
        {"institutions", "name", "Ministerio A", nullptr, 55, 5, 2},
        {"institutions", "name", "Ministerio B", nullptr, 10, 1, 1},
    };
    EXPECT_EQ(plan["areas"].size(), 2u);
    EXPECT_EQ(plan["institutions"].size(), 2u);
    for (const auto& row : groups) {
        SCOPED_TRACE(std::string(row.list) + " " + row.key);
        json found = nullptr;
        for (const auto& group : plan[row.list]) {
            if (group.value(row.key_name, "") == row.key)
                found = group;
        }
        ASSERT_TRUE(found.is_object()) << plan[row.list];
        if (row.title) {
            EXPECT_EQ(found["title"], row.title);
        }
        EXPECT_EQ(found["applicable"], true);
        expect_progress(found["progress"], row.progress);
        EXPECT_NEAR(found["weight"].get<double>(), row.weight, tolerance);
        EXPECT_EQ(found["commitments"], row.commitments);
    }

    struct NodeRow {
        const char* name;
        json node;
        bool applicable;
        std::optional<double> progress;
        json status;
    };
    json& c1 = plan["commitments"][0];
    json& c2 = plan["commitments"][1];
    json& c3 = plan["commitments"][2];
    const NodeRow nodes[] = {
        {"1.1, complete", c1["results"][0], true, 100, "completed"},
        {"1.2.3, not applicable", c1["results"][1]["children"][2], false, std::nullopt, nullptr},
        {"2.1, late", c2["results"][0], true, 10, "delayed"},
        {"2.2, not applicable", c2["results"][1], false, std::nullopt, nullptr},
        {"3.1, not applicable", c3["results"][0], false, std::nullopt, nullptr},
        {"commitment 3, all its results not applicable", c3, false, std::nullopt, nullptr},
    };
    for (const auto& row : nodes) {
        SCOPED_TRACE(row.name);
        json node = row.node;
        EXPECT_EQ(node["applicable"], row.applicable);
        expect_progress(node["progress"], row.progress);
        EXPECT_EQ(node["status"], row.status);
    }
}

TEST_F(PlansApiTest, CommitmentShowsItsTemplateHistoryAndAssessmentsAsOfTheDate)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    struct Row {
        const char* name;
        const char* target;
        const char* as_of;
        double progress;
        std::vector<double> history_1_2_1;
        std::vector<std::string> assessors;
        const char* suggested;
    };
    const Row rows[] = {
        {"mid-year: the later update and assessment are not known yet",
            "/api/v1/plans/TP-2020/commitments/1?as_of=2020-06-30", "2020-06-30", 55, {50},
            {"government"}, "substantial"},
        {"before the first assessment", "/api/v1/plans/TP-2020/commitments/1?as_of=2020-06-14",
            "2020-06-14", 55, {50}, {}, "substantial"},
        {"the day of the second update", "/api/v1/plans/TP-2020/commitments/1?as_of=2020-09-30",
            "2020-09-30", 64, {50, 80}, {"government"}, "substantial"},
        {"today by default", "/api/v1/plans/TP-2020/commitments/1", "2020-12-31", 64, {50, 80},
            {"government", "civil_society"}, "substantial"},
        {"before any update", "/api/v1/plans/TP-2020/commitments/1?as_of=2020-01-15", "2020-01-15",
            0, {}, {}, "not_started"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        json commitment = get_json(row.target);
        ASSERT_TRUE(commitment.is_object()) << commitment;
        EXPECT_EQ(commitment["plan"], "TP-2020");
        EXPECT_EQ(commitment["as_of"], row.as_of);
        expect_progress(commitment["progress"], row.progress);

        json& node_1_2_1 = commitment["results"][1]["children"][0];
        EXPECT_EQ(node_1_2_1["code"], "1.2.1");
        ASSERT_EQ(node_1_2_1["history"].size(), row.history_1_2_1.size()) << node_1_2_1;
        for (std::size_t i = 0; i < row.history_1_2_1.size(); ++i)
            expect_progress(node_1_2_1["history"][i]["progress"], row.history_1_2_1[i]);

        std::vector<std::string> assessors;
        for (const auto& assessment : commitment["assessments"])
            assessors.push_back(assessment["assessor"].get<std::string>());
        EXPECT_EQ(assessors, row.assessors);

        EXPECT_EQ(commitment["suggested_level"]["level"], row.suggested);
        EXPECT_EQ(commitment["suggested_level"]["suggestion"], true);
    }
}

TEST_F(PlansApiTest, CommitmentCarriesEveryTemplateField)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    json commitment = get_json("/api/v1/plans/TP-2020/commitments/1?as_of=2020-12-31");
    ASSERT_TRUE(commitment.is_object()) << commitment;
    struct Row {
        const char* field;
        json expected;
    };
    const Row rows[] = {
        {"code", "1"},
        {"title", "Ley de acceso"},
        {"area", "transparencia"},
        {"lead_institution", "Ministerio A"},
        {"responsible",
            {{"name", "Ana Pérez"}, {"position", "Directora"}, {"email", "ana@example.org"},
                {"phone", "+595 21 000"}}},
        {"other_actors", json::array({{{"kind", "civil_society"}, {"name", "Semillas"}}})},
        {"main_goal", "Que cualquiera pueda pedir información."},
        {"brief_description", "Ley y oficinas de acceso."},
        {"public_problem", "Nadie responde los pedidos."},
        {"ogp_values", json::array({"access_to_information", "civic_participation"})},
        {"ambition", "Todas las instituciones responden en 15 días."},
        {"grand_challenges", json::array({"increasing_public_integrity"})},
        {"start_date", "2020-01-01"},
        {"end_date", "2021-12-31"},
        {"due_date", "2021-12-31"},
        {"next_steps", "Reglamentar la ley."},
        {"additional_information", "Ver el informe."},
        {"status", "in_progress"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.field);
        EXPECT_EQ(commitment[row.field], row.expected);
    }

    json& history_1_1 = commitment["results"][0]["history"];
    ASSERT_EQ(history_1_1.size(), 1u);
    EXPECT_EQ(history_1_1[0]["as_of"], "2020-03-31");
    EXPECT_EQ(history_1_1[0]["author"], "import of test");
    EXPECT_EQ(history_1_1[0]["recorded_at"], "2020-04-01T09:00:00Z");
    ASSERT_EQ(history_1_1[0]["evidence"].size(), 1u);
    EXPECT_EQ(history_1_1[0]["evidence"][0]["url"], "https://example.org/ley.pdf");

    json& history_1_2_1 = commitment["results"][1]["children"][0]["history"];
    ASSERT_EQ(history_1_2_1.size(), 2u);
    EXPECT_EQ(history_1_2_1[1]["as_of"], "2020-09-30");
    EXPECT_EQ(history_1_2_1[1]["author"], "Ana");
    EXPECT_EQ(history_1_2_1[1]["note"], "Ocho de diez oficinas");

    json& node_1_2_3 = commitment["results"][1]["children"][2];
    ASSERT_EQ(node_1_2_3["history"].size(), 1u);
    EXPECT_EQ(node_1_2_3["history"][0]["progress"], "n/a");
    EXPECT_TRUE(node_1_2_3["progress"].is_null());

    json& assessments = commitment["assessments"];
    ASSERT_EQ(assessments.size(), 2u);
    EXPECT_EQ(assessments[0],
        (json{{"assessor", "government"}, {"level", "substantial"}, {"date", "2020-06-15"},
            {"justification", "Avanza"}}));
    EXPECT_EQ(assessments[1]["level"], "limited");

    // Commitment 3 has no figure, so no suggestion either; commitment 2's 10 % suggests limited.
    json c3 = get_json("/api/v1/plans/TP-2020/commitments/3?as_of=2020-12-31");
    EXPECT_EQ(c3["applicable"], false);
    EXPECT_TRUE(c3["progress"].is_null());
    EXPECT_TRUE(c3["suggested_level"].is_null()) << c3["suggested_level"];
    json c2 = get_json("/api/v1/plans/TP-2020/commitments/2?as_of=2020-12-31");
    EXPECT_EQ(c2["suggested_level"]["level"], "limited");
}

TEST_F(PlansApiTest, AnswersErrorsAsJson)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    struct Row {
        const char* target;
        http::Status status;
        const char* code;
        const char* where;  // nullptr: not checked
    };
    const Row rows[] = {
        {"/api/v1/plans/NOPE", http::Status::not_found, "not_found", nullptr},
        {"/api/v1/plans/NOPE?as_of=2020-06-30", http::Status::not_found, "not_found", nullptr},
        {"/api/v1/plans/NOPE/commitments/1", http::Status::not_found, "not_found", nullptr},
        {"/api/v1/plans/TP-2020/commitments/99", http::Status::not_found, "not_found", "code"},
        {"/api/v1/plans/TP-2020/commitments/1.1", http::Status::not_found, "not_found", "code"},
        {"/api/v1/plans?as_of=2020-13-01", http::Status::bad_request, "invalid_argument", "as_of"},
        {"/api/v1/plans?as_of=", http::Status::bad_request, "invalid_argument", "as_of"},
        {"/api/v1/plans/TP-2020?as_of=yesterday", http::Status::bad_request, "invalid_argument",
            "as_of"},
        {"/api/v1/plans/TP-2020?as_of=2020-6-30", http::Status::bad_request, "invalid_argument",
            "as_of"},
        {"/api/v1/plans/TP-2020/commitments/1?as_of=2021-02-29", http::Status::bad_request,
            "invalid_argument", "as_of"},
        {"/api/v1/plans/TP-2020?page=0", http::Status::bad_request, "invalid_argument", "page"},
        {"/api/v1/plans/TP-2020?page=two", http::Status::bad_request, "invalid_argument", "page"},
        {"/api/v1/plans/TP-2020?per_page=5000", http::Status::bad_request, "invalid_argument",
            "per_page"},
        {"/api/v1/plans/TP-2020?page=2", http::Status::not_found, "not_found", "page"},
        {"/api/v1/plans/TP-2020?status=late", http::Status::bad_request, "invalid_argument",
            "status"},
        {"/api/v1/plans/TP-2020?value=openness", http::Status::bad_request, "invalid_argument",
            "value"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const auto response = get(row.target);
        EXPECT_EQ(response.result(), row.status);
        EXPECT_EQ(response[http::Field::content_type].substr(0, 16), "application/json");
        json body = json::parse(response.body(), nullptr, /*allow_exceptions=*/false);
        ASSERT_TRUE(body.is_object()) << response.body();
        EXPECT_EQ(body["error"]["code"], row.code) << response.body();
        EXPECT_TRUE(body["error"]["message"].is_string()) << response.body();
        if (row.where) {
            EXPECT_EQ(body["error"]["where"], row.where) << response.body();
        }
        EXPECT_TRUE(response[http::Field::etag].empty());
    }
}

// The plan's figures always cover the whole plan; the commitments listed are a filtered page,
// with links to the pages around it at the same date.
TEST_F(PlansApiTest, PlanListsAFilteredPageOfCommitments)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    auto codes = [](const json& body) {
        std::vector<std::string> out;
        for (const auto& commitment : body["commitments"])
            out.push_back(commitment["code"]);
        return out;
    };
    using Codes = std::vector<std::string>;

    const json whole = get_json("/api/v1/plans/TP-2020?as_of=2020-06-30");
    EXPECT_EQ(codes(whole), (Codes{"1", "2", "3"}));
    EXPECT_EQ(whole["page"],
        json({{"number", 1}, {"per_page", 100}, {"pages", 1}, {"matching", 3}, {"next", nullptr},
            {"prev", nullptr}}));

    const auto first = get("/api/v1/plans/TP-2020?as_of=2020-06-30&per_page=2");
    ASSERT_EQ(first.result(), http::Status::ok);
    const json first_body = json::parse(first.body());
    EXPECT_EQ(codes(first_body), (Codes{"1", "2"}));
    expect_progress(first_body["progress"], 47.5);  // the whole plan's, not the page's
    EXPECT_EQ(first_body["page"]["pages"], 2);
    EXPECT_EQ(
        first_body["page"]["next"], "/api/v1/plans/TP-2020?as_of=2020-06-30&per_page=2&page=2");
    EXPECT_EQ(first_body["page"]["prev"], nullptr);
    EXPECT_EQ(first[http::Field::link],
        "</api/v1/plans/TP-2020?as_of=2020-06-30&per_page=2&page=2>; rel=\"next\"");

    const auto second = get(first_body["page"]["next"].get<std::string>());
    ASSERT_EQ(second.result(), http::Status::ok);
    const json second_body = json::parse(second.body());
    EXPECT_EQ(codes(second_body), (Codes{"3"}));
    EXPECT_EQ(
        second_body["page"]["prev"], "/api/v1/plans/TP-2020?as_of=2020-06-30&per_page=2&page=1");
    EXPECT_EQ(second[http::Field::link],
        "</api/v1/plans/TP-2020?as_of=2020-06-30&per_page=2&page=1>; rel=\"prev\"");

    // Without ?as_of=, the links name the date the figures were computed for.
    EXPECT_EQ(get_json("/api/v1/plans/TP-2020?per_page=1")["page"]["next"],
        "/api/v1/plans/TP-2020?per_page=1&as_of=2020-12-31&page=2");

    struct Row {
        const char* query;
        Codes codes;
    };
    const Row rows[] = {
        {"area=transparencia", {"1", "3"}},
        {"area=participacion-ciudadana", {"2"}},
        {"institution=Ministerio%20B", {"2"}},
        {"status=delayed", {"2"}},
        {"status=in_progress", {"1"}},
        {"status=not_applicable", {"3"}},
        {"value=access_to_information", {"1"}},
        {"challenge=increasing_public_integrity", {"1"}},
        {"challenge=managing_public_resources", {}},
        {"area=transparencia&status=in_progress", {"1"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.query);
        const json body =
            get_json(std::string("/api/v1/plans/TP-2020?as_of=2020-06-30&") + row.query);
        EXPECT_EQ(codes(body), row.codes);
        EXPECT_EQ(body["page"]["matching"], row.codes.size());
        // Counts, areas and institutions describe the whole plan whatever the filter.
        EXPECT_EQ(body["counts"], whole["counts"]);
        EXPECT_EQ(body["areas"], whole["areas"]);
    }
}

TEST_F(PlansApiTest, EtagRevalidatesUntilTheFiguresChange)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    const char* targets[] = {
        "/api/v1/plans",
        "/api/v1/plans/TP-2020",
        "/api/v1/plans/TP-2020/commitments/2",
    };
    std::vector<std::string> before;
    for (const char* target : targets) {
        SCOPED_TRACE(target);
        const auto first = get(target);
        ASSERT_EQ(first.result(), http::Status::ok);
        const std::string etag(first[http::Field::etag]);
        EXPECT_EQ(etag.size(), 18u) << etag;
        EXPECT_EQ(first[http::Field::cache_control], "no-cache");
        EXPECT_EQ(get(target)[http::Field::etag], etag) << "the same body, the same ETag";

        const auto revalidated = get(target, {{"If-None-Match", etag}});
        EXPECT_EQ(revalidated.result(), http::Status::not_modified);
        EXPECT_EQ(revalidated[http::Field::etag], etag);
        EXPECT_TRUE(revalidated.body().empty());

        const auto other = get(target, {{"If-None-Match", "\"0000000000000000\""}});
        EXPECT_EQ(other.result(), http::Status::ok);
        before.push_back(etag);
    }

    // An update dated after the as_of date changes nothing that date shows.
    plans::ProgressUpdate future;
    future.as_of = date("2021-03-31");
    future.progress = Progress::of(60);
    future.author = "Ana";
    future.recorded_at = "2020-12-31T11:00:00Z";
    ASSERT_TRUE(m_store->add_progress_update("TP-2020", "2", "2.1", future).ok());
    for (std::size_t i = 0; i < std::size(targets); ++i) {
        SCOPED_TRACE(std::string("after an update dated later: ") + targets[i]);
        EXPECT_EQ(
            get(targets[i], {{"If-None-Match", before[i]}}).result(), http::Status::not_modified);
    }

    // An update dated today changes every figure of the plan, and so every ETag.
    plans::ProgressUpdate today;
    today.as_of = date("2020-12-31");
    today.progress = Progress::of(40);
    today.author = "Ana";
    today.recorded_at = "2020-12-31T11:30:00Z";
    ASSERT_TRUE(m_store->add_progress_update("TP-2020", "2", "2.1", today).ok());
    for (std::size_t i = 0; i < std::size(targets); ++i) {
        SCOPED_TRACE(std::string("after an update dated today: ") + targets[i]);
        const auto response = get(targets[i], {{"If-None-Match", before[i]}});
        EXPECT_EQ(response.result(), http::Status::ok);
        EXPECT_NE(response[http::Field::etag], before[i]);
    }
    // c2 = 40, plan = (5·64 + 1·40) / 6 = 60.
    expect_progress(get_json("/api/v1/plans/TP-2020")["progress"], 60);
}

TEST_F(PlansApiTest, DefaultDateFollowsTheClock)
{
    ASSERT_NO_FATAL_FAILURE(seed_plan());
    EXPECT_EQ(get_json("/api/v1/plans/TP-2020")["as_of"], "2020-12-31");
    // The next day, without ?as_of=, every endpoint answers as of the new date.
    m_clock.advance(std::chrono::hours{24});
    EXPECT_EQ(get_json("/api/v1/plans/TP-2020")["as_of"], "2021-01-01");
    EXPECT_EQ(get_json("/api/v1/plans/TP-2020/commitments/1")["as_of"], "2021-01-01");
    EXPECT_EQ(get_json("/api/v1/plans")[1]["as_of"], "2021-01-01");
}

// Paraguay's 2014-2016 plan as its government reported it on 30 June 2015: 66.3 % of the plan,
// and each commitment's executed points over its points in the report's progress table.
TEST_F(PlansApiTest, ParaguayDemoPlanMatchesItsProgressReport)
{
    const auto path = source_dir() / "demo" / "paraguay-2014-2016.csv";
    std::ifstream file(path, std::ios::binary);
    ASSERT_TRUE(file) << "cannot read " << path;
    std::stringstream text;
    text << file.rdbuf();
    auto read = plans::read_plan_csv(text.str(), "paraguay-2014-2016.csv");
    ASSERT_TRUE(read.ok()) << read.error().message;
    auto applied = m_store->apply_import(read->plan, "import of demo", "2015-07-01T00:00:00Z");
    ASSERT_TRUE(applied.ok()) << describe(applied.error());

    json list = get_json("/api/v1/plans?as_of=2015-06-30");
    json summary = find_code(list, "PY-2014-2016");
    ASSERT_TRUE(summary.is_object()) << list;
    expect_progress(summary["progress"], 66.3);

    json plan = get_json("/api/v1/plans/PY-2014-2016?as_of=2015-06-30");
    expect_progress(plan["progress"], 66.3);
    struct Row {
        const char* code;
        double executed;
        double points;
    };
    const Row rows[] = {
        {"1", 6.8, 9},
        {"2", 24, 36},
        {"3", 2, 4},
        {"4", 6, 6},
        {"5", 15, 15},
        {"6", 4.5, 14},
        {"7", 3, 6},
        {"8", 1, 5},
        {"9", 4, 5},
    };
    ASSERT_EQ(plan["commitments"].size(), std::size(rows));
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string("commitment ") + row.code);
        json commitment = find_code(plan["commitments"], row.code);
        ASSERT_TRUE(commitment.is_object());
        expect_progress(commitment["progress"], 100 * row.executed / row.points);
        json alone = get_json(std::string("/api/v1/plans/PY-2014-2016/commitments/") + row.code +
            "?as_of=2015-06-30");
        expect_progress(alone["progress"], 100 * row.executed / row.points);
    }
}

}  // namespace
}  // namespace tablero::api
