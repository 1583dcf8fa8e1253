#include "domain/plans/history.h"

#include "domain/plans/snapshot.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::plans {
namespace {

ProgressUpdate update(Date as_of, double percent, std::string note)
{
    ProgressUpdate out;
    out.as_of = as_of;
    out.progress = Progress::of(percent);
    out.author = "test";
    out.note = std::move(note);
    return out;
}

// 1.1 (reports a, c, d) with child-less sibling 1.2 (report b) and a nested 1.3 > 1.3.1 (e).
Commitment commitment_with_history()
{
    Commitment commitment;
    Node first;
    first.code = "1.1";
    first.updates = {update({2015, 1, 31}, 10, "a"), update({2015, 6, 30}, 40, "c"),
        update({2015, 6, 30}, 50, "d")};
    Node second;
    second.code = "1.2";
    second.updates = {update({2015, 3, 31}, 20, "b")};
    Node nested;
    nested.code = "1.3.1";
    nested.updates = {update({2015, 6, 30}, 70, "e"), update({2016, 1, 1}, 90, "f")};
    Node parent;
    parent.code = "1.3";
    parent.children = {nested};
    commitment.results = {first, second, parent};
    return commitment;
}

TEST(ProgressHistory, NewestFirstUpToTheDay)
{
    struct Row {
        const char* name;
        Date day;
        std::vector<std::string> notes;
    };
    const Row rows[] = {
        {"before anything", {2014, 12, 31}, {}},
        {"the first report's day", {2015, 1, 31}, {"a"}},
        {"between reports", {2015, 4, 1}, {"b", "a"}},
        // Same day: tree order between nodes, the later recording first within a node.
        {"the report day", {2015, 6, 30}, {"d", "c", "e", "b", "a"}},
        {"everything", {2030, 1, 1}, {"f", "d", "c", "e", "b", "a"}},
    };
    const Commitment commitment = commitment_with_history();
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        std::vector<std::string> notes;
        for (const auto& entry : progress_history(commitment, row.day))
            notes.push_back(entry.update->note);
        EXPECT_EQ(notes, row.notes);
    }
    const auto history = progress_history(commitment, {2016, 1, 1});
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.front().node->code, "1.3.1");
}

