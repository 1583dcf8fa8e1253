// The published rules of the commitment tracker (PRODUCT.md, module 1; docs/progress.md): the
// weighted roll-up of progress, the figure as of a date from the history of updates, the status
// as of a date, the completion level suggested from progress, and the checks a commitment must
// pass. Pure functions: the date "as of" is always an argument, never read from a clock.
#pragma once

#include "core/date.h"
#include "core/result.h"
#include "domain/plans/model.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace tablero::plans {

// One node of a tree flattened for the roll-up: nodes[0] is the root (parent -1), and every
// other node's parent index is smaller than its own (any pre-order walk gives that).
struct ProgressNode {
    std::int32_t parent = -1;
    // Relative to its siblings; nullopt means the default (sum of its applicable children's
    // weights, or 1 for a leaf).
    std::optional<double> weight;
    // What was reported for the node as of the date wanted (progress_as_of). A node with
    // children uses it only when it says not applicable.
    Progress reported;
};

// A node's rolled-up figures.
struct RolledUp {
    // False when the node is left out of its parent's roll-up: reported not applicable, or all
    // its children are.
    bool applicable = true;
    // 0-100; 0 when not applicable.
    double progress = 0;
    // The weight the node carries among its siblings; 0 when not applicable, since it then
    // counts in neither sum.
    double weight = 0;
};

// Rolls progress up the tree in one pass from the last node to the first; out[i] describes
// nodes[i]. Weights are expected to have passed validate_weight and values validate_percent.
std::vector<RolledUp> roll_up(std::span<const ProgressNode> nodes);

// A weight must be a positive, finite number; the refusal says which rule failed.
Result<void> validate_weight(double weight);

// A reported progress must be a finite number from 0 to 100.
Result<void> validate_percent(double percent);

// The figure as of date `day`: the latest update whose as_of is on or before it; among updates
// with the same as_of, the last one in the list (it was recorded later). Not reported when no
// update is that old. The list need not be sorted.
Progress progress_as_of(std::span<const ProgressUpdate> updates, Date day);

// Progress within this distance of 0 or 100 counts as 0 or 100, so that a figure rolled up from
// fractions (33.3 + 66.7) is not "almost complete" forever.
inline constexpr double progress_epsilon = 1e-9;

// The status as of `day` of something with this progress and due date: completed at 100 %;
// delayed when `day` is after the due date and it is not complete; not started at 0 % when not
// delayed; in progress otherwise. On the due date itself it is not yet delayed.
Status status_as_of(double progress, std::optional<Date> due, Date day);

// The OGP completion level suggested by a progress figure: 0 not started, under 50 limited,
// 50 up to 100 substantial, 100 complete. Only a suggestion: it never replaces an assessment.
CompletionLevel suggest_completion_level(double progress);

// Every reason the commitment cannot be saved as it is, each naming its field in `where`
// ("brief_description", "end_date", "results[1.2].weight"). Empty when it is valid.
std::vector<Error> validate_commitment(const Commitment& commitment);

// The number of Unicode code points in UTF-8 text ("ñ" is one, not two); nullopt when the text
// is not valid UTF-8.
std::optional<std::size_t> count_code_points(std::string_view text);

}  // namespace tablero::plans
