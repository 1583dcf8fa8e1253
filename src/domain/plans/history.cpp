#include "domain/plans/history.h"

#include <algorithm>

namespace tablero::plans {

namespace {

struct Ordered {
    HistoryEntry entry;
    // The node's place in a pre-order walk, and the update's place in the node's list.
    std::size_t node_position = 0;
    std::size_t update_position = 0;
};

void collect(const Node& node, Date day, std::vector<Ordered>& out, std::size_t& position)
{
    const std::size_t here = position++;
    for (std::size_t i = 0; i < node.updates.size(); ++i) {
        if (node.updates[i].as_of <= day)
            out.push_back(Ordered{HistoryEntry{&node, &node.updates[i]}, here, i});
    }
    for (const auto& child : node.children)
        collect(child, day, out, position);
}

}  // namespace

std::vector<HistoryEntry> progress_history(const Commitment& commitment, Date day)
{
    std::vector<Ordered> ordered;
    std::size_t position = 0;
    for (const auto& result : commitment.results)
        collect(result, day, ordered, position);
    // Newest date first; on one date the nodes in tree order, and within a node the update
    // recorded later first (a node's updates are kept in recording order).
    std::sort(ordered.begin(), ordered.end(), [](const Ordered& a, const Ordered& b) {
        if (a.entry.update->as_of != b.entry.update->as_of)
            return a.entry.update->as_of > b.entry.update->as_of;
        if (a.node_position != b.node_position)
            return a.node_position < b.node_position;
        return a.update_position > b.update_position;
    });
    std::vector<HistoryEntry> out;
    out.reserve(ordered.size());
    for (const auto& item : ordered)
        out.push_back(item.entry);
    return out;
}

std::vector<Evidence> evidence_as_of(const Node& node, Date day)
{
    std::vector<Evidence> out;
    for (const auto& evidence : node.evidence) {
        if (evidence.date <= day)
            out.push_back(evidence);
    }
    for (const auto& update : node.updates) {
        if (update.as_of > day)
            continue;
        for (const auto& evidence : update.evidence) {
            if (evidence.date <= day)
                out.push_back(evidence);
        }
    }
    std::stable_sort(out.begin(), out.end(),
        [](const Evidence& a, const Evidence& b) { return a.date < b.date; });
    return out;
}

const Assessment* latest_assessment(const Commitment& commitment, Assessor assessor, Date day)
{
    const Assessment* latest = nullptr;
    for (const auto& assessment : commitment.assessments) {
        if (assessment.assessor != assessor || assessment.date > day)
            continue;
        // ">=": on the same date the one later in the list (recorded later) wins.
        if (!latest || assessment.date >= latest->date)
            latest = &assessment;
    }
    return latest;
}

namespace {

void cut_node_history(Node& node, Date from)
{
    for (Node& child : node.children)
        cut_node_history(child, from);
    if (node.updates.empty())
        return;
    // The update progress_as_of picks for `from`: the latest on or before it, of equal dates the
    // later in the list.
    const ProgressUpdate* picked = nullptr;
    for (const ProgressUpdate& update : node.updates) {
        if (update.as_of <= from && (picked == nullptr || update.as_of >= picked->as_of))
            picked = &update;
    }
    std::vector<ProgressUpdate> kept;
    for (ProgressUpdate& update : node.updates) {
        if (&update != picked && update.as_of <= from)
            continue;
        kept.push_back(
            ProgressUpdate{update.as_of, update.progress, {}, {}, {}, std::move(update.evidence)});
    }
    node.updates = std::move(kept);
}

}  // namespace

Plan cut_history(const Plan& plan, Date from)
{
    Plan cut = plan;
    for (Commitment& commitment : cut.commitments)
        for (Node& result : commitment.results)
            cut_node_history(result, from);
    return cut;
}

}  // namespace tablero::plans
