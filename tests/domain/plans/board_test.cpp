// The board's timeline of due dates by quarter and the feed's order of recent updates.
#include "domain/plans/board.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::plans {
namespace {

CommitmentSnapshot figures(std::optional<Status> status, std::optional<Date> due)
{
    CommitmentSnapshot out;
    out.applicable = status.has_value();
    out.status = status;
    out.due_date = due;
    return out;
}

TEST(BoardTest, TimelineCountsEachQuarterFromThePlansStartToItsEnd)
{
    Plan plan;
    plan.period_start = {2014, 7, 1};
    plan.period_end = {2015, 6, 30};
    PlanSnapshot snapshot;
    snapshot.commitments = {
        figures(Status::completed, Date{2014, 9, 30}), figures(Status::delayed, Date{2014, 9, 1}),
        figures(Status::in_progress, Date{2015, 4, 1}),
        figures(Status::not_started, Date{2015, 6, 30}),
        figures(std::nullopt, Date{2015, 1, 1}),  // not applicable: left out
        figures(Status::in_progress, std::nullopt),  // undated
    };
    const auto timeline = due_timeline(plan, snapshot);
    const std::vector<QuarterDue> expected = {
        {2014, 3, 1, 1, 0},
        {2014, 4, 0, 0, 0},
        {2015, 1, 0, 0, 0},
        {2015, 2, 0, 0, 2},
    };
    EXPECT_EQ(timeline.quarters, expected);
    EXPECT_EQ(timeline.undated, 1);
    EXPECT_EQ(timeline.most, 2);
}

TEST(BoardTest, TimelineStretchesToDueDatesOutsideThePeriod)
{
    struct Case {
        Date due;
        int first_year, first_quarter, last_year, last_quarter;
        std::size_t quarters;
    };
    const std::vector<Case> cases = {
        {{2015, 2, 1}, 2015, 1, 2015, 4, 4},  // inside
        {{2014, 11, 30}, 2014, 4, 2015, 4, 5},  // before the start
        {{2016, 8, 1}, 2015, 1, 2016, 3, 7},  // after the end
        {{2015, 12, 31}, 2015, 1, 2015, 4, 4},  // the last day
    };
    Plan plan;
    plan.period_start = {2015, 1, 1};
    plan.period_end = {2015, 12, 31};
    for (const auto& c : cases) {
        PlanSnapshot snapshot;
        snapshot.commitments = {figures(Status::in_progress, c.due)};
        const auto timeline = due_timeline(plan, snapshot);
        ASSERT_EQ(timeline.quarters.size(), c.quarters) << to_iso(c.due);
        EXPECT_EQ(timeline.quarters.front().year, c.first_year);
        EXPECT_EQ(timeline.quarters.front().quarter, c.first_quarter);
        EXPECT_EQ(timeline.quarters.back().year, c.last_year);
        EXPECT_EQ(timeline.quarters.back().quarter, c.last_quarter);
        EXPECT_EQ(timeline.most, 1);
    }
}

TEST(BoardTest, AnEmptyPlanHasEmptyQuartersOverItsPeriod)
{
    Plan plan;
    plan.period_start = {2020, 1, 1};
    plan.period_end = {2020, 6, 30};
    const auto timeline = due_timeline(plan, {});
    EXPECT_EQ(timeline.quarters.size(), 2u);
    EXPECT_EQ(timeline.most, 0);
}

ProgressUpdate recorded(std::string at, Date as_of, std::string note)
{
    ProgressUpdate update;
    update.recorded_at = std::move(at);
    update.as_of = as_of;
    update.progress = Progress::of(10);
    update.note = std::move(note);
    return update;
}

TEST(BoardTest, RecentUpdatesAreNewestFirstAcrossTheWholeTree)
{
    Plan plan;
    Commitment first;
    first.code = "1";
    Node parent;
    parent.code = "1.1";
    Node child;
    child.code = "1.1.1";
    child.updates = {recorded("2020-01-05T10:00:00Z", {2019, 12, 31}, "a"),
        recorded("2020-04-05T10:00:00Z", {2020, 3, 31}, "b")};
    parent.children.push_back(child);
    first.results.push_back(parent);
    Commitment second;
    second.code = "2";
    Node leaf;
    leaf.code = "2.1";
    // Recorded at the same moment as "b" (one import), for an earlier date, then one for the
    // same date too: the later date first, then the one later in the plan.
    leaf.updates = {recorded("2020-04-05T10:00:00Z", {2019, 12, 31}, "c"),
        recorded("2020-04-05T10:00:00Z", {2020, 3, 31}, "d"),
        recorded("2020-02-01T08:00:00Z", {2020, 1, 31}, "e")};
    second.results.push_back(leaf);
    plan.commitments = {first, second};

    struct Case {
        std::size_t limit;
        std::vector<std::string> notes;
    };
    const std::vector<Case> cases = {
        {10, {"d", "b", "c", "e", "a"}},
        {2, {"d", "b"}},
        {0, {}},
    };
    for (const auto& c : cases) {
        std::vector<std::string> notes;
        for (const auto& entry : recent_updates(plan, c.limit)) {
            notes.push_back(entry.update->note);
            EXPECT_EQ(entry.commitment->code, entry.node->code.substr(0, 1));
        }
        EXPECT_EQ(notes, c.notes) << "limit " << c.limit;
    }
}

}  // namespace
}  // namespace tablero::plans
