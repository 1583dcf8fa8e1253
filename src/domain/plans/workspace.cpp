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

bool reports_for(const accounts::Actor& actor, const std::string& institution)
{
    return accounts::authorise(actor, accounts::Action::post_progress_update, {institution})
        .allowed;
}

std::vector<ReportableResult> reportable_results(const Plan& plan, const accounts::Actor& actor)
{
    std::vector<ReportableResult> out;
    for (const Commitment& commitment : plan.commitments) {
        if (!reports_for(actor, commitment.lead_institution))
            continue;
        std::vector<std::string> ancestors;
        collect(commitment, commitment.results, ancestors, out);
    }
    return out;
}

ReportableCount reportable_count(const PlanDigest& digest, const accounts::Actor& actor)
{
    ReportableCount count;
    for (const auto& commitment : digest.commitments) {
        if (commitment.leaves == 0 || !reports_for(actor, commitment.lead_institution))
            continue;
        ++count.commitments;
        count.results += commitment.leaves;
    }
    return count;
}

}  // namespace tablero::plans
