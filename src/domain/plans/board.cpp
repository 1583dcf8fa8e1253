#include "domain/plans/board.h"

#include <algorithm>
#include <tuple>

namespace tablero::plans {

namespace {

int quarter_of(const Date& date)
{
    return (date.month - 1) / 3 + 1;
}

// Quarters counted from year 0, so that two quarters subtract.
int quarter_index(int year, int quarter)
{
    return year * 4 + (quarter - 1);
}

int quarter_index(const Date& date)
{
    return quarter_index(date.year, quarter_of(date));
}

void collect(
    const Commitment& commitment, const std::vector<Node>& nodes, std::vector<UpdateEntry>& out)
{
    for (const Node& node : nodes) {
        for (const ProgressUpdate& update : node.updates)
            out.push_back({&commitment, &node, &update, out.size()});
        collect(commitment, node.children, out);
    }
}

}  // namespace

DueTimeline due_timeline(const Plan& plan, const PlanSnapshot& snapshot)
{
    DueTimeline timeline;
    int first = quarter_index(plan.period_start);
    int last = quarter_index(plan.period_end);
    if (last < first)
        std::swap(first, last);
    for (const CommitmentSnapshot& figures : snapshot.commitments) {
        if (!figures.status)
            continue;
        if (!figures.due_date) {
            ++timeline.undated;
            continue;
        }
        first = std::min(first, quarter_index(*figures.due_date));
        last = std::max(last, quarter_index(*figures.due_date));
    }
    for (int index = first; index <= last; ++index)
        timeline.quarters.push_back(QuarterDue{index / 4, index % 4 + 1, 0, 0, 0});
    for (const CommitmentSnapshot& figures : snapshot.commitments) {
        if (!figures.status || !figures.due_date)
            continue;
        QuarterDue& quarter =
            timeline.quarters[static_cast<std::size_t>(quarter_index(*figures.due_date) - first)];
        if (*figures.status == Status::completed)
            ++quarter.completed;
        else if (*figures.status == Status::delayed)
            ++quarter.delayed;
        else
            ++quarter.open;
    }
    for (const QuarterDue& quarter : timeline.quarters)
        timeline.most = std::max(timeline.most, quarter.total());
    return timeline;
}

std::vector<UpdateEntry> recent_updates(const Plan& plan, std::size_t limit)
{
    std::vector<UpdateEntry> entries;
    for (const Commitment& commitment : plan.commitments)
        collect(commitment, commitment.results, entries);
    // Among equals, the one later in the plan first, so the order is total and stable.
    auto newer = [](const UpdateEntry& a, const UpdateEntry& b) {
        return std::tie(a.update->recorded_at, a.update->as_of, a.position) >
            std::tie(b.update->recorded_at, b.update->as_of, b.position);
    };
    const std::size_t kept = std::min(limit, entries.size());
    std::partial_sort(
        entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(kept), entries.end(), newer);
    entries.resize(kept);
    return entries;
}

}  // namespace tablero::plans
