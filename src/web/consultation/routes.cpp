#include "web/consultation/routes.h"

#include "domain/consultations/identity.h"
#include "domain/consultations/thread_pages.h"
#include "domain/consultations/threads.h"
#include "domain/text/markdown.h"
#include "security/identity_hash.h"
#include "web/account/session.h"
#include "web/consultation/participation.h"
#include "web/consultation/summary_view.h"
#include "web/language.h"
#include "web/page_cache.h"
#include "web/render/renderer.h"
#include "web/view/page.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web::consultation {

namespace {

using consultations::Choice;
using consultations::ContentKind;
using consultations::ItemKind;
using consultations::PhaseKind;
using consultations::Stance;
using consultations::VoteTarget;
using consultations::WindowState;
using Data = kainjow::mustache::data;
using Viewer = std::optional<storage::SessionRecord>;

// About four pages of text; a title is a line.
constexpr std::size_t longest_text = 10000;
constexpr std::size_t longest_title = 200;
constexpr std::size_t longest_reason = 1000;

const std::vector<std::string> stylesheets = {"css/account.css", "css/consultation.css"};

// What a form shows again after a refused POST: the values sent and the messages by field.
struct FormState {
    std::map<std::string, std::string, std::less<>> values;
    std::map<std::string, std::string, std::less<>> errors;
};

// Why a page is shown again after a POST: a refusal of the whole act (shown at the top), or a
// form's values and messages (shown in that form, which is open).
struct Problem {
    http::Status status = http::Status::ok;
    std::optional<Refusal> refusal;
    // The id of the form the state belongs to ("comment-form-p12").
    std::string form;
    FormState state;
};

std::string message(const Context& context, i18n::Language language, std::string_view key)
{
    return std::string(context.renderer.message(language, key));
}

// Mustache renders a section for any string, even an empty one: absent text must be false.
Data text_or_false(const std::string& text)
{
    return text.empty() ? Data(false) : Data(text);
}

std::string value_of(
    const std::map<std::string, std::string, std::less<>>& map, std::string_view key)
{
    const auto found = map.find(key);
    return found == map.end() ? std::string() : found->second;
}

bool blank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::optional<std::int64_t> parse_id(std::string_view text)
{
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id <= 0)
        return std::nullopt;
    return id;
}

void set_list(Data& view, const std::string& key, const Data& items)
{
    view.set(key, items);
    view.set("has_" + key, !items.is_empty_list());
}

std::string consultation_path(std::int64_t id)
{
    return "/consultations/" + std::to_string(id);
}

std::string document_path(std::int64_t id, std::int64_t document)
{
    return consultation_path(id) + "/documents/" + std::to_string(document);
}

std::string proposal_path(std::int64_t id, std::int64_t proposal)
{
    return consultation_path(id) + "/proposals/" + std::to_string(proposal);
}

