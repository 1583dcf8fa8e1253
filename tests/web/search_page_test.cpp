// The search page and the search box through the pipeline: a real SQLite database with two
// small plans, the real templates, catalogs and routes.
#include "domain/plans/plan_import.h"
#include "domain/plans/search.h"
#include "page_fixture.h"
#include "web/search/routes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

namespace tablero::web {
namespace {

using testing::contains;

using testing::count_of;

// The commitment links of a results page, in order.
std::vector<std::string> result_links(const std::string& html)
{
    static const std::regex link(R"re(<h3 class="search-result__title"><a href="([^"]+)")re");
    std::vector<std::string> links;
    for (auto match = std::sregex_iterator(html.begin(), html.end(), link);
         match != std::sregex_iterator(); ++match)
        links.push_back((*match)[1].str());
    return links;
}

struct Example {
    std::string code;
    std::string title;
    std::string description;
    double progress;
};

class SearchPage : public testing::PageTest {
protected:
    // A plan whose commitments each have one result with the given progress, reported before
    // the fake clock's today and due long after it, and the given brief description.
    void add_plan(
        const std::string& code, const std::string& title, const std::vector<Example>& commitments)
    {
        plans::ImportedPlan imported{code, title, {}};
        for (const auto& example : commitments) {
            plans::ImportedCommitment commitment{
                example.code, example.title, "Transparencia", "SENATICs", {}, {}};
            plans::ImportedResult result;
            result.code = example.code + ".1";
            result.title = "Resultado";
            result.weight = 1;
            result.progress = plans::Progress::of(example.progress);
            result.as_of = Date{1969, 12, 1};
            result.due_date = Date{2030, 1, 1};
            commitment.results.push_back(result);
            imported.commitments.push_back(commitment);
        }
        ASSERT_TRUE(m_plans->apply_import(imported, "test", "1970-01-01T00:00:00Z").ok());
        auto plan = m_plans->load_plan(code);
        ASSERT_TRUE(plan.ok()) << describe(plan.error());
        for (std::size_t i = 0; i < commitments.size(); ++i) {
            plans::Commitment commitment = plan->commitments[i];
            commitment.brief_description = commitments[i].description;
            ASSERT_TRUE(m_plans->put_commitment_details(code, commitment).ok());
        }
    }

    void add_examples()
    {
        add_plan("PY-T", "Plan de Paraguay",
            {
                {"1", "Ley de acceso a la información pública", "Reglamentar la ley", 50},
                {"2", "Participación ciudadana en el presupuesto",
                    "Consejos con información del Ñandutí", 0},
                {"3", "Compras públicas", "Portal de transparencia <b>activa</b>", 100},
            });
        add_plan("CL-T", "Plan de Chile",
            {{"1", "Registro de información de comisiones", "Audiencias", 25}});
    }
};

TEST_F(SearchPage, FindsWordsWithoutAccentsOrCaseInEveryPlan)
{
    add_examples();
    struct Row {
        std::string name;
        std::string target;
        // The links in order; title matches come first, and a plan's commitments keep its order.
        std::vector<std::string> links;
    };
    const Row rows[] = {
        {"no accent finds the accent, titles first", "/search?q=informacion",
            {"/plans/PY-T/commitments/1", "/plans/CL-T/commitments/1",
                "/plans/PY-T/commitments/2"}},
        {"capitals", "/search?q=PARTICIPACION", {"/plans/PY-T/commitments/2"}},
        {"n finds ñ", "/search?q=nandu", {"/plans/PY-T/commitments/2"}},
        {"a prefix", "/search?q=transp", {"/plans/PY-T/commitments/3"}},
        {"every word must match", "/search?q=ley+acceso", {"/plans/PY-T/commitments/1"}},
        {"the accent typed, percent-encoded", "/search?q=Informaci%C3%B3n+P%C3%9ABLICA",
            {"/plans/PY-T/commitments/1"}},
        {"one word missing finds nothing", "/search?q=ley+compras", {}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Response response = get(row.target);
        ASSERT_EQ(response.result(), http::Status::ok);
        auto links = result_links(response.body());
        // Plans are listed newest period first; both test plans have the same period, so only
        // the order within the title matches and within a plan is checked exactly.
        if (row.name.starts_with("no accent")) {
            ASSERT_EQ(links.size(), 3u);
            EXPECT_EQ(links.back(), row.links.back());
            std::sort(links.begin(), links.end() - 1);
            std::vector<std::string> expected = row.links;
            std::sort(expected.begin(), expected.end() - 1);
            EXPECT_EQ(links, expected);
        } else {
            EXPECT_EQ(links, row.links);
        }
        EXPECT_EQ(contains(response.body(), "Ningún compromiso contiene"), row.links.empty());
    }
}

TEST_F(SearchPage, EachResultShowsItsPlanProgressStatusAndExcerpt)
{
    add_examples();
    const http::Response response = get("/search?q=informacion+publica");
    ASSERT_EQ(response.result(), http::Status::ok);
    const std::string& html = response.body();
    const char* expected[] = {
        "<title>Búsqueda — Tablero</title>",
        "Compromisos encontrados: <strong>1</strong>",
        "<a href=\"/plans/PY-T/commitments/1\">Ley de acceso a la <mark>información</mark> "
        "<mark>pública</mark></a>",
        "<p class=\"search-result__plan\">Plan de Paraguay</p>",
        // 50 % reported, due in 2030: in progress today.
        "<rect class=\"bar__fill\" width=\"50.0\"",
        "50,0\u00a0%",
        "<span class=\"status status--in_progress\">En curso</span>",
        "<p class=\"search-result__excerpt\">Reglamentar la ley</p>",
        "value=\"informacion publica\"",
    };
    for (const char* part : expected)
        EXPECT_TRUE(contains(html, part)) << part;
    EXPECT_FALSE(contains(html, "style="));

    const http::Response english = get("/search?q=nandu&lang=en");
    const std::string& en = english.body();
    EXPECT_TRUE(contains(en, "<html lang=\"en\">"));
    EXPECT_TRUE(contains(en, "Commitments found: <strong>1</strong>"));
    EXPECT_TRUE(contains(en, "0.0%"));
    EXPECT_TRUE(contains(en, "Not started"));
    EXPECT_TRUE(contains(en, "Consejos con información del <mark>Ñandutí</mark>"));
}

TEST_F(SearchPage, TextFromThePlanIsEscaped)
{
    add_examples();
    const http::Response response = get("/search?q=activa");
    ASSERT_EQ(response.result(), http::Status::ok);
    EXPECT_TRUE(contains(response.body(), "Portal de transparencia &lt;b&gt;<mark>activa</mark>"));
    EXPECT_FALSE(contains(response.body(), "<b>activa"));
    // The query itself, echoed in the box.
    const http::Response echoed = get("/search?q=%22%3E%3Cscript%3E");
    EXPECT_TRUE(contains(echoed.body(), "value=\"&quot;&gt;&lt;script&gt;\""));
    EXPECT_FALSE(contains(echoed.body(), "<script>"));
}

TEST_F(SearchPage, EmptyQueryShowsOnlyTheBox)
{
    add_examples();
    for (const char* target : {"/search", "/search?q=", "/search?q=%C2%BF%3F+%E2%80%94"}) {
        SCOPED_TRACE(target);
        const http::Response response = get(target);
        ASSERT_EQ(response.result(), http::Status::ok);
        const std::string& html = response.body();
        EXPECT_TRUE(
            contains(html, "<form class=\"search-form\" role=\"search\" action=\"/search\""));
        EXPECT_FALSE(contains(html, "search-results"));
        EXPECT_FALSE(contains(html, "Ningún compromiso"));
        // The page's own box replaces the header's: one search landmark.
        EXPECT_EQ(count_of(html, "role=\"search\""), 1u);
    }
}

TEST_F(SearchPage, LongOrBrokenQueriesAreCutNotRefused)
{
    add_examples();
    const std::string long_query = "informacion+" + std::string(400, 'x');
    const http::Response response = get("/search?q=" + long_query);
    ASSERT_EQ(response.result(), http::Status::ok);
    EXPECT_TRUE(contains(response.body(), "se usaron sus primeros 200 caracteres"));
    EXPECT_TRUE(contains(response.body(),
        "value=\"informacion " + std::string(plans::search_query_limit - 12, 'x') + "\""));

    const http::Response broken = get("/search?q=ley%FF%FEacceso");
    ASSERT_EQ(broken.result(), http::Status::ok);
    EXPECT_EQ(result_links(broken.body()), std::vector<std::string>{"/plans/PY-T/commitments/1"});
}

TEST_F(SearchPage, PagesOfTwenty)
{
    std::vector<Example> many;
    for (int i = 1; i <= 45; ++i)
        many.push_back({std::to_string(i), "Transparencia " + std::to_string(i), "", 10});
    add_plan("BIG", "Plan grande", many);
    struct Row {
        std::string target;
        std::size_t results;
        std::string first_link;
        bool has_previous;
        bool has_next;
        std::string page_text;
    };
    const Row rows[] = {
        {"/search?q=transparencia", search::results_per_page, "/plans/BIG/commitments/1", false,
            true, "Página 1 de 3"},
        {"/search?q=transparencia&page=2", search::results_per_page, "/plans/BIG/commitments/21",
            true, true, "Página 2 de 3"},
        {"/search?q=transparencia&page=3", 5, "/plans/BIG/commitments/41", true, false,
            "Página 3 de 3"},
        {"/search?q=transparencia&page=99", 5, "/plans/BIG/commitments/41", true, false,
            "Página 3 de 3"},
        {"/search?q=transparencia&page=nope", search::results_per_page, "/plans/BIG/commitments/1",
            false, true, "Página 1 de 3"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const http::Response response = get(row.target);
        ASSERT_EQ(response.result(), http::Status::ok);
        const auto links = result_links(response.body());
        ASSERT_EQ(links.size(), row.results);
        EXPECT_EQ(links.front(), row.first_link);
        EXPECT_EQ(contains(response.body(), "rel=\"prev\""), row.has_previous);
        EXPECT_EQ(contains(response.body(), "rel=\"next\""), row.has_next);
        EXPECT_TRUE(contains(response.body(), row.page_text));
        EXPECT_TRUE(contains(response.body(), "Compromisos encontrados: <strong>45</strong>"));
    }
    // The links keep the query; page 1 is the page without ?page=.
    const http::Response second = get("/search?q=transparencia&page=2");
    EXPECT_TRUE(contains(second.body(), "href=\"/search?q=transparencia\" rel=\"prev\""));
    EXPECT_TRUE(
        contains(second.body(), "href=\"/search?q=transparencia&amp;page=3\" rel=\"next\""));
}

TEST_F(SearchPage, FindsWhatWasWrittenAfterTheFirstSearch)
{
    add_examples();
    EXPECT_TRUE(result_links(get("/search?q=humedales").body()).empty());
    add_plan("NEW", "Plan nuevo", {{"9", "Protección de humedales", "", 0}});
    EXPECT_EQ(result_links(get("/search?q=humedales").body()),
        std::vector<std::string>{"/plans/NEW/commitments/9"});
}

TEST_F(SearchPage, EveryPageHasTheSearchBoxInItsLanguage)
{
    struct Row {
        std::string target;
        std::string lang;
        std::string label;
    };
    const Row rows[] = {
        {"/", "es", "Buscar compromisos"},
        {"/?lang=en", "en", "Search commitments"},
        {"/about/progress?lang=en", "en", "Search commitments"},
        // Guaraní falls back to Spanish for the label, and keeps its language.
        {"/?lang=gn", "gn", "Buscar compromisos"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const std::string html = get(row.target).body();
        EXPECT_TRUE(
            contains(html, "<form class=\"site-search\" role=\"search\" action=\"/search\""));
        EXPECT_TRUE(contains(html,
            "<label class=\"site-search__label\" for=\"site-search-q\">" + row.label + "</label>"));
        EXPECT_TRUE(contains(html, "id=\"site-search-q\" name=\"q\""));
        EXPECT_TRUE(
            contains(html, "<input type=\"hidden\" name=\"lang\" value=\"" + row.lang + "\">"));
    }
}

}  // namespace
}  // namespace tablero::web
