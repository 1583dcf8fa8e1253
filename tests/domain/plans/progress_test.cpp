#include "domain/plans/progress.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace tablero::plans {
namespace {

constexpr auto none = std::nullopt;
const Progress not_reported = Progress::not_reported();
const Progress not_applicable = Progress::not_applicable();

Progress at(double percent)
{
    return Progress::of(percent);
}

Date day(int year, int month, int d)
{
    return Date{year, month, d};
}

RolledUp excluded()
{
    return RolledUp{false, 0, 0};
}

TEST(RollUp, Rule)
{
    struct Row {
        std::string name;
        std::vector<ProgressNode> nodes;
        std::vector<RolledUp> expected;
    };
    const Row rows[] = {
        {"no nodes at all", {}, {}},
        {"a root without children is a leaf: nothing reported counts as 0 % and weighs 1",
            {{-1, none, not_reported}}, {{true, 0, 1}}},
        {"a root without children reports its own value", {{-1, 2.5, at(40)}}, {{true, 40, 2.5}}},
        {"a leaf with nothing reported counts as 0 %",
            {{-1, none, not_reported}, {0, none, at(100)}, {0, none, not_reported}},
            {{true, 50, 2}, {true, 100, 1}, {true, 0, 1}}},
        {"a not-applicable child is left out of both sums",
            {{-1, none, not_reported}, {0, 1.0, at(100)}, {0, 3.0, not_applicable}},
            {{true, 100, 1}, {true, 100, 1}, excluded()}},
        {"a node whose children are all not applicable is not applicable",
            {{-1, none, not_reported}, {0, none, not_reported}, {1, 2.0, not_applicable},
                {1, none, not_applicable}, {0, none, at(30)}},
            {{true, 30, 1}, excluded(), excluded(), excluded(), {true, 30, 1}}},
        {"a root whose children are all not applicable is not applicable",
            {{-1, none, not_reported}, {0, none, not_applicable}}, {excluded(), excluded()}},
        {"a node reported not applicable is not applicable whatever its children",
            {{-1, none, not_reported}, {0, 5.0, not_applicable}, {1, none, at(100)},
                {0, none, at(20)}},
            {{true, 20, 1}, excluded(), {true, 100, 1}, {true, 20, 1}}},
        {"a node with children ignores its own reported value",
            {{-1, none, not_reported}, {0, none, at(90)}, {1, none, at(10)}},
            {{true, 10, 1}, {true, 10, 1}, {true, 10, 1}}},
        {"a node's weight defaults to the sum of its children's",
            {{-1, none, not_reported}, {0, none, not_reported}, {1, 2.0, at(100)}, {1, 3.0, at(0)},
                {0, 5.0, at(0)}},
            {{true, 20, 10}, {true, 40, 5}, {true, 100, 2}, {true, 0, 3}, {true, 0, 5}}},
        {"an explicit weight on a parent replaces the sum of its children's",
            {{-1, none, not_reported}, {0, 1.0, not_reported}, {1, 2.0, at(100)}, {1, 3.0, at(0)},
                {0, 1.0, at(0)}},
            {{true, 20, 2}, {true, 40, 1}, {true, 100, 2}, {true, 0, 3}, {true, 0, 1}}},
        {"unequal weights", {{-1, none, not_reported}, {0, 1.0, at(100)}, {0, 3.0, at(0)}},
            {{true, 25, 4}, {true, 100, 1}, {true, 0, 3}}},
        {"weights need not sum to 100 or to 1: only their ratios count",
            {{-1, none, not_reported}, {0, 0.5, at(40)}, {0, 0.25, at(100)}},
            {{true, 60, 0.75}, {true, 40, 0.5}, {true, 100, 0.25}}},
        // plan -> commitment -> result -> two activities; a second commitment of one result.
        {"nested three levels below the root",
            {{-1, none, not_reported}, {0, none, not_reported}, {1, 4.0, not_reported},
                {2, 1.0, at(100)}, {2, 3.0, at(20)}, {0, none, not_reported}, {5, 6.0, at(50)}},
            {{true, (4 * 40 + 6 * 50) / 10.0, 10}, {true, 40, 4}, {true, 40, 4}, {true, 100, 1},
                {true, 20, 3}, {true, 50, 6}, {true, 50, 6}}},
        // Commitment A's weight is 2, not 5: its not-applicable result takes its points with it,
        // exactly as if it were struck from the table (docs/progress.md).
        {"not applicable inside a nested tree shrinks the default weight",
            {{-1, none, not_reported}, {0, none, not_reported}, {1, 2.0, at(50)},
                {1, 3.0, not_applicable}, {0, none, not_reported}, {4, 2.0, at(0)}},
            {{true, 25, 4}, {true, 50, 2}, {true, 50, 2}, excluded(), {true, 0, 2}, {true, 0, 2}}},
        {"children need not follow their parent directly",
            {{-1, none, not_reported}, {0, none, not_reported}, {0, 1.0, at(10)}, {1, 1.0, at(70)},
                {1, 1.0, at(90)}},
            {{true, (2 * 80 + 10) / 3.0, 3}, {true, 80, 2}, {true, 10, 1}, {true, 70, 1},
                {true, 90, 1}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const auto out = roll_up(row.nodes);
        ASSERT_EQ(out.size(), row.expected.size());
        for (std::size_t i = 0; i < out.size(); ++i) {
            SCOPED_TRACE("node " + std::to_string(i));
            EXPECT_EQ(out[i].applicable, row.expected[i].applicable);
            EXPECT_NEAR(out[i].progress, row.expected[i].progress, 1e-12);
            EXPECT_NEAR(out[i].weight, row.expected[i].weight, 1e-12);
        }
    }
}

TEST(RollUp, WeightValidation)
{
    struct Row {
        std::string name;
        double weight;
        bool ok;
        std::string message_contains;
    };
    const double infinity = std::numeric_limits<double>::infinity();
    const Row rows[] = {
        {"one", 1, true, ""},
        {"a fraction", 0.25, true, ""},
        {"points of a plan", 36, true, ""},
        {"zero", 0, false, "greater than 0, got 0"},
        {"negative", -1.5, false, "greater than 0, got -1.5"},
        {"infinite", infinity, false, "finite number, got infinity"},
        {"not a number", std::nan(""), false, "finite number, got not a number"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const auto result = validate_weight(row.weight);
        ASSERT_EQ(result.ok(), row.ok);
        if (!row.ok) {
            EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
            EXPECT_EQ(result.error().where, "weight");
            EXPECT_NE(result.error().message.find(row.message_contains), std::string::npos)
                << result.error().message;
        }
    }
}

TEST(RollUp, PercentValidation)
{
    struct Row {
        std::string name;
        double percent;
        bool ok;
    };
    const Row rows[] = {
        {"zero", 0, true},
        {"a hundred", 100, true},
        {"in between", 66.3, true},
        {"below zero", -0.1, false},
        {"above a hundred", 100.5, false},
        {"infinite", std::numeric_limits<double>::infinity(), false},
        {"not a number", std::nan(""), false},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const auto result = validate_percent(row.percent);
        ASSERT_EQ(result.ok(), row.ok);
        if (!row.ok) {
            EXPECT_EQ(result.error().where, "progress");
            EXPECT_NE(result.error().message.find("from 0 to 100"), std::string::npos);
        }
    }
}

ProgressUpdate update(Date as_of, Progress progress)
{
    ProgressUpdate out;
    out.as_of = as_of;
    out.progress = progress;
    return out;
}

TEST(ProgressAsOf, History)
{
    struct Row {
        std::string name;
        std::vector<ProgressUpdate> updates;
        Date as_of;
        Progress expected;
    };
    const std::vector<ProgressUpdate> history = {
        update(day(2015, 1, 31), at(10)),
        update(day(2015, 3, 31), at(40)),
        update(day(2015, 6, 30), at(75)),
    };
    const Row rows[] = {
        {"no updates: not reported", {}, day(2015, 6, 30), not_reported},
        {"before the first update: not reported", history, day(2015, 1, 30), not_reported},
        {"on the date of the first update", history, day(2015, 1, 31), at(10)},
        {"between updates: the earlier one", history, day(2015, 5, 1), at(40)},
        {"on the exact date of an update", history, day(2015, 6, 30), at(75)},
        {"after the last update", history, day(2016, 1, 1), at(75)},
        {"same date twice: the later in the list wins",
            {update(day(2015, 6, 30), at(50)), update(day(2015, 6, 30), at(60))}, day(2015, 6, 30),
            at(60)},
        {"same date three times, with another date between them",
            {update(day(2015, 6, 30), at(50)), update(day(2015, 5, 1), at(20)),
                update(day(2015, 6, 30), not_applicable), update(day(2015, 6, 30), at(70))},
            day(2015, 7, 1), at(70)},
        {"out of order: the latest date wins, not the last entry",
            {update(day(2015, 6, 30), at(75)), update(day(2015, 1, 31), at(10))}, day(2015, 12, 31),
            at(75)},
        {"out of order, as of a date between them",
            {update(day(2015, 6, 30), at(75)), update(day(2015, 1, 31), at(10))}, day(2015, 3, 1),
            at(10)},
        {"a later update can mark it not applicable",
            {update(day(2015, 1, 31), at(10)), update(day(2015, 3, 31), not_applicable)},
            day(2015, 4, 1), not_applicable},
        {"and a still later one can bring it back",
            {update(day(2015, 1, 31), at(10)), update(day(2015, 3, 31), not_applicable),
                update(day(2015, 5, 31), at(30))},
            day(2015, 6, 1), at(30)},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(progress_as_of(row.updates, row.as_of), row.expected);
    }
}

TEST(StatusAsOf, Rule)
{
    struct Row {
        std::string name;
        double progress;
        std::optional<Date> due;
        Date as_of;
        Status expected;
    };
    const Date due = day(2015, 6, 30);
    const Row rows[] = {
        {"nothing done, before the due date", 0, due, day(2015, 1, 1), Status::not_started},
        {"nothing done, no due date", 0, none, day(2030, 1, 1), Status::not_started},
        {"some done, before the due date", 40, due, day(2015, 1, 1), Status::in_progress},
        {"some done, no due date", 99.5, none, day(2030, 1, 1), Status::in_progress},
        {"on the due date itself it is not delayed", 40, due, due, Status::in_progress},
        {"on the due date itself, nothing done", 0, due, due, Status::not_started},
        {"the day after the due date, not complete", 40, due, day(2015, 7, 1), Status::delayed},
        {"after the due date, nothing done: delayed, not not-started", 0, due, day(2016, 1, 1),
            Status::delayed},
        {"complete before the due date", 100, due, day(2015, 1, 1), Status::completed},
        {"complete after the due date is completed, not delayed", 100, due, day(2016, 1, 1),
            Status::completed},
        {"a rounding hair below 100 is complete", 100 - 1e-12, due, day(2016, 1, 1),
            Status::completed},
        {"99.99 is not complete", 99.99, due, day(2016, 1, 1), Status::delayed},
        {"a rounding hair above 0 is not started", 1e-12, due, day(2015, 1, 1),
            Status::not_started},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(status_as_of(row.progress, row.due, row.as_of), row.expected);
    }
}

TEST(SuggestedCompletionLevel, Boundaries)
{
    struct Row {
        double progress;
        CompletionLevel expected;
    };
    const Row rows[] = {
        {0, CompletionLevel::not_started},
        {1e-12, CompletionLevel::not_started},
        {0.01, CompletionLevel::limited},
        {25, CompletionLevel::limited},
        {49.999, CompletionLevel::limited},
        {50, CompletionLevel::substantial},
        {66.3, CompletionLevel::substantial},
        {99.99, CompletionLevel::substantial},
        {100 - 1e-12, CompletionLevel::complete},
        {100, CompletionLevel::complete},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(std::to_string(row.progress));
        EXPECT_EQ(suggest_completion_level(row.progress), row.expected);
    }
}

TEST(CountCodePoints, Utf8)
{
    struct Row {
        std::string name;
        std::string text;
        std::optional<std::size_t> expected;
    };
    const Row rows[] = {
        {"empty", "", 0},
        {"ASCII", "Tablero", 7},
        {"two-byte ñ", "ñ", 1},
        {"three-byte ẽ", "ẽ", 1},
        {"four-byte emoji", "\U0001F4CA", 1},
        {"Guaraní", "Ñe'ẽ porã", 9},
        {"truncated sequence", "\xC3", none},
        {"stray continuation byte", "a\x80", none},
        {"overlong slash", "\xC0\xAF", none},
        {"surrogate", "\xED\xA0\x80", none},
        {"above U+10FFFF", "\xF4\x90\x80\x80", none},
        {"invalid lead byte", "\xFF", none},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(count_code_points(row.text), row.expected);
    }
}

// "Ñe'ẽ porã " is ten code points and fourteen bytes.
std::string guarani(std::size_t code_points)
{
    std::string text;
    for (std::size_t i = 0; i < code_points / 10; ++i)
        text += "Ñe'ẽ porã ";
    text += std::string(code_points % 10, 'a');
    return text;
}

Commitment valid_commitment()
{
    Commitment commitment;
    commitment.code = "3";
    commitment.title = "Capacity building of citizenship on budget management";
    commitment.brief_description = "Workshops on the National General Budget.";
    commitment.start_date = day(2014, 7, 1);
    commitment.end_date = day(2016, 6, 30);
    commitment.weight = 4;
    Node result;
    result.code = "3.1";
    result.weight = 4;
    result.updates = {update(day(2015, 6, 30), at(50))};
    commitment.results = {result};
    return commitment;
}

TEST(ValidateCommitment, Refusals)
{
    struct Row {
        std::string name;
        void (*change)(Commitment&);
        std::vector<std::string> expected_where;
    };
    const Row rows[] = {
        {"a valid commitment", [](Commitment&) {}, {}},
        {"140 code points of Guaraní text (far more bytes) pass",
            [](Commitment& c) { c.brief_description = guarani(140); }, {}},
        {"141 code points of Guaraní text fail",
            [](Commitment& c) { c.brief_description = guarani(141); }, {"brief_description"}},
        {"140 ASCII characters pass",
            [](Commitment& c) { c.brief_description = std::string(140, 'x'); }, {}},
        {"141 ASCII characters fail",
            [](Commitment& c) { c.brief_description = std::string(141, 'x'); },
            {"brief_description"}},
        {"139 ASCII and one ñ are 140 characters in 141 bytes: pass",
            [](Commitment& c) { c.brief_description = std::string(139, 'x') + "ñ"; }, {}},
        {"140 ASCII and one ẽ fail",
            [](Commitment& c) { c.brief_description = std::string(140, 'x') + "ẽ"; },
            {"brief_description"}},
        {"text that is not UTF-8", [](Commitment& c) { c.brief_description = "caf\xE9"; },
            {"brief_description"}},
        {"no code", [](Commitment& c) { c.code.clear(); }, {"code"}},
        {"no title", [](Commitment& c) { c.title.clear(); }, {"title"}},
        {"end date before start date", [](Commitment& c) { c.end_date = day(2014, 6, 30); },
            {"end_date"}},
        {"end date on the start date", [](Commitment& c) { c.end_date = c.start_date; }, {}},
        {"no dates at all",
            [](Commitment& c) {
                c.start_date.reset();
                c.end_date.reset();
            },
            {}},
        {"a zero commitment weight", [](Commitment& c) { c.weight = 0; }, {"weight"}},
        {"a negative result weight", [](Commitment& c) { c.results[0].weight = -2; },
            {"results[3.1].weight"}},
        {"a bad weight deep down",
            [](Commitment& c) {
                Node activity;
                activity.code = "3.1.a";
                activity.weight = std::numeric_limits<double>::infinity();
                c.results[0].children.push_back(activity);
            },
            {"results[3.1.a].weight"}},
        {"a progress above 100",
            [](Commitment& c) { c.results[0].updates.push_back(update(day(2015, 7, 1), at(120))); },
            {"results[3.1].updates[1].progress"}},
        {"a result due before it starts",
            [](Commitment& c) {
                c.results[0].start_date = day(2015, 1, 1);
                c.results[0].due_date = day(2014, 12, 31);
            },
            {"results[3.1].due_date"}},
        {"every problem at once, in field order",
            [](Commitment& c) {
                c.code.clear();
                c.title.clear();
                c.brief_description = guarani(200);
                c.end_date = day(2000, 1, 1);
                c.weight = -1;
                c.results[0].weight = 0;
            },
            {"code", "title", "brief_description", "end_date", "weight", "results[3.1].weight"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        Commitment commitment = valid_commitment();
        row.change(commitment);
        const auto errors = validate_commitment(commitment);
        std::vector<std::string> where;
        for (const auto& error : errors) {
            EXPECT_EQ(error.code, ErrorCode::invalid_argument);
            EXPECT_FALSE(error.message.empty());
            where.push_back(error.where);
        }
        EXPECT_EQ(where, row.expected_where);
    }
}

TEST(ValidateCommitment, BriefDescriptionMessageCountsCharacters)
{
    Commitment commitment = valid_commitment();
    commitment.brief_description = guarani(141);
    const auto errors = validate_commitment(commitment);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message,
        "the brief description has 141 characters; the OGP commitment template allows at most "
        "140");
}

}  // namespace
}  // namespace tablero::plans
