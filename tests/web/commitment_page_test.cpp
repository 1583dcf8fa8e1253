// The public commitment page and its CSV through the routes and the pipeline, with a real SQLite
// database holding the Paraguay demo plan (demo/paraguay-2014-2016.*), progress added after the
// report's date so that ?as_of= has something to change, and a small nested plan built by hand.
// Every expected figure is worked out by hand in the comments.
#include "app/demo_data.h"
#include "domain/csv/csv.h"
#include "domain/plans/plan_import.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "page_fixture.h"
#include "web/errors.h"
#include "web/i18n_loader.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/routes.h"
#include "web_test_support.h"

#include <gtest/gtest.h>

#include <random>

namespace tablero::web {
namespace {

using testing::FakeSiteStore;
using testing::header;
using testing::make_request;
using testing::source_dir;

// Today for the site: 15 January 2016, after every update the tests add.
std::chrono::system_clock::time_point today_for_tests()
{
    return std::chrono::system_clock::time_point{} +
        std::chrono::days{days_since_epoch(Date{2016, 1, 15})};
}

using testing::contains;

using testing::count_of;

// The text between the section whose heading has id `heading` and the section's end.
std::string section(const std::string& html, std::string_view heading)
{
    const auto start = html.find("aria-labelledby=\"" + std::string(heading) + "\"");
    if (start == std::string::npos)
        return {};
    const auto end = html.find("</section>", start);
    return html.substr(start, end - start);
}

class CommitmentPage : public testing::PageTest {
protected:
    void SetUp() override
    {
        PageTest::SetUp();
        if (HasFatalFailure())
            return;
        m_clock.advance(today_for_tests() - std::chrono::system_clock::time_point{});
        auto loaded = app::load_demo_data(m_site, *m_plans, source_dir() / "demo", m_clock);
        ASSERT_TRUE(loaded.ok()) << describe(loaded.error());
    }