TEST(EvidenceAsOf, TheNodesAndItsUpdatesDatedUpToTheDay)
{
    Node node;
    node.evidence = {Evidence{"decree", "https://example.org/decree", {2015, 5, 1}},
        Evidence{"later", "https://example.org/later", {2016, 1, 1}}};
    auto first = update({2015, 3, 31}, 20, "");
    first.evidence = {Evidence{"", "https://goo.gl/x", {2015, 3, 31}}};
    auto second = update({2015, 12, 31}, 60, "");
    second.evidence = {Evidence{"", "https://goo.gl/y", {2015, 12, 31}}};
    node.updates = {first, second};

    struct Row {
        Date day;
        std::vector<std::string> urls;
    };
    const Row rows[] = {
        {{2015, 3, 30}, {}},
        {{2015, 6, 30}, {"https://goo.gl/x", "https://example.org/decree"}},
        {{2016, 6, 30},
            {"https://goo.gl/x", "https://example.org/decree", "https://goo.gl/y",
                "https://example.org/later"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(to_iso(row.day));
        std::vector<std::string> urls;
        for (const auto& evidence : evidence_as_of(node, row.day))
            urls.push_back(evidence.url);
        EXPECT_EQ(urls, row.urls);
    }
}

TEST(LatestAssessment, EachAssessorKeepsItsOwn)
{
    Commitment commitment;
    commitment.assessments = {
        {Assessor::government, CompletionLevel::limited, {2015, 6, 30}, "g1"},
        {Assessor::civil_society, CompletionLevel::not_started, {2015, 7, 15}, "c1"},
        {Assessor::government, CompletionLevel::substantial, {2016, 1, 10}, "g2"},
        {Assessor::government, CompletionLevel::complete, {2016, 1, 10}, "g3"},
    };
    struct Row {
        Assessor assessor;
        Date day;
        const char* justification;  // nullptr: none yet
    };
    const Row rows[] = {
        {Assessor::government, {2015, 6, 29}, nullptr},
        {Assessor::government, {2015, 6, 30}, "g1"},
        {Assessor::government, {2015, 12, 31}, "g1"},
        {Assessor::government, {2016, 1, 10}, "g3"},
        {Assessor::civil_society, {2015, 7, 14}, nullptr},
        {Assessor::civil_society, {2016, 1, 10}, "c1"},
        {Assessor::independent_reviewer, {2030, 1, 1}, nullptr},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string(to_string(row.assessor)) + " " + to_iso(row.day));
        const Assessment* found = latest_assessment(commitment, row.assessor, row.day);
        if (!row.justification) {
            EXPECT_EQ(found, nullptr);
            continue;
        }
        ASSERT_NE(found, nullptr);
        EXPECT_EQ(found->justification, row.justification);
    }
}

TEST(CutHistory, KeepsWhatFiguresFromTheDayOnRead)
{
    struct Row {
        const char* name;
        Date from;
        // Percentages of 1.1's updates kept (its list: a 10 on 2015-01-31, c 40 and d 50 both on
        // 2015-06-30).
        std::vector<double> first;
        // Percentages of 1.3.1's updates kept (e 70 on 2015-06-30, f 90 on 2016-01-01).
        std::vector<double> nested;
    };
    const Row rows[] = {
        {"before any report: everything is still to come", {2014, 12, 31}, {10, 40, 50}, {70, 90}},
        {"on the first report", {2015, 1, 31}, {10, 40, 50}, {70, 90}},
        {"between reports: the one in force and the later ones", {2015, 4, 1}, {10, 40, 50},
            {70, 90}},
        {"two reports the same day: the later recorded", {2015, 6, 30}, {50}, {70, 90}},
        {"after every report: only the last", {2016, 1, 2}, {50}, {90}},
    };
    Plan plan;
    plan.commitments = {commitment_with_history()};
    plan.commitments[0].results[0].updates[2].evidence = {
        {"Acta", "https://x.py/a", {2015, 6, 30}}};
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const Plan cut = cut_history(plan, row.from);
        auto percents = [](const Node& node) {
            std::vector<double> out;
            for (const auto& update : node.updates) {
                out.push_back(update.progress.percent);
                // No figure reads the texts: they are left out.
                EXPECT_EQ(update.note, "");
                EXPECT_EQ(update.author, "");
            }
            return out;
        };
        const auto& results = cut.commitments[0].results;
        EXPECT_EQ(percents(results[0]), row.first);
        EXPECT_EQ(percents(results[1]), std::vector<double>{20});
        EXPECT_EQ(percents(results[2].children[0]), row.nested);
        // The evidence of an update kept stays (the workspace lists it).
        ASSERT_EQ(results[0].updates.back().evidence.size(), 1u);
        // The whole plan is left as it was.
        EXPECT_EQ(plan.commitments[0].results[0].updates.size(), 3u);
        EXPECT_EQ(plan.commitments[0].results[0].updates[0].note, "a");
    }
}

// The promise the server relies on: for the day of the cut and every later day, the figures of
// the cut plan are the whole plan's.
TEST(CutHistory, FiguresFromTheDayOnAreTheWholePlans)
{
    Plan plan;
    plan.period_start = {2014, 7, 1};
    plan.period_end = {2016, 6, 30};
    Commitment commitment = commitment_with_history();
    commitment.results[1].due_date = Date{2015, 5, 31};
    commitment.results[1].updates.push_back(update({2015, 9, 30}, 100, "g"));
    commitment.results[0].updates.push_back(
        ProgressUpdate{{2015, 8, 1}, Progress::not_applicable(), "test", "", "h", {}});
    plan.commitments = {commitment, commitment_with_history()};
    for (const Date from : {Date{2015, 1, 31}, Date{2015, 6, 30}, Date{2015, 8, 15}}) {
        const Plan cut = cut_history(plan, from);
        for (Date day = from; day <= Date{2016, 2, 1};
             day = date_from_days(days_since_epoch(day) + 5)) {
            SCOPED_TRACE(to_iso(from) + " then " + to_iso(day));
            const PlanSnapshot whole = snapshot_of(plan, day);
            const PlanSnapshot kept = snapshot_of(cut, day);
            EXPECT_EQ(kept.progress, whole.progress);
            EXPECT_EQ(kept.status, whole.status);
            EXPECT_EQ(kept.counts, whole.counts);
            for (std::size_t i = 0; i < whole.commitments.size(); ++i) {
                EXPECT_EQ(kept.commitments[i].progress, whole.commitments[i].progress);
                EXPECT_EQ(kept.commitments[i].status, whole.commitments[i].status);
                EXPECT_EQ(kept.commitments[i].applicable, whole.commitments[i].applicable);
            }
        }
    }
}

}  // namespace
}  // namespace tablero::plans
