// The plan CSV (docs/plan-csv.md): a plan's commitments and results as one spreadsheet, one row
// per result, read into a validated ImportedPlan and written back from a Plan for export. Pure
// functions: the command line reads and writes the files, the plan store applies the import.
#pragma once

#include "core/result.h"
#include "domain/plans/model.h"
#include "domain/plans/plan_import.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::plans {

// The columns in the order export writes them: the order, then the optional ones.
inline constexpr std::string_view plan_csv_columns[] = {
    "plan",
    "plan_title",
    "area",
    "commitment",
    "commitment_title",
    "lead_institution",
    "result",
    "result_title",
    "weight",
    "progress",
    "start_date",
    "due_date",
    "as_of",
    "parent",
    "commitment_weight",
    "evidence_url",
    "note",
};

// The first this many of plan_csv_columns must be in every file; the rest may be left out.
inline constexpr std::size_t plan_csv_required_columns = 13;

// Everything found in a file. Each problem and warning is one line of text formatted
// `FILE:ROW: message` (`FILE:ROW: column 'weight': "abc" is not a number`), where ROW is the
// file line the record starts on and the header is row 1; problems are sorted by row.
struct PlanCsvCheck {
    // Set only when there are no problems.
    std::optional<ImportedPlan> plan;
    std::vector<std::string> problems;
    std::vector<std::string> warnings;
};

// Reads and validates a whole file, collecting every problem rather than stopping at the first.
PlanCsvCheck check_plan_csv(std::string_view text, std::string_view file_name);

struct PlanCsvRead {
    ImportedPlan plan;
    // Things ignored that the officer may want to know about (an unknown column).
    std::vector<std::string> warnings;
};

// check_plan_csv as a Result: on failure the error (invalid_argument, `where` = the file name)
// holds every problem in its message, one a line, ready to print as it is.
Result<PlanCsvRead> read_plan_csv(std::string_view text, std::string_view file_name);

// The stable code of an area from its title: lowercase ASCII letters and digits, Spanish and
// Portuguese accented letters folded ("Participación Ciudadana" -> "participacion-ciudadana",
// "Niñez" -> "ninez"), every other run of characters a single '-', none at either end. Empty
// when the title has no letter or digit.
std::string area_code(std::string_view title);

// The plan an import would create in an empty database, in the store's terms: areas in order of
// first appearance with their codes from area_code; results nested under their parents in order
// of first appearance (a result appears where its own row is, or where a row first names it as
// parent, whichever comes first); a parent named by no row of its own becomes a result with its
// code as title and no weight or dates; a given progress becomes one update dated as_of carrying
// note and evidence_url (an evidence with no title, dated as_of). Note and evidence_url of a
// row without progress are dropped. Plan fields the file does not carry keep their defaults.
Plan plan_from_import(const ImportedPlan& imported);

// The plan as a plan CSV: comma separator, LF line ends, the columns of plan_csv_columns, a row
// for every result in pre-order (a parent before its children), numbers with '.' and no
// trailing zeros ("2.5", "3"). Progress, as_of, note and evidence_url come from each leaf's
// latest update (progress_as_of's order). What a CSV cannot carry is listed in
// docs/plan-csv.md; for a plan that plan_from_import made, read_plan_csv gives back the same
// ImportedPlan apart from row numbers.
std::string write_plan_csv(const Plan& plan);

}  // namespace tablero::plans
