// The rules an administrator's edit of a plan must pass (PRODUCT.md, module 3: "the same
// validations as the CSV import, with the messages beside the fields"): institutions, plans,
// areas, commitments and results, each checked as a whole so that every problem is found at
// once and named by its field. Pure functions: what they need to know of the database (the
// plan's period, its areas, the codes already taken, the parents of results) is an argument.
// The web shows the problems beside the fields; the plan editor store (storage/plan_editor.h)
// checks the same inside its transaction and refuses with the first.
#pragma once

#include "core/date.h"
#include "core/result.h"
#include "domain/plans/model.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::plans {

// Which rule a field broke: a stable code the web turns into a message in the reader's
// language ("admin_error_<rule>").
enum class EditRule {
    // The field must have a value.
    required,
    // Longer than its limit (the brief description's 140 characters).
    too_long,
    // Not valid UTF-8.
    invalid_text,
    // A code may hold lowercase letters, digits and '-' only (areas), or no '/' (other codes).
    invalid_code,
    // A weight typed that is not a number.
    not_a_number,
    // A weight of zero or less.
    not_positive,
    // A date typed that is not YYYY-MM-DD.
    not_a_date,
    // An end or due date before the start date.
    before_start,
    // A date outside the plan's period.
    outside_period,
    // A choice that is not one of the list (lifecycle, kind, OGP value...).
    unknown_choice,
    // An area, organisation or parent result that does not exist.
    unknown_reference,
    // A code already used by another of its kind.
    duplicate_code,
    // A parent that is the result itself or one of its descendants.
    cycle,
};

std::string_view to_string(EditRule rule);

// One reason an edit cannot be saved.
struct EditProblem {
    // The form field: "title", "weight", "responsible_email", "period_end"...
    std::string field;
    EditRule rule = EditRule::required;
    // In English, for logs, the command line and the store's refusal.
    std::string message;

    bool operator==(const EditProblem&) const = default;
};

// The first problem as the store's refusal: invalid_argument with `where` = the field, except a
// duplicate code (already_exists).
Error to_error(const EditProblem& problem);

// ---- reading what was typed ----

// A weight as typed in a form: empty is no weight (the default of progress.h); '.' or ',' as
// the decimal mark; it must be a finite number greater than 0 (validate_weight, the rule of the
// CSV's weight column). A problem is appended for `field` when it is not.
std::optional<double> read_weight(
    std::string_view text, const std::string& field, std::vector<EditProblem>& problems);

// A date as typed (YYYY-MM-DD, as <input type="date"> sends it): empty is no date.
std::optional<Date> read_date(
    std::string_view text, const std::string& field, std::vector<EditProblem>& problems);

// ---- the checks ----

// An institution (organisation): code and name required, no '/' in the code. `taken` holds the
// codes that exist; `creating` refuses a code already taken.
std::vector<EditProblem> check_organisation(
    const Organisation& organisation, const std::set<std::string>& taken, bool creating);

// A plan's own fields (its areas and commitments are not looked at): code and title required,
// the period not ending before it starts, the organisation (when given) one of `organisations`;
// `creating` refuses a code in `taken_codes`.
std::vector<EditProblem> check_plan(const Plan& plan, const std::set<std::string>& organisations,
    const std::set<std::string>& taken_codes, bool creating);

// An area: a title, and a code of lowercase letters, digits and '-' (what plan_csv.h's area_code
// makes of a title, so the import finds it again); `creating` refuses a code already in `areas`.
std::vector<EditProblem> check_area(
    const Area& area, const std::vector<Area>& areas, bool creating);

// What a commitment or a result is checked against: the plan as it is stored.
struct PlanFrame {
    Date period_start;
    Date period_end;
    std::set<std::string> area_codes;
};

// Every template field of a commitment: validate_commitment's rules (code, title, the brief
// description's 140 characters, end before start, weight) and, from the plan: its area known,
// its dates within the plan's period. `creating` refuses a code in `taken_codes`. Its results are
// not looked at.
std::vector<EditProblem> check_commitment(const Commitment& commitment, const PlanFrame& plan,
    const std::set<std::string>& taken_codes, bool creating);

// A result, milestone or activity as the editor saves it: under its commitment (parent empty)
// or under another node of the same commitment.
struct NodeFields {
    std::string code;
    std::string title;
    NodeKind kind = NodeKind::result;
    std::optional<double> weight;
    std::optional<Date> start_date;
    std::optional<Date> due_date;
    std::string parent;

    bool operator==(const NodeFields&) const = default;
};

// A node: the CSV's rules for a result row (code and title required, weight > 0, due not before
// start, codes unique within the commitment, a parent that exists and makes no cycle) and its
// dates within the plan's period. `parents` maps every code of the commitment as stored to its
// parent's code ("" at the top); `creating` refuses a code already in it.
std::vector<EditProblem> check_node(const NodeFields& node, const PlanFrame& plan,
    const std::map<std::string, std::string>& parents, bool creating);

}  // namespace tablero::plans
