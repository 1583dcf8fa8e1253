// Which entries of the audit log a commitment's public page shows, and how it names who made
// them (PRODUCT.md, module 3: "Each commitment page shows its public history"). The log keeps
// every write; the public sees what the public record already holds: progress once published
// (at once, or approved by the Open Government Unit), the administrators' edits of the
// commitment and its results, civil society's assessments and dissent. A submission still
// pending or returned to its officer is between the officer and the unit, and an action this
// rule does not know is left out: what is public is decided here, never by default.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tablero::audit {

// What the public history says happened.
enum class PublicChange {
    // An officer's update published at once (the plan needs no validation).
    progress_published,
    // An update the Open Government Unit approved.
    progress_approved,
    commitment_created,
    commitment_edited,
    result_created,
    result_edited,
    assessment_recorded,
    dissent_recorded,
};

// A stable snake_case code ("progress_published"), for message keys and CSS classes.
std::string_view to_string(PublicChange change);

// The public change an entry of the audit log stands for, or nullopt when it stays private.
// state_after is the "state" the entry's after JSON gives a submitted progress update
// ("approved" when it was published at once, "pending" when it waits); empty otherwise.
std::optional<PublicChange> public_change(
    std::string_view entity, std::string_view action, std::string_view state_after);

// Who made a public change, as the page may name them: never by e-mail address (the log's actor
// is one), but by the account's display name and what they speak for.
struct PublicActor {
    // The account's display name; empty for the system (an import, the command line).
    std::string name;
    // What they speak for: the commitment's lead institution for an officer, the organisation
    // for a monitor, and empty for an administrator (the page says "Open Government Unit") and
    // for the system.
    std::string affiliation;
    // "administrator", "officer", "monitor", "citizen" or "system": the message key's suffix.
    std::string role;
};

// role is the role the log recorded; display_name and organisation the account's;
// lead_institution the commitment's.
PublicActor public_actor(std::string_view role, std::string_view display_name,
    std::string_view organisation, std::string_view lead_institution);

}  // namespace tablero::audit