// A commitment code as an HTML id: codes are the plan's own text and may hold spaces.
std::string anchor_of(std::string_view code)
{
    std::string anchor;
    for (const char c : code)
        anchor += (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#') ? '-' : c;
    return anchor;
}

std::string commitment_anchor(std::string_view code)
{
    return "commitment-" + anchor_of(code);
}

// The words of the shared codes, in the reader's language.
std::string stance_word(const Context& context, i18n::Language language, Stance stance)
{
    return message(context, language, "consultation_stance_" + std::string(to_string(stance)));
}
std::string choice_word(const Context& context, i18n::Language language, Choice choice)
{
    return message(context, language, "consultation_choice_" + std::string(to_string(choice)));
}
std::string outcome_word(
    const Context& context, i18n::Language language, consultations::Outcome outcome)
{
    return message(context, language, "consultation_outcome_" + std::string(to_string(outcome)));
}

std::string author_text(const consultations::Author& author)
{
    return author.organisation.empty() ? author.name
                                       : author.name + " (" + author.organisation + ")";
}

// The consultation of the path's {id}: not_found for an unknown or malformed one.
Result<storage::Consultation> load_consultation(Context& context, const http::Request& request)
{
    const auto id = parse_id(request.param("id"));
    if (!id)
        return Error{ErrorCode::not_found, "no such consultation", "consultation"};
    auto found = context.consultations.find_consultation(*id);
    if (!found.ok())
        return std::move(found).error();
    if (!*found)
        return Error{ErrorCode::not_found, "no such consultation", "consultation"};
    return std::move(**found);
}

// The page in the layout with this feature's stylesheets, with problem's status.
Result<http::Response> consultation_page(Context& context, const http::Request& request,
    i18n::Language language, std::string_view page, Data& view, std::string title,
    const Viewer& viewer, const Problem& problem)
{
    view.set("signed_in", viewer.has_value());
    view.set("csrf", viewer ? viewer->csrf_token : std::string());
    if (problem.refusal) {
        Data notice;
        notice.set("text", problem.refusal->message);
        notice.set("link_url", text_or_false(problem.refusal->link_url));
        notice.set("link_text", problem.refusal->link_text);
        view.set("refusal", notice);
    } else {
        view.set("refusal", false);
    }
    if (!problem.state.errors.empty() || problem.refusal)
        title = message(context, language, "consultation_error_title_prefix") + " " + title;
    auto response = render_page(context, request, language, page, view,
        {.title = std::move(title), .stylesheets = stylesheets});
    if (!response.ok())
        return response;
    response->result(problem.status);
    if (viewer)
        account::forbid_storing(*response);
    return response;
}

// The link that brings a signed-out visitor back to this page once signed in.
std::string sign_in_url(const http::Request& request)
{
    return "/sign-in?next=" +
        boost::urls::encode(request.target(), boost::urls::unreserved_chars + '/');
}

// ---- what the viewer may do ----

// Whether the viewer may do act now, and the notice the page shows when not: the reason for a
// signed-in viewer, an invitation to sign in for a visitor.
struct Ability {
    bool may = false;
    std::optional<Refusal> notice;
};

Result<Ability> ability(Context& context, const http::Request& request, i18n::Language language,
    const storage::Consultation& consultation, const std::vector<PhaseState>& phases,
    const Viewer& viewer, Act act)
{
    if (!viewer)
        return Ability{false,
            Refusal{http::Status::ok,
                message(context, language, "consultation_sign_in_to_take_part"),
                sign_in_url(request), message(context, language, "consultation_sign_in_link")}};
    auto refusal = why_cannot(context, language, consultation, phases, viewer->account, act);
    if (!refusal.ok())
        return std::move(refusal).error();
    return Ability{!refusal->has_value(), *refusal};
}

Data notice_view(const std::optional<Refusal>& notice)
{
    if (!notice)
        return Data(false);
    Data view;
    view.set("text", notice->message);
    view.set("link_url", text_or_false(notice->link_url));
    view.set("link_text", notice->link_text);
    return view;
}

Data phases_view(Context& context, i18n::Language language, const std::vector<PhaseState>& phases)
{
    Data list{Data::type::list};
    for (const PhaseState& phase : phases) {
        Data item;
        item.set("name",
            message(context, language,
                "consultation_phase_" + std::string(consultations::to_string(phase.kind))));
        item.set("state", state_text(context, language, phase));
        item.set("open", phase.state == WindowState::open);
        list.push_back(item);
    }
    return list;
}

// ---- forms ----

// A field of a form shown again: its value and its message.
void put_field(Data& form, const Problem& problem, const std::string& form_id,
    std::string_view name, bool ours)
{
    const std::string key(name);
    form.set(key + "_id", form_id + "-" + key);
    form.set(key + "_value", ours ? value_of(problem.state.values, name) : std::string());
    form.set(key + "_error", text_or_false(ours ? value_of(problem.state.errors, name) : ""));
}

// The error summary of the form the problem belongs to (GOV.UK's pattern), each message linked
// to its field.
Data errors_view(const Problem& problem, const std::string& form_id,
    std::initializer_list<std::string_view> names)
{
    Data list{Data::type::list};
    if (problem.form != form_id)
        return list;
    for (std::string_view name : names) {
        const std::string error = value_of(problem.state.errors, name);
        if (error.empty())
            continue;
        Data item;
        item.set("id", form_id + "-" + std::string(name));
        item.set("text", error);
        list.push_back(item);
    }
    return list;
}

Data comment_form(Context& context, i18n::Language language, std::int64_t consultation_id,
    std::int64_t document, std::optional<std::int64_t> paragraph,
    std::optional<std::int64_t> parent, const Problem& problem)
{
    const std::string form_id = "comment-form-" +
        (parent             ? "r" + std::to_string(*parent)
                : paragraph ? "p" + std::to_string(*paragraph)
                            : std::string("doc"));
    const bool ours = problem.form == form_id;
    Data form;
    form.set("form_id", form_id);
    form.set("action", consultation_path(consultation_id) + "/comments");
    form.set("document", std::to_string(document));
    form.set("paragraph", paragraph ? std::to_string(*paragraph) : std::string());
    form.set("parent", parent ? std::to_string(*parent) : std::string());
    form.set("open", ours);
    form.set("summary_text",
        message(context, language,
            parent          ? "consultation_reply"
                : paragraph ? "consultation_comment_paragraph"
                            : "consultation_comment_document"));
    put_field(form, problem, form_id, "body", ours);
    put_field(form, problem, form_id, "stance", ours);
    const std::string chosen = ours ? value_of(problem.state.values, "stance") : std::string();
    Data options{Data::type::list};
    for (const Stance stance :
        {Stance::none, Stance::in_favour, Stance::neutral, Stance::against}) {
        Data option;
        option.set("value", std::string(to_string(stance)));
        option.set("label", stance_word(context, language, stance));
        option.set("selected", std::string(to_string(stance)) == chosen);
        options.push_back(option);
    }
    form.set("stances", options);
    set_list(form, "form_errors", errors_view(problem, form_id, {"body", "stance"}));
    return form;
}

Data flag_form(
    std::int64_t consultation_id, ContentKind kind, std::int64_t id, const Problem& problem)
{
    const std::string form_id = "flag-" + std::string(to_string(kind)) + "-" + std::to_string(id);
    const bool ours = problem.form == form_id;
    Data form;
    form.set("form_id", form_id);
    form.set("action", consultation_path(consultation_id) + "/flags");
    form.set("kind", std::string(to_string(kind)));
    form.set("id", std::to_string(id));
    form.set("open", ours);
    put_field(form, problem, form_id, "reason", ours);
    return form;
}

// The unit's answer to an input, as pages show it.
Data response_view(Context& context, i18n::Language language, std::int64_t consultation_id,
    const std::optional<consultations::InputResponse>& response)
{
    if (!response)
        return Data(false);
    Data view;
    view.set("outcome_code", std::string(to_string(response->outcome)));
    view.set("outcome", outcome_word(context, language, response->outcome));
    view.set("justification", text_or_false(response->justification));
    if (!response->commitment.empty()) {
        const auto slash = response->commitment.find('/');
        Data commitment;
        commitment.set("text", response->commitment);
        commitment.set("url",
            slash == std::string::npos ? std::string("/")
                                       : commitment_path(response->commitment.substr(0, slash),
                                             response->commitment.substr(slash + 1)));
        view.set("commitment", commitment);
    } else {
        view.set("commitment", false);
    }
    if (response->merged_into)
        view.set("merged_into", proposal_path(consultation_id, *response->merged_into));
    else
        view.set("merged_into", false);
    view.set("by", text_or_false(response->by_name));
    view.set(
        "at", response->at.empty() ? Data(false) : Data(timestamp_text(language, response->at)));
    return view;
}

// ---- votes ----

struct VoteState {
    // Null while the counts are not shown.
    const std::map<VoteTarget, consultations::Tally>* tallies = nullptr;
    std::map<VoteTarget, Choice> mine;
    bool may_vote = false;
};

Data vote_view(Context& context, i18n::Language language, std::int64_t consultation_id,
    const VoteTarget& target, const std::string& item_title, const VoteState& votes,
    const Problem& problem)
{
    Data view;
    if (votes.tallies) {
        const auto found = votes.tallies->find(target);
        const consultations::Tally tally =
            found == votes.tallies->end() ? consultations::Tally{} : found->second;
        Data counts;
        counts.set("in_favour", std::to_string(tally.in_favour));
        counts.set("against", std::to_string(tally.against));
        counts.set("abstain", std::to_string(tally.abstain));
        counts.set("total", std::to_string(tally.total()));
        view.set("counts", counts);
    } else {
        view.set("counts", false);
    }
    const auto own = votes.mine.find(target);
    view.set("mine",
        own == votes.mine.end() ? Data(false) : Data(choice_word(context, language, own->second)));
    if (!votes.may_vote) {
        view.set("form", false);
        return view;
    }
    const std::string form_id =
        "vote-" + std::string(to_string(target.kind)) + "-" + anchor_of(target.key);
    const bool ours = problem.form == form_id;
    Data form;
    form.set("form_id", form_id);
    form.set("action", consultation_path(consultation_id) + "/votes");
    form.set("kind", std::string(to_string(target.kind)));
    form.set("key", target.key);
    form.set("legend", fill(context, language, "consultation_vote_legend", {{"item", item_title}}));
    form.set("changing", own != votes.mine.end());
    form.set("choice_error", text_or_false(ours ? value_of(problem.state.errors, "choice") : ""));
    Data options{Data::type::list};
    for (const Choice choice : {Choice::in_favour, Choice::against, Choice::abstain}) {
        const std::string code(to_string(choice));
        Data option;
        option.set("id", std::string(form_id).append("-").append(code));
        option.set("value", code);
        option.set("label", choice_word(context, language, choice));
        option.set("checked", own != votes.mine.end() && own->second == choice);
        options.push_back(option);
    }
    form.set("choices", options);
    view.set("form", form);
    return view;
}

Result<VoteState> vote_state(Context& context, const http::Request& request,
    i18n::Language language, const storage::Consultation& consultation,
    const std::vector<PhaseState>& phases, const Viewer& viewer,
    std::map<VoteTarget, consultations::Tally>& tallies, Data& view)
{
    VoteState votes;
    if (counts_visible(consultation, phases)) {
        auto counted = context.consultations.tallies(consultation.id);
        if (!counted.ok())
            return std::move(counted).error();
        tallies = std::move(*counted);
        votes.tallies = &tallies;
        view.set("counts_note", false);
    } else if (const auto voting = phase_of(phases, PhaseKind::voting)) {
        view.set("counts_note",
            fill(context, language, "consultation_counts_after_close",
                {{"when", local_text(language, voting->closes)}}));
    } else {
        view.set("counts_note", false);
    }
    if (viewer) {
        auto mine = context.consultations.votes_of(consultation.id, viewer->account.id);
        if (!mine.ok())
            return std::move(mine).error();
        votes.mine = std::move(*mine);
    }
    auto may = ability(context, request, language, consultation, phases, viewer, Act::vote);
    if (!may.ok())
        return std::move(may).error();
    votes.may_vote = may->may;
    // The reason voting is closed is said once, beside the items, only while voting matters.
    const auto voting = phase_of(phases, PhaseKind::voting);
    view.set("vote_notice",
        voting && voting->state != WindowState::closed ? notice_view(may->notice) : Data(false));
    return votes;
}

// ---- the list ----

Result<http::Response> list_page(
    Context& context, const http::Request& request, i18n::Language language, const Viewer& viewer)
{
    auto all = context.consultations.list_consultations();
    if (!all.ok())
        return std::move(all).error();
    const auto now = context.clock.now();
    Data open{Data::type::list};
    Data upcoming{Data::type::list};
    Data closed{Data::type::list};
    for (const storage::Consultation& consultation : *all) {
        auto phases = phase_states(consultation, now);
        if (!phases.ok())
            return std::move(phases).error();
        Data item;
        item.set("url", consultation_path(consultation.id));
        item.set("title", consultation.record.title);
        set_list(item, "phases", phases_view(context, language, *phases));
        const bool any_open = std::any_of(phases->begin(), phases->end(),
            [](const PhaseState& phase) { return phase.state == WindowState::open; });
        const bool any_later = std::any_of(phases->begin(), phases->end(),
            [](const PhaseState& phase) { return phase.state == WindowState::not_yet_open; });
        (any_open ? open : any_later || phases->empty() ? upcoming : closed).push_back(item);
    }
    Data view;
    set_list(view, "open", open);
    set_list(view, "upcoming", upcoming);
    set_list(view, "closed", closed);
    view.set("none", all->empty());
    return consultation_page(context, request, language, "consultation/list", view,
        message(context, language, "consultation_list_title"), viewer, {});
}

// ---- the overview ----

Result<http::Response> overview_page(Context& context, const http::Request& request,
    i18n::Language language, const Viewer& viewer, const storage::Consultation& consultation,
    const Problem& problem = {})
{
    const auto now = context.clock.now();
    auto phases = phase_states(consultation, now);
    if (!phases.ok())
        return std::move(phases).error();
    const std::int64_t id = consultation.id;
    Data view;
    view.set("title", consultation.record.title);
    view.set("description", text::markdown_to_html(consultation.record.description));
    set_list(view, "phases", phases_view(context, language, *phases));

    // The identity number, when the consultation asks for one.
    view.set("requires_identity", consultation.record.requires_identity);
    if (consultation.record.requires_identity && viewer) {
        auto registered = context.consultations.has_identity(id, viewer->account.id);
        if (!registered.ok())
            return std::move(registered).error();
        view.set("identity_registered", *registered);
        auto may = ability(
            context, request, language, consultation, *phases, viewer, Act::register_identity);
        if (!may.ok())
            return std::move(may).error();
        if (!*registered && may->may) {
            Data form;
            form.set("action", consultation_path(id) + "/identity");
            put_field(form, problem, "identity-form", "identity", problem.form == "identity-form");
            set_list(form, "form_errors", errors_view(problem, "identity-form", {"identity"}));
            view.set("identity_form", form);
        } else {
            view.set("identity_form", false);
        }
        view.set("identity_notice", *registered ? Data(false) : notice_view(may->notice));
    } else {
        view.set("identity_registered", false);
        view.set("identity_form", false);
        view.set("identity_notice", false);
        view.set("identity_sign_in", sign_in_url(request));
    }

    // The drafts, with how many visible comments each has.
    auto documents = context.consultations.documents(id);
    if (!documents.ok())
        return std::move(documents).error();
    auto comments = context.consultations.comments(id);
    if (!comments.ok())
        return std::move(comments).error();
    Data drafts{Data::type::list};
    for (const storage::Document& document : *documents) {
        const auto count = std::count_if(
            comments->begin(), comments->end(), [&](const consultations::Comment& comment) {
                return comment.document_id == document.id && !comment.hidden;
            });
        Data item;
        item.set("url", document_path(id, document.id));
        item.set("title", document.title);
        item.set("paragraphs", std::to_string(document.paragraphs.size()));
        item.set("comments", std::to_string(count));
        drafts.push_back(item);
    }
    set_list(view, "documents", drafts);

    std::map<VoteTarget, consultations::Tally> tallies;
    auto votes =
        vote_state(context, request, language, consultation, *phases, viewer, tallies, view);
    if (!votes.ok())
        return std::move(votes).error();

    // The proposals: hidden ones are gone, except for their author.
    auto proposals = context.consultations.proposals(id);
    if (!proposals.ok())
        return std::move(proposals).error();
    Data proposal_list{Data::type::list};
    for (const consultations::Proposal& proposal : *proposals) {
        const bool own = viewer && proposal.author.account_id == viewer->account.id;
        if (proposal.hidden && !own)
            continue;
        Data item;
        item.set("url", proposal_path(id, proposal.id));
        item.set("title", proposal.title);
        item.set("author", author_text(proposal.author));
        item.set("hidden", proposal.hidden.has_value());
        item.set("outcome",
            proposal.response ? outcome_word(context, language, proposal.response->outcome)
                              : message(context, language, "consultation_awaiting_answer"));
        VoteState shown = *votes;
        shown.may_vote = false;
        if (proposal.hidden)
            shown.tallies = nullptr;
        item.set("vote",
            vote_view(context, language, id, {ItemKind::proposal, std::to_string(proposal.id)},
                proposal.title, shown, problem));
        proposal_list.push_back(item);
    }
    set_list(view, "proposals", proposal_list);
    const auto proposals_phase = phase_of(*phases, PhaseKind::proposals);
    view.set("proposals_open", proposals_phase && proposals_phase->state == WindowState::open);
    view.set("new_proposal_url", consultation_path(id) + "/proposals/new");

    // The plan's draft commitments, to vote on while voting is open.
    Data commitments{Data::type::list};
    const bool has_voting = phase_of(*phases, PhaseKind::voting).has_value();
    if (!consultation.record.plan.empty() && has_voting) {
        auto plan = context.plan_cache.plan(consultation.record.plan);
        if (!plan.ok())
            return std::move(plan).error();
        for (const plans::Commitment& commitment : (*plan)->commitments) {
            Data item;
            item.set("anchor", commitment_anchor(commitment.code));
            item.set("code", commitment.code);
            item.set("title", commitment.title);
            item.set("url", commitment_path(consultation.record.plan, commitment.code));
            item.set("vote",
                vote_view(context, language, id, {ItemKind::commitment, commitment.code},
                    commitment.title, *votes, problem));
            commitments.push_back(item);
        }
    }
    set_list(view, "commitments", commitments);
    view.set("summary_url", consultation_path(id) + "/summary");
    view.set("summary_md_url", consultation_path(id) + "/summary.md");
    view.set("summary_csv_url", consultation_path(id) + "/summary.csv");
    return consultation_page(context, request, language, "consultation/overview", view,
        consultation.record.title, viewer, problem);
}

// ---- a draft with its comments ----

// What an entry of a thread shows the viewer. A hidden comment is shown only to its author (with
// the moderators' reason); to others it is left out, or kept as a placeholder when replies under
// it show.
enum class Shows { nothing, comment, placeholder };

// The comments of one place of a draft (a paragraph, or the whole document) as the viewer sees
// them.
struct PlaceThreads {
    std::vector<consultations::ThreadEntry> entries;
    std::vector<Shows> shows;
    // Whether each entry shows anything, as consultations::page_of_threads reads it.
    std::vector<bool> showable;
    // The comments of the place that are not hidden: the count everybody sees.
    std::size_t visible = 0;
};

PlaceThreads place_threads(const std::vector<consultations::Comment>& comments,
    std::int64_t document, std::optional<std::int64_t> paragraph, const Viewer& viewer)
{
    PlaceThreads place;
    place.entries = consultations::thread(comments, document, paragraph);
    const auto& entries = place.entries;
    place.shows.assign(entries.size(), Shows::nothing);
    for (std::size_t i = entries.size(); i-- > 0;) {
        const consultations::Comment& comment = *entries[i].comment;
        if (!comment.hidden)
            ++place.visible;
        const bool own = viewer && comment.author.account_id == viewer->account.id;
        if (!comment.hidden || own) {
            place.shows[i] = Shows::comment;
            continue;
        }
        for (std::size_t j = i + 1; j < entries.size() && entries[j].depth > entries[i].depth;
             ++j) {
            if (place.shows[j] != Shows::nothing) {
                place.shows[i] = Shows::placeholder;
                break;
            }
        }
    }
    place.showable.reserve(entries.size());
    for (const Shows shows : place.shows)
        place.showable.push_back(shows != Shows::nothing);
    return place;
}

// The page of a place's comments: "/consultations/1/documents/2/paragraphs/3/comments?page=2",
// or ".../documents/2/comments" for the whole document's. Page 1 has no query.
std::string comments_path(std::int64_t id, std::int64_t document,
    std::optional<std::int64_t> paragraph, std::size_t page = 1)
{
    std::string path = document_path(id, document);
    if (paragraph)
        path += "/paragraphs/" + std::to_string(*paragraph);
    path += "/comments";
    if (page > 1)
        path += "?page=" + std::to_string(page);
    return path;
}

// What the comments of a thread offer a viewer who may act. The document page's preview offers
// nothing (its links lead to the place's page); a place's comments page offers each comment's
// endorse button and links that open its reply or flag form on that page, one form at a time,
// since every comment's forms written out weigh a few KB each.
struct ThreadActions {
    bool may_act = false;
    // The place's comments page the thread is on; empty for the preview.
    std::string page_url;
    // The comment whose reply form, or flag form, is open (?reply=, ?flag=).
    std::optional<std::int64_t> reply;
    std::optional<std::int64_t> flag;
};

// The page with `name`=`id` added to its query, and the anchor of the form it opens.
std::string opening(
    const std::string& page_url, std::string_view name, std::int64_t id, const std::string& form_id)
{
    return page_url + (page_url.find('?') == std::string::npos ? "?" : "&") + std::string(name) +
        "=" + std::to_string(id) + "#" + form_id;
}

// The entries `shown` (indexes into place.entries, in reading order) as the thread's list items.
Data thread_view(Context& context, i18n::Language language,
    const storage::Consultation& consultation, const PlaceThreads& place,
    const std::vector<std::size_t>& shown, std::int64_t document, const ThreadActions& actions,
    const Problem& problem)
{
    const auto& entries = place.entries;
    Data list{Data::type::list};
    std::map<std::int64_t, std::string> names;
    for (const std::size_t i : shown) {
        const consultations::Comment& comment = *entries[i].comment;
        if (place.shows[i] == Shows::nothing)
            continue;
        Data item;
        item.set("anchor", "comment-" + std::to_string(comment.id));
        item.set("depth", std::to_string(std::clamp(entries[i].depth, 1, 3)));
        item.set("placeholder", place.shows[i] == Shows::placeholder);
        if (place.shows[i] == Shows::placeholder) {
            list.push_back(item);
            continue;
        }
        names[comment.id] = comment.author.name;
        item.set("author", author_text(comment.author));
        item.set("at", timestamp_text(language, comment.created_at));
        const auto parent = comment.parent_id ? names.find(*comment.parent_id) : names.end();
        item.set("reply_to", parent == names.end() ? Data(false) : Data(parent->second));
        item.set("stance",
            comment.stance == Stance::none ? Data(false)
                                           : Data(stance_word(context, language, comment.stance)));
        item.set("stance_code", std::string(to_string(comment.stance)));
        item.set("body", comment.body);
        item.set("endorsements",
            fill(context, language,
                comment.endorsements == 1 ? "consultation_endorsements_one"
                                          : "consultation_endorsements",
                {{"count", std::to_string(comment.endorsements)}}));
        item.set("response", response_view(context, language, consultation.id, comment.response));
        if (comment.hidden) {
            Data hidden;
            hidden.set("reason", comment.hidden->reason);
            item.set("own_hidden", hidden);
        } else {
            item.set("own_hidden", false);
        }
        const bool active = actions.may_act && !actions.page_url.empty() && !comment.hidden;
        item.set("endorse_url",
            active ? Data(consultation_path(consultation.id) + "/comments/" +
                         std::to_string(comment.id) + "/endorse")
                   : Data(false));
        item.set("flag", false);
        item.set("flag_url", false);
        item.set("reply", false);
        item.set("reply_url", false);
        if (active) {
            const std::string flag_id = "flag-comment-" + std::to_string(comment.id);
            if (actions.flag == comment.id || problem.form == flag_id) {
                Data form = flag_form(consultation.id, ContentKind::comment, comment.id, problem);
                form.set("open", true);
                item.set("flag", form);
            } else {
                item.set("flag_url", opening(actions.page_url, "flag", comment.id, flag_id));
            }
        }
        if (active && entries[i].can_reply) {
            const std::string reply_id = "comment-form-r" + std::to_string(comment.id);
            if (actions.reply == comment.id || problem.form == reply_id) {
                Data form = comment_form(context, language, consultation.id, document,
                    comment.paragraph_id, comment.id, problem);
                form.set("open", true);
                item.set("reply", form);
            } else {
                item.set("reply_url", opening(actions.page_url, "reply", comment.id, reply_id));
            }
        }
        list.push_back(item);
    }
    return list;
}

std::string count_text(const Context& context, i18n::Language language, std::size_t count)
{
    return fill(context, language,
        count == 1 ? "consultation_comments_one" : "consultation_comments",
        {{"count", std::to_string(count)}});
}

// A place's first threads as the document page shows them, with its count, the link to all of
// them and, for a viewer who may comment, the link to the place's page to comment there.
void set_preview(Data& view, const std::string& prefix, Context& context, i18n::Language language,
    const storage::Consultation& consultation, const std::vector<consultations::Comment>& comments,
    std::int64_t document, std::optional<std::int64_t> paragraph, const Viewer& viewer,
    bool may_act, const Problem& problem)
{
    const PlaceThreads place = place_threads(comments, document, paragraph, viewer);
    const consultations::ThreadPage preview =
        consultations::page_of_threads(place.entries, place.showable, 1,
            consultations::threads_in_preview, consultations::entries_per_previewed_thread);
    set_list(view, prefix + "thread",
        thread_view(context, language, consultation, place, preview.shown, document, {}, problem));
    view.set(prefix + "count", count_text(context, language, place.visible));
    // Commenting, replying, endorsing and flagging happen on the place's page.
    view.set(prefix + "comment_url",
        may_act ? Data(comments_path(consultation.id, document, paragraph) + "#comment-form-" +
                      (paragraph ? "p" + std::to_string(*paragraph) : std::string("doc")))
                : Data(false));
    if (preview.threads == 0) {
        view.set(prefix + "more", false);
        return;
    }
    const std::string where = paragraph ? "paragraph" : "document";
    Data more;
    more.set("url", comments_path(consultation.id, document, paragraph));
    more.set("text",
        fill(context, language,
            place.visible == 1 ? "consultation_see_comment_" + where
                               : "consultation_see_comments_" + where,
            {{"count", std::to_string(place.visible)}}));
    view.set(prefix + "more", more);
}

// The comment phase's state and, for a visitor while comments are still to come, the invitation
// to sign in: what the document page and a place's comments page say above the comments.
struct CommentState {
    bool may = false;
    Data phase;
    Data notice;
};

Result<CommentState> comment_state(Context& context, const http::Request& request,
    i18n::Language language, const Viewer& viewer, const storage::Consultation& consultation,
    const Problem& problem)
{
    auto phases = phase_states(consultation, context.clock.now());
    if (!phases.ok())
        return std::move(phases).error();
    auto may = ability(context, request, language, consultation, *phases, viewer, Act::comment);
    if (!may.ok())
        return std::move(may).error();
    const auto comments_phase = phase_of(*phases, PhaseKind::comments);
    const bool comments_over = !comments_phase || comments_phase->state == WindowState::closed;
    CommentState state;
    state.may = may->may;
    state.phase =
        comments_phase ? Data(state_text(context, language, *comments_phase)) : Data(false);
    // A visitor is invited to sign in while comments are still to come; afterwards the page is
    // a record.
    state.notice =
        problem.refusal || (comments_over && !viewer) ? Data(false) : notice_view(may->notice);
    return state;
}

// The item of a consultation's list with this id (its documents, its comments), or not_found
// naming `what` ("no such comment in this consultation").
template <typename Item>
Result<Item> with_id(Result<std::vector<Item>> items, std::int64_t id, const std::string& what)
{
    if (!items.ok())
        return std::move(items).error();
    for (Item& item : *items) {
        if (item.id == id)
            return std::move(item);
    }
    return Error{ErrorCode::not_found, "no such " + what + " in this consultation", what};
}

// The consultation's document `document_id`: not_found when it has none of that id.
Result<storage::Document> load_document(
    Context& context, const storage::Consultation& consultation, std::int64_t document_id)
{
    return with_id(context.consultations.documents(consultation.id), document_id, "document");
}

std::string place_text(const storage::Paragraph& paragraph)
{
    return "§" + std::to_string(paragraph.section) + "." + std::to_string(paragraph.number);
}

Result<http::Response> document_page(Context& context, const http::Request& request,
    i18n::Language language, const Viewer& viewer, const storage::Consultation& consultation,
    std::int64_t document_id)
{
    // Forms are on the comments pages: a refused POST is shown again there, never here.
    const Problem problem;
    auto document = load_document(context, consultation, document_id);
    if (!document.ok())
        return std::move(document).error();
    auto comments = context.consultations.comments(consultation.id);
    if (!comments.ok())
        return std::move(comments).error();
    auto state = comment_state(context, request, language, viewer, consultation, problem);
    if (!state.ok())
        return std::move(state).error();

    Data view;
    view.set("consultation_url", consultation_path(consultation.id));
    view.set("consultation_title", consultation.record.title);
    view.set("title", document->title);
    view.set("phase", state->phase);
    view.set("notice", state->notice);

    Data sections{Data::type::list};
    std::size_t index = 0;
    while (index < document->paragraphs.size()) {
        const int number = document->paragraphs[index].section;
        Data section;
        section.set("number", std::to_string(number));
        section.set("title", text_or_false(document->paragraphs[index].section_title));
        Data paragraphs{Data::type::list};
        for (; index < document->paragraphs.size() && document->paragraphs[index].section == number;
             ++index) {
            const storage::Paragraph& paragraph = document->paragraphs[index];
            Data item;
            item.set("anchor", "p-" + std::to_string(paragraph.id));
            item.set("place", place_text(paragraph));
            item.set("html", text::markdown_to_html(paragraph.markdown));
            set_preview(item, "", context, language, consultation, *comments, document->id,
                paragraph.id, viewer, state->may, problem);
            paragraphs.push_back(item);
        }
        section.set("paragraphs", paragraphs);
        sections.push_back(section);
    }
    view.set("sections", sections);

    set_preview(view, "whole_", context, language, consultation, *comments, document->id,
        std::nullopt, viewer, state->may, problem);
    return consultation_page(context, request, language, "consultation/document", view,
        document->title, viewer, problem);
}

// ?page=N, from 1; anything else is page 1 (as the search page reads it).
std::size_t page_number(std::string_view text)
{
    std::size_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size() || number == 0)
        return 1;
    return number;
}

