// Drafts published for comment: a Markdown text split into numbered sections and paragraphs
// that participants comment on one by one ("§2.3"), and the plan itself written as such a draft.
#pragma once

#include "domain/consultations/model.h"
#include "domain/plans/model.h"

#include <string>
#include <string_view>
#include <vector>

namespace tablero::consultations {

// Headings of level 1 to 3 start sections, numbered from 1; their text without markup is the
// section's title. Every other top-level block (a paragraph, a list, a table, a block quote, a
// code block, a heading of level 4 to 6) is one paragraph, kept as its Markdown source lines, so
// that text::markdown_to_html of it gives what the block gave in the whole text; thematic
// breaks are skipped. What comes before the first heading is section 0, left out when it has
// no paragraph; a section with a title and no paragraph is kept. An empty text gives no section.
std::vector<Section> split_document(std::string_view markdown);

// The words plan_markdown writes before each field, in the reader's language.
struct PlanMarkdownLabels {
    std::string lead_institution;  // "Institución responsable"
    std::string period;  // "Período"
    std::string public_problem;  // "Problema público"
    std::string main_goal;  // "Objetivo"
    std::string brief_description;  // "Descripción breve"
    std::string ambition;  // "Ambición"
    std::string other_actors;  // "Otros actores"
    std::string results;  // "Resultados"
    std::string next_steps;  // "Próximos pasos"
    std::string additional_information;  // "Información adicional"
};

// The plan as a draft: one section per commitment, "## C1 — <title>" (C and the commitment's
// code; a code that starts with a letter is kept as it is), whose paragraphs are the commitment's
// template fields that are not empty, each "**<label>:** <text>", and its results (with their
// milestones and activities) as one list. No heading for the plan itself, so that commitment
// C1 is §1. Text from the plan is escaped so that it reads as written, never as markup.
std::string plan_markdown(const plans::Plan& plan, const PlanMarkdownLabels& labels);

}  // namespace tablero::consultations
