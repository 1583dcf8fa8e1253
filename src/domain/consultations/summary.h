// The consultation summary that the OGP asks for and the IRM reviews: every input received
// (proposals, comments, votes), what became of it, the justification for each input not
// adopted, and dissent recorded as dissent (OGP Participation and Co-creation Standards,
// "reasoned response": the government reports back on how contributions were considered).
// Built from what the store returns; rendered by the web pages and exported as Markdown and CSV.
#pragma once

#include "domain/consultations/model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tablero::consultations {

// Everything the summary is built from, as the store reads it.
struct SummaryInput {
    // All of them, hidden ones included.
    std::vector<Proposal> proposals;
    // All of them, hidden ones included.
    std::vector<Comment> comments;
    // Paragraph id -> its place in the draft, "§2.3".
    std::map<std::int64_t, std::string> places;
    // Document id -> its title.
    std::map<std::int64_t, std::string> documents;
    // As ConsultationStore::tallies gives them (votes on hidden proposals left out).
    std::map<VoteTarget, Tally> tallies;
    // Proposal and commitment titles, by vote target.
    std::map<VoteTarget, std::string> item_titles;
};

enum class SummaryRowKind { proposal, comment, vote };

// What became of a row's input.
enum class SummaryState {
    accepted,  // answered: adopted (response->commitment may name what it became)
    merged,  // answered: joined another proposal (response->merged_into)
    not_accepted,  // answered: not adopted, response->justification says why
    awaiting_answer,  // not answered yet
    withheld,  // hidden by the moderators: no text, the moderators' reason instead
    voted,  // a vote row: its tally is the outcome
};

// One row of the summary: one proposal, one comment, or one item voted on.
struct SummaryRow {
    SummaryRowKind kind = SummaryRowKind::proposal;
    // The proposal's or the comment's id; 0 for a vote row.
    std::int64_t id = 0;
    // Vote rows: what was voted on (a proposal's id or a commitment's code as key).
    VoteTarget target;
    // Proposals: their title; vote rows: the item's title (item_titles), or its key when not
    // known; comments: empty.
    std::string title;
    // Comments: the draft's title and the place in it ("§2.3", or "" for a comment on the
    // whole document).
    std::string document;
    std::string place;
    // Comments: the id of the comment replied to.
    std::optional<std::int64_t> parent_id;
    // Proposals and comments: who wrote it, as public pages name them.
    Author author;
    std::string created_at;
    // What was proposed or said, empty when withheld. Proposals: problem and proposal in
    // `text` and `proposal` (the suggested institution in `institution`); comments: the body.
    std::string text;
    std::string proposal;
    std::string institution;
    // Comments: the declared stance.
    Stance stance = Stance::none;
    // A comment with stance "against", or a vote row with votes against: dissent, kept as such.
    bool dissent = false;
    SummaryState state = SummaryState::awaiting_answer;
    // The unit's answer when answered and not withheld (justification, commitment,
    // merged_into, who and when).
    std::optional<InputResponse> response;
    // withheld: the moderators' reason.
    std::string moderation_reason;
    // Vote rows: the count.
    Tally tally;
};

// Counts over the rows. received = answered + awaiting + withheld (proposals and comments);
// answered = accepted + merged + not_adopted; votes = the sum of every vote row's total.
struct SummaryTotals {
    std::int64_t received = 0;
    std::int64_t proposals = 0;
    std::int64_t comments = 0;
    std::int64_t answered = 0;
    std::int64_t accepted = 0;
    std::int64_t merged = 0;
    std::int64_t not_adopted = 0;
    std::int64_t awaiting = 0;
    std::int64_t withheld = 0;
    // Comments with stance "against".
    std::int64_t dissenting_comments = 0;
    std::int64_t votes = 0;
    std::int64_t votes_in_favour = 0;
    std::int64_t votes_against = 0;
    std::int64_t votes_abstain = 0;
};

struct Summary {
    // Proposals (oldest first), then comments (by document, place in the draft, then reading
    // order of threads), then vote rows (proposals by id, then commitments by code). Every
    // proposal, comment and tally of the input appears exactly once.
    std::vector<SummaryRow> rows;
    SummaryTotals totals;
};

Summary build_summary(const SummaryInput& input);

// The words of the exports, in the reader's language, given by the caller.
struct SummaryLabels {
    // Markdown headings.
    std::string heading;  // "Resumen de la consulta"
    std::string totals_heading;  // "Totales"
    std::string proposals_heading;  // "Propuestas"
    std::string comments_heading;  // "Comentarios"
    std::string votes_heading;  // "Votaciones"
    // Totals.
    std::string received;
    std::string answered;
    std::string accepted;
    std::string merged;
    std::string not_adopted;
    std::string awaiting;
    std::string withheld;
    std::string dissenting_comments;
    std::string votes;
    // Column heads (CSV) and field names (Markdown).
    std::string column_kind;
    std::string column_id;
    std::string column_title;
    std::string column_document;
    std::string column_place;
    std::string column_reply_to;
    std::string column_author;
    std::string column_organisation;
    std::string column_date;
    std::string column_text;
    std::string column_proposal;
    std::string column_institution;
    std::string column_stance;
    std::string column_state;
    std::string column_justification;
    std::string column_commitment;
    std::string column_merged_into;
    std::string column_answered_by;
    std::string column_moderation_reason;
    std::string column_in_favour;
    std::string column_against;
    std::string column_abstain;
    std::string column_dissent;
    // Row kinds.
    std::string kind_proposal;
    std::string kind_comment;
    std::string kind_vote;
    // States.
    std::string state_accepted;
    std::string state_merged;
    std::string state_not_accepted;
    std::string state_awaiting_answer;
    std::string state_withheld;  // "retirado por moderación"
    std::string state_voted;
    // Stances.
    std::string stance_in_favour;
    std::string stance_neutral;
    std::string stance_against;
    // The dissent column's word ("disenso"), and the place of a whole-document comment.
    std::string dissent;
    std::string whole_document;
};

// The summary as a Markdown document: headings, totals, then one entry per row with its
// fields. Text written by participants and the unit is escaped so that it reads as written.
std::string summary_markdown(const Summary& summary, const SummaryLabels& labels);

// The summary as CSV (csv::write_csv): a header of column heads, one record per row, every
// text cell through csv::spreadsheet_safe. No byte order mark: the web adds it.
std::string summary_csv(const Summary& summary, const SummaryLabels& labels);

// A row's state and a stance as labels say them (a comment without a stance: "").
const std::string& state_word(SummaryState state, const SummaryLabels& labels);
std::string stance_word(Stance stance, const SummaryLabels& labels);

}  // namespace tablero::consultations
