// Consultations (PRODUCT.md, module 4; domain/consultations/): processes with phases, the drafts
// published for comment split into numbered paragraphs, threaded comments and their
// endorsements, proposals, votes, flags and moderation, the unit's answers, and the identity
// numbers a consultation may require. Who may do what and whether a phase is open are decided
// before calling (accounts::authorise, consultations::window_state); this store keeps the rules
// the database must hold even under concurrent requests: one vote per account per item (a second
// vote replaces the first), one endorsement and one flag per account per content, one account per
// identity number per consultation, and comment threads at most three deep.
//
// Every write appends to the audit log in its own transaction, on entity "consultation" with key
// "<consultation id>" (and "<id>/proposal/<pid>", "<id>/comment/<cid>", "<id>/vote/<kind>/<key>"
// for what is inside it). Hidden content stays stored, with its text, for the audit log and the
// moderators; the lists below return it marked hidden and the pages leave it out.
//
// Instants are SQL timestamps (storage/database.h to_sql_timestamp: "2026-03-31T23:59:00Z", UTC).
#pragma once

#include "core/result.h"
#include "domain/consultations/model.h"
#include "storage/audit_log.h"
#include "storage/database.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tablero::storage {

struct ConsultationPhase {
    consultations::PhaseKind kind = consultations::PhaseKind::proposals;
    // Open from opens_at (included) until closes_at (excluded).
    std::string opens_at;
    std::string closes_at;
};

// A consultation as the administrator's form sends it.
struct ConsultationRecord {
    std::string title;
    // Markdown: what is being consulted and how inputs will be used.
    std::string description;
    // The plan the consultation co-creates (its code), or empty for a consultation of its own.
    // Its commitments are the draft commitments participants vote on.
    std::string plan;
    consultations::ResultsVisibility results = consultations::ResultsVisibility::live;
    // Participation also needs an identity number, unique in this consultation.
    bool requires_identity = false;
    // At most one phase of each kind; a consultation without a voting phase takes no votes.
    std::vector<ConsultationPhase> phases;
};

struct Consultation {
    std::int64_t id = 0;
    ConsultationRecord record;
    std::string created_at;
    // Random, per consultation (hex): the salt identity numbers are hashed with.
    std::string identity_salt;
};

// One numbered paragraph of a published draft (a paragraph, a list, a table or a quote of its
// Markdown: domain/consultations/document.h).
struct Paragraph {
    std::int64_t id = 0;
    // Sections are numbered from 1 in the order of the draft's headings (0 before the first one);
    // paragraphs from 1 within their section.
    int section = 0;
    int number = 0;
    std::string section_title;
    std::string markdown;
};

struct Document {
    std::int64_t id = 0;
    std::int64_t consultation_id = 0;
    std::string title;
    // The whole draft as published.
    std::string markdown;
    std::string published_at;
    // In order.
    std::vector<Paragraph> paragraphs;
};

struct NewComment {
    std::int64_t consultation_id = 0;
    std::int64_t document_id = 0;
    // Empty for a comment on the whole document.
    std::optional<std::int64_t> paragraph_id;
    // Set for a reply; a reply belongs to its parent's document and paragraph.
    std::optional<std::int64_t> parent_id;
    consultations::Stance stance = consultations::Stance::none;
    std::string body;
};

struct NewProposal {
    std::int64_t consultation_id = 0;
    std::string title;
    std::string problem;
    std::string proposal;
    // The institution the participant suggests to lead it (free text or an institution code).
    std::string institution;
};

// A piece of content with flags, for the moderators' queue.
struct FlaggedContent {
    consultations::ContentKind kind = consultations::ContentKind::comment;
    std::int64_t id = 0;
    int flags = 0;
    // The flaggers' reasons, oldest first.
    std::vector<std::string> reasons;
    std::string latest_flag_at;
};

class ConsultationStore {
public:
    virtual ~ConsultationStore() = default;

    // ---- consultations (administrators) ----
    // invalid_argument naming "title" when blank, "plan" for an unknown plan code, "phases" for
    // two phases of one kind or a phase that does not close after it opens.
    virtual Result<std::int64_t> create_consultation(
        const ConsultationRecord& record, const AuditActor& by, const std::string& at) = 0;
    // The same checks; not_found for an unknown id.
    virtual Result<void> update_consultation(std::int64_t id, const ConsultationRecord& record,
        const AuditActor& by, const std::string& at) = 0;
    // Newest first.
    virtual Result<std::vector<Consultation>> list_consultations() = 0;
    virtual Result<std::optional<Consultation>> find_consultation(std::int64_t id) = 0;

