#include "domain/plans/snapshot.h"

#include "domain/plans/progress.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace tablero::plans {

namespace {

std::size_t count_nodes(const std::vector<Node>& nodes)
{
    std::size_t count = nodes.size();
    for (const Node& node : nodes)
        count += count_nodes(node.children);
    return count;
}

// Due dates packed into one ordered integer for the passes over every node, which compare and
// copy them 100,000 times for a large plan; std::optional<Date> costs three comparisons and a
// flag each time.
using DueKey = std::int32_t;
constexpr DueKey no_due = std::numeric_limits<DueKey>::min();

DueKey due_key(std::optional<Date> date)
{
    return date ? date->year * 512 + date->month * 32 + date->day : no_due;
}

std::optional<Date> due_date_of(DueKey key)
{
    if (key == no_due)
        return std::nullopt;
    // Floor division, so that years before 0 decode too.
    const int year = (key >= 0 ? key : key - 511) / 512;
    const int rest = key - year * 512;
    return Date{year, rest / 32, rest % 32};
}

// The plan flattened in pre-order (plan, then each commitment followed by its results, each
// result followed by its children), so every parent comes before its children as roll_up
// requires. `due` holds each node's own due date, for the default due dates, and `children` its
// number of children, so the snapshot is built without walking the plan a second time.
struct Flat {
    std::vector<ProgressNode> nodes;
    std::vector<DueKey> due;
    std::vector<std::uint32_t> children;

    void reserve(std::size_t count)
    {
        nodes.reserve(count);
        due.reserve(count);
        children.reserve(count);
    }

    void add(std::int32_t parent, std::optional<double> weight, Progress reported,
        std::optional<Date> own_due, std::size_t child_count)
    {
        nodes.push_back(ProgressNode{parent, weight, reported});
        due.push_back(due_key(own_due));
        children.push_back(static_cast<std::uint32_t>(child_count));
    }

    void add_nodes(const std::vector<Node>& list, std::int32_t parent, Date as_of)
    {
        for (const Node& node : list) {
            const auto index = static_cast<std::int32_t>(nodes.size());
            add(parent, node.weight, progress_as_of(node.updates, as_of), node.due_date,
                node.children.size());
            add_nodes(node.children, index, as_of);
        }
    }
};

// PRODUCT.md's default due date: a node's due date "defaults to the latest due date below it".
// Only applicable children count, as for weights: a result struck from the plan does not move
// its commitment's deadline. A node that is itself not applicable shows the latest date of all
// its children, for reference (it has no status to compute from it).
std::vector<DueKey> effective_due_dates(const Flat& flat, const std::vector<RolledUp>& rolled)
{
    const std::size_t count = flat.nodes.size();
    std::vector<DueKey> latest_applicable(count, no_due);
    std::vector<DueKey> latest_any(count, no_due);
    std::vector<DueKey> effective(count, no_due);
    for (std::size_t i = count; i-- > 0;) {
        if (flat.due[i] != no_due)
            effective[i] = flat.due[i];
        else
            effective[i] = rolled[i].applicable ? latest_applicable[i] : latest_any[i];
        const std::int32_t parent = flat.nodes[i].parent;
        if (parent < 0)
            continue;
        const auto p = static_cast<std::size_t>(parent);
        latest_any[p] = std::max(latest_any[p], effective[i]);
        if (rolled[i].applicable)
            latest_applicable[p] = std::max(latest_applicable[p], effective[i]);
    }
    return effective;
}

// Hands out the flat indexes in the same pre-order as Flat, rebuilding the tree from the
// children counts.
struct Mapper {
    const std::vector<RolledUp>& rolled;
    const std::vector<DueKey>& due;
    const std::vector<std::uint32_t>& children;
    Date as_of;
    std::size_t next = 0;

    void fill(std::size_t index, bool& applicable, double& progress, double& weight,
        std::optional<Status>& status, std::optional<Date>& due_date) const
    {
        const RolledUp& figures = rolled[index];
        applicable = figures.applicable;
        progress = figures.progress;
        weight = figures.weight;
        due_date = due_date_of(due[index]);
        if (applicable)
            status = status_as_of(progress, due_date, as_of);
    }