// The reply or flag form a link on a place's comments page opened (?reply=ID, ?flag=ID).
struct OpenForms {
    std::optional<std::int64_t> reply;
    std::optional<std::int64_t> flag;
};

OpenForms open_forms(const http::Request& request)
{
    return {parse_id(request.query("reply").value_or("")),
        parse_id(request.query("flag").value_or(""))};
}

// The comments of one paragraph (or, without one, of the whole document), a page of threads at
// a time, with the paragraph's text and its open comment form.
Result<http::Response> comments_page(Context& context, const http::Request& request,
    i18n::Language language, const Viewer& viewer, const storage::Consultation& consultation,
    std::int64_t document_id, std::optional<std::int64_t> paragraph_id, std::size_t page,
    const OpenForms& opened = {}, const Problem& problem = {})
{
    auto document = load_document(context, consultation, document_id);
    if (!document.ok())
        return std::move(document).error();
    const storage::Paragraph* paragraph = nullptr;
    if (paragraph_id) {
        const auto found = std::find_if(document->paragraphs.begin(), document->paragraphs.end(),
            [&](const storage::Paragraph& each) { return each.id == *paragraph_id; });
        if (found == document->paragraphs.end())
            return Error{ErrorCode::not_found, "no such paragraph in this document", "paragraph"};
        paragraph = &*found;
    }
    auto comments = context.consultations.comments(consultation.id);
    if (!comments.ok())
        return std::move(comments).error();
    auto state = comment_state(context, request, language, viewer, consultation, problem);
    if (!state.ok())
        return std::move(state).error();

    const PlaceThreads place = place_threads(*comments, document->id, paragraph_id, viewer);
    const consultations::ThreadPage shown = consultations::page_of_threads(
        place.entries, place.showable, page, consultations::threads_per_page);

    Data view;
    view.set("consultation_url", consultation_path(consultation.id));
    view.set("consultation_title", consultation.record.title);
    view.set("document_url", document_path(consultation.id, document->id));
    view.set("document_title", document->title);
    std::string heading;
    if (paragraph) {
        heading = fill(context, language, "consultation_paragraph_comments_title",
            {{"place", place_text(*paragraph)}});
        Data text;
        text.set("place", place_text(*paragraph));
        text.set("url",
            document_path(consultation.id, document->id) + "#p-" + std::to_string(paragraph->id));
        text.set("html", text::markdown_to_html(paragraph->markdown));
        view.set("paragraph", text);
    } else {
        heading = message(context, language, "consultation_whole_document");
        view.set("paragraph", false);
    }
    view.set("heading", heading);
    view.set("phase", state->phase);
    view.set("notice", state->notice);
    view.set("count", count_text(context, language, place.visible));
    if (state->may) {
        // Commenting is what the document page's link leads here for: the form is open.
        Data form = comment_form(
            context, language, consultation.id, document->id, paragraph_id, std::nullopt, problem);
        form.set("open", true);
        view.set("form", form);
    } else {
        view.set("form", false);
    }
    ThreadActions actions;
    actions.may_act = state->may;
    actions.page_url = comments_path(consultation.id, document->id, paragraph_id, shown.page);
    actions.reply = opened.reply;
    actions.flag = opened.flag;
    set_list(view, "thread",
        thread_view(
            context, language, consultation, place, shown.shown, document->id, actions, problem));
    // The forms of this page bring their answer back to it (see comments_again, comment_url).
    view.set("return_page", std::to_string(shown.page));
    const std::string page_text = fill(context, language, "consultation_page_of",
        {{"page", std::to_string(shown.page)}, {"pages", std::to_string(shown.pages)}});
    if (shown.pages > 1) {
        Data pager;
        pager.set("text", page_text);
        pager.set("previous",
            shown.page > 1
                ? Data(comments_path(consultation.id, document->id, paragraph_id, shown.page - 1))
                : Data(false));
        pager.set("next",
            shown.page < shown.pages
                ? Data(comments_path(consultation.id, document->id, paragraph_id, shown.page + 1))
                : Data(false));
        view.set("pager", pager);
    } else {
        view.set("pager", false);
    }
    std::string title = heading + " · " + document->title;
    if (shown.pages > 1)
        title += " (" + page_text + ")";
    return consultation_page(context, request, language, "consultation/comments", view,
        std::move(title), viewer, problem);
}

