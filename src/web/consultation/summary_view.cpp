#include "web/consultation/summary_view.h"

#include "web/consultation/participation.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <utility>

namespace tablero::web::consultation {

namespace {

using consultations::SummaryLabels;
using consultations::SummaryRow;
using consultations::SummaryRowKind;
using consultations::SummaryState;
using Data = kainjow::mustache::data;

// Each label and its catalog key (locales/consultation/*.po, "consultation_summary_<name>").
const std::pair<std::string SummaryLabels::*, const char*> label_keys[] = {
    {&SummaryLabels::heading, "heading"},
    {&SummaryLabels::totals_heading, "totals_heading"},
    {&SummaryLabels::proposals_heading, "proposals_heading"},
    {&SummaryLabels::comments_heading, "comments_heading"},
    {&SummaryLabels::votes_heading, "votes_heading"},
    {&SummaryLabels::received, "received"},
    {&SummaryLabels::answered, "answered"},
    {&SummaryLabels::accepted, "accepted"},
    {&SummaryLabels::merged, "merged"},
    {&SummaryLabels::not_adopted, "not_adopted"},
    {&SummaryLabels::awaiting, "awaiting"},
    {&SummaryLabels::withheld, "withheld"},
    {&SummaryLabels::dissenting_comments, "dissenting_comments"},
    {&SummaryLabels::votes, "votes"},
    {&SummaryLabels::column_kind, "column_kind"},
    {&SummaryLabels::column_id, "column_id"},
    {&SummaryLabels::column_title, "column_title"},
    {&SummaryLabels::column_document, "column_document"},
    {&SummaryLabels::column_place, "column_place"},
    {&SummaryLabels::column_reply_to, "column_reply_to"},
    {&SummaryLabels::column_author, "column_author"},
    {&SummaryLabels::column_organisation, "column_organisation"},
    {&SummaryLabels::column_date, "column_date"},
    {&SummaryLabels::column_text, "column_text"},
    {&SummaryLabels::column_proposal, "column_proposal"},
    {&SummaryLabels::column_institution, "column_institution"},
    {&SummaryLabels::column_stance, "column_stance"},
    {&SummaryLabels::column_state, "column_state"},
    {&SummaryLabels::column_justification, "column_justification"},
    {&SummaryLabels::column_commitment, "column_commitment"},
    {&SummaryLabels::column_merged_into, "column_merged_into"},
    {&SummaryLabels::column_answered_by, "column_answered_by"},
    {&SummaryLabels::column_moderation_reason, "column_moderation_reason"},
    {&SummaryLabels::column_in_favour, "column_in_favour"},
    {&SummaryLabels::column_against, "column_against"},
    {&SummaryLabels::column_abstain, "column_abstain"},
    {&SummaryLabels::column_dissent, "column_dissent"},
    {&SummaryLabels::kind_proposal, "kind_proposal"},
    {&SummaryLabels::kind_comment, "kind_comment"},
    {&SummaryLabels::kind_vote, "kind_vote"},
    {&SummaryLabels::state_accepted, "state_accepted"},
    {&SummaryLabels::state_merged, "state_merged"},
    {&SummaryLabels::state_not_accepted, "state_not_accepted"},
    {&SummaryLabels::state_awaiting_answer, "state_awaiting_answer"},
    {&SummaryLabels::state_withheld, "state_withheld"},
    {&SummaryLabels::state_voted, "state_voted"},
    {&SummaryLabels::stance_in_favour, "stance_in_favour"},
    {&SummaryLabels::stance_neutral, "stance_neutral"},
    {&SummaryLabels::stance_against, "stance_against"},
    {&SummaryLabels::dissent, "dissent"},
    {&SummaryLabels::whole_document, "whole_document"},
};

Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

std::string state_code(SummaryState state)
{
    switch (state) {
    case SummaryState::accepted:
        return "accepted";
    case SummaryState::merged:
        return "merged";
    case SummaryState::not_accepted:
        return "not_accepted";
    case SummaryState::awaiting_answer:
        return "awaiting_answer";
    case SummaryState::withheld:
        return "withheld";
    case SummaryState::voted:
        return "voted";
    }
    return {};
}

Data row_view(i18n::Language language, std::int64_t consultation_id, const SummaryLabels& labels,
    const SummaryRow& row)
{
    const std::string base = "/consultations/" + std::to_string(consultation_id);
    Data view;
    view.set("anchor",
        (row.kind == SummaryRowKind::proposal         ? "proposal-"
                : row.kind == SummaryRowKind::comment ? "comment-"
                                                      : "vote-") +
            (row.kind == SummaryRowKind::vote
                    ? std::string(consultations::to_string(row.target.kind)) + "-" + row.target.key
                    : std::to_string(row.id)));
    view.set("id", std::to_string(row.id));
    view.set("title", text_or_false(row.title));
    view.set("document", text_or_false(row.document));
    view.set("place", row.place.empty() ? labels.whole_document : row.place);
    view.set("reply_to", row.parent_id ? Data(std::to_string(*row.parent_id)) : Data(false));
    view.set("author", text_or_false(row.author.name));
    view.set("organisation", text_or_false(row.author.organisation));
    view.set(
        "at", row.created_at.empty() ? std::string() : timestamp_text(language, row.created_at));
    view.set("text", text_or_false(row.text));
    view.set("proposal", text_or_false(row.proposal));
    view.set("institution", text_or_false(row.institution));
    view.set("stance", text_or_false(consultations::stance_word(row.stance, labels)));
    view.set("dissent", row.dissent);
    view.set("state", consultations::state_word(row.state, labels));
    view.set("state_code", state_code(row.state));
    view.set("moderation_reason", text_or_false(row.moderation_reason));
    if (row.response) {
        view.set("justification", text_or_false(row.response->justification));
        view.set("commitment", text_or_false(row.response->commitment));
        view.set("merged_into",
            row.response->merged_into
                ? Data(base + "/proposals/" + std::to_string(*row.response->merged_into))
                : Data(false));
        view.set("answered_by", text_or_false(row.response->by_name));
    } else {
        view.set("justification", false);
        view.set("commitment", false);
        view.set("merged_into", false);
        view.set("answered_by", false);
    }
    view.set("in_favour", std::to_string(row.tally.in_favour));
    view.set("against", std::to_string(row.tally.against));
    view.set("abstain", std::to_string(row.tally.abstain));
    view.set("total", std::to_string(row.tally.total()));
    return view;
}

}  // namespace

Result<consultations::Summary> load_summary(
    Context& context, const storage::Consultation& consultation)
{
    consultations::SummaryInput input;
    auto proposals = context.consultations.proposals(consultation.id);
    if (!proposals.ok())
        return std::move(proposals).error();
    input.proposals = std::move(*proposals);
    auto comments = context.consultations.comments(consultation.id);
    if (!comments.ok())
        return std::move(comments).error();
    input.comments = std::move(*comments);
    auto documents = context.consultations.documents(consultation.id);
    if (!documents.ok())
        return std::move(documents).error();
    for (const storage::Document& document : *documents) {
        input.documents[document.id] = document.title;
        for (const storage::Paragraph& paragraph : document.paragraphs)
            input.places[paragraph.id] =
                "§" + std::to_string(paragraph.section) + "." + std::to_string(paragraph.number);
    }
    // Votes are in the summary as soon as the pages show their counts, and not before.
    auto phases = phase_states(consultation, context.clock.now());
    if (!phases.ok())
        return std::move(phases).error();
    if (counts_visible(consultation, *phases)) {
        auto tallies = context.consultations.tallies(consultation.id);
        if (!tallies.ok())
            return std::move(tallies).error();
        input.tallies = std::move(*tallies);
    }
    for (const consultations::Proposal& proposal : input.proposals)
        input.item_titles[{consultations::ItemKind::proposal, std::to_string(proposal.id)}] =
            proposal.title;
    if (!consultation.record.plan.empty()) {
        auto plan = context.plan_cache.plan(consultation.record.plan);
        if (!plan.ok())
            return std::move(plan).error();
        for (const plans::Commitment& commitment : (*plan)->commitments)
            input.item_titles[{consultations::ItemKind::commitment, commitment.code}] =
                commitment.code + " " + commitment.title;
    }
    return consultations::build_summary(input);
}

consultations::SummaryLabels summary_labels(const Context& context, i18n::Language language)
{
    SummaryLabels labels;
    for (const auto& [member, key] : label_keys)
        labels.*member = std::string(
            context.renderer.message(language, std::string("consultation_summary_") + key));
    return labels;
}

kainjow::mustache::data summary_data(Context& context, i18n::Language language,
    const storage::Consultation& consultation, const consultations::Summary& summary)
{
    const SummaryLabels labels = summary_labels(context, language);
    Data view;
    const consultations::SummaryTotals& totals = summary.totals;
    Data figures{Data::type::list};
    for (const auto& [label, value] : {std::pair{labels.received, totals.received},
             {labels.answered, totals.answered}, {labels.accepted, totals.accepted},
             {labels.merged, totals.merged}, {labels.not_adopted, totals.not_adopted},
             {labels.awaiting, totals.awaiting}, {labels.withheld, totals.withheld},
             {labels.dissenting_comments, totals.dissenting_comments},
             {labels.votes, totals.votes}}) {
        Data figure;
        figure.set("label", label);
        figure.set("value", std::to_string(value));
        figures.push_back(figure);
    }
    view.set("totals", figures);
    Data proposals{Data::type::list};
    Data comments{Data::type::list};
    Data votes{Data::type::list};
    for (const SummaryRow& row : summary.rows) {
        Data item = row_view(language, consultation.id, labels, row);
        (row.kind == SummaryRowKind::proposal         ? proposals
                : row.kind == SummaryRowKind::comment ? comments
                                                      : votes)
            .push_back(item);
    }
    view.set("proposals", proposals);
    view.set("has_proposals", !proposals.is_empty_list());
    view.set("comments", comments);
    view.set("has_comments", !comments.is_empty_list());
    view.set("votes", votes);
    view.set("has_votes", !votes.is_empty_list());
    return view;
}

Result<http::Response> summary_markdown_response(Context& context, const http::Request& request,
    i18n::Language language, const storage::Consultation& consultation)
{
    auto summary = load_summary(context, consultation);
    if (!summary.ok())
        return std::move(summary).error();
    return http::make_response(request, http::Status::ok, "text/markdown; charset=utf-8",
        consultations::summary_markdown(*summary, summary_labels(context, language)));
}

Result<http::Response> summary_csv_response(Context& context, const http::Request& request,
    i18n::Language language, const storage::Consultation& consultation)
{
    auto summary = load_summary(context, consultation);
    if (!summary.ok())
        return std::move(summary).error();
    // The byte order mark tells spreadsheet programs the text is UTF-8; the domain's writer has
    // already made every text cell safe (csv::spreadsheet_safe).
    return http::make_response(request, http::Status::ok, "text/csv; charset=utf-8",
        "\xEF\xBB\xBF" + consultations::summary_csv(*summary, summary_labels(context, language)));
}

}  // namespace tablero::web::consultation