    // Commitment 8 of the demo after the report: 8.2 is struck out ("not applicable") as of
    // 30 September 2015 and 8.1 reaches 100 % on 31 December 2015.
    void add_later_progress()
    {
        plans::ProgressUpdate struck;
        struck.as_of = Date{2015, 9, 30};
        struck.progress = plans::Progress::not_applicable();
        struck.author = "Unidad de Gobierno Abierto";
        struck.recorded_at = "2015-10-01T12:00:00Z";
        struck.note = "La actividad se reemplazó por otra.";
        ASSERT_TRUE(m_plans->add_progress_update("PY-2014-2016", "8", "8.2", struck).ok());
        plans::ProgressUpdate done;
        done.as_of = Date{2015, 12, 31};
        done.progress = plans::Progress::of(100);
        done.author = "STP";
        done.recorded_at = "2016-01-05T12:00:00Z";
        done.note = "Tablero en línea.";
        done.evidence = {
            plans::Evidence{"Acta de lanzamiento", "https://example.org/acta", Date{2015, 12, 31}}};
        ASSERT_TRUE(m_plans->add_progress_update("PY-2014-2016", "8", "8.1", done).ok());
    }
};

// Commitment 8 as the 2015 report left it: 8.1 at 40 % and 8.2 at 0 %, 2.5 points each, so
// (2.5 × 40 + 2.5 × 0) ÷ 5 = 20 %.
TEST_F(CommitmentPage, ShowsEveryTemplateFieldOfADemoCommitment)
{
    const http::Response response = get("/plans/PY-2014-2016/commitments/8?as_of=2015-06-30");
    ASSERT_EQ(response.result(), http::Status::ok);
    const std::string& html = response.body();
    const char* expected[] = {
        "<html lang=\"es\">",
        // Title, escaped by the template engine.
        "Citizen Control Board of the National Poverty Reduction Program "
        "&quot;Sembrando Oportunidades&quot;</h1>",
        // Breadcrumbs: home and the plan at the same date.
        "<li><a href=\"/\">Inicio</a></li>",
        "<a href=\"/plans/PY-2014-2016?as_of=2015-06-30\">Plan de Acción de Gobierno Abierto "
        "2014-2016</a>",
        "Compromiso 8 · Rendición de cuentas",
        // The OGP template fields.
        "Institución responsable",
        "Gabinete Social de la Presidencia de la República / Secretaría Técnica de Planificación",
        "<span class=\"person__name\">Rafael Palau</span>",
        "General Director of the Directorate General of Information and Communication",
        "<a href=\"mailto:rpalau@stp.gov.py\">rpalau@stp.gov.py</a>",
        "+595 21 450422",
        "Otros actores: sociedad civil",
        "Centro de Información y Recursos Para el Desarrollo (CIRD)",
        "Objetivo principal",
        "Descripción breve",
        "Technological tool for monitoring the Poverty Reduction Program",
        "<li>Rendición de cuentas</li>",
        "<li>Tecnología e innovación para la transparencia y la rendición de cuentas</li>",
        "<li>Mejorar los servicios públicos</li>",
        // Ambition is a "- " list in the demo file.
        "<ul><li>Citizen Control Board of the National Poverty Reduction Program",
        "<dd>1 de julio de 2014</dd>",
        "<dd>30 de junio de 2016</dd>",
        // The figure: an SVG bar and the figure in text, status, weight.
        "<rect class=\"bar__fill\" width=\"20.0\"",
        "<span class=\"bar__value\">20,0\u00a0%</span>",
        "status--in_progress",
        "<dt>Peso</dt><dd>5</dd>",
        // The date form, which works without JavaScript.
        "<form class=\"as-of-form\" method=\"get\" action=\"/plans/PY-2014-2016/commitments/8\">",
        "<input type=\"date\" id=\"as-of-date\" name=\"as_of\" value=\"2015-06-30\" required>",
        // Downloads of exactly this page.
        "href=\"/plans/PY-2014-2016/commitments/8/results.csv?as_of=2015-06-30\"",
        "href=\"/api/v1/plans/PY-2014-2016/commitments/8?as_of=2015-06-30\"",
        "<link rel=\"stylesheet\" href=\"/static/css/commitment.",
    };
    for (const char* part : expected)
        EXPECT_TRUE(contains(html, part)) << part;
    // Empty fields are left out, not shown blank: this commitment has no public problem, next
    // steps or additional information in the demo file.
    for (const char* absent : {"Problema público", "Próximos pasos", "Información adicional",
             "sector privado", "style=", "<script"})
        EXPECT_FALSE(contains(html, absent)) << absent;
}

TEST_F(CommitmentPage, ResultsAssessmentsAndTheArithmetic)
{
    const std::string html = get("/plans/PY-2014-2016/commitments/8?as_of=2015-06-30").body();

    const std::string results = section(html, "results-heading");
    EXPECT_EQ(count_of(results, "<li class=\"node\">"), 2u);
    EXPECT_TRUE(contains(results, "<span class=\"node__code\">8.1</span>"));
    EXPECT_TRUE(contains(results, "<span class=\"bar__value\">40,0\u00a0%</span>"));
    EXPECT_TRUE(contains(results, "<span class=\"bar__value\">0,0\u00a0%</span>"));
    EXPECT_TRUE(contains(results, "<dt>Peso</dt><dd>2,5</dd>"));
    EXPECT_TRUE(contains(results, "<dd>Resultado</dd>"));
    // The report gives no evidence link for 8.1 or 8.2 (demo/README.md).
    EXPECT_FALSE(contains(results, "node__evidence-label"));
    EXPECT_FALSE(contains(results, "Todavía no se informó avance"));

    const std::string assessments = section(html, "assessments-heading");
    EXPECT_TRUE(
        contains(assessments, "<h3>Gobierno</h3>\n<p class=\"assessment__level\">Limitado</p>"));
    EXPECT_TRUE(contains(assessments, "<time datetime=\"2015-06-30\">30 de junio de 2015</time>"));
    // Civil society and the independent reviewer have not assessed it.
    EXPECT_EQ(count_of(assessments, "Todavía no evaluado"), 2u);
    // 20 % suggests "limited", marked as a suggestion, not an assessment.
    EXPECT_TRUE(contains(assessments,
        "<h3>Sugerencia de la plataforma (no es una evaluación)</h3>\n"
        "<p class=\"assessment__level\">Limitado</p>"));

    const std::string how = section(html, "how-heading");
    EXPECT_TRUE(contains(how,
        "(<span class=\"formula__term\">2,5 × 40\u00a0%</span> + "
        "<span class=\"formula__term\">2,5 × 0\u00a0%</span>) ÷ 5 = <strong>20\u00a0%</strong>"))
        << how;
    EXPECT_TRUE(contains(how, "href=\"/about/progress\""));
    EXPECT_TRUE(contains(how, "contaría como 0\u00a0%"));

    const std::string history = section(html, "history-heading");
    EXPECT_EQ(count_of(history, "<li class=\"history__entry\">"), 2u);
    EXPECT_TRUE(contains(history, "<dd>40,0\u00a0%</dd>"));
    EXPECT_TRUE(contains(history, "Execution 1 of 2.5 points"));
}

// The same page on other days, and in English. Worked out by hand:
//   29 June 2015: nothing reported yet, so both results count 0 %: 0 %, not started.
//   1 October 2015: 8.2 struck out, leaving 8.1 alone: (2.5 × 40) ÷ 2.5 = 40 %.
//   today (15 January 2016): 8.1 at 100 %, 8.2 struck out: 100 %, completed.
// The report's evidence links are the demo updates' evidence: commitment 3's one result has
// https://goo.gl/XLFflI, shown under the result and in the history.
TEST_F(CommitmentPage, EvidenceIsLinkedUnderItsResultAndInTheHistory)
{
    const std::string html = get("/plans/PY-2014-2016/commitments/3?as_of=2015-06-30").body();
    const std::string link =
        "<a href=\"https://goo.gl/XLFflI\" rel=\"nofollow\">https://goo.gl/XLFflI</a>";
    EXPECT_EQ(count_of(section(html, "results-heading"), link), 1u);
    EXPECT_EQ(count_of(section(html, "history-heading"), link), 1u);
    // Commitment 3 has every field of the template but the public problem.
    for (const char* part : {"Próximos pasos", "Información adicional", "sociedad civil",
             "HacksHackersASU", "Gestionar los recursos públicos con más eficacia"})
        EXPECT_TRUE(contains(html, part)) << part;
}

TEST_F(CommitmentPage, AsOfChangesTheFiguresAndTheHistory)
{
    add_later_progress();
    struct Row {
        const char* target;
        std::vector<std::string> expected;
        std::vector<std::string> absent;
        std::size_t history_entries;
    };
    const Row rows[] = {
        {"/plans/PY-2014-2016/commitments/8?as_of=2015-06-29",
            {"<span class=\"bar__value\">0,0\u00a0%</span>", "status--not_started",
                "No hay avances informados hasta esa fecha.",
                "Un resultado sin avance informado cuenta como 0\u00a0%. Es el caso de:",
                "Todavía no se informó avance: cuenta como 0\u00a0%.",
                "= <strong>0\u00a0%</strong>"},
            {"Limitado</p>\n<p class=\"assessment__date\">", "Tablero en línea."}, 0},
        {"/plans/PY-2014-2016/commitments/8?as_of=2015-06-30",
            {"<span class=\"bar__value\">20,0\u00a0%</span>"}, {"Tablero en línea.", "no aplica"},
            2},
        {"/plans/PY-2014-2016/commitments/8?as_of=2015-10-01",
            {"<span class=\"bar__value\">40,0\u00a0%</span>",
                "(<span class=\"formula__term\">2,5 × 40\u00a0%</span>) ÷ 2,5 = "
                "<strong>40\u00a0%</strong>",
                "quedan fuera de las dos sumas", "<dd>no aplica</dd>",
                "La actividad se reemplazó por otra."},
            {"Tablero en línea."}, 3},
        {"/plans/PY-2014-2016/commitments/8",
            {"<span class=\"bar__value\">100,0\u00a0%</span>", "status--completed",
                "Tablero en línea.", "<a href=\"https://example.org/acta\"", "value=\"2016-01-15\"",
                "<p class=\"assessment__level\">Completo</p>",
                "href=\"/plans/PY-2014-2016/commitments/8/results.csv?as_of=2016-01-15\""},
            {"Volver a hoy"}, 4},
        {"/plans/PY-2014-2016/commitments/8?as_of=2015-10-01&lang=en",
            {"<html lang=\"en\">", "<span class=\"bar__value\">40.0%</span>",
                "(<span class=\"formula__term\">2.5 × 40%</span>) ÷ 2.5 = <strong>40%</strong>",
                "Not assessed yet", "<dd>not applicable</dd>", "Progress history",
                "href=\"/plans/PY-2014-2016/commitments/8\">Back to today</a>"},
            {}, 3},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const http::Response response = get(row.target);
        ASSERT_EQ(response.result(), http::Status::ok);
        const std::string& html = response.body();
        for (const auto& part : row.expected)
            EXPECT_TRUE(contains(html, part)) << part;
        for (const auto& part : row.absent)
            EXPECT_FALSE(contains(html, part)) << part;
        EXPECT_EQ(count_of(section(html, "history-heading"), "<li class=\"history__entry\">"),
            row.history_entries);
    }
}

TEST_F(CommitmentPage, ErrorsAreTheSitesPages)
{
    struct Row {
        const char* target;
        http::Status status;
        const char* expected;
    };
    const Row rows[] = {
        {"/plans/PY-9/commitments/8", http::Status::not_found, "no plan"},
        {"/plans/PY-2014-2016/commitments/99", http::Status::not_found, "99"},
        {"/plans/PY-2014-2016/commitments/99/results.csv", http::Status::not_found, "99"},
        {"/plans/PY-2014-2016/commitments/8?as_of=2015-13-01", http::Status::bad_request,
            "(as_of)"},
        {"/plans/PY-2014-2016/commitments/8?as_of=yesterday", http::Status::bad_request, "(as_of)"},
        {"/plans/PY-2014-2016/commitments/8/results.csv?as_of=30/06/2015",
            http::Status::bad_request, "(as_of)"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const http::Response response = get(row.target);
        EXPECT_EQ(response.result(), row.status);
        EXPECT_TRUE(header(response, http::Field::content_type).starts_with("text/html"));
        EXPECT_TRUE(contains(response.body(), "<html lang=\"es\">"));
        EXPECT_TRUE(contains(response.body(), row.expected)) << response.body();
    }
}

TEST_F(CommitmentPage, TheCsvHasOneRowPerNodeAsOfTheDate)
{
    add_later_progress();
    const http::Response response =
        get("/plans/PY-2014-2016/commitments/8/results.csv?as_of=2015-10-01");
    ASSERT_EQ(response.result(), http::Status::ok);
    EXPECT_EQ(header(response, http::Field::content_type), "text/csv; charset=utf-8");
    const std::string& body = response.body();
    ASSERT_TRUE(body.starts_with("\xEF\xBB\xBF")) << "no byte order mark";
    auto table = csv::parse_csv(body, "results.csv");
    ASSERT_TRUE(table.ok()) << describe(table.error());
    const std::vector<std::string> columns = {"plan", "commitment", "as_of", "code", "parent",
        "title", "kind", "weight", "progress", "status", "due_date"};
    EXPECT_EQ(table->header, columns);
    ASSERT_EQ(table->records.size(), 2u);
    const auto& first = table->records[0].fields;
    EXPECT_EQ(first,
        (std::vector<std::string>{"PY-2014-2016", "8", "2015-10-01", "8.1", "", first[5], "result",
            "2.5", "40", "in_progress", "2016-06-30"}));
    EXPECT_TRUE(first[5].starts_with("Citizen Control Board")) << first[5];
    // Struck out: no figure, no status, and no weight in its parent's sums.
    const auto& second = table->records[1].fields;
    EXPECT_EQ(second[3], "8.2");
    EXPECT_EQ(second[7], "0");
    EXPECT_EQ(second[8], "n/a");
    EXPECT_EQ(second[9], "");
}

// A plan built by hand: a result with two parts, one never reported, and a struck-out result,
// to check the nesting, the unrounded CSV figures, what counts as 0 % and escaping.
//   1.1.1 weight 1 at 100 %, 1.1.2 weight 2 with nothing reported (0 %):
//     1.1 = (1 × 100 + 2 × 0) ÷ 3 = 33.33... %, weight 3.
//   1.2 struck out.  Commitment = 1.1 = 33.3 %.
TEST_F(CommitmentPage, NestedResultsAndWhatCountsAsZero)
{
    plans::ImportedPlan imported{"T-1", "Plan <b>de prueba</b>", {}};
    plans::ImportedCommitment commitment{
        "C 1", "Compromiso <script>x</script>", "Transparencia", "Institución", {}, {}};
    auto row = [](std::string code, std::string parent, std::optional<double> weight,
                   std::optional<plans::Progress> progress) {
        plans::ImportedResult result;
        result.code = std::move(code);
        result.title = "Resultado " + result.code;
        result.parent = std::move(parent);
        result.weight = weight;
        result.progress = progress;
        if (progress)
            result.as_of = Date{2015, 6, 30};
        result.due_date = Date{2030, 1, 1};
        return result;
    };
    commitment.results = {row("1.1.1", "1.1", 1, plans::Progress::of(100)),
        row("1.1.2", "1.1", 2, std::nullopt), row("1.2", "", 5, plans::Progress::not_applicable())};
    imported.commitments.push_back(commitment);
    ASSERT_TRUE(m_plans->apply_import(imported, "test", "2015-07-01T00:00:00Z").ok());

    const http::Response page = get("/plans/T-1/commitments/C%201?as_of=2015-06-30");
    ASSERT_EQ(page.result(), http::Status::ok);
    const std::string& html = page.body();
    EXPECT_TRUE(contains(html, "Compromiso &lt;script&gt;x&lt;/script&gt;</h1>"));
    EXPECT_TRUE(contains(html, "Plan &lt;b&gt;de prueba&lt;/b&gt;"));
    EXPECT_FALSE(contains(html, "<script>"));
    // Codes are path segments: "C 1" is encoded in every link.
    EXPECT_TRUE(contains(html, "action=\"/plans/T-1/commitments/C%201\""));
    EXPECT_TRUE(
        contains(html, "href=\"/plans/T-1/commitments/C%201/results.csv?as_of=2015-06-30\""));

    const std::string results = section(html, "results-heading");
    EXPECT_EQ(count_of(results, "<li class=\"node\">"), 4u);
    EXPECT_EQ(count_of(results, "<ul class=\"tree tree--nested\">"), 1u);
    // Every list and item opened is closed.
    EXPECT_EQ(count_of(results, "<ul"), count_of(results, "</ul>"));
    EXPECT_EQ(count_of(results, "<li"), count_of(results, "</li>"));
    EXPECT_TRUE(contains(results, "<h4 class=\"node__title\"><span class=\"node__code\">1.1.1"));
    EXPECT_TRUE(contains(results, "<span class=\"bar__value\">33,3\u00a0%</span>"));
    EXPECT_EQ(count_of(results, "Todavía no se informó avance"), 1u);
    EXPECT_TRUE(contains(results, "bar--na"));

    const std::string how = section(html, "how-heading");
    EXPECT_TRUE(contains(how,
        "(<span class=\"formula__term\">3 × 33,3\u00a0%</span>) ÷ 3 = "
        "<strong>33,3\u00a0%</strong>"))
        << how;
    EXPECT_TRUE(contains(how, "quedan fuera de las dos sumas"));
    EXPECT_TRUE(contains(how, "<span class=\"node__code\">1.2</span> Resultado 1.2"));

    const http::Response csv_response =
        get("/plans/T-1/commitments/C%201/results.csv?as_of=2015-06-30");
    ASSERT_EQ(csv_response.result(), http::Status::ok);
    auto table = csv::parse_csv(csv_response.body(), "results.csv");
    ASSERT_TRUE(table.ok());
    ASSERT_EQ(table->records.size(), 4u);
    struct Expected {
        const char* code;
        const char* parent;
        const char* weight;
        double progress;
    };
    const Expected expected[] = {
        {"1.1", "", "3", 100.0 / 3}, {"1.1.1", "1.1", "1", 100}, {"1.1.2", "1.1", "2", 0}};
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        SCOPED_TRACE(expected[i].code);
        const auto& fields = table->records[i].fields;
        EXPECT_EQ(fields[3], expected[i].code);
        EXPECT_EQ(fields[4], expected[i].parent);
        EXPECT_EQ(fields[7], expected[i].weight);
        // Unrounded: the figure reads back as the same double.
        EXPECT_EQ(std::stod(fields[8]), expected[i].progress);
    }
    EXPECT_EQ(table->records[3].fields[8], "n/a");
}

}  // namespace
}  // namespace tablero::web
