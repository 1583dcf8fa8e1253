#include "domain/consultations/summary.h"

#include "domain/consultations/threads.h"
#include "domain/csv/csv.h"
#include "domain/text/markdown.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace tablero::consultations {

namespace {

// The state of an answered or unanswered input; moderation comes first, since a withheld input
// shows nothing of itself, not even its answer.
SummaryState state_of(
    const std::optional<InputResponse>& response, const std::optional<Moderation>& hidden)
{
    if (hidden)
        return SummaryState::withheld;
    if (!response)
        return SummaryState::awaiting_answer;
    switch (response->outcome) {
    case Outcome::accepted:
        return SummaryState::accepted;
    case Outcome::merged:
        return SummaryState::merged;
    case Outcome::not_accepted:
        return SummaryState::not_accepted;
    }
    return SummaryState::awaiting_answer;
}

void settle(SummaryRow& row, const std::optional<InputResponse>& response,
    const std::optional<Moderation>& hidden)
{
    row.state = state_of(response, hidden);
    if (hidden)
        row.moderation_reason = hidden->reason;
    else
        row.response = response;
}

SummaryRow proposal_row(const Proposal& proposal)
{
    SummaryRow row;
    row.kind = SummaryRowKind::proposal;
    row.id = proposal.id;
    row.author = proposal.author;
    row.created_at = proposal.created_at;
    settle(row, proposal.response, proposal.hidden);
    if (!proposal.hidden) {
        row.title = proposal.title;
        row.text = proposal.problem;
        row.proposal = proposal.proposal;
        row.institution = proposal.institution;
    }
    return row;
}

SummaryRow comment_row(const Comment& comment, const SummaryInput& input)
{
    SummaryRow row;
    row.kind = SummaryRowKind::comment;
    row.id = comment.id;
    row.parent_id = comment.parent_id;
    row.author = comment.author;
    row.created_at = comment.created_at;
    if (const auto found = input.documents.find(comment.document_id);
        found != input.documents.end())
        row.document = found->second;
    if (comment.paragraph_id) {
        const auto found = input.places.find(*comment.paragraph_id);
        row.place = found != input.places.end() ? found->second : "";
    }
    settle(row, comment.response, comment.hidden);
    if (!comment.hidden) {
        row.text = comment.body;
        row.stance = comment.stance;
        // A participant who declared themselves against the text dissents (PRODUCT.md:
        // "dissent recorded as dissent").
        row.dissent = comment.stance == Stance::against;
    }
    return row;
}

// Proposal keys in numeric order ("9" before "10"), commitment codes as text.
bool vote_order(const VoteTarget& a, const VoteTarget& b)
{
    if (a.kind != b.kind)
        return a.kind < b.kind;
    if (a.kind == ItemKind::proposal && a.key.size() != b.key.size())
        return a.key.size() < b.key.size();
    return a.key < b.key;
}

}  // namespace

Summary build_summary(const SummaryInput& input)
{
    Summary summary;
    SummaryTotals& totals = summary.totals;

    std::vector<const Proposal*> proposals;
    for (const Proposal& proposal : input.proposals)
        proposals.push_back(&proposal);
    std::stable_sort(proposals.begin(), proposals.end(), [](const Proposal* a, const Proposal* b) {
        return a->created_at != b->created_at ? a->created_at < b->created_at : a->id < b->id;
    });
    for (const Proposal* proposal : proposals)
        summary.rows.push_back(proposal_row(*proposal));

    // Comments place by place: documents by id, then paragraphs by id (the order the store
    // numbers them in, which is reading order) with whole-document comments last, each place
    // in the reading order of its threads.
    std::set<std::pair<std::int64_t, std::pair<bool, std::int64_t>>> places;
    for (const Comment& comment : input.comments)
        places.insert({comment.document_id,
            {!comment.paragraph_id.has_value(), comment.paragraph_id.value_or(0)}});
    for (const auto& [document_id, place] : places) {
        const std::optional<std::int64_t> paragraph_id =
            place.first ? std::nullopt : std::optional<std::int64_t>(place.second);
        for (const ThreadEntry& entry : thread(input.comments, document_id, paragraph_id))
            summary.rows.push_back(comment_row(*entry.comment, input));
    }

    std::vector<std::pair<VoteTarget, Tally>> tallies(input.tallies.begin(), input.tallies.end());
    std::sort(tallies.begin(), tallies.end(),
        [](const auto& a, const auto& b) { return vote_order(a.first, b.first); });
    for (const auto& [target, tally] : tallies) {
        SummaryRow row;
        row.kind = SummaryRowKind::vote;
        row.target = target;
        const auto title = input.item_titles.find(target);
        row.title = title != input.item_titles.end() ? title->second : target.key;
        row.state = SummaryState::voted;
        row.tally = tally;
        row.dissent = tally.against > 0;
        summary.rows.push_back(row);
    }

    for (const SummaryRow& row : summary.rows) {
        if (row.kind == SummaryRowKind::vote) {
            totals.votes += row.tally.total();
            totals.votes_in_favour += row.tally.in_favour;
            totals.votes_against += row.tally.against;
            totals.votes_abstain += row.tally.abstain;
            continue;
        }
        ++totals.received;
        ++(row.kind == SummaryRowKind::proposal ? totals.proposals : totals.comments);
        if (row.kind == SummaryRowKind::comment && row.dissent)
            ++totals.dissenting_comments;
        switch (row.state) {
        case SummaryState::accepted:
            ++totals.accepted;
            ++totals.answered;
            break;
        case SummaryState::merged:
            ++totals.merged;
            ++totals.answered;
            break;
        case SummaryState::not_accepted:
            ++totals.not_adopted;
            ++totals.answered;
            break;
        case SummaryState::awaiting_answer:
            ++totals.awaiting;
            break;
        case SummaryState::withheld:
            ++totals.withheld;
            break;
        case SummaryState::voted:
            break;
        }
    }
    return summary;
}

