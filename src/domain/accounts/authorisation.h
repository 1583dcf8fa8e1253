// Who may do what (PRODUCT.md, module 3): one table of role × action × scope, checked in one
// place. Every write route asks `authorise` before it touches anything, and a refusal says why
// in a stable code the web translates ("sign_in_required", "other_institution"...).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace tablero::accounts {

// Anonymous visitors have no role: they are a missing Actor::role.
enum class Role { administrator, officer, monitor, citizen };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view code);

enum class Action {
    // Post a progress update (value, note, evidence) on a result of a commitment.
    post_progress_update,
    // See the updates waiting for validation.
    view_pending_updates,
    // Approve or return an update waiting for validation.
    validate_update,
    // Create and edit plans, areas, commitments, results, weights and institutions.
    manage_plans,
    // Record a completion level with its justification for a commitment, as the actor's side
    // (government for the Open Government Unit, civil society for a monitor).
    record_assessment,
    // Record dissent on a commitment (civil society).
    record_dissent,
    // Read and export the whole audit log.
    view_audit_log,
    // Create, change and disable accounts.
    manage_accounts,
    // Comment and vote in consultations, file reports and requests.
    participate,
    // Open consultations, set their phases, publish their documents and answer every input
    // (proposals and comments) with what became of it (web/consultation/).
    manage_consultations,
    // Hide flagged consultation content with a reason, and show it again.
    moderate,
};

std::string_view to_string(Action action);

// Who is asking. A missing role is an anonymous visitor.
struct Actor {
    std::optional<Role> role;
    // The institutions an officer reports for (their codes, as commitments name their lead
    // institution).
    std::set<std::string> institutions;
    bool disabled = false;
};

// What the action is on: the lead institution of the commitment concerned, when there is one.
struct Scope {
    std::optional<std::string> institution;
};

struct Decision {
    bool allowed = false;
    // Empty when allowed; otherwise one of: sign_in_required, account_disabled,
    // role_not_allowed, other_institution.
    std::string_view reason;

    explicit operator bool() const { return allowed; }
};

// The table's answer. An officer's actions on a commitment are limited to their institutions:
// an action that concerns a commitment must give its institution in scope, and an officer
// asked without one is refused (other_institution), so a forgotten scope fails closed.
Decision authorise(const Actor& actor, Action action, const Scope& scope = {});

}  // namespace tablero::accounts
