// The rules of the administrators' plan editor, as tables: each row an edit and the fields and
// rules it breaks (none for a valid edit).
#include "domain/plans/plan_editing.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace tablero::plans {
namespace {

using Found = std::vector<std::pair<std::string, EditRule>>;

Found found(const std::vector<EditProblem>& problems)
{
    Found out;
    for (const auto& problem : problems) {
        EXPECT_FALSE(problem.message.empty()) << problem.field;
        out.emplace_back(problem.field, problem.rule);
    }
    return out;
}

const PlanFrame frame{Date{2024, 1, 1}, Date{2025, 12, 31}, {"transparencia", "salud"}};

TEST(PlanEditing, ReadWeight)
{
    struct Row {
        std::string name;
        std::string text;
        std::optional<double> expected;
        Found problems;
    };
    const std::vector<Row> rows = {
        {"empty is the default", "", std::nullopt, {}},
        {"spaces only are empty", "  ", std::nullopt, {}},
        {"an integer", "3", 3.0, {}},
        {"a decimal point", "2.5", 2.5, {}},
        {"a decimal comma", "2,5", 2.5, {}},
        {"a plus sign", "+4", 4.0, {}},
        {"words", "abc", std::nullopt, {{"weight", EditRule::not_a_number}}},
        {"a number and words", "3 kg", std::nullopt, {{"weight", EditRule::not_a_number}}},
        {"two commas", "1,2,3", std::nullopt, {{"weight", EditRule::not_a_number}}},
        {"infinity", "inf", std::nullopt, {{"weight", EditRule::not_a_number}}},
        {"not a number", "nan", std::nullopt, {{"weight", EditRule::not_a_number}}},
        {"zero", "0", std::nullopt, {{"weight", EditRule::not_positive}}},
        {"negative", "-1", std::nullopt, {{"weight", EditRule::not_positive}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        std::vector<EditProblem> problems;
        EXPECT_EQ(read_weight(row.text, "weight", problems), row.expected);
        EXPECT_EQ(found(problems), row.problems);
    }
}

TEST(PlanEditing, ReadDate)
{
    struct Row {
        std::string text;
        std::optional<Date> expected;
        Found problems;
    };
    const std::vector<Row> rows = {
        {"", std::nullopt, {}},
        {"2024-06-30", Date{2024, 6, 30}, {}},
        {"30/06/2024", std::nullopt, {{"due_date", EditRule::not_a_date}}},
        {"2024-02-30", std::nullopt, {{"due_date", EditRule::not_a_date}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.text);
        std::vector<EditProblem> problems;
        EXPECT_EQ(read_date(row.text, "due_date", problems), row.expected);
        EXPECT_EQ(found(problems), row.problems);
    }
}

TEST(PlanEditing, Organisation)
{
    struct Row {
        std::string name;
        Organisation organisation;
        bool creating;
        Found problems;
    };
    const std::set<std::string> taken = {"PY-EXEC"};
    const std::vector<Row> rows = {
        {"valid", {"PY-MEC", "Ministerio de Educación", OrganisationKind::executive}, true, {}},
        {"an update of an existing code", {"PY-EXEC", "Poder Ejecutivo"}, false, {}},
        {"a code taken", {"PY-EXEC", "Poder Ejecutivo"}, true,
            {{"code", EditRule::duplicate_code}}},
        {"nothing typed", {"", ""}, true,
            {{"code", EditRule::required}, {"name", EditRule::required}}},
        {"a slash in the code", {"PY/EXEC", "Poder"}, true, {{"code", EditRule::invalid_code}}},
        {"spaces around the code", {" PY ", "Poder"}, true, {{"code", EditRule::invalid_code}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(found(check_organisation(row.organisation, taken, row.creating)), row.problems);
    }
}

TEST(PlanEditing, Plan)
{
    struct Row {
        std::string name;
        Plan plan;
        bool creating;
        Found problems;
    };
    const std::set<std::string> organisations = {"PY-EXEC"};
    const std::set<std::string> taken = {"PY-2014"};
    auto plan = [](std::string code, std::string title, std::string organisation, Date start,
                    Date end) {
        Plan out;
        out.code = std::move(code);
        out.title = std::move(title);
        out.organisation = std::move(organisation);
        out.period_start = start;
        out.period_end = end;
        return out;
    };
    const Date start{2024, 1, 1};
    const Date end{2025, 12, 31};
    const std::vector<Row> rows = {
        {"valid", plan("PY-2024", "Quinto plan", "PY-EXEC", start, end), true, {}},
        {"no organisation", plan("PY-2024", "Quinto plan", "", start, end), true, {}},
        {"a one-day period", plan("PY-2024", "Quinto plan", "", start, start), true, {}},
        {"an update of its own code", plan("PY-2014", "Plan", "", start, end), false, {}},
        {"a code taken", plan("PY-2014", "Plan", "", start, end), true,
            {{"code", EditRule::duplicate_code}}},
        {"no title", plan("PY-2024", " ", "", start, end), true, {{"title", EditRule::required}}},
        {"ends before it starts", plan("PY-2024", "Plan", "", end, start), true,
            {{"period_end", EditRule::before_start}}},
        {"an unknown organisation", plan("PY-2024", "Plan", "XX", start, end), true,
            {{"organisation", EditRule::unknown_reference}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(found(check_plan(row.plan, organisations, taken, row.creating)), row.problems);
    }
}

TEST(PlanEditing, Area)
{
    struct Row {
        std::string name;
        Area area;
        bool creating;
        Found problems;
    };
    const std::vector<Area> areas = {{"transparencia", "Transparencia"}};
    const std::vector<Row> rows = {
        {"valid", {"participacion-ciudadana", "Participación ciudadana"}, true, {}},
        {"retitled", {"transparencia", "Transparencia activa"}, false, {}},
        {"a code taken", {"transparencia", "Otra"}, true, {{"code", EditRule::duplicate_code}}},
        {"capitals and accents", {"Participación", "Participación"}, true,
            {{"code", EditRule::invalid_code}}},
        {"no code, no title", {"", ""}, true,
            {{"code", EditRule::required}, {"title", EditRule::required}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(found(check_area(row.area, areas, row.creating)), row.problems);
    }
}

TEST(PlanEditing, Commitment)
{
    struct Row {
        std::string name;
        Commitment commitment;
        bool creating;
        Found problems;
    };
    auto commitment = [](auto&& change) {
        Commitment out;
        out.code = "5";
        out.title = "Datos abiertos";
        out.area = "transparencia";
        out.start_date = Date{2024, 3, 1};
        out.end_date = Date{2025, 6, 30};
        change(out);
        return out;
    };
    const std::set<std::string> taken = {"1"};
    const std::vector<Row> rows = {
        {"valid", commitment([](Commitment&) {}), true, {}},
        {"140 characters",
            commitment([](Commitment& c) { c.brief_description = std::string(140, 'n'); }), true,
            {}},
        {"141 characters",
            commitment([](Commitment& c) { c.brief_description = std::string(141, 'n'); }), true,
            {{"brief_description", EditRule::too_long}}},
        {"140 characters with accents", commitment([](Commitment& c) {
             c.brief_description.clear();
             for (int i = 0; i < 140; ++i)
                 c.brief_description += "ñ";
         }),
            true, {}},
        {"not UTF-8", commitment([](Commitment& c) { c.brief_description = "\xff"; }), true,
            {{"brief_description", EditRule::invalid_text}}},
        {"a negative weight", commitment([](Commitment& c) { c.weight = -2; }), true,
            {{"weight", EditRule::not_positive}}},
        {"ends before it starts", commitment([](Commitment& c) {
             c.end_date = Date{2024, 2, 1};
         }),
            true, {{"end_date", EditRule::before_start}}},
        {"starts before the plan", commitment([](Commitment& c) {
             c.start_date = Date{2023, 12, 31};
         }),
            true, {{"start_date", EditRule::outside_period}}},
        {"ends after the plan", commitment([](Commitment& c) {
             c.end_date = Date{2026, 1, 1};
         }),
            true, {{"end_date", EditRule::outside_period}}},
        {"an unknown area", commitment([](Commitment& c) { c.area = "educacion"; }), true,
            {{"area", EditRule::unknown_reference}}},
        {"no area", commitment([](Commitment& c) { c.area.clear(); }), true, {}},
        {"an actor without a name", commitment([](Commitment& c) {
             c.other_actors = {{ActorKind::civil_society, " "}};
         }),
            true, {{"other_actors", EditRule::required}}},
        {"a code taken", commitment([](Commitment& c) { c.code = "1"; }), true,
            {{"code", EditRule::duplicate_code}}},
        {"an update of its own code", commitment([](Commitment& c) { c.code = "1"; }), false, {}},
        {"no code, no title", commitment([](Commitment& c) {
             c.code.clear();
             c.title.clear();
         }),
            true, {{"code", EditRule::required}, {"title", EditRule::required}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(
            found(check_commitment(row.commitment, frame, taken, row.creating)), row.problems);
    }
}

TEST(PlanEditing, Node)
{
    struct Row {
        std::string name;
        NodeFields node;
        bool creating;
        Found problems;
    };
    // 1.1 and 1.2 at the top, 1.2.1 under 1.2, 1.2.1.1 under 1.2.1.
    const std::map<std::string, std::string> parents = {
        {"1.1", ""}, {"1.2", ""}, {"1.2.1", "1.2"}, {"1.2.1.1", "1.2.1"}};
    auto node = [](std::string code, std::string parent, auto&& change) {
        NodeFields out{code, "Resultado " + code, NodeKind::result, 1.0, Date{2024, 2, 1},
            Date{2024, 12, 31}, std::move(parent)};
        change(out);
        return out;
    };
    auto same = [](NodeFields&) {};
    const std::vector<Row> rows = {
        {"a new result at the top", node("1.3", "", same), true, {}},
        {"a new result under another", node("1.2.2", "1.2", same), true, {}},
        {"no weight is the default", node("1.3", "", [](NodeFields& n) { n.weight.reset(); }), true,
            {}},
        {"a code taken", node("1.1", "", same), true, {{"code", EditRule::duplicate_code}}},
        {"a zero weight", node("1.3", "", [](NodeFields& n) { n.weight = 0; }), true,
            {{"weight", EditRule::not_positive}}},
        {"due before start",
            node("1.3", "",
                [](NodeFields& n) {
                    n.due_date = Date{2024, 1, 15};
                }),
            true, {{"due_date", EditRule::before_start}}},
        {"due after the plan",
            node("1.3", "",
                [](NodeFields& n) {
                    n.due_date = Date{2026, 1, 1};
                }),
            true, {{"due_date", EditRule::outside_period}}},
        {"starts before the plan",
            node("1.3", "",
                [](NodeFields& n) {
                    n.start_date = Date{2020, 1, 1};
                }),
            true, {{"start_date", EditRule::outside_period}}},
        {"an unknown parent", node("1.3", "9", same), true,
            {{"parent", EditRule::unknown_reference}}},
        {"its own parent", node("1.2", "1.2", same), false, {{"parent", EditRule::cycle}}},
        {"under its child", node("1.2", "1.2.1", same), false, {{"parent", EditRule::cycle}}},
        {"under its grandchild", node("1.2", "1.2.1.1", same), false,
            {{"parent", EditRule::cycle}}},
        {"moved under a sibling", node("1.2", "1.1", same), false, {}},
        {"moved to the top", node("1.2.1", "", same), false, {}},
        {"no code, no title", node("", "", [](NodeFields& n) { n.title.clear(); }), true,
            {{"code", EditRule::required}, {"title", EditRule::required}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(found(check_node(row.node, frame, parents, row.creating)), row.problems);
    }
}

TEST(PlanEditing, DuplicateCodeIsAlreadyExists)
{
    EXPECT_EQ(
        to_error({"code", EditRule::duplicate_code, "taken"}).code, ErrorCode::already_exists);
    const Error error = to_error({"weight", EditRule::not_positive, "must be > 0"});
    EXPECT_EQ(error.code, ErrorCode::invalid_argument);
    EXPECT_EQ(error.where, "weight");
}

}  // namespace
}  // namespace tablero::plans
