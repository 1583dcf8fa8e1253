// A plan as the plan CSV describes it (docs/plan-csv.md): one row per leaf result, validated.
// The CSV reader (plan_csv.h) produces it from a file; the plan store applies it in one
// transaction (storage/plan_store.h), so a file is written whole or not at all.
#pragma once

#include "core/date.h"
#include "domain/plans/model.h"

#include <optional>
#include <string>
#include <vector>

namespace tablero::plans {

struct ImportedResult {
    // The file's row (1 is the header), for messages.
    int row = 0;
    std::string code;
    std::string title;
    // The code of the parent result in the same commitment, empty for a top-level result. A
    // parent may appear only as a parent (with no row of its own); it is then created with its
    // code as title.
    std::string parent;
    std::optional<double> weight;
    std::optional<Date> start_date;
    std::optional<Date> due_date;
    // Empty progress column: nothing reported in this file, no update is added.
    std::optional<Progress> progress;
    // The date the progress describes; required when progress is given.
    std::optional<Date> as_of;
    std::string evidence_url;
    std::string note;
};

struct ImportedCommitment {
    std::string code;
    std::string title;
    // The area's title as written in the file; its code is area_code(title).
    std::string area;
    std::string lead_institution;
    std::optional<double> weight;
    std::vector<ImportedResult> results;  // in file order
};

struct ImportedPlan {
    std::string code;
    std::string title;
    std::vector<ImportedCommitment> commitments;  // in order of first appearance
};

// What applying an import changed, for the command's report.
struct ImportSummary {
    int commitments_created = 0;
    int commitments_updated = 0;
    int results_created = 0;
    int results_updated = 0;
    int progress_updates_added = 0;
    // Re-importing the same file adds no update twice: an update equal to the latest one for the
    // same result and date is skipped.
    int progress_updates_unchanged = 0;
    bool plan_created = false;
};

}  // namespace tablero::plans
