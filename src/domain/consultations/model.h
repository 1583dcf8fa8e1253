// Consultations (PRODUCT.md, module 4): the words every part of a consultation shares. A
// consultation has phases (proposals, comments on drafts, voting), each with hard open and close
// instants; participants propose commitments, comment on the paragraphs of published drafts and
// vote on proposals and draft commitments; the Open Government Unit answers every input with what
// became of it; moderators hide what breaks the rules, with a reason.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::consultations {

enum class PhaseKind { proposals, comments, voting };

// When a consultation shows its vote counts: as they come, or only once voting has closed.
enum class ResultsVisibility { live, after_close };

// What a comment declares about the text it is on. "against" is dissent, and the summary keeps
// it as dissent.
enum class Stance { none, in_favour, neutral, against };

enum class Choice { in_favour, against, abstain };

// What a vote is on: a participant's proposal, or a draft commitment of the consultation's plan.
enum class ItemKind { proposal, commitment };

// What the unit answered an input (a proposal or a comment) with. not_accepted needs a
// justification; accepted may link the commitment it became, merged the input it joined.
enum class Outcome { accepted, merged, not_accepted };

// What can be flagged and hidden.
enum class ContentKind { proposal, comment };

// Comments are threaded at most this deep: a reply to a reply to a comment is the last level.
inline constexpr int max_comment_depth = 3;

// One section of a draft published for comment, as domain/consultations/document.h splits its
// Markdown: numbered from 1 in the order of the draft's headings (0 for what comes before the
// first heading), each paragraph (a paragraph, a list, a table or a quote) numbered from 1.
struct Section {
    int number = 0;
    std::string title;
    // Each paragraph's Markdown, in order.
    std::vector<std::string> paragraphs;
};

// The unit's answer to an input.
struct InputResponse {
    Outcome outcome = Outcome::accepted;
    // Required for not_accepted.
    std::string justification;
    // accepted: the commitment the input became ("<plan>/<commitment>"), optional.
    std::string commitment;
    // merged: the proposal it joined, when it joined one.
    std::optional<std::int64_t> merged_into;
    // The display name of who answered, and when (filled by the store when read).
    std::string by_name;
    std::string at;
};

struct Moderation {
    std::string reason;
    std::string at;
};

// Who wrote an input, as may be said in public: display name and, for a civil-society monitor,
// the organisation they speak for.
struct Author {
    std::int64_t account_id = 0;
    std::string name;
    std::string organisation;
};

struct Comment {
    std::int64_t id = 0;
    std::int64_t consultation_id = 0;
    std::int64_t document_id = 0;
    std::optional<std::int64_t> paragraph_id;
    std::optional<std::int64_t> parent_id;
    // 1 for a comment, 2 for a reply, 3 for a reply to a reply.
    int depth = 1;
    Author author;
    Stance stance = Stance::none;
    std::string body;
    std::string created_at;
    int endorsements = 0;
    int flags = 0;
    std::optional<InputResponse> response;
    std::optional<Moderation> hidden;
};

struct Proposal {
    std::int64_t id = 0;
    std::int64_t consultation_id = 0;
    Author author;
    std::string title;
    std::string problem;
    std::string proposal;
    std::string institution;
    std::string created_at;
    int flags = 0;
    std::optional<InputResponse> response;
    std::optional<Moderation> hidden;
};

// What a vote is on: a proposal (key: its id in decimal) or a draft commitment of the
// consultation's plan (key: the commitment's code).
struct VoteTarget {
    ItemKind kind = ItemKind::proposal;
    std::string key;

    auto operator<=>(const VoteTarget&) const = default;
};

struct Tally {
    std::int64_t in_favour = 0;
    std::int64_t against = 0;
    std::int64_t abstain = 0;

    std::int64_t total() const { return in_favour + against + abstain; }
};

// Stable codes, as stored and as sent in forms: "proposals", "after_close", "in_favour"...
std::string_view to_string(PhaseKind kind);
std::string_view to_string(ResultsVisibility visibility);
std::string_view to_string(Stance stance);
std::string_view to_string(Choice choice);
std::string_view to_string(ItemKind kind);
std::string_view to_string(Outcome outcome);
std::string_view to_string(ContentKind kind);

// The inverse of to_string; nullopt for any other text. Stance::none is "".
std::optional<PhaseKind> parse_phase_kind(std::string_view code);
std::optional<ResultsVisibility> parse_results_visibility(std::string_view code);
std::optional<Stance> parse_stance(std::string_view code);
std::optional<Choice> parse_choice(std::string_view code);
std::optional<ItemKind> parse_item_kind(std::string_view code);
std::optional<Outcome> parse_outcome(std::string_view code);
std::optional<ContentKind> parse_content_kind(std::string_view code);

}  // namespace tablero::consultations
