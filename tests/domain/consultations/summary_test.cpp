// The consultation summary: every input exactly once, what became of it, hidden inputs present
// without their text, dissent kept as dissent, and the totals; then its Markdown and CSV.
#include "domain/consultations/summary.h"

#include "domain/csv/csv.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace tablero::consultations {
namespace {

InputResponse answer(Outcome outcome, std::string justification = "", std::string commitment = "",
    std::optional<std::int64_t> merged_into = std::nullopt)
{
    InputResponse response;
    response.outcome = outcome;
    response.justification = std::move(justification);
    response.commitment = std::move(commitment);
    response.merged_into = merged_into;
    response.by_name = "Unidad de Gobierno Abierto";
    response.at = "2026-04-10T12:00:00Z";
    return response;
}

Proposal proposal(std::int64_t id, std::string title, std::string created_at,
    std::optional<InputResponse> response = std::nullopt)
{
    Proposal out;
    out.id = id;
    out.consultation_id = 1;
    out.author = Author{100 + id, "Autor " + std::to_string(id), id == 2 ? "TEDIC" : ""};
    out.title = std::move(title);
    out.problem = "Problema de la propuesta " + std::to_string(id);
    out.proposal = "Texto de la propuesta " + std::to_string(id);
    out.institution = "MITIC";
    out.created_at = std::move(created_at);
    out.response = std::move(response);
    return out;
}

Comment comment(std::int64_t id, std::optional<std::int64_t> paragraph,
    std::optional<std::int64_t> parent, Stance stance, std::string created_at,
    std::optional<InputResponse> response = std::nullopt)
{
    Comment out;
    out.id = id;
    out.consultation_id = 1;
    out.document_id = 7;
    out.paragraph_id = paragraph;
    out.parent_id = parent;
    out.depth = parent ? 2 : 1;
    out.author = Author{200 + id, "Participante " + std::to_string(id), ""};
    out.stance = stance;
    out.body = "Cuerpo del comentario " + std::to_string(id);
    out.created_at = std::move(created_at);
    out.response = std::move(response);
    return out;
}

SummaryInput consultation()
{
    SummaryInput input;
    input.proposals = {
        proposal(4, "Sin respuesta", "2026-03-04T10:00:00Z"),
        proposal(1, "Portal de datos", "2026-03-01T10:00:00Z",
            answer(Outcome::accepted, "", "PY-2026/3")),
        proposal(2, "Ley de archivos", "2026-03-02T10:00:00Z",
            answer(Outcome::not_accepted, "Excede el período del plan")),
        proposal(
            3, "Oculta", "2026-03-03T10:00:00Z", answer(Outcome::not_accepted, "Fuera de tema")),
        proposal(5, "Portal abierto", "2026-03-05T10:00:00Z",
            answer(Outcome::merged, "", "", std::int64_t{1})),
    };
    input.proposals[3].hidden = Moderation{"Datos personales de terceros", "2026-03-06T10:00:00Z"};
    input.comments = {
        comment(13, std::nullopt, std::nullopt, Stance::neutral, "2026-03-20T10:00:00Z",
            answer(Outcome::not_accepted, "No corresponde al borrador")),
        comment(11, 30, std::nullopt, Stance::against, "2026-03-16T10:00:00Z"),
        comment(12, 30, 11, Stance::in_favour, "2026-03-17T10:00:00Z", answer(Outcome::accepted)),
        comment(14, 31, std::nullopt, Stance::against, "2026-03-18T10:00:00Z"),
        comment(15, 30, std::nullopt, Stance::none, "2026-03-19T10:00:00Z"),
    };
    input.comments[3].hidden = Moderation{"Insultos", "2026-03-19T10:00:00Z"};
    input.comments[4].body = "=HYPERLINK(\"https://evil.example\")";
    input.places = {{30, "§1.2"}, {31, "§2.1"}};
    input.documents = {{7, "Borrador del plan"}};
    input.tallies = {
        {VoteTarget{ItemKind::proposal, "10"}, Tally{1, 0, 0}},
        {VoteTarget{ItemKind::proposal, "1"}, Tally{3, 2, 1}},
        {VoteTarget{ItemKind::proposal, "2"}, Tally{0, 0, 4}},
        {VoteTarget{ItemKind::commitment, "C1"}, Tally{5, 0, 1}},
    };
    input.item_titles = {
        {VoteTarget{ItemKind::proposal, "1"}, "Portal de datos"},
        {VoteTarget{ItemKind::proposal, "2"}, "Ley de archivos"},
        {VoteTarget{ItemKind::commitment, "C1"}, "Datos abiertos"},
    };
    return input;
}

TEST(Summary, EveryInputAppearsExactlyOnce)
{
    const SummaryInput input = consultation();
    const Summary summary = build_summary(input);
    std::map<std::pair<SummaryRowKind, std::int64_t>, int> inputs;
    std::map<VoteTarget, int> votes;
    for (const SummaryRow& row : summary.rows) {
        if (row.kind == SummaryRowKind::vote)
            ++votes[row.target];
        else
            ++inputs[{row.kind, row.id}];
    }
    std::map<std::pair<SummaryRowKind, std::int64_t>, int> expected_inputs;
    for (const Proposal& p : input.proposals)
        expected_inputs[{SummaryRowKind::proposal, p.id}] = 1;
    for (const Comment& c : input.comments)
        expected_inputs[{SummaryRowKind::comment, c.id}] = 1;
    EXPECT_EQ(inputs, expected_inputs);
    std::map<VoteTarget, int> expected_votes;
    for (const auto& [target, tally] : input.tallies)
        expected_votes[target] = 1;
    EXPECT_EQ(votes, expected_votes);
    EXPECT_EQ(
        summary.rows.size(), input.proposals.size() + input.comments.size() + input.tallies.size());
}

TEST(Summary, WhatBecameOfEachInput)
{
    const Summary summary = build_summary(consultation());
    struct Expected {
        SummaryRowKind kind;
        std::string key;  // the id, or the vote target's key
        SummaryState state;
        bool dissent;
        std::string justification;
    };
    // In the summary's order: proposals oldest first; comments by place (paragraphs, then the
    // whole document), threads in reading order; votes on proposals by number, then commitments.
    const Expected expected[] = {
        {SummaryRowKind::proposal, "1", SummaryState::accepted, false, ""},
        {SummaryRowKind::proposal, "2", SummaryState::not_accepted, false,
            "Excede el período del plan"},
        {SummaryRowKind::proposal, "3", SummaryState::withheld, false, ""},
        {SummaryRowKind::proposal, "4", SummaryState::awaiting_answer, false, ""},
        {SummaryRowKind::proposal, "5", SummaryState::merged, false, ""},
        {SummaryRowKind::comment, "11", SummaryState::awaiting_answer, true, ""},
        {SummaryRowKind::comment, "12", SummaryState::accepted, false, ""},
        {SummaryRowKind::comment, "15", SummaryState::awaiting_answer, false, ""},
        {SummaryRowKind::comment, "14", SummaryState::withheld, false, ""},
        {SummaryRowKind::comment, "13", SummaryState::not_accepted, false,
            "No corresponde al borrador"},
        {SummaryRowKind::vote, "1", SummaryState::voted, true, ""},
        {SummaryRowKind::vote, "2", SummaryState::voted, false, ""},
        {SummaryRowKind::vote, "10", SummaryState::voted, false, ""},
        {SummaryRowKind::vote, "C1", SummaryState::voted, false, ""},
    };
    ASSERT_EQ(summary.rows.size(), std::size(expected));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        const SummaryRow& row = summary.rows[i];
        SCOPED_TRACE("row " + std::to_string(i) + " " + expected[i].key);
        EXPECT_EQ(row.kind, expected[i].kind);
        EXPECT_EQ(row.kind == SummaryRowKind::vote ? row.target.key : std::to_string(row.id),
            expected[i].key);
        EXPECT_EQ(row.state, expected[i].state);
        EXPECT_EQ(row.dissent, expected[i].dissent);
        EXPECT_EQ(row.response ? row.response->justification : "", expected[i].justification);
    }
    // Details the pages show.
    EXPECT_EQ(summary.rows[0].response->commitment, "PY-2026/3");
    EXPECT_EQ(summary.rows[4].response->merged_into, 1);
    EXPECT_EQ(summary.rows[5].document, "Borrador del plan");
    EXPECT_EQ(summary.rows[5].place, "§1.2");
    EXPECT_EQ(summary.rows[6].parent_id, 11);
    EXPECT_EQ(summary.rows[9].place, "");
    EXPECT_EQ(summary.rows[10].title, "Portal de datos");
    EXPECT_EQ(summary.rows[12].title, "10");  // no title known: the key
    EXPECT_EQ(summary.rows[13].title, "Datos abiertos");
    EXPECT_EQ(summary.rows[13].tally.total(), 6);
}

