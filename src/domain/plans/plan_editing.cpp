#include "domain/plans/plan_editing.h"

#include "domain/plans/plan_csv.h"
#include "domain/plans/progress.h"

#include <charconv>
#include <cmath>

namespace tablero::plans {

namespace {

void add(std::vector<EditProblem>& problems, std::string field, EditRule rule, std::string message)
{
    problems.push_back({std::move(field), rule, std::move(message)});
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

void require(std::vector<EditProblem>& problems, const std::string& value, const std::string& field,
    std::string_view what)
{
    if (trim(value).empty())
        add(problems, field, EditRule::required, std::string(what) + " is required");
}

// Codes become one segment of a page's address; a '/' in one would be legal (it is
// percent-encoded) but reads as two segments to anybody typing the address, so the editor
// refuses it. Codes the CSV import made are not touched by this rule.
void check_code(std::vector<EditProblem>& problems, const std::string& code, std::string_view what)
{
    if (trim(code).empty()) {
        add(problems, "code", EditRule::required, std::string(what) + " is required");
        return;
    }
    if (trim(code) != code || code.find('/') != std::string::npos ||
        !count_code_points(code).has_value())
        add(problems, "code", EditRule::invalid_code,
            "\"" + code + "\" is not a valid code: no '/' and no spaces at either end");
}

// PRODUCT.md: a plan's commitments and results fall within its period; a date outside it is a
// typing mistake far more often than a plan that overruns.
void check_in_period(std::vector<EditProblem>& problems, const std::optional<Date>& date,
    const std::string& field, const PlanFrame& plan)
{
    if (!date)
        return;
    if (*date < plan.period_start || plan.period_end < *date)
        add(problems, field, EditRule::outside_period,
            to_iso(*date) + " is outside the plan's period, " + to_iso(plan.period_start) + " to " +
                to_iso(plan.period_end));
}

void check_dates(std::vector<EditProblem>& problems, const std::optional<Date>& start,
    const std::optional<Date>& end, const std::string& start_field, const std::string& end_field,
    const PlanFrame& plan)
{
    check_in_period(problems, start, start_field, plan);
    check_in_period(problems, end, end_field, plan);
    if (start && end && *end < *start)
        add(problems, end_field, EditRule::before_start,
            to_iso(*end) + " is before the start date " + to_iso(*start));
}

void check_weight(std::vector<EditProblem>& problems, const std::optional<double>& weight,
    const std::string& field)
{
    if (!weight)
        return;
    if (auto checked = validate_weight(*weight); !checked.ok())
        add(problems, field,
            std::isfinite(*weight) ? EditRule::not_positive : EditRule::not_a_number,
            checked.error().message);
}

}  // namespace

std::string_view to_string(EditRule rule)
{
    switch (rule) {
    case EditRule::required:
        return "required";
    case EditRule::too_long:
        return "too_long";
    case EditRule::invalid_text:
        return "invalid_text";
    case EditRule::invalid_code:
        return "invalid_code";
    case EditRule::not_a_number:
        return "not_a_number";
    case EditRule::not_positive:
        return "not_positive";
    case EditRule::not_a_date:
        return "not_a_date";
    case EditRule::before_start:
        return "before_start";
    case EditRule::outside_period:
        return "outside_period";
    case EditRule::unknown_choice:
        return "unknown_choice";
    case EditRule::unknown_reference:
        return "unknown_reference";
    case EditRule::duplicate_code:
        return "duplicate_code";
    case EditRule::cycle:
        return "cycle";
    }
    return "required";
}

Error to_error(const EditProblem& problem)
{
    return fail(problem.rule == EditRule::duplicate_code ? ErrorCode::already_exists
                                                         : ErrorCode::invalid_argument,
        problem.message, problem.field);
}

std::optional<double> read_weight(
    std::string_view text, const std::string& field, std::vector<EditProblem>& problems)
{
    text = trim(text);
    if (text.empty())
        return std::nullopt;
    // Spreadsheets and Spanish keyboards write "2,5"; the CSV reader accepts it too.
    std::string number(text);
    if (number.find('.') == std::string::npos) {
        if (auto comma = number.find(','); comma != std::string::npos)
            number[comma] = '.';
    }
    double value = 0;
    const char* first = number.data();
    const char* last = first + number.size();
    if (first != last && *first == '+')
        ++first;
    auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc{} || end != last || !std::isfinite(value)) {
        add(problems, field, EditRule::not_a_number,
            "\"" + std::string(text) + "\" is not a number");
        return std::nullopt;
    }
    const std::size_t before = problems.size();
    check_weight(problems, value, field);
    if (problems.size() != before)
        return std::nullopt;
    return value;
}

std::optional<Date> read_date(
    std::string_view text, const std::string& field, std::vector<EditProblem>& problems)
{
    text = trim(text);
    if (text.empty())
        return std::nullopt;
    auto date = parse_iso_date(text);
    if (!date.ok()) {
        add(problems, field, EditRule::not_a_date, date.error().message);
        return std::nullopt;
    }
    return *date;
}

std::vector<EditProblem> check_organisation(
    const Organisation& organisation, const std::set<std::string>& taken, bool creating)
{
    std::vector<EditProblem> problems;
    check_code(problems, organisation.code, "the institution's code");
    require(problems, organisation.name, "name", "the institution's name");
    if (creating && taken.count(organisation.code))
        add(problems, "code", EditRule::duplicate_code,
            "an institution with the code " + organisation.code + " exists");
    return problems;
}

std::vector<EditProblem> check_plan(const Plan& plan, const std::set<std::string>& organisations,
    const std::set<std::string>& taken_codes, bool creating)
{
    std::vector<EditProblem> problems;
    check_code(problems, plan.code, "the plan's code");
    require(problems, plan.title, "title", "the plan's title");
    if (plan.period_end < plan.period_start)
        add(problems, "period_end", EditRule::before_start,
            "the period ends on " + to_iso(plan.period_end) + ", before it starts on " +
                to_iso(plan.period_start));
    if (!plan.organisation.empty() && !organisations.count(plan.organisation))
        add(problems, "organisation", EditRule::unknown_reference,
            "no institution " + plan.organisation);
    if (creating && taken_codes.count(plan.code))
        add(problems, "code", EditRule::duplicate_code,
            "a plan with the code " + plan.code + " exists");
    return problems;
}

std::vector<EditProblem> check_area(const Area& area, const std::vector<Area>& areas, bool creating)
{
    std::vector<EditProblem> problems;
    // The CSV names areas by title and finds their code with area_code(title): a code that
    // area_code leaves as it is stays reachable from a file.
    if (area.code.empty())
        add(problems, "code", EditRule::required, "the area's code is required");
    else if (area_code(area.code) != area.code)
        add(problems, "code", EditRule::invalid_code,
            "\"" + area.code + "\" is not a valid area code: lowercase letters, digits and '-' (" +
                (area_code(area.code).empty() ? std::string("such as \"transparencia\"")
                                              : "\"" + area_code(area.code) + "\"") +
                ")");
    require(problems, area.title, "title", "the area's title");
    if (creating) {
        for (const Area& other : areas) {
            if (other.code == area.code && !area.code.empty())
                add(problems, "code", EditRule::duplicate_code,
                    "the plan has an area with the code " + area.code);
        }
    }
    return problems;
}

std::vector<EditProblem> check_commitment(const Commitment& commitment, const PlanFrame& plan,
    const std::set<std::string>& taken_codes, bool creating)
{
    std::vector<EditProblem> problems;
    check_code(problems, commitment.code, "the commitment's code");
    require(problems, commitment.title, "title", "the commitment's title");

    // validate_commitment (progress.h) holds the template's rules; its findings are named by the
    // same fields the form has.
    for (const Error& error : validate_commitment(commitment)) {
        if (error.where == "brief_description") {
            const bool utf8 = count_code_points(commitment.brief_description).has_value();
            add(problems, error.where, utf8 ? EditRule::too_long : EditRule::invalid_text,
                error.message);
        } else if (error.where == "weight") {
            check_weight(problems, commitment.weight, "weight");
        }
        // code, title and end_date are checked here with the plan's context below; results are
        // not part of this form.
    }
    check_dates(
        problems, commitment.start_date, commitment.end_date, "start_date", "end_date", plan);
    if (!commitment.area.empty() && !plan.area_codes.count(commitment.area))
        add(problems, "area", EditRule::unknown_reference,
            "the plan has no area " + commitment.area);
    for (std::size_t i = 0; i < commitment.other_actors.size(); ++i) {
        if (trim(commitment.other_actors[i].name).empty())
            add(problems, "other_actors", EditRule::required,
                "actor " + std::to_string(i + 1) + " has no name");
    }
    if (creating && taken_codes.count(commitment.code))
        add(problems, "code", EditRule::duplicate_code,
            "the plan has a commitment with the code " + commitment.code);
    return problems;
}

std::vector<EditProblem> check_node(const NodeFields& node, const PlanFrame& plan,
    const std::map<std::string, std::string>& parents, bool creating)
{
    std::vector<EditProblem> problems;
    check_code(problems, node.code, "the result's code");
    require(problems, node.title, "title", "the result's title");
    check_weight(problems, node.weight, "weight");
    check_dates(problems, node.start_date, node.due_date, "start_date", "due_date", plan);
    if (creating && parents.count(node.code))
        add(problems, "code", EditRule::duplicate_code,
            "the commitment has a result with the code " + node.code);
    if (!node.parent.empty()) {
        if (node.parent == node.code) {
            add(problems, "parent", EditRule::cycle,
                "\"" + node.parent + "\" is the result itself");
        } else if (!parents.count(node.parent)) {
            add(problems, "parent", EditRule::unknown_reference,
                "the commitment has no result " + node.parent);
        } else {
            // The plan CSV's rule: following the parents up from the new one must never come back
            // to the node, or the tree would become a loop with no commitment above it.
            std::string chain = node.code + " -> " + node.parent;
            std::set<std::string> seen{node.parent};
            for (auto up = parents.find(node.parent); up != parents.end() && !up->second.empty();
                 up = parents.find(up->second)) {
                chain += " -> " + up->second;
                if (up->second == node.code) {
                    add(problems, "parent", EditRule::cycle,
                        "\"" + node.parent + "\" makes a cycle of parents: " + chain);
                    break;
                }
                if (!seen.insert(up->second).second)
                    break;  // a loop already stored, which the store never writes
            }
        }
    }
    return problems;
}

}  // namespace tablero::plans