// ---- proposals ----

Result<http::Response> proposal_page(Context& context, const http::Request& request,
    i18n::Language language, const Viewer& viewer, const storage::Consultation& consultation,
    std::int64_t proposal_id, const Problem& problem = {})
{
    auto proposals = context.consultations.proposals(consultation.id);
    if (!proposals.ok())
        return std::move(proposals).error();
    const auto proposal = std::find_if(proposals->begin(), proposals->end(),
        [&](const consultations::Proposal& each) { return each.id == proposal_id; });
    const bool own =
        proposal != proposals->end() && viewer && proposal->author.account_id == viewer->account.id;
    // Hidden content leaves the public pages; its author still sees it, with the reason.
    if (proposal == proposals->end() || (proposal->hidden && !own))
        return Error{ErrorCode::not_found, "no such proposal in this consultation", "proposal"};
    auto phases = phase_states(consultation, context.clock.now());
    if (!phases.ok())
        return std::move(phases).error();

    Data view;
    view.set("consultation_url", consultation_path(consultation.id));
    view.set("consultation_title", consultation.record.title);
    view.set("title", proposal->title);
    view.set("author", author_text(proposal->author));
    view.set("at", timestamp_text(language, proposal->created_at));
    view.set("problem", proposal->problem);
    view.set("proposal", proposal->proposal);
    view.set("institution", text_or_false(proposal->institution));
    view.set("response", response_view(context, language, consultation.id, proposal->response));
    if (proposal->hidden) {
        Data hidden;
        hidden.set("reason", proposal->hidden->reason);
        view.set("own_hidden", hidden);
    } else {
        view.set("own_hidden", false);
    }
    std::map<VoteTarget, consultations::Tally> tallies;
    auto votes =
        vote_state(context, request, language, consultation, *phases, viewer, tallies, view);
    if (!votes.ok())
        return std::move(votes).error();
    if (proposal->hidden) {
        votes->may_vote = false;
        votes->tallies = nullptr;
    }
    const bool has_voting = phase_of(*phases, PhaseKind::voting).has_value();
    view.set("has_voting", has_voting);
    view.set("vote",
        vote_view(context, language, consultation.id,
            {ItemKind::proposal, std::to_string(proposal->id)}, proposal->title, *votes, problem));
    auto flag =
        ability(context, request, language, consultation, *phases, viewer, Act::flag_proposal);
    if (!flag.ok())
        return std::move(flag).error();
    view.set("flag",
        flag->may && !proposal->hidden
            ? flag_form(consultation.id, ContentKind::proposal, proposal->id, problem)
            : Data(false));
    return consultation_page(context, request, language, "consultation/proposal", view,
        proposal->title, viewer, problem);
}