const std::string& state_word(SummaryState state, const SummaryLabels& labels)
{
    switch (state) {
    case SummaryState::accepted:
        return labels.state_accepted;
    case SummaryState::merged:
        return labels.state_merged;
    case SummaryState::not_accepted:
        return labels.state_not_accepted;
    case SummaryState::awaiting_answer:
        return labels.state_awaiting_answer;
    case SummaryState::withheld:
        return labels.state_withheld;
    case SummaryState::voted:
        return labels.state_voted;
    }
    return labels.state_awaiting_answer;
}

std::string stance_word(Stance stance, const SummaryLabels& labels)
{
    switch (stance) {
    case Stance::none:
        return "";
    case Stance::in_favour:
        return labels.stance_in_favour;
    case Stance::neutral:
        return labels.stance_neutral;
    case Stance::against:
        return labels.stance_against;
    }
    return "";
}

namespace {

const std::string& kind_word(SummaryRowKind kind, const SummaryLabels& labels)
{
    switch (kind) {
    case SummaryRowKind::proposal:
        return labels.kind_proposal;
    case SummaryRowKind::comment:
        return labels.kind_comment;
    case SummaryRowKind::vote:
        return labels.kind_vote;
    }
    return labels.kind_proposal;
}

std::string place_of(const SummaryRow& row, const SummaryLabels& labels)
{
    if (row.kind != SummaryRowKind::comment)
        return "";
    return row.place.empty() ? labels.whole_document : row.place;
}

std::string author_of(const SummaryRow& row)
{
    if (row.author.organisation.empty())
        return row.author.name;
    return row.author.name + " (" + row.author.organisation + ")";
}

std::string answered_by(const InputResponse& response)
{
    if (response.at.empty())
        return response.by_name;
    if (response.by_name.empty())
        return response.at;
    return response.by_name + ", " + response.at;
}

std::string merged_into(const SummaryRow& row)
{
    if (!row.response || !row.response->merged_into)
        return "";
    return std::to_string(*row.response->merged_into);
}

// "- **Label:** text" for a field that is not empty.
void field(std::string& out, const std::string& label, const std::string& value)
{
    if (value.empty())
        return;
    out += "- **" + text::escape_markdown(label) + ":** " + text::escape_markdown(value) + "\n";
}

void markdown_row(std::string& out, const SummaryRow& row, const SummaryLabels& labels)
{
    out += "### " + text::escape_markdown_line(kind_word(row.kind, labels));
    if (row.kind != SummaryRowKind::vote)
        out += " " + std::to_string(row.id);
    if (!row.title.empty())
        out += ": " + text::escape_markdown_line(row.title);
    out += "\n\n";
    if (row.kind == SummaryRowKind::comment) {
        field(out, labels.column_document, row.document);
        field(out, labels.column_place, place_of(row, labels));
        if (row.parent_id)
            field(out, labels.column_reply_to, std::to_string(*row.parent_id));
    }
    if (row.kind != SummaryRowKind::vote) {
        field(out, labels.column_author, author_of(row));
        field(out, labels.column_date, row.created_at);
    }
    field(out, labels.column_state, state_word(row.state, labels));
    if (row.kind == SummaryRowKind::vote) {
        field(out, labels.column_in_favour, std::to_string(row.tally.in_favour));
        field(out, labels.column_against, std::to_string(row.tally.against));
        field(out, labels.column_abstain, std::to_string(row.tally.abstain));
    }
    field(out, labels.column_stance, stance_word(row.stance, labels));
    if (row.dissent)
        field(out, labels.column_dissent, labels.dissent);
    field(out, labels.column_moderation_reason, row.moderation_reason);
    if (row.response) {
        field(out, labels.column_justification, row.response->justification);
        field(out, labels.column_commitment, row.response->commitment);
        field(out, labels.column_merged_into, merged_into(row));
        field(out, labels.column_answered_by, answered_by(*row.response));
    }
    field(out, labels.column_text, row.text);
    field(out, labels.column_proposal, row.proposal);
    field(out, labels.column_institution, row.institution);
    out += "\n";
}

}  // namespace

