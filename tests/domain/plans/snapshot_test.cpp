#include "domain/plans/snapshot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

namespace tablero::plans {
namespace {

Date day(int year, int month, int d)
{
    return Date{year, month, d};
}

ProgressUpdate update(Date as_of, Progress progress)
{
    ProgressUpdate out;
    out.as_of = as_of;
    out.progress = progress;
    out.author = "test";
    return out;
}

Node leaf(std::string code, std::optional<double> weight, std::vector<ProgressUpdate> updates,
    std::optional<Date> due = std::nullopt)
{
    Node node;
    node.code = std::move(code);
    node.weight = weight;
    node.updates = std::move(updates);
    node.due_date = due;
    return node;
}

// The Paraguay check. The table "summarizing the progress and results of all the commitments"
// in Paraguay's 2015 self-assessment of its Open Government Action Plan 2014-2016
// (shared/seeds/002, "4. Implementation ..."): each result has a weight in percentage points of
// the whole plan and an execution in the same points, as of 30 June 2015; the plan totals 100
// points with 66.3 executed. A result's progress is execution / weight × 100.
struct ReportedResult {
    double weight;
    double execution;
};
struct ReportedCommitment {
    std::string code;
    std::string area;
    std::string lead_institution;
    // The commitment's own row ("Commitment 2 Results 36 24"), checked against its results.
    double weight;
    double execution;
    std::vector<ReportedResult> results;
};

// Areas and lead institutions are not in the table; these are assigned for the tests from the
// institutions the results name, and only the group sums depend on them.
const std::vector<ReportedCommitment>& paraguay_2014_2016()
{
    static const std::vector<ReportedCommitment> table = {
        {"1", "transparency", "MJ", 9, 6.8, {{4, 4}, {1, 1}, {2, 1}, {2, 0.8}}},
        {"2", "transparency", "SENATICs", 36, 24,
            {{3, 3}, {3, 1.5}, {3, 1.5}, {3, 3}, {3, 3}, {3, 3}, {3, 3}, {3, 3}, {3, 0}, {3, 0},
                {3, 1}, {1, 1}, {1, 0.5}, {1, 0.5}}},
        {"3", "accountability", "MH", 4, 2, {{4, 2}}},
        {"4", "transparency", "DNCP", 6, 6, {{2, 2}, {2, 2}, {2, 2}}},
        {"5", "accountability", "STP", 15, 15, {{4, 4}, {3, 3}, {4, 4}, {4, 4}}},
        {"6", "participation", "STP", 14, 4.5, {{3, 3}, {3, 0}, {3, 0}, {3, 0}, {2, 1.5}}},
        {"7", "participation", "STP", 6, 3, {{6, 3}}},
        {"8", "accountability", "STP", 5, 1, {{2.5, 1}, {2.5, 0}}},
        {"9", "transparency", "DNCP", 5, 4, {{5, 4}}},
    };
    return table;
}

const Date report_date = day(2015, 6, 30);

Plan paraguay_plan()
{
    Plan plan;
    plan.code = "PY-2014-2016";
    plan.title = "Open Government Action Plan 2014-2016";
    plan.period_start = day(2014, 7, 1);
    plan.period_end = day(2016, 6, 30);
    plan.areas = {{"transparency", "Transparency"}, {"participation", "Citizen participation"},
        {"accountability", "Accountability"}};
    for (const auto& row : paraguay_2014_2016()) {
        Commitment commitment;
        commitment.code = row.code;
        commitment.title = "Commitment " + row.code;
        commitment.area = row.area;
        commitment.lead_institution = row.lead_institution;
        commitment.end_date = plan.period_end;
        int number = 1;
        for (const auto& result : row.results) {
            commitment.results.push_back(
                leaf(row.code + "." + std::to_string(number++), result.weight,
                    {update(report_date, Progress::of(result.execution / result.weight * 100))}));
        }
        plan.commitments.push_back(std::move(commitment));
    }
    return plan;
}

TEST(Snapshot, ParaguayPlanRollsUpToTheReportsFigure)
{
    double executed = 0;
    double points = 0;
    for (const auto& row : paraguay_2014_2016()) {
        for (const auto& result : row.results) {
            executed += result.execution;
            points += result.weight;
        }
    }
    ASSERT_EQ(points, 100);

    const PlanSnapshot snapshot = snapshot_of(paraguay_plan(), report_date);
    EXPECT_TRUE(snapshot.applicable);
    EXPECT_NEAR(snapshot.progress, executed / points * 100, 1e-9);
    // The report prints 66.3 %, and that is the exact figure, not a rounding of it.
    EXPECT_NEAR(snapshot.progress, 66.3, 1e-9);
    EXPECT_DOUBLE_EQ(snapshot.weight, 100);
}

TEST(Snapshot, ParaguayCommitmentsMatchTheirRows)
{
    struct Row {
        std::size_t index;
        double progress;
        CompletionLevel level;
    };
    // progress = the row's execution / its weight × 100 (commitment 3: 2 / 4 = 50 %).
    const Row rows[] = {
        {0, 6.8 / 9 * 100, CompletionLevel::substantial},
        {1, 24.0 / 36 * 100, CompletionLevel::substantial},
        {2, 50, CompletionLevel::substantial},
        {3, 100, CompletionLevel::complete},
        {4, 100, CompletionLevel::complete},
        {5, 4.5 / 14 * 100, CompletionLevel::limited},
        {6, 50, CompletionLevel::substantial},
        {7, 20, CompletionLevel::limited},
        {8, 80, CompletionLevel::substantial},
    };
    const PlanSnapshot snapshot = snapshot_of(paraguay_plan(), report_date);
    ASSERT_EQ(snapshot.commitments.size(), std::size(rows));
    for (const auto& row : rows) {
        const auto& reported = paraguay_2014_2016()[row.index];
        SCOPED_TRACE("commitment " + reported.code);
        const CommitmentSnapshot& commitment = snapshot.commitments[row.index];
        EXPECT_NEAR(commitment.progress, reported.execution / reported.weight * 100, 1e-9);
        EXPECT_NEAR(commitment.progress, row.progress, 1e-9);
        // The commitment's weight defaults to the sum of its results': the row's points.
        EXPECT_NEAR(commitment.weight, reported.weight, 1e-12);
        EXPECT_EQ(commitment.suggested_level, row.level);
        EXPECT_EQ(commitment.due_date, day(2016, 6, 30));
        ASSERT_EQ(commitment.results.size(), reported.results.size());
        for (std::size_t k = 0; k < reported.results.size(); ++k) {
            const auto& result = reported.results[k];
            EXPECT_NEAR(
                commitment.results[k].progress, result.execution / result.weight * 100, 1e-9);
            EXPECT_EQ(commitment.results[k].weight, result.weight);
        }
    }
}

TEST(Snapshot, ParaguayAsOfOtherDates)
{
    struct Row {
        std::string name;
        Date as_of;
        double progress;
        StatusCounts counts;
        Status status;
    };
    // Commitments 4 and 5 have executed all their points. (The report's text says one
    // commitment is complete; its table shows two.)
    const Row rows[] = {
        {"the day before the report: nothing reported yet", day(2015, 6, 29), 0, {9, 0, 0, 0, 0},
            Status::not_started},
        {"the report's date", report_date, 66.3, {0, 7, 0, 2, 0}, Status::in_progress},
        {"on the plan's last day nothing is delayed yet", day(2016, 6, 30), 66.3, {0, 7, 0, 2, 0},
            Status::in_progress},
        {"the day after the plan's end, the unfinished ones are delayed", day(2016, 7, 1), 66.3,
            {0, 0, 7, 2, 0}, Status::delayed},
    };
    const Plan plan = paraguay_plan();
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const PlanSnapshot snapshot = snapshot_of(plan, row.as_of);
        EXPECT_EQ(snapshot.as_of, row.as_of);
        EXPECT_NEAR(snapshot.progress, row.progress, 1e-9);
        EXPECT_EQ(snapshot.counts, row.counts);
        EXPECT_EQ(snapshot.status, row.status);
    }
}

TEST(Snapshot, ParaguayByAreaAndInstitution)
{
    struct Row {
        std::string key;
        double progress;
        double weight;
        int commitments;
    };
    // Transparency: commitments 1, 2, 4, 9 = (6.8 + 24 + 6 + 4) / (9 + 36 + 6 + 5).
    const Row areas[] = {
        {"transparency", 40.8 / 56 * 100, 56, 4},
        {"participation", 7.5 / 20 * 100, 20, 2},
        {"accountability", 18.0 / 24 * 100, 24, 3},
    };
    const Row institutions[] = {
        {"MJ", 6.8 / 9 * 100, 9, 1},
        {"SENATICs", 24.0 / 36 * 100, 36, 1},
        {"MH", 50, 4, 1},
        {"DNCP", 10.0 / 11 * 100, 11, 2},
        {"STP", 23.5 / 40 * 100, 40, 4},
    };
    const PlanSnapshot snapshot = snapshot_of(paraguay_plan(), report_date);
    auto check = [](const std::vector<GroupSnapshot>& got, std::span<const Row> expected) {
        ASSERT_EQ(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            SCOPED_TRACE(expected[i].key);
            EXPECT_EQ(got[i].key, expected[i].key);
            EXPECT_TRUE(got[i].applicable);
            EXPECT_NEAR(got[i].progress, expected[i].progress, 1e-9);
            EXPECT_NEAR(got[i].weight, expected[i].weight, 1e-12);
            EXPECT_EQ(got[i].commitments, expected[i].commitments);
        }
    };
    check(snapshot.areas, areas);
    check(snapshot.institutions, institutions);
}

// A small plan for the rules the Paraguay table does not exercise.
//   A (end 2015-12-31): a1 weight 2 at 50 % due 2015-06-30; a2 weight 3 not applicable, due
//     2016-12-31; a3 (no weight, no due date) with activities x (due 2015-09-30, 100 %) and
//     y (due 2015-03-31, nothing reported).
//   B (no end date, weight 10): b1 not applicable.
//   C (no end date, area "ethics" not in the plan's list): no results.
Plan small_plan()
{
    const Date as_of = day(2015, 1, 1);
    Plan plan;
    plan.areas = {{"transparency", "Transparency"}, {"participation", "Participation"}};

    Commitment a;
    a.code = "A";
    a.area = "transparency";
    a.lead_institution = "STP";
    a.end_date = day(2015, 12, 31);
    Node a3 = leaf("a3", std::nullopt, {});
    a3.children = {leaf("x", std::nullopt, {update(as_of, Progress::of(100))}, day(2015, 9, 30)),
        leaf("y", std::nullopt, {}, day(2015, 3, 31))};
    a.results = {leaf("a1", 2.0, {update(as_of, Progress::of(50))}, day(2015, 6, 30)),
        leaf("a2", 3.0, {update(as_of, Progress::not_applicable())}, day(2016, 12, 31)), a3};

    Commitment b;
    b.code = "B";
    b.area = "transparency";
    b.lead_institution = "MJ";
    b.weight = 10;
    b.results = {leaf("b1", std::nullopt, {update(as_of, Progress::not_applicable())})};

    Commitment c;
    c.code = "C";
    c.area = "ethics";
    c.lead_institution = "STP";

    plan.commitments = {a, b, c};
    return plan;
}

TEST(Snapshot, NodesAndDefaults)
{
    const PlanSnapshot snapshot = snapshot_of(small_plan(), day(2015, 8, 1));
    ASSERT_EQ(snapshot.commitments.size(), 3u);
    const CommitmentSnapshot& a = snapshot.commitments[0];
    const CommitmentSnapshot& b = snapshot.commitments[1];
    const CommitmentSnapshot& c = snapshot.commitments[2];
    ASSERT_EQ(a.results.size(), 3u);
    ASSERT_EQ(a.results[2].children.size(), 2u);

    struct Row {
        std::string name;
        const NodeSnapshot* node;
        bool applicable;
        double progress;
        double weight;
        std::optional<Status> status;
        std::optional<Date> due;
    };
    const Row rows[] = {
        {"a1: its own due date has passed", &a.results[0], true, 50, 2, Status::delayed,
            day(2015, 6, 30)},
        {"a2: not applicable has no status and no weight", &a.results[1], false, 0, 0, std::nullopt,
            day(2016, 12, 31)},
        {"a3: weight = its children's 1 + 1; due = the later of theirs", &a.results[2], true, 50, 2,
            Status::in_progress, day(2015, 9, 30)},
        {"x: complete", &a.results[2].children[0], true, 100, 1, Status::completed,
            day(2015, 9, 30)},
        {"y: nothing reported and past due", &a.results[2].children[1], true, 0, 1, Status::delayed,
            day(2015, 3, 31)},
        {"b1: not applicable", &b.results[0], false, 0, 0, std::nullopt, std::nullopt},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(row.node->applicable, row.applicable);
        EXPECT_NEAR(row.node->progress, row.progress, 1e-12);
        EXPECT_NEAR(row.node->weight, row.weight, 1e-12);
        EXPECT_EQ(row.node->status, row.status);
        EXPECT_EQ(row.node->due_date, row.due);
    }

    // A: (2·50 + 2·50) / 4, weight 4 (a2's 3 points left out), its own end date.
    EXPECT_TRUE(a.applicable);
    EXPECT_NEAR(a.progress, 50, 1e-12);
    EXPECT_NEAR(a.weight, 4, 1e-12);
    EXPECT_EQ(a.due_date, day(2015, 12, 31));
    EXPECT_EQ(a.status, Status::in_progress);
    EXPECT_EQ(a.suggested_level, CompletionLevel::substantial);

    // B: all its results are not applicable, so it is too, whatever its weight.
    EXPECT_FALSE(b.applicable);
    EXPECT_EQ(b.status, std::nullopt);
    EXPECT_EQ(b.suggested_level, std::nullopt);

    // C: a commitment without results is a leaf with nothing reported: 0 %, weight 1.
    EXPECT_TRUE(c.applicable);
    EXPECT_EQ(c.progress, 0);
    EXPECT_EQ(c.weight, 1);
    EXPECT_EQ(c.due_date, std::nullopt);
    EXPECT_EQ(c.status, Status::not_started);
    EXPECT_EQ(c.suggested_level, CompletionLevel::not_started);

    // The plan: (4·50 + 1·0) / 5.
    EXPECT_NEAR(snapshot.progress, 40, 1e-12);
    EXPECT_NEAR(snapshot.weight, 5, 1e-12);
    EXPECT_EQ(snapshot.counts, (StatusCounts{1, 1, 0, 0, 1}));

    // Areas: the plan's own in order (participation has no commitment), then "ethics".
    ASSERT_EQ(snapshot.areas.size(), 3u);
    EXPECT_EQ(snapshot.areas[0].key, "transparency");
    EXPECT_TRUE(snapshot.areas[0].applicable);
    EXPECT_NEAR(snapshot.areas[0].progress, 50, 1e-12);
    EXPECT_EQ(snapshot.areas[0].commitments, 2);
    EXPECT_EQ(snapshot.areas[1].key, "participation");
    EXPECT_FALSE(snapshot.areas[1].applicable);
    EXPECT_EQ(snapshot.areas[1].commitments, 0);
    EXPECT_EQ(snapshot.areas[2].key, "ethics");
    EXPECT_NEAR(snapshot.areas[2].progress, 0, 1e-12);

    ASSERT_EQ(snapshot.institutions.size(), 2u);
    EXPECT_EQ(snapshot.institutions[0].key, "STP");
    EXPECT_NEAR(snapshot.institutions[0].progress, 40, 1e-12);
    EXPECT_EQ(snapshot.institutions[1].key, "MJ");
    EXPECT_FALSE(snapshot.institutions[1].applicable);
}

TEST(Snapshot, DefaultDueDates)
{
    struct Row {
        std::string name;
        Commitment commitment;
        std::optional<Date> expected;
    };
    const Date early = day(2015, 3, 31);
    const Date late = day(2015, 9, 30);
    auto with = [](std::optional<Date> end, std::vector<Node> results) {
        Commitment commitment;
        commitment.code = "1";
        commitment.end_date = end;
        commitment.results = std::move(results);
        return commitment;
    };
    Node nested = leaf("r", std::nullopt, {});
    nested.children = {leaf("r.1", std::nullopt, {}, early), leaf("r.2", std::nullopt, {}, late)};
    const auto not_applicable = std::vector{update(day(2015, 1, 1), Progress::not_applicable())};
    const Row rows[] = {
        {"its own end date wins", with(early, {leaf("r", 1.0, {}, late)}), early},
        {"no end date: the latest of its results'",
            with(std::nullopt, {leaf("r", 1.0, {}, early), leaf("s", 1.0, {}, late)}), late},
        {"no end date: found two levels down", with(std::nullopt, {nested}), late},
        {"a not-applicable result does not move the date",
            with(std::nullopt, {leaf("r", 1.0, {}, early), leaf("s", 1.0, not_applicable, late)}),
            early},
        {"no dates anywhere", with(std::nullopt, {leaf("r", 1.0, {})}), std::nullopt},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        Plan plan;
        plan.commitments = {row.commitment};
        const PlanSnapshot snapshot = snapshot_of(plan, day(2015, 6, 1));
        EXPECT_EQ(snapshot.commitments[0].due_date, row.expected);
    }
}

TEST(Snapshot, EmptyPlan)
{
    const PlanSnapshot snapshot = snapshot_of(Plan{}, day(2015, 6, 30));
    EXPECT_TRUE(snapshot.commitments.empty());
    EXPECT_EQ(snapshot.progress, 0);
    EXPECT_EQ(snapshot.counts, StatusCounts{});
    EXPECT_TRUE(snapshot.areas.empty());
}

}  // namespace
}  // namespace tablero::plans
