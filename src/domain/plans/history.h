// What a commitment's record held on a date: its dated progress reports, the evidence known,
// and each assessor's latest assessment. Tablero never overwrites a report (docs/progress.md,
// "Progress as of a date, and history"), so the record as of a day is simply what is dated on
// or before it.
#pragma once

#include "core/date.h"
#include "domain/plans/model.h"

#include <array>
#include <optional>
#include <vector>

namespace tablero::plans {

// One progress report and the node it is about.
struct HistoryEntry {
    const Node* node = nullptr;
    const ProgressUpdate* update = nullptr;
};

// Every progress update of the commitment's nodes with as_of on or before day, newest first;
// updates describing the same day keep the order they were recorded in, the later first.
// The pointers point into commitment.
std::vector<HistoryEntry> progress_history(const Commitment& commitment, Date day);

// The node's own evidence and the evidence of its progress updates, each dated on or before
// day, oldest first.
std::vector<Evidence> evidence_as_of(const Node& node, Date day);

// The assessors in the order the page shows them: government, civil society, independent
// reviewer.
inline constexpr std::array<Assessor, 3> all_assessors = {
    Assessor::government, Assessor::civil_society, Assessor::independent_reviewer};

// The assessor's latest assessment dated on or before day (on the same date, the one recorded
// later), or nullptr when it had assessed nothing by then.
const Assessment* latest_assessment(const Commitment& commitment, Assessor assessor, Date day);

// plan with each node's progress updates cut to those its figures on `from` or any later day
// read: the one progress_as_of picks for `from`, and every update dated after `from`, in their
// order, each without the texts no figure reads (author, recording time, note; the evidence
// stays). Every figure as of `from` or later (snapshot_of, progress_as_of, the date of the latest
// update, the last update of a list in as_of order) is the same as the whole plan's; earlier
// days and the history pages need the whole plan. The server keeps plans cut this way for the
// pages computed over all plans (home, search, the workspace): a plan's history is most of its
// memory (storage/plan_cache.h).
Plan cut_history(const Plan& plan, Date from);

}  // namespace tablero::plans
