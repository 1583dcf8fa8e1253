// The institution workspace's data (PRODUCT.md, module 3): officers submit progress updates on
// the results of their commitments; per plan, an update is published at once or waits for the
// Open Government Unit, which approves it (then it joins the public history) or returns it with
// a comment. Who may do which is decided before calling (accounts::authorise, with the
// commitment's lead institution as scope); every change here is audited in its transaction.
#pragma once

#include "core/date.h"
#include "core/result.h"
#include "domain/plans/model.h"
#include "storage/audit_log.h"
#include "storage/database.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tablero::storage {

// A progress update as an officer sends it; author and recorded_at come from who sends it and
// when.
struct UpdateSubmission {
    std::string plan;
    std::string commitment;
    // A leaf result, milestone or activity: parents' figures are rolled up, not reported.
    std::string node;
    Date as_of;
    plans::Progress progress;
    std::string note;
    std::vector<plans::Evidence> evidence;
};

enum class SubmissionState { pending, approved, returned };
std::string_view to_string(SubmissionState state);

struct SubmittedUpdate {
    std::int64_t id = 0;
    SubmissionState state = SubmissionState::pending;
    // Whether it is in the public history now (approved, or published at once).
    bool published = false;
};

struct SubmissionRecord {
    std::int64_t id = 0;
    std::string plan;
    std::string commitment;
    std::string commitment_title;
    // The commitment's lead institution: the scope of who may see and review it.
    std::string institution;
    std::string node;
    std::string node_title;
    Date as_of;
    plans::Progress progress;
    std::string note;
    std::vector<plans::Evidence> evidence;
    std::string submitted_by;  // the account's e-mail address
    std::string submitted_at;
    SubmissionState state = SubmissionState::pending;
    std::string reviewed_by;
    std::string reviewed_at;
    std::string review_comment;
};

class WorkspaceStore {
public:
    virtual ~WorkspaceStore() = default;

    virtual Result<bool> updates_need_validation(const std::string& plan) = 0;
    virtual Result<void> set_updates_need_validation(
        const std::string& plan, bool required, const AuditActor& by, const std::string& at) = 0;

    // Publishes the update at once, or keeps it pending when the plan's updates need
    // validation. `by` must be an account. invalid_argument for a bad percent or a node that
    // has children; not_found for an unknown plan, commitment or node.
    virtual Result<SubmittedUpdate> submit_update(
        const UpdateSubmission& update, const AuditActor& by, const std::string& at) = 0;

    // A plan's submissions in one state, oldest first.
    virtual Result<std::vector<SubmissionRecord>> submissions(
        const std::string& plan, SubmissionState state) = 0;
    // Every submission the account with this e-mail address made, in every plan and state,
    // oldest first: the officer's workspace reads them in one query instead of three per plan
    // (600 with 200 plans, two seconds on PostgreSQL at scale 1.0, bench/README.md).
    virtual Result<std::vector<SubmissionRecord>> submissions_by(const std::string& email) = 0;
    virtual Result<std::optional<SubmissionRecord>> find_submission(std::int64_t id) = 0;

    // Publishes a pending update into the public history. failed_precondition when it is not
    // pending any more.
    virtual Result<void> approve(std::int64_t id, const AuditActor& by, const std::string& at) = 0;
    // Sends a pending update back to its officer with a comment (required).
    virtual Result<void> return_to_officer(std::int64_t id, const std::string& comment,
        const AuditActor& by, const std::string& at) = 0;
};

std::unique_ptr<WorkspaceStore> make_workspace_store(Database& database);

}  // namespace tablero::storage
