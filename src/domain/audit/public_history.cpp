#include "domain/audit/public_history.h"

namespace tablero::audit {

std::string_view to_string(PublicChange change)
{
    switch (change) {
    case PublicChange::progress_published:
        return "progress_published";
    case PublicChange::progress_approved:
        return "progress_approved";
    case PublicChange::commitment_created:
        return "commitment_created";
    case PublicChange::commitment_edited:
        return "commitment_edited";
    case PublicChange::result_created:
        return "result_created";
    case PublicChange::result_edited:
        return "result_edited";
    case PublicChange::assessment_recorded:
        return "assessment_recorded";
    case PublicChange::dissent_recorded:
        return "dissent_recorded";
    }
    return "commitment_edited";
}

std::optional<PublicChange> public_change(
    std::string_view entity, std::string_view action, std::string_view state_after)
{
    if (entity == "result") {
        // storage/sql/workspace_store.cpp: a submission is "approved" when published at once
        // and "pending" when it waits for the unit; returning it publishes nothing.
        if (action == "submit_progress_update")
            return state_after == "approved" ? std::optional(PublicChange::progress_published)
                                             : std::nullopt;
        if (action == "approve_progress_update")
            return PublicChange::progress_approved;
        // storage/sql/plan_editor.cpp: the administrators' editor.
        if (action == "create_result")
            return PublicChange::result_created;
        if (action == "update_result")
            return PublicChange::result_edited;
        return std::nullopt;
    }
    if (entity == "commitment") {
        if (action == "create_commitment")
            return PublicChange::commitment_created;
        if (action == "update_commitment")
            return PublicChange::commitment_edited;
        // storage/sql/monitoring_store.cpp.
        if (action == "record_assessment")
            return PublicChange::assessment_recorded;
        if (action == "record_dissent")
            return PublicChange::dissent_recorded;
    }
    return std::nullopt;
}

PublicActor public_actor(std::string_view role, std::string_view display_name,
    std::string_view organisation, std::string_view lead_institution)
{
    if (role == "officer")
        return {std::string(display_name), std::string(lead_institution), "officer"};
    if (role == "monitor")
        return {std::string(display_name), std::string(organisation), "monitor"};
    if (role == "administrator")
        return {std::string(display_name), {}, "administrator"};
    if (role == "citizen")
        return {std::string(display_name), {}, "citizen"};
    // The system's "name" is what it was ("import of plan.csv", "command line"): not a person.
    return {{}, {}, "system"};
}

}  // namespace tablero::audit
