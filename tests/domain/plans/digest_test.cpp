#include "domain/plans/digest.h"

#include "domain/plans/history.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::plans {
namespace {

ProgressUpdate update(Date as_of, double percent)
{
    ProgressUpdate out;
    out.as_of = as_of;
    out.progress = Progress::of(percent);
    return out;
}

Node leaf(std::string code, std::optional<Date> due, std::vector<ProgressUpdate> updates)
{
    Node node;
    node.code = std::move(code);
    node.title = "Resultado " + node.code;
    node.due_date = due;
    node.updates = std::move(updates);
    return node;
}

Commitment commitment(std::string code, std::string title, std::string institution)
{
    Commitment out;
    out.code = std::move(code);
    out.title = std::move(title);
    out.lead_institution = std::move(institution);
    out.brief_description = "Breve " + out.code;
    out.main_goal = "Objetivo " + out.code;
    out.public_problem = "Problema " + out.code;
    return out;
}

// Three commitments: one late from July 2025, one on time, one reported at 0 %.
Plan plan_with_three_commitments()
{
    Plan plan;
    plan.code = "PLAN-1";
    plan.title = "Cuarto plan";
    plan.period_start = {2024, 1, 1};
    plan.period_end = {2025, 12, 31};
    Commitment late = commitment("1", "Datos abiertos de compras", "Ministerio de Hacienda");
    late.results = {leaf("1.1", Date{2024, 6, 30}, {update({2024, 3, 31}, 20)}),
        leaf("1.2", Date{2025, 6, 30}, {update({2024, 3, 31}, 60), update({2024, 9, 30}, 80)})};
    Commitment on_time = commitment("2", "Portal de transparencia", "Ministerio de Salud");
    on_time.results = {leaf("2.1", Date{2025, 12, 31}, {update({2024, 5, 1}, 50)})};
    Commitment waiting = commitment("3", "Ley de archivos", "Ministerio de Hacienda");
    waiting.results = {leaf("3.1", Date{2025, 12, 31}, {update({2024, 2, 1}, 0)})};
    plan.commitments = {late, on_time, waiting};
    return plan;
}

// The digest's figures are snapshot_of's for its day, whether it is made from the whole plan or
// from the plan cut to that day (the server makes it from either).
TEST(PlanDigest, FiguresAreTheSnapshotsOfTheDay)
{
    const Plan plan = plan_with_three_commitments();
    for (const Date day : {Date{2024, 1, 15}, Date{2024, 4, 1}, Date{2024, 7, 1}, Date{2024, 10, 1},
             Date{2026, 1, 1}}) {
        const PlanSnapshot snapshot = snapshot_of(plan, day);
        for (const Plan& source : {plan, cut_history(plan, day)}) {
            SCOPED_TRACE(to_iso(day));
            const PlanDigest digest = digest_of(source, day);
            EXPECT_EQ(digest.as_of, day);
            EXPECT_EQ(digest.applicable, snapshot.applicable);
            EXPECT_EQ(digest.progress, snapshot.progress);
            EXPECT_EQ(digest.weight, snapshot.weight);
            EXPECT_EQ(digest.status, snapshot.status);
            EXPECT_EQ(digest.counts, snapshot.counts);
            ASSERT_EQ(digest.commitments.size(), 3u);
            for (std::size_t i = 0; i < 3; ++i) {
                EXPECT_EQ(digest.commitments[i].applicable, snapshot.commitments[i].applicable);
                EXPECT_EQ(digest.commitments[i].progress, snapshot.commitments[i].progress);
                EXPECT_EQ(digest.commitments[i].status, snapshot.commitments[i].status);
            }
        }
    }
}

// Figures the test knows without snapshot_of: on 1 July 2025 commitment 1 (at (20 + 80) / 2 %,
// its latest due date 30 June 2025) is delayed, 2 in progress, 3 not started.
TEST(PlanDigest, CountsAndStatusesOnADay)
{
    const PlanDigest digest = digest_of(plan_with_three_commitments(), {2025, 7, 1});
    EXPECT_EQ(digest.commitments[0].progress, 50);
    EXPECT_EQ(digest.commitments[0].status, Status::delayed);
    EXPECT_EQ(digest.commitments[1].status, Status::in_progress);
    EXPECT_EQ(digest.commitments[2].status, Status::not_started);
    EXPECT_EQ(digest.counts,
        (StatusCounts{.not_started = 1,
            .in_progress = 1,
            .delayed = 1,
            .completed = 0,
            .not_applicable = 0}));
}

TEST(PlanDigest, KeepsWhatSearchAndTheWorkspaceShow)
{
    const Plan plan = plan_with_three_commitments();
    const PlanDigest digest = digest_of(plan, {2024, 7, 1});
    EXPECT_EQ(digest.code, "PLAN-1");
    EXPECT_EQ(digest.title, "Cuarto plan");
    for (std::size_t i = 0; i < plan.commitments.size(); ++i) {
        const auto& kept = digest.commitments[i];
        const auto& source = plan.commitments[i];
        EXPECT_EQ(kept.code, source.code);
        EXPECT_EQ(kept.title, source.title);
        EXPECT_EQ(kept.brief_description, source.brief_description);
        EXPECT_EQ(kept.main_goal, source.main_goal);
        EXPECT_EQ(kept.public_problem, source.public_problem);
        EXPECT_EQ(kept.lead_institution, source.lead_institution);
        EXPECT_EQ(digest.documents[i].title, make_search_document(source).title);
        EXPECT_EQ(digest.documents[i].body, make_search_document(source).body);
    }
    const struct {
        const char* query;
        std::vector<std::size_t> found;
    } rows[] = {
        {"datos", {0}},
        {"objetivo", {0, 1, 2}},
        {"problema 2", {1}},
        {"archivo", {2}},
        {"salud", {}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.query);
        EXPECT_EQ(digest.words.candidates(parse_search_query(row.query)), row.found);
    }
    // Leaves, at any depth: 1.1 and 1.2; 2.1; 3.1 and, under 3.2, 3.2.1 and 3.2.2.
    Plan nested = plan;
    Node parent = leaf("3.2", std::nullopt, {});
    parent.children = {leaf("3.2.1", std::nullopt, {}), leaf("3.2.2", std::nullopt, {})};
    nested.commitments[2].results.push_back(parent);
    const PlanDigest counted = digest_of(nested, {2024, 7, 1});
    EXPECT_EQ(counted.commitments[0].leaves, 2u);
    EXPECT_EQ(counted.commitments[1].leaves, 1u);
    EXPECT_EQ(counted.commitments[2].leaves, 3u);
}

}  // namespace
}  // namespace tablero::plans
