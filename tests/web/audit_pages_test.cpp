// The administrators' audit log through the pipeline, with a real SQLite database: the whole log
// newest first with its filters and pages, each entry's before and after; the CSV and JSON
// downloads hold exactly the filtered entries; nobody but an administrator sees any of it.
#include "domain/csv/csv.h"
#include "domain/plans/plan_import.h"
#include "signed_in_fixture.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tablero::web {
namespace {

using testing::Browser;
using testing::contains;
using testing::count_of;

class AuditPages : public testing::SignedInPageTest {
protected:
    void SetUp() override
    {
        SignedInPageTest::SetUp();
        if (HasFatalFailure())
            return;
        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plans::ImportedCommitment first{
            "1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}};
        plans::ImportedCommitment second = first;
        second.code = "2";
        plan.commitments = {first, second};
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2024-01-01T00:00:00Z").ok());
        monitor = add_account("semillas@example.org", accounts::Role::monitor, {}, "Semillas");
        add_account("ugo@gov.py", accounts::Role::administrator);
        add_account("ana@mj.gov.py", accounts::Role::officer, {"Ministerio de Justicia"});
        add_account("carla@example.org", accounts::Role::citizen);
    }

    void dissent(const std::string& commitment, const std::string& statement, std::string at)
    {
        ASSERT_TRUE(
            m_monitoring->record_dissent({"TP", commitment, "Semillas", statement}, by(), at).ok());
    }
    storage::AuditActor by() const { return {monitor.id, monitor.email, "monitor"}; }

    storage::Account monitor;
};

TEST_F(AuditPages, AnAdministratorSeesTheWholeLogNewestFirstWithBeforeAndAfter)
{
    ASSERT_TRUE(m_monitoring
                    ->record_assessment(
                        {"TP", "1", plans::Assessor::civil_society, "Semillas",
                            plans::CompletionLevel::limited, Date{2024, 5, 1}, "Sin reglamento"},
                        by(), "2024-05-02T10:00:00Z")
                    .ok());
    dissent("2", "No compartimos el alcance", "2024-05-03T10:00:00Z");

    Browser unit = signed_in_as("ugo@gov.py");
    const http::Response page = get_as(unit, "/admin/audit");
    ASSERT_EQ(page.result(), http::Status::ok) << page.body();
    EXPECT_EQ(page[http::Field::cache_control], "no-store");
    const std::string& html = page.body();
    // The two writes and the accounts' creation.
    EXPECT_EQ(count_of(html, "<li class=\"audit-entry\">"), 6u);
    const auto dissent_at = html.find("audit-entry__action\">record_dissent");
    const auto assessment_at = html.find("audit-entry__action\">record_assessment");
    ASSERT_NE(dissent_at, std::string::npos);
    ASSERT_NE(assessment_at, std::string::npos);
    EXPECT_LT(dissent_at, assessment_at) << "newest first";
    EXPECT_TRUE(contains(html, "semillas@example.org (monitor)"));
    EXPECT_TRUE(contains(html,
        "<tr class=\"audit-changed\"><th scope=\"row\">statement <span "
        "class=\"audit-changed__mark\">(cambió)</span></th><td></td><td>No compartimos el "
        "alcance</td></tr>"));

    const std::string filtered =
        get_as(unit, "/admin/audit?entity=commitment&action=record_dissent").body();
    EXPECT_EQ(count_of(filtered, "<li class=\"audit-entry\">"), 1u);
    EXPECT_TRUE(contains(filtered, "value=\"record_dissent\""));
    EXPECT_TRUE(contains(
        filtered, "href=\"/admin/audit.csv?entity=commitment&amp;action=record_dissent\""));
}

TEST_F(AuditPages, TheCsvAndJsonHoldExactlyTheFilteredEntries)
{
    dissent("1", "Uno", "2024-05-01T10:00:00Z");
    dissent("2", "Dos, con \"comillas\"", "2024-05-02T10:00:00Z");
    dissent("1", "Tres", "2024-05-04T10:00:00Z");
    ASSERT_TRUE(m_monitoring
                    ->record_assessment(
                        {"TP", "1", plans::Assessor::civil_society, "Semillas",
                            plans::CompletionLevel::limited, Date{2024, 5, 1}, "Sin reglamento"},
                        by(), "2024-05-02T11:00:00Z")
                    .ok());

    Browser unit = signed_in_as("ugo@gov.py");
    const http::Response csv = get_as(unit,
        "/admin/audit.csv?action=record_dissent&account=semillas%40example.org&to=2024-05-02");
    ASSERT_EQ(csv.result(), http::Status::ok) << csv.body();
    EXPECT_EQ(csv[http::Field::content_type], "text/csv; charset=utf-8");
    ASSERT_TRUE(csv.body().starts_with("\xEF\xBB\xBF"));
    auto table = csv::parse_csv(std::string_view(csv.body()).substr(3), "audit.csv");
    ASSERT_TRUE(table.ok()) << describe(table.error());
    EXPECT_EQ(table->header,
        (std::vector<std::string>{"id", "at", "account_id", "actor", "role", "action", "entity",
            "entity_key", "before", "after"}));
    ASSERT_EQ(table->records.size(), 2u);
    EXPECT_EQ(table->records[0].fields[1], "2024-05-02T10:00:00Z");
    EXPECT_EQ(table->records[0].fields[7], "TP/2");
    EXPECT_TRUE(contains(table->records[0].fields[9], "Dos, con \\\"comillas\\\""));
    EXPECT_EQ(table->records[1].fields[1], "2024-05-01T10:00:00Z");
    for (const auto& record : table->records) {
        EXPECT_EQ(record.fields[5], "record_dissent");
        EXPECT_EQ(record.fields[3], "semillas@example.org");
    }

    const http::Response json = get_as(unit, "/admin/audit.json?entity=commitment&from=2024-05-02");
    ASSERT_EQ(json.result(), http::Status::ok);
    const auto parsed = nlohmann::json::parse(json.body());
    EXPECT_EQ(parsed["total"], 3);
    ASSERT_EQ(parsed["entries"].size(), 3u);
    // Newest first: in the order they were written, the last first.
    EXPECT_EQ(parsed["entries"][0]["action"], "record_assessment");
    EXPECT_EQ(parsed["entries"][1]["after"]["statement"], "Tres");

    EXPECT_EQ(get_as(unit, "/admin/audit.csv?from=2024-13-01").result(), http::Status::bad_request);
    const http::Response bad_page = get_as(unit, "/admin/audit?from=yesterday");
    EXPECT_EQ(bad_page.result(), http::Status::bad_request);
    EXPECT_TRUE(contains(bad_page.body(), "id=\"audit-from-error\">Escriba la fecha como"));
}

TEST_F(AuditPages, FiftyEntriesAPage)
{
    for (int i = 0; i < 60; ++i)
        dissent("1", "Entrada " + std::to_string(i), "2024-05-01T10:00:00Z");
    Browser unit = signed_in_as("ugo@gov.py");
    const std::string first = get_as(unit, "/admin/audit?action=record_dissent").body();
    EXPECT_EQ(count_of(first, "<li class=\"audit-entry\">"), 50u);
    EXPECT_TRUE(contains(first, "Entrada 59<"));
    EXPECT_FALSE(contains(first, "Entrada 9<"));
    EXPECT_TRUE(contains(first, "href=\"/admin/audit?action=record_dissent&amp;page=2\""));
    const std::string second = get_as(unit, "/admin/audit?action=record_dissent&page=2").body();
    EXPECT_EQ(count_of(second, "<li class=\"audit-entry\">"), 10u);
    EXPECT_TRUE(contains(second, "Entrada 0<"));
}

TEST_F(AuditPages, NobodyButAnAdministratorSeesTheLog)
{
    for (const char* email : {"semillas@example.org", "ana@mj.gov.py", "carla@example.org"}) {
        SCOPED_TRACE(email);
        Browser browser = signed_in_as(email);
        for (const char* target : {"/admin/audit", "/admin/audit.csv", "/admin/audit.json"})
            EXPECT_EQ(get_as(browser, target).result(), http::Status::forbidden) << target;
    }
    // A signed-out browser is sent to sign in, and brought back to what it asked for.
    Browser anonymous;
    const std::pair<const char*, const char*> asked[] = {
        {"/admin/audit", "/sign-in?next=/admin/audit"},
        {"/admin/audit.csv", "/sign-in?next=/admin/audit.csv"},
        {"/admin/audit.json?action=a&to=b",
            "/sign-in?next=/admin/audit.json%3Faction%3Da%26to%3Db"},
    };
    for (const auto& [target, location] : asked) {
        const http::Response response = get_as(anonymous, target);
        EXPECT_EQ(response.result(), http::Status::see_other) << target;
        EXPECT_EQ(testing::header(response, http::Field::location), location) << target;
    }
    // A program asking for JSON gets its 401.
    EXPECT_EQ(get("/admin/audit.json", {{http::Field::accept, "application/json"}}).result(),
        http::Status::unauthorized);
}

}  // namespace
}  // namespace tablero::web