TEST(Summary, HiddenInputsArePresentWithoutTheirText)
{
    const Summary summary = build_summary(consultation());
    int withheld = 0;
    for (const SummaryRow& row : summary.rows) {
        if (row.state != SummaryState::withheld)
            continue;
        ++withheld;
        SCOPED_TRACE(row.id);
        EXPECT_FALSE(row.moderation_reason.empty());
        EXPECT_EQ(row.title, "");
        EXPECT_EQ(row.text, "");
        EXPECT_EQ(row.proposal, "");
        EXPECT_EQ(row.institution, "");
        EXPECT_EQ(row.stance, Stance::none);
        EXPECT_FALSE(row.dissent);
        EXPECT_FALSE(row.response.has_value());
    }
    EXPECT_EQ(withheld, 2);
    EXPECT_EQ(summary.rows[2].moderation_reason, "Datos personales de terceros");
}

TEST(Summary, Totals)
{
    const SummaryInput input = consultation();
    const SummaryTotals totals = build_summary(input).totals;
    EXPECT_EQ(totals.received, 10);
    EXPECT_EQ(totals.proposals, 5);
    EXPECT_EQ(totals.comments, 5);
    EXPECT_EQ(totals.answered, 5);
    EXPECT_EQ(totals.accepted, 2);
    EXPECT_EQ(totals.merged, 1);
    EXPECT_EQ(totals.not_adopted, 2);
    EXPECT_EQ(totals.awaiting, 3);
    EXPECT_EQ(totals.withheld, 2);
    EXPECT_EQ(totals.received, totals.answered + totals.awaiting + totals.withheld);
    EXPECT_EQ(totals.dissenting_comments, 1);
    // The votes are the tallies' sum.
    std::int64_t votes = 0;
    for (const auto& [target, tally] : input.tallies)
        votes += tally.total();
    EXPECT_EQ(totals.votes, votes);
    EXPECT_EQ(totals.votes, 17);
    EXPECT_EQ(totals.votes_in_favour, 9);
    EXPECT_EQ(totals.votes_against, 2);
    EXPECT_EQ(totals.votes_abstain, 6);
}