constexpr std::array<std::string_view, 4> proposal_fields = {
    "title", "problem", "proposal", "institution"};

Result<http::Response> proposal_form_page(Context& context, const http::Request& request,
    i18n::Language language, const storage::SessionRecord& session,
    const storage::Consultation& consultation, const Problem& problem = {})
{
    auto phases = phase_states(consultation, context.clock.now());
    if (!phases.ok())
        return std::move(phases).error();
    auto may = ability(context, request, language, consultation, *phases, session, Act::propose);
    if (!may.ok())
        return std::move(may).error();
    Data view;
    view.set("consultation_url", consultation_path(consultation.id));
    view.set("consultation_title", consultation.record.title);
    view.set("notice", problem.refusal ? Data(false) : notice_view(may->notice));
    if (may->may) {
        Data form;
        form.set("action", consultation_path(consultation.id) + "/proposals");
        for (std::string_view name : proposal_fields)
            put_field(form, problem, "proposal-form", name, problem.form == "proposal-form");
        set_list(form, "form_errors",
            errors_view(problem, "proposal-form", {"title", "problem", "proposal", "institution"}));
        view.set("form", form);
    } else {
        view.set("form", false);
    }
    return consultation_page(context, request, language, "consultation/proposal_new", view,
        message(context, language, "consultation_proposal_new_title"), session, problem);
}