    // ---- drafts for comment ----
    // Stores the draft and its paragraphs as split (domain/consultations/document.h). not_found
    // for an unknown consultation; invalid_argument naming "title" when blank, "markdown" when
    // there is no paragraph.
    virtual Result<std::int64_t> publish_document(std::int64_t consultation_id,
        const std::string& title, const std::string& markdown,
        const std::vector<consultations::Section>& sections, const AuditActor& by,
        const std::string& at) = 0;
    // In the order published, each with its paragraphs.
    virtual Result<std::vector<Document>> documents(std::int64_t consultation_id) = 0;

    // ---- comments ----
    // invalid_argument naming "body" when blank, "document" or "paragraph" when they are not of
    // this consultation (document), "parent" when the parent is of another document or paragraph,
    // is hidden, or is already at max_comment_depth. The author is by.account_id.
    virtual Result<std::int64_t> add_comment(
        const NewComment& comment, const AuditActor& by, const std::string& at) = 0;
    // Every comment of the consultation, hidden ones included, oldest first.
    virtual Result<std::vector<consultations::Comment>> comments(std::int64_t consultation_id) = 0;
    // One endorsement per account: endorsing again changes nothing and is not an error.
    // not_found for an unknown comment; failed_precondition for a hidden one.
    virtual Result<void> endorse(
        std::int64_t comment_id, const AuditActor& by, const std::string& at) = 0;

    // ---- proposals ----
    // invalid_argument naming "title", "problem" or "proposal" when blank.
    virtual Result<std::int64_t> add_proposal(
        const NewProposal& proposal, const AuditActor& by, const std::string& at) = 0;
    // Every proposal of the consultation, hidden ones included, oldest first.
    virtual Result<std::vector<consultations::Proposal>> proposals(
        std::int64_t consultation_id) = 0;

    // ---- the unit's answers ----
    // Records (or replaces) the answer to a proposal or a comment of the consultation.
    // invalid_argument naming "justification" when not_accepted has none, "commitment" for an
    // unknown "<plan>/<commitment>", "merged_into" for a proposal of another consultation or the
    // input itself; not_found for an unknown input.
    virtual Result<void> respond(std::int64_t consultation_id, consultations::ContentKind kind,
        std::int64_t id, const consultations::InputResponse& response, const AuditActor& by,
        const std::string& at) = 0;

    // ---- votes ----
    // The account's vote on target: a first vote adds one, a later one replaces it, so two
    // concurrent votes of one account leave exactly one. not_found for a proposal that is not of
    // this consultation or a commitment that is not of its plan; failed_precondition for a
    // hidden proposal.
    virtual Result<void> cast_vote(std::int64_t consultation_id,
        const consultations::VoteTarget& target, consultations::Choice choice, const AuditActor& by,
        const std::string& at) = 0;
    // The counts per target, hidden proposals left out.
    virtual Result<std::map<consultations::VoteTarget, consultations::Tally>> tallies(
        std::int64_t consultation_id) = 0;
    // The account's own votes.
    virtual Result<std::map<consultations::VoteTarget, consultations::Choice>> votes_of(
        std::int64_t consultation_id, std::int64_t account_id) = 0;

    // ---- flags and moderation ----
    // One flag per account per content: flagging again changes nothing. invalid_argument naming
    // "reason" when blank; not_found for content not of this consultation.
    virtual Result<void> flag(std::int64_t consultation_id, consultations::ContentKind kind,
        std::int64_t id, const std::string& reason, const AuditActor& by,
        const std::string& at) = 0;
    // Content with at least one flag, hidden or not, most flagged first.
    virtual Result<std::vector<FlaggedContent>> flagged(std::int64_t consultation_id) = 0;
    // Hides content with a reason its author is shown (invalid_argument naming "reason" when
    // blank), or shows it again (hidden = false, reason ignored). Hidden comments leave the
    // endorsement counts and hidden proposals the vote counts.
    virtual Result<void> set_hidden(std::int64_t consultation_id, consultations::ContentKind kind,
        std::int64_t id, bool hidden, const std::string& reason, const AuditActor& by,
        const std::string& at) = 0;

    // ---- identity numbers ----
    // Records that the account participates in the consultation under identity_hash (made by
    // domain/consultations/identity.h with the consultation's salt). already_exists naming
    // "identity" when another account holds that hash in this consultation; recording the same
    // hash again for the same account is not an error.
    virtual Result<void> register_identity(std::int64_t consultation_id,
        const std::string& identity_hash, const AuditActor& by, const std::string& at) = 0;
    virtual Result<bool> has_identity(std::int64_t consultation_id, std::int64_t account_id) = 0;
};

// The SOCI implementation, the same on both backends.
std::unique_ptr<ConsultationStore> make_consultation_store(Database& database);

}  // namespace tablero::storage
