#include "domain/plans/workspace.h"

namespace tablero::plans {

namespace {

void collect(const Commitment& commitment, const std::vector<Node>& nodes,
    std::vector<std::string>& ancestors, std::vector<ReportableResult>& out)
{
    for (const Node& node : nodes) {
        if (node.children.empty()) {
            out.push_back({&commitment, &node, ancestors});
            continue;
        }
        ancestors.push_back(node.title);
        collect(commitment, node.children, ancestors, out);
        ancestors.pop_back();
    }
}

}  // namespace

std::vector<ReportableResult> reportable_results(const Plan& plan, const accounts::Actor& actor)
{
    std::vector<ReportableResult> out;
    for (const Commitment& commitment : plan.commitments) {
        // The one place that decides: the authorisation table, scoped to the commitment's
        // lead institution.
        if (!accounts::authorise(
                actor, accounts::Action::post_progress_update, {commitment.lead_institution}))
            continue;
        std::vector<std::string> ancestors;
        collect(commitment, commitment.results, ancestors, out);
    }
    return out;
}

}  // namespace tablero::plans
