#include "domain/plans/explain.h"

#include "domain/plans/progress.h"

namespace tablero::plans {

bool anything_reported(const Node& node, Date day)
{
    if (progress_as_of(node.updates, day).kind != Progress::Kind::not_reported)
        return true;
    for (const auto& child : node.children) {
        if (anything_reported(child, day))
            return true;
    }
    return false;
}

ProgressExplanation explain_progress(
    const Commitment& commitment, const CommitmentSnapshot& snapshot, Date day)
{
    ProgressExplanation out;
    out.applicable = snapshot.applicable;
    out.progress = snapshot.progress;
    out.has_no_results = commitment.results.empty();
    // The rule (docs/progress.md): "A part marked not applicable is left out entirely: out of
    // the top of the fraction and out of the bottom"; "a part nobody has reported on yet counts
    // as 0 %". The snapshot already applied it; this only lists its terms.
    for (std::size_t i = 0; i < commitment.results.size() && i < snapshot.results.size(); ++i) {
        const NodeSnapshot& result = snapshot.results[i];
        if (!result.applicable) {
            out.not_applicable.push_back(i);
            continue;
        }
        ExplainedTerm term;
        term.result = i;
        term.weight = result.weight;
        term.progress = result.progress;
        term.reported = anything_reported(commitment.results[i], day);
        out.weighted_sum += term.weight * term.progress;
        out.total_weight += term.weight;
        out.terms.push_back(term);
    }
    return out;
}

}  // namespace tablero::plans
