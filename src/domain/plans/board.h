// What the public board draws from a plan beyond its snapshot: the timeline of due dates by
// quarter, and the most recent progress updates for the plan's Atom feed. Pure functions.
#pragma once

#include "core/date.h"
#include "domain/plans/model.h"
#include "domain/plans/snapshot.h"

#include <cstddef>
#include <string>
#include <vector>

namespace tablero::plans {

// A quarter of the timeline: the commitments whose due date falls in it, by status as of the
// snapshot's date. Not-applicable commitments are not counted.
struct QuarterDue {
    int year = 0;
    int quarter = 1;  // 1-4
    int completed = 0;
    int delayed = 0;
    // Not started or in progress and not yet late.
    int open = 0;

    int total() const { return completed + delayed + open; }
    bool operator==(const QuarterDue&) const = default;
};

struct DueTimeline {
    // Every quarter from the plan's start (or the earliest due date, if earlier) to its end (or
    // the latest due date, if later), in order, empty ones included.
    std::vector<QuarterDue> quarters;
    // Applicable commitments with no due date at all.
    int undated = 0;
    // The largest total of a quarter, for scaling a chart (0 when nothing is dated).
    int most = 0;
};

DueTimeline due_timeline(const Plan& plan, const PlanSnapshot& snapshot);

// One progress update with where it belongs, for the feed.
struct UpdateEntry {
    const Commitment* commitment = nullptr;
    const Node* node = nullptr;
    const ProgressUpdate* update = nullptr;
    // Its place in a walk of the plan (commitments, then nodes depth first, then updates).
    std::size_t position = 0;
};

// The `limit` most recently recorded updates of the plan, newest first (by recorded_at, then by
// as_of, then later in the plan first).
std::vector<UpdateEntry> recent_updates(const Plan& plan, std::size_t limit);

}  // namespace tablero::plans
