// Drafts split into numbered sections and paragraphs, and the plan written as a draft.
#include "domain/consultations/document.h"

#include "domain/text/markdown.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::consultations {
namespace {

struct Expected {
    int number;
    std::string title;
    std::vector<std::string> paragraphs;
};

void expect_sections(const std::vector<Section>& actual, const std::vector<Expected>& expected)
{
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE("section " + std::to_string(i));
        EXPECT_EQ(actual[i].number, expected[i].number);
        EXPECT_EQ(actual[i].title, expected[i].title);
        EXPECT_EQ(actual[i].paragraphs, expected[i].paragraphs);
    }
}

TEST(SplitDocument, SectionsAndParagraphs)
{
    struct Row {
        std::string name;
        std::string markdown;
        std::vector<Expected> expected;
    };
    const Row rows[] = {
        {"empty", "", {}},
        {"blank lines only", "\n\n  \n", {}},
        {"no heading", "One.\n\nTwo,\nstill two.", {{0, "", {"One.", "Two,\nstill two."}}}},
        {"numbering",
            "Intro.\n\n# First *title*\n\nA.\n\nB.\n\n## Second\n\nC.\n\n### Third `x`\n\nD.",
            {{0, "", {"Intro."}}, {1, "First title", {"A.", "B."}}, {2, "Second", {"C."}},
                {3, "Third x", {"D."}}}},
        {"nothing before the first heading", "# One\n\nA.", {{1, "One", {"A."}}}},
        {"a section without paragraphs keeps its title", "# One\n# Two\n\nA.\n## Three\n",
            {{1, "One", {}}, {2, "Two", {"A."}}, {3, "Three", {}}}},
        {"setext headings", "Uno\n===\n\nA.\n\nDos\n---\n\nB.",
            {{1, "Uno", {"A."}}, {2, "Dos", {"B."}}}},
        {"a list is one paragraph", "# L\n\n- a\n- b\n\n  more of b\n- c\n\n\nAfter.",
            {{1, "L", {"- a\n- b\n\n  more of b\n- c", "After."}}}},
        {"an ordered list", "1. one\n2. two\n", {{0, "", {"1. one\n2. two"}}}},
        {"a table is one paragraph", "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |",
            {{1, "T", {"| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |"}}}},
        {"quotes and code", "> said\nlazily\n\n```\ncode\n\nmore\n```\n\n    indented\n\n",
            {{0, "", {"> said\nlazily", "```\ncode\n\nmore\n```", "    indented"}}}},
        {"deeper headings are paragraphs", "# A\n\n#### Small\n\nText.",
            {{1, "A", {"#### Small", "Text."}}}},
        {"thematic breaks and raw HTML are skipped", "A.\n\n---\n\n<div>x</div>\n\nB.",
            {{0, "", {"A.", "B."}}}},
        {"CRLF line ends", "# A\r\n\r\nOne\r\ntwo\r\n", {{1, "A", {"One\ntwo"}}}},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        expect_sections(split_document(row.markdown), row.expected);
    }
}

TEST(SplitDocument, EachParagraphRendersAsItDidInTheWholeText)
{
    const std::string markdown = "Preámbulo con **negrita**.\n\n"
                                 "# Acceso\n\n"
                                 "Primer párrafo\ncon dos líneas.\n\n"
                                 "- uno\n- dos\n\n"
                                 "| Meta | Año |\n|------|----:|\n| 80 % | 2026 |\n\n"
                                 "## Participación\n\n"
                                 "> Una cita ~~vieja~~.\n\n"
                                 "1. primero\n\n2. segundo\n\n"
                                 "```\nbloque\n```\n";
    std::string joined;
    for (const Section& section : split_document(markdown)) {
        for (const std::string& paragraph : section.paragraphs)
            joined += text::markdown_to_html(paragraph);
    }
    // The whole text's HTML without its headings is the paragraphs' HTML, one after another.
    std::string whole = text::markdown_to_html(markdown);
    for (const std::string heading : {"<h1>Acceso</h1>\n", "<h2>Participación</h2>\n"}) {
        const auto at = whole.find(heading);
        ASSERT_NE(at, std::string::npos);
        whole.erase(at, heading.size());
    }
    EXPECT_EQ(joined, whole);
}

plans::Plan small_plan()
{
    plans::Plan plan;
    plan.code = "PY-2026";
    plan.title = "Cuarto plan";
    plans::Commitment first;
    first.code = "1";
    first.title = "Datos abiertos *ya*";
    first.lead_institution = "SENATICs";
    first.public_problem = "Los datos no se publican.\nNadie los encuentra.";
    first.main_goal = "Publicar";
    first.start_date = Date{2026, 1, 1};
    first.end_date = Date{2027, 6, 30};
    first.other_actors = {{plans::ActorKind::civil_society, "TEDIC"},
        {plans::ActorKind::private_sector, "Cámara TIC"}};
    plans::Node result;
    result.code = "1.1";
    result.title = "Portal";
    plans::Node milestone;
    milestone.code = "1.1.1";
    milestone.title = "Licitación";
    milestone.kind = plans::NodeKind::milestone;
    result.children.push_back(milestone);
    first.results.push_back(result);
    plans::Commitment second;
    second.code = "C-07";
    second.title = "Compras";
    second.brief_description = "- 100 % de compras publicadas";
    plan.commitments = {first, second};
    return plan;
}

PlanMarkdownLabels spanish_labels()
{
    return PlanMarkdownLabels{"Institución responsable", "Período", "Problema público", "Objetivo",
        "Descripción breve", "Ambición", "Otros actores", "Resultados", "Próximos pasos",
        "Información adicional"};
}

TEST(PlanMarkdown, OneSectionPerCommitmentWithItsFields)
{
    const std::string markdown = plan_markdown(small_plan(), spanish_labels());
    const std::vector<Section> sections = split_document(markdown);
    expect_sections(sections,
        {
            {
                1,
                "C1 \u2014 Datos abiertos *ya*",
                {
                    "**Institución responsable:** SENATICs",
                    "**Período:** 2026-01-01 \u2013 2027-06-30",
                    "**Problema público:** Los datos no se publican.\\\nNadie los encuentra.",
                    "**Objetivo:** Publicar",
                    "**Otros actores:** TEDIC, Cámara TIC",
                    "- **Resultados:**\n  - 1\\.1 Portal\n    - 1\\.1.1 Licitación",
                },
            },
            {2, "C-07 \u2014 Compras", {"**Descripción breve:** \\- 100 % de compras publicadas"}},
        });
    // Text from the plan reads as written, not as markup.
    EXPECT_EQ(text::markdown_to_html(sections[1].paragraphs[0]),
        "<p><strong>Descripción breve:</strong> - 100 % de compras publicadas</p>\n");
    EXPECT_EQ(text::markdown_to_html(sections[0].paragraphs[2]),
        "<p><strong>Problema público:</strong> Los datos no se publican.<br />\nNadie los "
        "encuentra.</p>\n");
}

TEST(PlanMarkdown, APlanWithoutCommitmentsIsEmpty)
{
    plans::Plan plan;
    plan.title = "Vacío";
    EXPECT_EQ(plan_markdown(plan, spanish_labels()), "");
    EXPECT_TRUE(split_document(plan_markdown(plan, spanish_labels())).empty());
}

}  // namespace
}  // namespace tablero::consultations
