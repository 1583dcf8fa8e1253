#include "domain/plans/explain.h"

#include "domain/plans/snapshot.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace tablero::plans {
namespace {

const Date report_day{2015, 6, 30};

ProgressUpdate update(Date as_of, Progress progress)
{
    ProgressUpdate out;
    out.as_of = as_of;
    out.progress = progress;
    out.author = "test";
    return out;
}

// A result with at most one report, dated report_day.
struct ResultRow {
    std::optional<double> weight;
    std::optional<Progress> reported;
};

Node result(std::size_t index, const ResultRow& row)
{
    Node node;
    node.code = "1." + std::to_string(index + 1);
    node.weight = row.weight;
    if (row.reported)
        node.updates.push_back(update(report_day, *row.reported));
    return node;
}

struct Row {
    const char* name;
    std::vector<ResultRow> results;
    Date day;
    // Expected: the terms' (result, weight, progress, reported), the results left out, Σ w·p,
    // Σ w and the commitment's progress.
    std::vector<ExplainedTerm> terms;
    std::vector<std::size_t> not_applicable;
    double weighted_sum;
    double total_weight;
    bool applicable;
    double progress;
};

TEST(ExplainProgress, TermsOfTheWeightedAverage)
{
    const Row rows[] = {
        {"the brief's example: (2 × 100 + 3 × 25) ÷ 5 = 55",
            {{2, Progress::of(100)}, {3, Progress::of(25)}}, report_day,
            {{0, 2, 100, true}, {1, 3, 25, true}}, {}, 275, 5, true, 55},
        {"Paraguay commitment 8: (2.5 × 40 + 2.5 × 0) ÷ 5 = 20",
            {{2.5, Progress::of(40)}, {2.5, Progress::of(0)}}, report_day,
            {{0, 2.5, 40, true}, {1, 2.5, 0, true}}, {}, 100, 5, true, 20},
        {"a result marked not applicable leaves both sums",
            {{2.5, Progress::of(40)}, {2.5, Progress::not_applicable()}}, report_day,
            {{0, 2.5, 40, true}}, {1}, 100, 2.5, true, 40},
        {"a result with nothing reported counts as 0 % and is flagged",
            {{1, Progress::of(100)}, {3, std::nullopt}}, report_day,
            {{0, 1, 100, true}, {1, 3, 0, false}}, {}, 100, 4, true, 25},
        {"before the report date nothing was reported: every result counts 0 %",
            {{2, Progress::of(100)}, {3, Progress::of(25)}}, Date{2015, 6, 29},
            {{0, 2, 0, false}, {1, 3, 0, false}}, {}, 0, 5, true, 0},
        {"default weights are 1 for a leaf",
            {{std::nullopt, Progress::of(50)}, {std::nullopt, Progress::of(100)}}, report_day,
            {{0, 1, 50, true}, {1, 1, 100, true}}, {}, 150, 2, true, 75},
        {"every result not applicable: the commitment is not applicable",
            {{1, Progress::not_applicable()}, {2, Progress::not_applicable()}}, report_day, {},
            {0, 1}, 0, 0, false, 0},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        Plan plan;
        plan.code = "P";
        Commitment commitment;
        commitment.code = "1";
        for (std::size_t i = 0; i < row.results.size(); ++i)
            commitment.results.push_back(result(i, row.results[i]));
        plan.commitments.push_back(commitment);
        const PlanSnapshot snapshot = snapshot_of(plan, row.day);

        const ProgressExplanation explained =
            explain_progress(plan.commitments[0], snapshot.commitments[0], row.day);

        ASSERT_EQ(explained.terms.size(), row.terms.size());
        for (std::size_t i = 0; i < row.terms.size(); ++i) {
            SCOPED_TRACE(i);
            EXPECT_EQ(explained.terms[i].result, row.terms[i].result);
            EXPECT_DOUBLE_EQ(explained.terms[i].weight, row.terms[i].weight);
            EXPECT_DOUBLE_EQ(explained.terms[i].progress, row.terms[i].progress);
            EXPECT_EQ(explained.terms[i].reported, row.terms[i].reported);
        }
        EXPECT_EQ(explained.not_applicable, row.not_applicable);
        EXPECT_DOUBLE_EQ(explained.weighted_sum, row.weighted_sum);
        EXPECT_DOUBLE_EQ(explained.total_weight, row.total_weight);
        EXPECT_EQ(explained.applicable, row.applicable);
        EXPECT_DOUBLE_EQ(explained.progress, row.progress);
        EXPECT_FALSE(explained.has_no_results);
        // The terms reproduce the snapshot's figure: the point of showing them.
        if (explained.total_weight > 0) {
            EXPECT_NEAR(explained.weighted_sum / explained.total_weight,
                snapshot.commitments[0].progress, 1e-9);
        }
    }
}

// A nested result's term is its rolled-up figure, and it counts as reported when anything
// below it was.
TEST(ExplainProgress, NestedResultsGiveOneTermEach)
{
    Commitment commitment;
    commitment.code = "1";
    Node parent;
    parent.code = "1.1";
    Node reported;
    reported.code = "1.1.1";
    reported.weight = 1;
    reported.updates.push_back(update(report_day, Progress::of(100)));
    Node silent;
    silent.code = "1.1.2";
    silent.weight = 3;
    parent.children = {reported, silent};
    Node empty;
    empty.code = "1.2";
    empty.weight = 4;
    empty.children = {silent};
    commitment.results = {parent, empty};
    Plan plan;
    plan.commitments.push_back(commitment);
    const PlanSnapshot snapshot = snapshot_of(plan, report_day);

    const auto explained =
        explain_progress(plan.commitments[0], snapshot.commitments[0], report_day);

    ASSERT_EQ(explained.terms.size(), 2u);
    // 1.1 weighs 1 + 3 and stands at 1 × 100 ÷ 4 = 25 %; 1.2 has nothing reported below it.
    EXPECT_DOUBLE_EQ(explained.terms[0].weight, 4);
    EXPECT_DOUBLE_EQ(explained.terms[0].progress, 25);
    EXPECT_TRUE(explained.terms[0].reported);
    EXPECT_DOUBLE_EQ(explained.terms[1].weight, 4);
    EXPECT_FALSE(explained.terms[1].reported);
    EXPECT_DOUBLE_EQ(explained.progress, 12.5);
}

TEST(ExplainProgress, ACommitmentWithoutResults)
{
    Plan plan;
    plan.commitments.push_back(Commitment{});
    const PlanSnapshot snapshot = snapshot_of(plan, report_day);
    const auto explained =
        explain_progress(plan.commitments[0], snapshot.commitments[0], report_day);
    EXPECT_TRUE(explained.has_no_results);
    EXPECT_TRUE(explained.terms.empty());
    EXPECT_DOUBLE_EQ(explained.progress, 0);
}

}  // namespace
}  // namespace tablero::plans
