// A plan as of a date: every figure the public board and the API show (progress of the plan, of
// each commitment and result, of each area and lead institution; statuses, due dates, suggested
// completion levels; counts by status), computed in one roll-up by the rules of progress.h.
// The snapshot holds no text of the plan: each entry sits at the same position as what it
// describes, so commitments[i] is plan.commitments[i] and nodes[j] is the j-th result.
#pragma once

#include "core/date.h"
#include "domain/plans/model.h"

#include <optional>
#include <string>
#include <vector>

namespace tablero::plans {

// A result, milestone or activity as of the date.
struct NodeSnapshot {
    bool applicable = true;
    double progress = 0;
    // The weight it carries among its siblings (0 when not applicable).
    double weight = 0;
    // Not set when not applicable: there is nothing to be late with.
    std::optional<Status> status;
    // Its own due date, or else the latest effective due date below it.
    std::optional<Date> due_date;
    // Same order as Node::children.
    std::vector<NodeSnapshot> children;
};

struct CommitmentSnapshot {
    bool applicable = true;
    double progress = 0;
    // The weight it carries in the plan: its own, or else the sum of its applicable results'.
    double weight = 0;
    std::optional<Status> status;
    // The commitment's end date, or else the latest effective due date of its results.
    std::optional<Date> due_date;
    // Suggested from progress; never an assessment (see suggest_completion_level).
    std::optional<CompletionLevel> suggested_level;
    // Same order as Commitment::results.
    std::vector<NodeSnapshot> results;
};

// Progress of a group of commitments (an area, a lead institution), weighted by the commitments'
// weights over the applicable ones.
struct GroupSnapshot {
    // The area's code or the institution's name.
    std::string key;
    bool applicable = false;
    double progress = 0;
    double weight = 0;
    int commitments = 0;
};

// Commitments by status as of the date; not-applicable ones are counted apart.
struct StatusCounts {
    int not_started = 0;
    int in_progress = 0;
    int delayed = 0;
    int completed = 0;
    int not_applicable = 0;

    bool operator==(const StatusCounts&) const = default;
};

struct PlanSnapshot {
    Date as_of;
    bool applicable = true;
    double progress = 0;
    double weight = 0;
    // The plan's own status: its progress against the end of its period (a plan with nothing
    // applicable counts as 0 %).
    Status status = Status::not_started;
    // Same order as Plan::commitments.
    std::vector<CommitmentSnapshot> commitments;
    // The plan's areas in their order, then any area code a commitment names that the plan
    // does not list, in order of first use.
    std::vector<GroupSnapshot> areas;
    // Lead institutions in order of first appearance among the commitments.
    std::vector<GroupSnapshot> institutions;
    StatusCounts counts;
};

// The plan as it stood on `as_of`: each leaf's progress is its latest update on or before that
// day, and statuses compare due dates with that day.
PlanSnapshot snapshot_of(const Plan& plan, Date as_of);

}  // namespace tablero::plans