    std::vector<NodeSnapshot> map_nodes(std::size_t count)
    {
        std::vector<NodeSnapshot> out(count);
        for (NodeSnapshot& snapshot : out) {
            const std::size_t index = next++;
            fill(index, snapshot.applicable, snapshot.progress, snapshot.weight, snapshot.status,
                snapshot.due_date);
            if (children[index] > 0)
                snapshot.children = map_nodes(children[index]);
        }
        return out;
    }
};

// Sums for a group's weighted progress, keyed by the group's text in the plan.
struct Groups {
    std::vector<GroupSnapshot> list;
    std::unordered_map<std::string_view, std::size_t> index;

    GroupSnapshot& at(std::string_view key)
    {
        auto [it, inserted] = index.try_emplace(key, list.size());
        if (inserted)
            list.push_back(GroupSnapshot{std::string(key), false, 0, 0, 0});
        return list[it->second];
    }

    // The same rule as the roll-up, one level: Σ w·p / Σ w over the applicable commitments.
    void add(std::string_view key, const CommitmentSnapshot& commitment)
    {
        GroupSnapshot& group = at(key);
        ++group.commitments;
        if (!commitment.applicable)
            return;
        group.applicable = true;
        group.progress += commitment.weight * commitment.progress;
        group.weight += commitment.weight;
    }

    std::vector<GroupSnapshot> finish() &&
    {
        for (GroupSnapshot& group : list) {
            if (group.applicable)
                group.progress /= group.weight;
        }
        return std::move(list);
    }
};

void count(StatusCounts& counts, const CommitmentSnapshot& commitment)
{
    if (!commitment.status) {
        ++counts.not_applicable;
        return;
    }
    switch (*commitment.status) {
    case Status::not_started:
        ++counts.not_started;
        break;
    case Status::in_progress:
        ++counts.in_progress;
        break;
    case Status::delayed:
        ++counts.delayed;
        break;
    case Status::completed:
        ++counts.completed;
        break;
    }
}

}  // namespace

PlanSnapshot snapshot_of(const Plan& plan, Date as_of)
{
    std::size_t total = 1 + plan.commitments.size();
    for (const Commitment& commitment : plan.commitments)
        total += count_nodes(commitment.results);

    Flat flat;
    flat.reserve(total);
    // The plan itself has no weight or figure of its own: it is the sum of its commitments.
    flat.add(-1, std::nullopt, Progress::not_reported(), std::nullopt, plan.commitments.size());
    for (const Commitment& commitment : plan.commitments) {
        const auto index = static_cast<std::int32_t>(flat.nodes.size());
        // A commitment's due date is its end date; without one, the latest of its results'.
        flat.add(0, commitment.weight, Progress::not_reported(), commitment.end_date,
            commitment.results.size());
        flat.add_nodes(commitment.results, index, as_of);
    }

    const std::vector<RolledUp> rolled = roll_up(flat.nodes);
    const std::vector<DueKey> due = effective_due_dates(flat, rolled);

    PlanSnapshot snapshot;
    snapshot.as_of = as_of;
    snapshot.applicable = rolled[0].applicable;
    snapshot.progress = rolled[0].progress;
    snapshot.weight = rolled[0].weight;
    snapshot.status =
        status_as_of(snapshot.applicable ? snapshot.progress : 0, plan.period_end, as_of);
    snapshot.commitments.resize(plan.commitments.size());

    Groups areas;
    for (const Area& area : plan.areas)
        areas.at(area.code);
    Groups institutions;

    Mapper mapper{rolled, due, flat.children, as_of, 1};
    for (std::size_t c = 0; c < plan.commitments.size(); ++c) {
        const Commitment& commitment = plan.commitments[c];
        CommitmentSnapshot& out = snapshot.commitments[c];
        mapper.fill(
            mapper.next++, out.applicable, out.progress, out.weight, out.status, out.due_date);
        if (out.applicable)
            out.suggested_level = suggest_completion_level(out.progress);
        out.results = mapper.map_nodes(commitment.results.size());

        areas.add(commitment.area, out);
        institutions.add(commitment.lead_institution, out);
        count(snapshot.counts, out);
    }
    snapshot.areas = std::move(areas).finish();
    snapshot.institutions = std::move(institutions).finish();
    return snapshot;
}

}  // namespace tablero::plans
