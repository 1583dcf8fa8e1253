// /about/progress through the pipeline: the rules in the reader's language, and the worked
// examples as the domain's rules compute them, checked against the arithmetic of
// docs/progress.md done by hand.
#include "page_fixture.h"

#include <gtest/gtest.h>

namespace tablero::web {
namespace {

using testing::contains;

// Whether the parts appear in text in this order.
bool in_order(const std::string& text, const std::vector<std::string>& parts)
{
    std::size_t at = 0;
    for (const auto& part : parts) {
        at = text.find(part, at);
        if (at == std::string::npos)
            return false;
        at += part.size();
    }
    return true;
}

using AboutPage = testing::PageTest;

TEST_F(AboutPage, WorkedExampleAsTheRulesComputeIt)
{
    struct Row {
        std::string target;
        std::string lang;
        std::vector<std::string> in_order;
    };
    const Row rows[] = {
        {"/about/progress", "es",
            {
                "<title>Cómo se calcula el avance — Tablero</title>",
                "<h1>Cómo se calcula el avance</h1>",
                // Commitment 3 weighs its result's 4 points; commitment 8 its results' 2.5 + 2.5.
                "Compromiso 3: presupuesto público</th>",
                "<td class=\"num\">4<span class=\"example__note\"> (suma de sus partes)</span>",
                "50,0\u00a0%",
                "Compromiso 8: tablero de control ciudadano</th>",
                "<td class=\"num\">5<span class=\"example__note\">",
                "20,0\u00a0%",
                "<td class=\"num\">2,5</td>",
                "40,0\u00a0%",
                "<td class=\"num\">9</td>",
                "33,3\u00a0%",
                "(4 × 50) ÷ (4) = 200 ÷ 4 = 50,0\u00a0%",
                "(2,5 × 40 + 2,5 × 0) ÷ (2,5 + 2,5) = 100 ÷ 5 = 20,0\u00a0%",
                "(4 × 50 + 5 × 20) ÷ (4 + 5) = 300 ÷ 9 = 33,3\u00a0%",
                // Result 8.2 not applicable: out of both sums.
                "(2,5 × 40) ÷ (2,5) = 100 ÷ 2,5 = 40,0\u00a0%",
                "(4 × 50 + 2,5 × 40) ÷ (4 + 2,5) = 300 ÷ 6,5 = 46,2\u00a0%",
                // Statuses as of a date, in the order of the examples.
                "status--completed\">Completado",
                "status--delayed\">Retrasado",
                "status--in_progress\">En curso",
                "status--not_started\">No iniciado",
                "status--in_progress\">En curso",
                // The figure as of three dates: before any report, between, after the last.
                "sin informe (cuenta 0 %)",
                "40,0\u00a0%",
                "70,0\u00a0%",
                // Suggested levels for 0, 25, 50, 75 and 100 %.
                "<td>No iniciado</td>",
                "<td>Limitado</td>",
                "<td>Sustancial</td>",
                "<td>Sustancial</td>",
                "<td>Completo</td>",
            }},
        {"/about/progress?lang=en", "en",
            {
                "<h1>How progress is computed</h1>",
                "(2.5 × 40 + 2.5 × 0) ÷ (2.5 + 2.5) = 100 ÷ 5 = 20.0%",
                "(4 × 50 + 5 × 20) ÷ (4 + 5) = 300 ÷ 9 = 33.3%",
                "(4 × 50 + 2.5 × 40) ÷ (4 + 2.5) = 300 ÷ 6.5 = 46.2%",
                "status--delayed\">Delayed",
                "not reported (counts 0%)",
                "<td>Substantial</td>",
            }},
        // Guaraní keeps its language and reads the untranslated text in Spanish.
        {"/about/progress?lang=gn", "gn",
            {"<h1>Cómo se calcula el avance</h1>", "300 ÷ 9 = 33,3\u00a0%"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        const http::Response response = get(row.target);
        ASSERT_EQ(response.result(), http::Status::ok);
        const std::string& html = response.body();
        EXPECT_TRUE(contains(html, "<html lang=\"" + row.lang + "\">"));
        EXPECT_TRUE(in_order(html, row.in_order));
        for (const auto& part : row.in_order)
            EXPECT_TRUE(contains(html, part)) << part;
        EXPECT_FALSE(contains(html, "style="));
        EXPECT_TRUE(contains(html, "css/about"));
    }
}

TEST_F(AboutPage, IsCachedAndLinkedFromEveryPage)
{
    EXPECT_TRUE(
        contains(get("/").body(), "<a href=\"/about/progress\">Cómo se calcula el avance</a>"));
    const auto before = m_page_cache.stats();
    ASSERT_EQ(get("/about/progress").result(), http::Status::ok);
    ASSERT_EQ(get("/about/progress").result(), http::Status::ok);
    const auto after = m_page_cache.stats();
    EXPECT_EQ(after.stores - before.stores, 1u);
    EXPECT_GE(after.hits - before.hits, 1u);
}

}  // namespace
}  // namespace tablero::web
