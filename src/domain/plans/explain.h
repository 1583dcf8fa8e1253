// "How is this figure computed?" for one commitment: the terms of the weighted average that
// gives its progress as of a date (docs/progress.md, "The rule"), so the public page can show
// the arithmetic with the commitment's own numbers, say which results were left out as not
// applicable and which count as 0 % because nothing was reported for them.
#pragma once

#include "core/date.h"
#include "domain/plans/model.h"
#include "domain/plans/snapshot.h"

#include <cstddef>
#include <vector>

namespace tablero::plans {

// One result in the commitment's sums: weight × progress over weight.
struct ExplainedTerm {
    // Its position in Commitment::results.
    std::size_t result = 0;
    double weight = 0;
    double progress = 0;
    // False when nothing at all was reported for it (or below it) on or before the date: it
    // then counts as 0 %, which the page says in words.
    bool reported = true;
};

struct ProgressExplanation {
    // The applicable results in their order: the terms of Σ wᵢ·pᵢ ÷ Σ wᵢ.
    std::vector<ExplainedTerm> terms;
    // Positions in Commitment::results of the results left out as not applicable.
    std::vector<std::size_t> not_applicable;
    // Σ wᵢ·pᵢ and Σ wᵢ over the terms.
    double weighted_sum = 0;
    double total_weight = 0;
    // The commitment's figure, as the snapshot gives it: weighted_sum ÷ total_weight when there
    // are terms.
    bool applicable = true;
    double progress = 0;
    // True when the commitment has no results: it is then a leaf, counted as 0 % unless
    // reported otherwise (docs/progress.md, "Edge cases").
    bool has_no_results = false;
};

// The terms behind snapshot's figure for commitment as of day. snapshot must be the commitment's
// entry in snapshot_of(plan, day).
ProgressExplanation explain_progress(
    const Commitment& commitment, const CommitmentSnapshot& snapshot, Date day);

// Whether anything (a figure or "not applicable") was reported on or before day for node or
// for any node below it.
bool anything_reported(const Node& node, Date day);

}  // namespace tablero::plans