TEST(Summary, AnEmptyConsultation)
{
    const Summary summary = build_summary(SummaryInput{});
    EXPECT_TRUE(summary.rows.empty());
    EXPECT_EQ(summary.totals.received, 0);
    EXPECT_EQ(summary.totals.votes, 0);
}

SummaryLabels english()
{
    SummaryLabels labels;
    labels.heading = "Consultation summary";
    labels.totals_heading = "Totals";
    labels.proposals_heading = "Proposals";
    labels.comments_heading = "Comments";
    labels.votes_heading = "Votes";
    labels.received = "Inputs received";
    labels.answered = "Answered";
    labels.accepted = "Accepted";
    labels.merged = "Merged";
    labels.not_adopted = "Not adopted";
    labels.awaiting = "Awaiting an answer";
    labels.withheld = "Withheld by moderation";
    labels.dissenting_comments = "Comments against";
    labels.votes = "Votes";
    labels.column_kind = "Kind";
    labels.column_id = "Id";
    labels.column_title = "Title";
    labels.column_document = "Document";
    labels.column_place = "Place";
    labels.column_reply_to = "Reply to";
    labels.column_author = "Author";
    labels.column_organisation = "Organisation";
    labels.column_date = "Date";
    labels.column_text = "Text";
    labels.column_proposal = "Proposal";
    labels.column_institution = "Institution";
    labels.column_stance = "Stance";
    labels.column_state = "Outcome";
    labels.column_justification = "Justification";
    labels.column_commitment = "Commitment";
    labels.column_merged_into = "Merged into";
    labels.column_answered_by = "Answered by";
    labels.column_moderation_reason = "Moderation reason";
    labels.column_in_favour = "In favour";
    labels.column_against = "Against";
    labels.column_abstain = "Abstain";
    labels.column_dissent = "Dissent";
    labels.kind_proposal = "Proposal";
    labels.kind_comment = "Comment";
    labels.kind_vote = "Vote";
    labels.state_accepted = "accepted";
    labels.state_merged = "merged";
    labels.state_not_accepted = "not accepted";
    labels.state_awaiting_answer = "awaiting an answer";
    labels.state_withheld = "withheld by moderation";
    labels.state_voted = "voted";
    labels.stance_in_favour = "in favour";
    labels.stance_neutral = "neutral";
    labels.stance_against = "against";
    labels.dissent = "dissent";
    labels.whole_document = "whole document";
    return labels;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

TEST(SummaryExports, CsvHasOneRecordPerRowAndSafeCells)
{
    const Summary summary = build_summary(consultation());
    const std::string text = summary_csv(summary, english());
    const auto table = csv::parse_csv(text, "summary.csv");
    ASSERT_TRUE(table.ok()) << table.error().message;
    EXPECT_EQ(table->header.size(), 23u);
    EXPECT_EQ(table->header.front(), "Kind");
    ASSERT_EQ(table->records.size(), summary.rows.size());
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < table->header.size(); ++i)
        column[table->header[i]] = i;
    auto cell = [&](std::size_t record, const std::string& name) {
        return table->records[record].fields.at(column.at(name));
    };
    EXPECT_EQ(cell(1, "Outcome"), "not accepted");
    EXPECT_EQ(cell(1, "Justification"), "Excede el período del plan");
    EXPECT_EQ(cell(1, "Organisation"), "TEDIC");
    EXPECT_EQ(cell(2, "Outcome"), "withheld by moderation");
    EXPECT_EQ(cell(2, "Moderation reason"), "Datos personales de terceros");
    EXPECT_EQ(cell(2, "Title"), "");
    EXPECT_EQ(cell(5, "Dissent"), "dissent");
    EXPECT_EQ(cell(5, "Stance"), "against");
    EXPECT_EQ(cell(7, "Text"), "'=HYPERLINK(\"https://evil.example\")");
    EXPECT_EQ(cell(9, "Place"), "whole document");
    EXPECT_EQ(cell(10, "Kind"), "Vote");
    EXPECT_EQ(cell(10, "Id"), "1");
    EXPECT_EQ(cell(10, "In favour"), "3");
    EXPECT_EQ(cell(10, "Against"), "2");
    EXPECT_EQ(cell(10, "Abstain"), "1");
    EXPECT_FALSE(contains(text, "Problema de la propuesta 3"));
    EXPECT_FALSE(contains(text, "Cuerpo del comentario 14"));
    EXPECT_FALSE(contains(text, "Oculta"));
}