// ---- the summary ----

Result<http::Response> summary_page(Context& context, const http::Request& request,
    i18n::Language language, const Viewer& viewer, const storage::Consultation& consultation)
{
    auto summary = load_summary(context, consultation);
    if (!summary.ok())
        return std::move(summary).error();
    Data view = summary_data(context, language, consultation, *summary);
    view.set("consultation_url", consultation_path(consultation.id));
    view.set("consultation_title", consultation.record.title);
    view.set("summary_md_url", consultation_path(consultation.id) + "/summary.md");
    view.set("summary_csv_url", consultation_path(consultation.id) + "/summary.csv");
    return consultation_page(context, request, language, "consultation/summary", view,
        fill(context, language, "consultation_summary_title",
            {{"title", consultation.record.title}}),
        viewer, {});
}

// ---- the writes ----

// What every POST starts with: the form, the consultation, the participant and the phases.
struct Posted {
    http::FormFields fields;
    storage::Consultation consultation;
    storage::SessionRecord session;
    std::vector<PhaseState> phases;
    std::string at;
};

Result<Posted> begin_post(Context& context, const http::Request& request)
{
    auto signed_in = account::require_form(context, request, accounts::Action::participate);
    if (!signed_in.ok())
        return std::move(signed_in).error();
    auto consultation = load_consultation(context, request);
    if (!consultation.ok())
        return std::move(consultation).error();
    const auto now = context.clock.now();
    auto phases = phase_states(*consultation, now);
    if (!phases.ok())
        return std::move(phases).error();
    return Posted{std::move(signed_in->form), std::move(*consultation),
        std::move(signed_in->session), std::move(*phases), storage::to_sql_timestamp(now)};
}

// The refusal of act for the participant, as a Problem, or nullopt when they may.
Result<std::optional<Problem>> refused(
    Context& context, i18n::Language language, const Posted& posted, Act act)
{
    auto refusal = why_cannot(
        context, language, posted.consultation, posted.phases, posted.session.account, act);
    if (!refusal.ok())
        return std::move(refusal).error();
    if (!*refusal)
        return std::optional<Problem>();
    Problem problem;
    problem.status = (*refusal)->status;
    problem.refusal = std::move(**refusal);
    return std::optional<Problem>(std::move(problem));
}

Result<consultations::Comment> find_comment(
    Context& context, std::int64_t consultation_id, std::int64_t comment_id)
{
    return with_id(context.consultations.comments(consultation_id), comment_id, "comment");
}

// The page of a place's comments a form was sent from (its return_page field), or nullopt for
// the document page.
std::optional<std::size_t> return_page(const Posted& posted)
{
    const std::string text = http::form_value(posted.fields, "return_page");
    if (text.empty())
        return std::nullopt;
    return page_number(text);
}

// The page that shows a comment to the viewer, with the comment's anchor. From the document page
// (no return page), the document page when the comment is among the threads it shows, and
// otherwise the page of its place's comments that holds it; from a place's comments page, that
// page of the place.
Result<std::string> comment_url(Context& context, std::int64_t consultation_id,
    std::int64_t comment_id, const Viewer& viewer, std::optional<std::size_t> from_page)
{
    auto comments = context.consultations.comments(consultation_id);
    if (!comments.ok())
        return std::move(comments).error();
    const auto comment = std::find_if(comments->begin(), comments->end(),
        [&](const consultations::Comment& each) { return each.id == comment_id; });
    if (comment == comments->end())
        return Error{ErrorCode::not_found, "no such comment in this consultation", "comment"};
    const std::string anchor = "#comment-" + std::to_string(comment_id);
    const PlaceThreads place =
        place_threads(*comments, comment->document_id, comment->paragraph_id, viewer);
    if (!from_page) {
        const consultations::ThreadPage preview =
            consultations::page_of_threads(place.entries, place.showable, 1,
                consultations::threads_in_preview, consultations::entries_per_previewed_thread);
        const bool previewed = std::any_of(preview.shown.begin(), preview.shown.end(),
            [&](std::size_t i) { return place.entries[i].comment->id == comment_id; });
        if (previewed)
            return document_path(consultation_id, comment->document_id) + anchor;
    }
    const std::size_t page = consultations::page_of_comment(
        place.entries, place.showable, comment_id, consultations::threads_per_page)
                                 .value_or(from_page.value_or(1));
    return comments_path(consultation_id, comment->document_id, comment->paragraph_id, page) +
        anchor;
}

// The page a refused or invalid POST about a place's comments is shown again on, with the
// form open: the page of the place's comments the form came from (return_page) or else the one
// that shows `comment` (the comment replied to, endorsed or flagged), or its first page. The
// document page has no forms.
Result<http::Response> comments_again(Context& context, const http::Request& request,
    i18n::Language language, const Posted& posted, std::int64_t document,
    std::optional<std::int64_t> paragraph, std::optional<std::int64_t> comment,
    const Problem& problem)
{
    std::size_t page = return_page(posted).value_or(1);
    if (!return_page(posted) && comment) {
        auto comments = context.consultations.comments(posted.consultation.id);
        if (!comments.ok())
            return std::move(comments).error();
        const PlaceThreads place = place_threads(*comments, document, paragraph, posted.session);
        page = consultations::page_of_comment(
            place.entries, place.showable, *comment, consultations::threads_per_page)
                   .value_or(1);
    }
    return comments_page(context, request, language, posted.session, posted.consultation, document,
        paragraph, page, {}, problem);
}

Result<http::Response> post_comment(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto posted = begin_post(context, request);
    if (!posted.ok())
        return std::move(posted).error();
    const std::int64_t id = posted->consultation.id;
    const Viewer viewer = posted->session;
    const auto document = parse_id(http::form_value(posted->fields, "document"));
    if (!document)
        return Error{ErrorCode::invalid_argument, "the form names no document", "document"};
    const std::string paragraph_text = http::form_value(posted->fields, "paragraph");
    const std::string parent_text = http::form_value(posted->fields, "parent");
    const auto paragraph = parse_id(paragraph_text);
    const auto parent = parse_id(parent_text);
    if ((!paragraph_text.empty() && !paragraph) || (!parent_text.empty() && !parent))
        return Error{
            ErrorCode::invalid_argument, "a paragraph or parent that is not a number", "paragraph"};

    auto refusal = refused(context, language, *posted, Act::comment);
    if (!refusal.ok())
        return std::move(refusal).error();
    if (*refusal)
        return comments_again(
            context, request, language, *posted, *document, paragraph, parent, **refusal);

    Problem problem;
    problem.form = "comment-form-" +
        (parent             ? "r" + std::to_string(*parent)
                : paragraph ? "p" + std::to_string(*paragraph)
                            : std::string("doc"));
    problem.status = http::Status::bad_request;
    FormState& state = problem.state;
    state.values["body"] = http::form_value(posted->fields, "body");
    state.values["stance"] = http::form_value(posted->fields, "stance");
    const auto stance = consultations::parse_stance(state.values["stance"]);
    if (!stance)
        state.errors["stance"] = message(context, language, "consultation_error_stance");
    if (blank(state.values["body"]))
        state.errors["body"] = message(context, language, "consultation_error_body");
    else if (state.values["body"].size() > longest_text)
        state.errors["body"] = message(context, language, "consultation_error_long");
    if (state.errors.empty()) {
        auto added = context.consultations.add_comment(
            {id, *document, paragraph, parent, *stance, state.values["body"]},
            account::audit_actor(posted->session.account), posted->at);
        if (added.ok()) {
            auto shown = comment_url(context, id, *added, viewer, return_page(*posted));
            if (!shown.ok())
                return std::move(shown).error();
            return account::see_other(request, *shown);
        }
        if (added.error().code != ErrorCode::invalid_argument)
            return std::move(added).error();
        // A document, paragraph or parent the form should not have named.
        if (added.error().where != "body")
            return std::move(added).error();
        state.errors["body"] = message(context, language, "consultation_error_body");
    }
    return comments_again(
        context, request, language, *posted, *document, paragraph, parent, problem);
}

