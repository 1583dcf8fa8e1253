#include "domain/plans/digest.h"

namespace tablero::plans {

namespace {

std::size_t count_leaves(const std::vector<Node>& nodes)
{
    std::size_t count = 0;
    for (const Node& node : nodes)
        count += node.children.empty() ? 1 : count_leaves(node.children);
    return count;
}

}  // namespace

PlanDigest digest_of(const Plan& plan, Date day)
{
    const PlanSnapshot snapshot = snapshot_of(plan, day);
    PlanDigest digest;
    digest.code = plan.code;
    digest.title = plan.title;
    digest.as_of = day;
    digest.applicable = snapshot.applicable;
    digest.progress = snapshot.progress;
    digest.weight = snapshot.weight;
    digest.status = snapshot.status;
    digest.counts = snapshot.counts;
    digest.commitments.reserve(plan.commitments.size());
    digest.documents.reserve(plan.commitments.size());
    for (std::size_t i = 0; i < plan.commitments.size(); ++i) {
        const Commitment& commitment = plan.commitments[i];
        const CommitmentSnapshot& figures = snapshot.commitments[i];
        digest.commitments.push_back({commitment.code, commitment.title,
            commitment.brief_description, commitment.main_goal, commitment.public_problem,
            commitment.lead_institution, count_leaves(commitment.results), figures.applicable,
            figures.progress, figures.status});
        digest.documents.push_back(make_search_document(commitment));
    }
    digest.words = WordIndex(digest.documents);
    return digest;
}

}  // namespace tablero::plans
