// The plan page, its CSV and its Atom feed through the pipeline: Paraguay's demo plan against
// its report (66.3 % as of 30 June 2015), filters, dates, pages, errors and the page cache.
#include "app/demo_data.h"
#include "page_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace tablero::web {
namespace {

using testing::contains;

using testing::count_of;

class BoardPage : public testing::PageTest {
protected:
    void load_demo()
    {
        auto loaded =
            app::load_demo_data(m_site, *m_plans, testing::source_dir() / "demo", m_clock);
        ASSERT_TRUE(loaded.ok()) << describe(loaded.error());
    }

    // A plan of `count` commitments, each with one result at 10 × its number percent (capped).
    void import_plan(const std::string& code, int count)
    {
        plans::ImportedPlan imported{code, "Plan grande", {}};
        for (int i = 1; i <= count; ++i) {
            plans::ImportedCommitment commitment{std::to_string(i),
                "Compromiso " + std::to_string(i), i % 2 ? "Impares" : "Pares", "Ministerio", {},
                {}};
            plans::ImportedResult result;
            result.code = std::to_string(i) + ".1";
            result.title = "Resultado";
            result.progress = plans::Progress::of(std::min(100, i * 10));
            result.as_of = Date{1969, 12, 31};
            result.due_date = Date{1971, 1, 1};
            commitment.results.push_back(result);
            imported.commitments.push_back(commitment);
        }
        auto applied = m_plans->apply_import(imported, "test", "1970-01-01T00:00:00Z");
        ASSERT_TRUE(applied.ok()) << describe(applied.error());
    }
};

constexpr const char* paraguay = "/plans/PY-2014-2016?as_of=2015-06-30";

TEST_F(BoardPage, ShowsTheReportsFigureInTheReadersLanguage)
{
    ASSERT_NO_FATAL_FAILURE(load_demo());
    struct Row {
        std::string target;
        std::vector<std::string> expected;
    };
    const std::vector<Row> rows = {
        {paraguay,
            {"<html lang=\"es\"", "Plan de Acción de Gobierno Abierto 2014-2016", "66,3\u00a0%",
                "30 de junio de 2015", "Avance por área", "Ministerio de Justicia (MJ)",
                "href=\"/plans/PY-2014-2016/commitments/1?as_of=2015-06-30\"", "css/board.",
                "<svg class=\"stack\"", "<svg class=\"timeline\""}},
        {std::string(paraguay) + "&lang=en",
            {"<html lang=\"en\"", "66.3%", "30 June 2015", "Progress by area"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const auto response = get(row.target);
        ASSERT_EQ(response.result(), http::Status::ok);
        for (const auto& part : row.expected)
            EXPECT_TRUE(contains(response.body(), part)) << part;
        EXPECT_EQ(count_of(response.body(), "class=\"commitment-row\""), 9u);
        EXPECT_FALSE(contains(response.body(), "style="));
        EXPECT_FALSE(contains(response.body(), "<script"));
    }
}

TEST_F(BoardPage, FiltersTheListButNotThePlansFigures)
{
    ASSERT_NO_FATAL_FAILURE(load_demo());
    struct Row {
        std::string query;
        std::size_t rows;
    };
    const std::vector<Row> rows = {
        {"", 9},
        {"&status=completed", 2},
        {"&status=in_progress", 7},
        {"&status=delayed", 0},
        {"&area=participacion-ciudadana", 3},
        {"&institution=Ministerio%20de%20Justicia%20(MJ)", 1},
        {"&area=participacion-ciudadana&status=completed", 1},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.query);
        const auto response = get(paraguay + row.query);
        ASSERT_EQ(response.result(), http::Status::ok);
        EXPECT_EQ(count_of(response.body(), "class=\"commitment-row\""), row.rows);
        EXPECT_TRUE(contains(response.body(), "66,3\u00a0%"));
        EXPECT_EQ(contains(response.body(), "Ningún compromiso coincide"), row.rows == 0);
    }
    // The chosen option stays selected, and the date travels with the links.
    const auto filtered = get(std::string(paraguay) + "&status=completed").body();
    EXPECT_TRUE(contains(filtered, "<option value=\"completed\" selected>"));
    EXPECT_TRUE(contains(filtered, "Quitar filtros"));
    EXPECT_TRUE(contains(filtered,
        "href=\"/plans/PY-2014-2016/commitments.csv?as_of=2015-06-30&amp;status=completed\""));
}

TEST_F(BoardPage, AsOfShowsThePlanAsItStoodThatDay)
{
    ASSERT_NO_FATAL_FAILURE(load_demo());
    const auto before = get("/plans/PY-2014-2016?as_of=2014-07-01");
    ASSERT_EQ(before.result(), http::Status::ok);
    EXPECT_TRUE(contains(before.body(), "0,0\u00a0%"));
    EXPECT_TRUE(contains(before.body(), "value=\"2014-07-01\""));
    // Without ?as_of=, the clock's day (1 January 1970 here): before anything was reported.
    EXPECT_TRUE(contains(get("/plans/PY-2014-2016").body(), "1 de enero de 1970"));
}

TEST_F(BoardPage, RefusesWhatItCannotShow)
{
    ASSERT_NO_FATAL_FAILURE(load_demo());
    struct Row {
        const char* target;
        http::Status status;
        const char* says;
    };
    const Row rows[] = {
        {"/plans/NOPE", http::Status::not_found, ""},
        {"/plans/PY-2014-2016?as_of=2015-02-30", http::Status::bad_request, "as_of"},
        {"/plans/PY-2014-2016?status=late", http::Status::bad_request, "status"},
        {"/plans/PY-2014-2016?page=0", http::Status::bad_request, "page"},
        {"/plans/PY-2014-2016?page=2", http::Status::not_found, "page"},
        {"/plans/NOPE/commitments.csv", http::Status::not_found, ""},
        {"/plans/NOPE/feed.atom", http::Status::not_found, ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const auto response = get(row.target);
        EXPECT_EQ(response.result(), row.status);
        EXPECT_TRUE(contains(response.body(), row.says));
    }
}

TEST_F(BoardPage, PagesALongListWithLinksThatKeepTheFilters)
{
    ASSERT_NO_FATAL_FAILURE(import_plan("BIG", 120));
    const auto first = get("/plans/BIG?area=pares").body();
    EXPECT_EQ(count_of(first, "class=\"commitment-row\""), 50u);
    EXPECT_TRUE(contains(first, "(60)"));
    EXPECT_TRUE(contains(first, "href=\"/plans/BIG?area=pares&amp;page=2\" rel=\"next\""));
    EXPECT_FALSE(contains(first, "rel=\"prev\""));
    const auto second = get("/plans/BIG?area=pares&page=2").body();
    EXPECT_EQ(count_of(second, "class=\"commitment-row\""), 10u);
    EXPECT_TRUE(contains(second, "href=\"/plans/BIG?area=pares&amp;page=1\" rel=\"prev\""));
    EXPECT_FALSE(contains(second, "rel=\"next\""));
}

TEST_F(BoardPage, CsvHoldsEveryMatchingCommitmentUnrounded)
{
    ASSERT_NO_FATAL_FAILURE(load_demo());
    const auto response =
        get("/plans/PY-2014-2016/commitments.csv?as_of=2015-06-30&area=participacion-ciudadana");
    ASSERT_EQ(response.result(), http::Status::ok);
    EXPECT_EQ(testing::header(response, http::Field::content_type), "text/csv; charset=utf-8");
    const std::string& body = response.body();
    EXPECT_TRUE(body.starts_with("\xEF\xBB\xBFplan,as_of,commitment,title,area,lead_institution,"
                                 "weight,progress,status,due_date\n"));
    EXPECT_EQ(count_of(body, "\n"), 4u);
    EXPECT_EQ(count_of(body, "PY-2014-2016,2015-06-30,"), 3u);

    ASSERT_NO_FATAL_FAILURE(import_plan("BIG", 120));
    const auto big = get("/plans/BIG/commitments.csv").body();
    // Every commitment, not the 50 of a page.
    EXPECT_EQ(count_of(big, "\n"), 121u);
    EXPECT_TRUE(contains(
        big, "BIG,1970-01-01,1,Compromiso 1,impares,Ministerio,1,10,in_progress,1971-01-01\n"));
}

TEST_F(BoardPage, FeedListsTheLatestUpdatesAsAtom)
{
    ASSERT_NO_FATAL_FAILURE(import_plan("BIG", 60));
    const auto response = get("/plans/BIG/feed.atom?lang=en");
    ASSERT_EQ(response.result(), http::Status::ok);
    EXPECT_EQ(testing::header(response, http::Field::content_type),
        "application/atom+xml; charset=utf-8");
    const std::string& body = response.body();
    EXPECT_TRUE(body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
                                 "xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    EXPECT_EQ(count_of(body, "<entry>"), 50u);
    EXPECT_EQ(count_of(body, "</entry>"), 50u);
    EXPECT_TRUE(contains(body, "<updated>1970-01-01T00:00:00Z</updated>"));
    // Newest first; all were recorded together, so the last in the plan leads.
    EXPECT_LT(body.find("60 · 60.1"), body.find("59 · 59.1"));
    EXPECT_FALSE(contains(body, "1 · 1.1 "));
    EXPECT_FALSE(contains(body, "<html"));
}

// Codes are the plan's own text: a space or a slash in one stays inside its path segment.
TEST_F(BoardPage, LinksEncodeCodesAsPathSegments)
{
    plans::ImportedPlan imported{"PLAN 1", "Plan con espacios", {}};
    plans::ImportedCommitment commitment{"C/2", "Compromiso", "Área", "Ministerio", {}, {}};
    plans::ImportedResult result;
    result.code = "r1";
    result.title = "Resultado";
    commitment.results.push_back(result);
    imported.commitments.push_back(commitment);
    ASSERT_TRUE(m_plans->apply_import(imported, "test", "1970-01-01T00:00:00Z").ok());
    const auto page = get("/plans/PLAN%201");
    ASSERT_EQ(page.result(), http::Status::ok);
    EXPECT_TRUE(contains(page.body(), "href=\"/plans/PLAN%201/commitments/C%2F2\""));
    EXPECT_TRUE(contains(page.body(), "action=\"/plans/PLAN%201\""));
    EXPECT_TRUE(contains(page.body(), "href=\"/plans/PLAN%201/feed.atom\""));
    EXPECT_TRUE(contains(page.body(), "href=\"/plans/PLAN%201/commitments.csv?as_of=1970-01-01\""));
    EXPECT_TRUE(contains(page.body(), "href=\"/api/v1/plans/PLAN%201?as_of=1970-01-01\""));
    EXPECT_TRUE(contains(get("/").body(), "href=\"/plans/PLAN%201\""));
    EXPECT_TRUE(contains(get("/plans/PLAN%201/feed.atom").body(), "href=\"/plans/PLAN%201\"/>"));
    // And the link leads to the commitment.
    EXPECT_EQ(get("/plans/PLAN%201/commitments/C%2F2").result(), http::Status::ok);
}

// A title a spreadsheet would run as a formula is downloaded as text.
TEST_F(BoardPage, TheCsvDownloadNeverHoldsAFormula)
{
    plans::ImportedPlan imported{"F", "Plan", {}};
    plans::ImportedCommitment commitment{
        "1", "=HYPERLINK(\"http://evil.example\",\"x\")", "Área", "@Ministerio", {}, {}};
    plans::ImportedResult result;
    result.code = "r1";
    result.title = "Resultado";
    commitment.results.push_back(result);
    imported.commitments.push_back(commitment);
    ASSERT_TRUE(m_plans->apply_import(imported, "test", "1970-01-01T00:00:00Z").ok());
    const std::string csv = get("/plans/F/commitments.csv").body();
    EXPECT_TRUE(contains(csv, "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")) << csv;
    EXPECT_TRUE(contains(csv, ",'@Ministerio,")) << csv;
    EXPECT_FALSE(contains(csv, ",=")) << csv;
}

TEST_F(BoardPage, AnImportShowsOnTheNextRequest)
{
    ASSERT_NO_FATAL_FAILURE(import_plan("BIG", 3));
    // (10 + 20 + 30) / 3 = 20 % today (the fake clock's 1 January 1970).
    EXPECT_TRUE(contains(get("/plans/BIG").body(), "20,0\u00a0%"));
    EXPECT_TRUE(contains(get("/plans/BIG").body(), "20,0\u00a0%"));  // from the cache
    ASSERT_NO_FATAL_FAILURE(import_plan("BIG", 6));
    // (10 + 20 + 30 + 40 + 50 + 60) / 6 = 35 %.
    EXPECT_TRUE(contains(get("/plans/BIG").body(), "35,0\u00a0%"));
}

}  // namespace
}  // namespace tablero::web