Result<http::Response> post_endorse(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto posted = begin_post(context, request);
    if (!posted.ok())
        return std::move(posted).error();
    const auto id = parse_id(request.param("cid"));
    if (!id)
        return Error{ErrorCode::not_found, "no such comment", "comment"};
    auto comment = find_comment(context, posted->consultation.id, *id);
    if (!comment.ok())
        return std::move(comment).error();
    auto refusal = refused(context, language, *posted, Act::endorse);
    if (!refusal.ok())
        return std::move(refusal).error();
    if (*refusal)
        return comments_again(context, request, language, *posted, comment->document_id,
            comment->paragraph_id, comment->id, **refusal);
    auto endorsed = context.consultations.endorse(
        *id, account::audit_actor(posted->session.account), posted->at);
    if (!endorsed.ok())
        return std::move(endorsed).error();
    auto shown =
        comment_url(context, posted->consultation.id, *id, posted->session, return_page(*posted));
    if (!shown.ok())
        return std::move(shown).error();
    return account::see_other(request, *shown);
}

Result<http::Response> post_flag(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto posted = begin_post(context, request);
    if (!posted.ok())
        return std::move(posted).error();
    const std::int64_t id = posted->consultation.id;
    const auto kind = consultations::parse_content_kind(http::form_value(posted->fields, "kind"));
    const auto content = parse_id(http::form_value(posted->fields, "id"));
    if (!kind || !content)
        return Error{ErrorCode::invalid_argument, "the form names no comment or proposal", "kind"};
    std::optional<consultations::Comment> comment;
    if (*kind == ContentKind::comment) {
        auto found = find_comment(context, id, *content);
        if (!found.ok())
            return std::move(found).error();
        comment = std::move(*found);
    }
    // The page the flagged content is on, shown again with a refusal or the form's message.
    auto again = [&](const Problem& problem) {
        return comment ? comments_again(context, request, language, *posted, comment->document_id,
                             comment->paragraph_id, comment->id, problem)
                       : proposal_page(context, request, language, posted->session,
                             posted->consultation, *content, problem);
    };
    auto refusal = refused(context, language, *posted,
        *kind == ContentKind::comment ? Act::flag_comment : Act::flag_proposal);
    if (!refusal.ok())
        return std::move(refusal).error();
    if (*refusal)
        return again(**refusal);

    Problem problem;
    problem.status = http::Status::bad_request;
    problem.form = "flag-" + std::string(to_string(*kind)) + "-" + std::to_string(*content);
    const std::string reason = http::form_value(posted->fields, "reason");
    problem.state.values["reason"] = reason;
    if (blank(reason))
        problem.state.errors["reason"] = message(context, language, "consultation_error_reason");
    else if (reason.size() > longest_reason)
        problem.state.errors["reason"] = message(context, language, "consultation_error_long");
    if (!problem.state.errors.empty())
        return again(problem);
    auto flagged = context.consultations.flag(
        id, *kind, *content, reason, account::audit_actor(posted->session.account), posted->at);
    if (!flagged.ok())
        return std::move(flagged).error();
    if (!comment)
        return account::see_other(request, proposal_path(id, *content));
    auto shown = comment_url(context, id, *content, posted->session, return_page(*posted));
    if (!shown.ok())
        return std::move(shown).error();
    return account::see_other(request, *shown);
}

Result<http::Response> post_proposal(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto posted = begin_post(context, request);
    if (!posted.ok())
        return std::move(posted).error();
    auto refusal = refused(context, language, *posted, Act::propose);
    if (!refusal.ok())
        return std::move(refusal).error();
    if (*refusal)
        return proposal_form_page(
            context, request, language, posted->session, posted->consultation, **refusal);

    Problem problem;
    problem.status = http::Status::bad_request;
    problem.form = "proposal-form";
    FormState& state = problem.state;
    for (std::string_view name : proposal_fields)
        state.values[std::string(name)] = http::form_value(posted->fields, name);
    for (const std::string name : {"title", "problem", "proposal"}) {
        const std::string& value = state.values[name];
        if (blank(value))
            state.errors[name] = message(context, language, "consultation_error_proposal_" + name);
        else if (value.size() > (name == "title" ? longest_title : longest_text))
            state.errors[name] = message(context, language, "consultation_error_long");
    }
    if (state.values["institution"].size() > longest_title)
        state.errors["institution"] = message(context, language, "consultation_error_long");
    if (state.errors.empty()) {
        auto added = context.consultations.add_proposal(
            {posted->consultation.id, state.values["title"], state.values["problem"],
                state.values["proposal"], state.values["institution"]},
            account::audit_actor(posted->session.account), posted->at);
        if (added.ok())
            return account::see_other(request, proposal_path(posted->consultation.id, *added));
        if (added.error().code != ErrorCode::invalid_argument)
            return std::move(added).error();
        const std::string field =
            state.values.contains(added.error().where) ? added.error().where : "title";
        state.errors[field] = message(context, language, "consultation_error_proposal_" + field);
    }
    return proposal_form_page(
        context, request, language, posted->session, posted->consultation, problem);
}

Result<http::Response> post_vote(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto posted = begin_post(context, request);
    if (!posted.ok())
        return std::move(posted).error();
    const std::int64_t id = posted->consultation.id;
    const auto kind = consultations::parse_item_kind(http::form_value(posted->fields, "kind"));
    const std::string key = http::form_value(posted->fields, "key");
    if (!kind || key.empty())
        return Error{
            ErrorCode::invalid_argument, "the form names no proposal or commitment", "key"};
    const auto proposal = *kind == ItemKind::proposal ? parse_id(key) : std::nullopt;
    if (*kind == ItemKind::proposal && !proposal)
        return Error{ErrorCode::not_found, "no such proposal in this consultation", "key"};
    const VoteTarget target{*kind, key};
    const std::string item = *kind == ItemKind::proposal
        ? proposal_path(id, *proposal)
        : consultation_path(id) + "#" + commitment_anchor(key);
    auto again = [&](const Problem& problem) {
        return *kind == ItemKind::proposal
            ? proposal_page(context, request, language, posted->session, posted->consultation,
                  *proposal, problem)
            : overview_page(
                  context, request, language, posted->session, posted->consultation, problem);
    };
    auto refusal = refused(context, language, *posted, Act::vote);
    if (!refusal.ok())
        return std::move(refusal).error();
    if (*refusal)
        return again(**refusal);
    const auto choice = consultations::parse_choice(http::form_value(posted->fields, "choice"));
    if (!choice) {
        Problem problem;
        problem.status = http::Status::bad_request;
        problem.form = "vote-" + std::string(to_string(*kind)) + "-" + anchor_of(key);
        problem.state.errors["choice"] = message(context, language, "consultation_error_choice");
        return again(problem);
    }
    auto cast = context.consultations.cast_vote(
        id, target, *choice, account::audit_actor(posted->session.account), posted->at);
    if (!cast.ok())
        return std::move(cast).error();
    return account::see_other(request, item);
}

Result<http::Response> post_identity(
    Context& context, const http::Request& request, i18n::Language language)
{
    auto posted = begin_post(context, request);
    if (!posted.ok())
        return std::move(posted).error();
    if (!posted->consultation.record.requires_identity)
        return Error{ErrorCode::failed_precondition,
            message(context, language, "consultation_error_identity_not_asked"), "identity"};
    auto refusal = refused(context, language, *posted, Act::register_identity);
    if (!refusal.ok())
        return std::move(refusal).error();
    if (*refusal)
        return overview_page(
            context, request, language, posted->session, posted->consultation, **refusal);

    Problem problem;
    problem.status = http::Status::bad_request;
    problem.form = "identity-form";
    // The number typed is never written back into the page: it is what the hash protects.
    auto normalised =
        consultations::normalise_identity_number(http::form_value(posted->fields, "identity"));
    if (!normalised.ok()) {
        problem.state.errors["identity"] =
            message(context, language, "consultation_error_identity");
        return overview_page(
            context, request, language, posted->session, posted->consultation, problem);
    }
    auto hash = security::hash_identity_number(
        *normalised, posted->consultation.identity_salt, context.password_cost);
    if (!hash.ok())
        return std::move(hash).error();
    auto registered = context.consultations.register_identity(
        posted->consultation.id, *hash, account::audit_actor(posted->session.account), posted->at);
    if (registered.ok())
        return account::see_other(request, consultation_path(posted->consultation.id));
    if (registered.error().code != ErrorCode::already_exists)
        return std::move(registered).error();
    problem.status = http::Status::conflict;
    problem.state.errors["identity"] =
        message(context, language, "consultation_error_identity_taken");
    return overview_page(
        context, request, language, posted->session, posted->consultation, problem);
}