std::string summary_markdown(const Summary& summary, const SummaryLabels& labels)
{
    std::string out = "# " + text::escape_markdown_line(labels.heading) + "\n\n";
    out += "## " + text::escape_markdown_line(labels.totals_heading) + "\n\n";
    const SummaryTotals& totals = summary.totals;
    const std::pair<const std::string*, std::int64_t> counts[] = {
        {&labels.received, totals.received},
        {&labels.answered, totals.answered},
        {&labels.accepted, totals.accepted},
        {&labels.merged, totals.merged},
        {&labels.not_adopted, totals.not_adopted},
        {&labels.awaiting, totals.awaiting},
        {&labels.withheld, totals.withheld},
        {&labels.dissenting_comments, totals.dissenting_comments},
        {&labels.votes, totals.votes},
    };
    for (const auto& [label, count] : counts)
        out += "- " + text::escape_markdown(*label) + ": " + std::to_string(count) + "\n";
    out += "\n";

    const std::pair<SummaryRowKind, const std::string*> groups[] = {
        {SummaryRowKind::proposal, &labels.proposals_heading},
        {SummaryRowKind::comment, &labels.comments_heading},
        {SummaryRowKind::vote, &labels.votes_heading},
    };
    for (const auto& group : groups) {
        const SummaryRowKind kind = group.first;
        if (std::none_of(summary.rows.begin(), summary.rows.end(),
                [kind](const SummaryRow& row) { return row.kind == kind; }))
            continue;
        out += "## " + text::escape_markdown_line(*group.second) + "\n\n";
        for (const SummaryRow& row : summary.rows) {
            if (row.kind == kind)
                markdown_row(out, row, labels);
        }
    }
    return out;
}

std::string summary_csv(const Summary& summary, const SummaryLabels& labels)
{
    std::vector<std::vector<std::string>> rows;
    rows.push_back({labels.column_kind, labels.column_id, labels.column_title,
        labels.column_document, labels.column_place, labels.column_reply_to, labels.column_author,
        labels.column_organisation, labels.column_date, labels.column_text, labels.column_proposal,
        labels.column_institution, labels.column_stance, labels.column_state,
        labels.column_justification, labels.column_commitment, labels.column_merged_into,
        labels.column_answered_by, labels.column_moderation_reason, labels.column_in_favour,
        labels.column_against, labels.column_abstain, labels.column_dissent});
    for (const SummaryRow& row : summary.rows) {
        const bool vote = row.kind == SummaryRowKind::vote;
        const InputResponse* response = row.response ? &*row.response : nullptr;
        rows.push_back({
            kind_word(row.kind, labels),
            vote ? row.target.key : std::to_string(row.id),
            row.title,
            row.document,
            place_of(row, labels),
            row.parent_id ? std::to_string(*row.parent_id) : "",
            row.author.name,
            row.author.organisation,
            row.created_at,
            row.text,
            row.proposal,
            row.institution,
            stance_word(row.stance, labels),
            state_word(row.state, labels),
            response ? response->justification : "",
            response ? response->commitment : "",
            merged_into(row),
            response ? answered_by(*response) : "",
            row.moderation_reason,
            vote ? std::to_string(row.tally.in_favour) : "",
            vote ? std::to_string(row.tally.against) : "",
            vote ? std::to_string(row.tally.abstain) : "",
            row.dissent ? labels.dissent : "",
        });
    }
    for (auto& record : rows) {
        for (std::string& cell : record)
            cell = csv::spreadsheet_safe(std::move(cell));
    }
    return csv::write_csv(rows);
}

}  // namespace tablero::consultations