TEST(SummaryExports, MarkdownListsEveryInputAndWithholdsHiddenText)
{
    const Summary summary = build_summary(consultation());
    const std::string text = summary_markdown(summary, english());
    for (const std::string part :
        {"# Consultation summary", "## Totals", "- Inputs received: 10", "- Votes: 17",
            "## Proposals", "## Comments", "## Votes", "### Proposal 1: Portal de datos",
            "### Proposal 3\n", "- **Outcome:** withheld by moderation",
            "- **Moderation reason:** Datos personales de terceros",
            "- **Justification:** Excede el período del plan", "### Comment 11",
            "- **Place:** §1.2", "- **Dissent:** dissent", "- **Place:** whole document",
            "### Vote: Datos abiertos", "- **In favour:** 5"}) {
        SCOPED_TRACE(part);
        EXPECT_TRUE(contains(text, part));
    }
    for (int id : {1, 2, 3, 4, 5})
        EXPECT_TRUE(contains(text, "### Proposal " + std::to_string(id))) << id;
    for (int id : {11, 12, 13, 14, 15})
        EXPECT_TRUE(contains(text, "### Comment " + std::to_string(id))) << id;
    EXPECT_FALSE(contains(text, "Problema de la propuesta 3"));
    EXPECT_FALSE(contains(text, "Oculta"));
    EXPECT_FALSE(contains(text, "Cuerpo del comentario 14"));
    // A participant's text is escaped: it cannot become a heading or a link.
    EXPECT_TRUE(contains(text, "=HYPERLINK(\"https://evil.example\")"));
    EXPECT_FALSE(contains(text, "\n=HYPERLINK"));
}

}  // namespace
}  // namespace tablero::consultations