// ---- caching ----

// A page of one consultation (or of the list) for a viewer: nullopt for a visitor.
using ViewerPage =
    std::function<Result<http::Response>(const http::Request&, i18n::Language, const Viewer&)>;
// What besides the target and the language a visitor's page depends on: the phase bounds passed.
using Fingerprint = std::function<Result<std::string>(const http::Request&)>;

// A GET page: rendered for a signed-in viewer alone and never stored; for a visitor, answered
// from the page cache under the target, the language and the fingerprint. Only the body and
// Content-Type are cached; `disposition`, when set, is added to every answer.
http::Handler public_page(
    Context& context, Fingerprint fingerprint, ViewerPage render, std::string disposition = {})
{
    return [&context, fingerprint = std::move(fingerprint), render = std::move(render),
               disposition = std::move(disposition)](
               const http::Request& request) -> Result<http::Response> {
        const i18n::Language language = request_language(request);
        auto finish = [&](http::Response response) {
            remember_language(request, response);
            if (!disposition.empty())
                response.set(http::Field::content_disposition, disposition);
            return response;
        };
        auto session = account::current_session(context, request);
        if (!session.ok())
            return std::move(session).error();
        if (*session) {
            auto response = render(request, language, *session);
            if (!response.ok())
                return response;
            account::forbid_storing(*response);
            return finish(std::move(*response));
        }
        auto print = fingerprint(request);
        if (!print.ok())
            return std::move(print).error();
        // A newline cannot be in a request target, so no other page has this key.
        const std::string key = std::string(request.target()) + "\n" + *print;
        if (PageCache::PagePtr page = context.page_cache.find(key, language))
            return finish(PageCache::respond(request, *page));
        const std::uint64_t generation = context.page_cache.generation();
        auto rendered = render(request, language, std::nullopt);
        if (!rendered.ok())
            return rendered;
        if (rendered->result() != http::Status::ok)
            return finish(std::move(*rendered));
        PageCache::PagePtr page = PageCache::make_page(
            std::move(rendered->body()), std::string((*rendered)[http::Field::content_type]));
        context.page_cache.store(key, language, generation, page);
        return finish(PageCache::respond(request, *page));
    };
}

Result<std::string> consultation_fingerprint(Context& context, const http::Request& request)
{
    auto consultation = load_consultation(context, request);
    if (!consultation.ok())
        return std::move(consultation).error();
    auto passed = bounds_passed(*consultation, context.clock.now());
    if (!passed.ok())
        return std::move(passed).error();
    return std::to_string(*passed);
}

Result<std::string> list_fingerprint(Context& context)
{
    auto all = context.consultations.list_consultations();
    if (!all.ok())
        return std::move(all).error();
    std::string print;
    for (const storage::Consultation& consultation : *all) {
        auto passed = bounds_passed(consultation, context.clock.now());
        if (!passed.ok())
            return std::move(passed).error();
        print += std::to_string(consultation.id) + ":" + std::to_string(*passed) + ";";
    }
    return print;
}

}  // namespace

void register_routes(http::Router& router, Context& context)
{
    auto of_consultation = [&context](const http::Request& request) {
        return consultation_fingerprint(context, request);
    };
    // A page of one consultation: loads it, then renders.
    auto consultation_view = [&context](std::function<Result<http::Response>(const http::Request&,
                                     i18n::Language, const Viewer&, const storage::Consultation&)>
                                     render) -> ViewerPage {
        return [&context, render = std::move(render)](const http::Request& request,
                   i18n::Language language, const Viewer& viewer) -> Result<http::Response> {
            auto consultation = load_consultation(context, request);
            if (!consultation.ok())
                return std::move(consultation).error();
            return render(request, language, viewer, *consultation);
        };
    };

    router.get("/consultations",
        public_page(
            context, [&context](const http::Request&) { return list_fingerprint(context); },
            [&context](const http::Request& request, i18n::Language language,
                const Viewer& viewer) { return list_page(context, request, language, viewer); }));
    router.get("/consultations/{id}",
        public_page(context, of_consultation,
            consultation_view([&context](const http::Request& request, i18n::Language language,
                                  const Viewer& viewer, const storage::Consultation& consultation) {
                return overview_page(context, request, language, viewer, consultation);
            })));
    router.get("/consultations/{id}/documents/{doc}",
        public_page(context, of_consultation,
            consultation_view([&context](const http::Request& request, i18n::Language language,
                                  const Viewer& viewer, const storage::Consultation& consultation)
                                  -> Result<http::Response> {
                const auto document = parse_id(request.param("doc"));
                if (!document)
                    return Error{ErrorCode::not_found, "no such document", "document"};
                return document_page(context, request, language, viewer, consultation, *document);
            })));
    // A place's comments, a page of threads at a time: a paragraph's, and the whole document's.
    auto comments_view = [&](bool of_paragraph) {
        return public_page(context, of_consultation,
            consultation_view(
                [&context, of_paragraph](const http::Request& request, i18n::Language language,
                    const Viewer& viewer,
                    const storage::Consultation& consultation) -> Result<http::Response> {
                    const auto document = parse_id(request.param("doc"));
                    if (!document)
                        return Error{ErrorCode::not_found, "no such document", "document"};
                    std::optional<std::int64_t> paragraph;
                    if (of_paragraph) {
                        paragraph = parse_id(request.param("p"));
                        if (!paragraph)
                            return Error{ErrorCode::not_found, "no such paragraph", "paragraph"};
                    }
                    return comments_page(context, request, language, viewer, consultation,
                        *document, paragraph, page_number(request.query("page").value_or("")),
                        open_forms(request));
                }));
    };
    router.get("/consultations/{id}/documents/{doc}/paragraphs/{p}/comments", comments_view(true));
    router.get("/consultations/{id}/documents/{doc}/comments", comments_view(false));
    router.get("/consultations/{id}/proposals/new",
        uncached([&context](const http::Request& request,
                     i18n::Language language) -> Result<http::Response> {
            auto consultation = load_consultation(context, request);
            if (!consultation.ok())
                return std::move(consultation).error();
            auto session = account::require(context, request, accounts::Action::participate);
            if (!session.ok())
                return std::move(session).error();
            return proposal_form_page(context, request, language, *session, *consultation);
        }));
    router.get("/consultations/{id}/proposals/{pid}",
        public_page(context, of_consultation,
            consultation_view([&context](const http::Request& request, i18n::Language language,
                                  const Viewer& viewer, const storage::Consultation& consultation)
                                  -> Result<http::Response> {
                const auto proposal = parse_id(request.param("pid"));
                if (!proposal)
                    return Error{ErrorCode::not_found, "no such proposal", "proposal"};
                return proposal_page(context, request, language, viewer, consultation, *proposal);
            })));
    router.get("/consultations/{id}/summary",
        public_page(context, of_consultation,
            consultation_view([&context](const http::Request& request, i18n::Language language,
                                  const Viewer& viewer, const storage::Consultation& consultation) {
                return summary_page(context, request, language, viewer, consultation);
            })));
    router.get("/consultations/{id}/summary.md",
        public_page(context, of_consultation,
            consultation_view([&context](const http::Request& request, i18n::Language language,
                                  const Viewer&, const storage::Consultation& consultation) {
                return summary_markdown_response(context, request, language, consultation);
            }),
            "attachment; filename=\"consultation-summary.md\""));
    router.get("/consultations/{id}/summary.csv",
        public_page(context, of_consultation,
            consultation_view([&context](const http::Request& request, i18n::Language language,
                                  const Viewer&, const storage::Consultation& consultation) {
                return summary_csv_response(context, request, language, consultation);
            }),
            "attachment; filename=\"consultation-summary.csv\""));

    auto write = [&context](Result<http::Response> (*handler)(
                     Context&, const http::Request&, i18n::Language)) {
        return uncached([&context, handler](const http::Request& request, i18n::Language language) {
            return handler(context, request, language);
        });
    };
    router.post("/consultations/{id}/comments", write(post_comment));
    router.post("/consultations/{id}/comments/{cid}/endorse", write(post_endorse));
    router.post("/consultations/{id}/flags", write(post_flag));
    router.post("/consultations/{id}/proposals", write(post_proposal));
    router.post("/consultations/{id}/votes", write(post_vote));
    router.post("/consultations/{id}/identity", write(post_identity));
}

}  // namespace tablero::web::consultation
