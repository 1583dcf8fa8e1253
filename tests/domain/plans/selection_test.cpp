// The board's and the API's commitment filters and pages, table by table.
#include "domain/plans/selection.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace tablero::plans {
namespace {

// Four commitments, with the figures a snapshot would give them as of some date.
struct Fixture {
    Plan plan;
    PlanSnapshot snapshot;

    Fixture()
    {
        add("1", "A", "Ministry", Status::completed, {OgpValue::access_to_information},
            {GrandChallenge::improving_public_services});
        add("2", "A", "Congress", Status::delayed,
            {OgpValue::access_to_information, OgpValue::civic_participation}, {});
        add("3", "B", "Ministry", Status::in_progress, {OgpValue::public_accountability},
            {GrandChallenge::managing_public_resources});
        add("4", "B", "Ministry", std::nullopt, {}, {});
    }

    void add(std::string code, std::string area, std::string institution,
        std::optional<Status> status, std::set<OgpValue> values,
        std::set<GrandChallenge> challenges)
    {
        Commitment commitment;
        commitment.code = std::move(code);
        commitment.area = std::move(area);
        commitment.lead_institution = std::move(institution);
        commitment.ogp_values = std::move(values);
        commitment.grand_challenges = std::move(challenges);
        plan.commitments.push_back(std::move(commitment));
        CommitmentSnapshot figures;
        figures.applicable = status.has_value();
        figures.status = status;
        snapshot.commitments.push_back(figures);
    }

    std::vector<std::string> codes(const CommitmentFilter& filter, PageRequest page = {}) const
    {
        auto selection = select_commitments(plan, snapshot, filter, page);
        EXPECT_TRUE(selection.ok()) << selection.error().message;
        std::vector<std::string> out;
        for (std::size_t index : selection->indexes)
            out.push_back(plan.commitments[index].code);
        return out;
    }
};

// Request parameters for parse_commitment_filter.
using Parameters = std::map<std::string, std::string>;

Result<CommitmentFilter> filter_of(const Parameters& parameters)
{
    return parse_commitment_filter([&](std::string_view name) -> std::optional<std::string_view> {
        auto found = parameters.find(std::string(name));
        if (found == parameters.end())
            return std::nullopt;
        return std::string_view(found->second);
    });
}

TEST(SelectionTest, FiltersByEachField)
{
    struct Case {
        Parameters parameters;
        std::vector<std::string> codes;
    };
    const std::vector<Case> cases = {
        {{}, {"1", "2", "3", "4"}},
        {{{"area", ""}}, {"1", "2", "3", "4"}},
        {{{"area", "A"}}, {"1", "2"}},
        {{{"area", "Z"}}, {}},
        {{{"status", "delayed"}}, {"2"}},
        {{{"status", "completed"}}, {"1"}},
        {{{"status", "not_started"}}, {}},
        {{{"status", "not_applicable"}}, {"4"}},
        {{{"institution", "Ministry"}}, {"1", "3", "4"}},
        {{{"institution", "ministry"}}, {}},
        {{{"value", "access_to_information"}}, {"1", "2"}},
        {{{"value", "civic_participation"}}, {"2"}},
        {{{"challenge", "managing_public_resources"}}, {"3"}},
        {{{"area", "B"}, {"institution", "Ministry"}}, {"3", "4"}},
        {{{"area", "A"}, {"status", "in_progress"}}, {}},
    };
    const Fixture fixture;
    for (const auto& c : cases) {
        auto filter = filter_of(c.parameters);
        ASSERT_TRUE(filter.ok()) << filter.error().message;
        EXPECT_EQ(fixture.codes(*filter), c.codes)
            << "parameters: " << (c.parameters.empty() ? "none" : c.parameters.begin()->first);
    }
}

TEST(SelectionTest, RefusesUnknownCodesNamingTheParameter)
{
    struct Case {
        Parameters parameters;
        std::string where;
    };
    const std::vector<Case> cases = {
        {{{"status", "late"}}, "status"},
        {{{"value", "transparency"}}, "value"},
        {{{"challenge", "x"}}, "challenge"},
    };
    for (const auto& c : cases) {
        auto filter = filter_of(c.parameters);
        ASSERT_FALSE(filter.ok()) << c.where;
        EXPECT_EQ(filter.error().code, ErrorCode::invalid_argument);
        EXPECT_EQ(filter.error().where, c.where);
    }
}

TEST(SelectionTest, PagesTheMatchingCommitments)
{
    struct Case {
        std::size_t number;
        std::size_t size;
        std::vector<std::string> codes;
        std::size_t pages;
    };
    const std::vector<Case> cases = {
        {1, 100, {"1", "2", "3", "4"}, 1},
        {1, 3, {"1", "2", "3"}, 2},
        {2, 3, {"4"}, 2},
        {2, 2, {"3", "4"}, 2},
        {4, 1, {"4"}, 4},
    };
    const Fixture fixture;
    for (const auto& c : cases) {
        const PageRequest page{c.number, c.size};
        auto selection = select_commitments(fixture.plan, fixture.snapshot, {}, page);
        ASSERT_TRUE(selection.ok()) << selection.error().message;
        EXPECT_EQ(selection->matching, 4u);
        EXPECT_EQ(selection->pages, c.pages);
        EXPECT_EQ(fixture.codes({}, page), c.codes) << "page " << c.number << " of " << c.size;
    }
    // Pages count the filtered list, not the plan.
    CommitmentFilter ministry;
    ministry.institution = "Ministry";
    EXPECT_EQ(fixture.codes(ministry, {2, 2}), (std::vector<std::string>{"4"}));
}

TEST(SelectionTest, APagePastTheLastIsNotFoundButAnEmptyListHasPageOne)
{
    const Fixture fixture;
    auto past = select_commitments(fixture.plan, fixture.snapshot, {}, {3, 2});
    ASSERT_FALSE(past.ok());
    EXPECT_EQ(past.error().code, ErrorCode::not_found);
    EXPECT_EQ(past.error().where, "page");

    CommitmentFilter nothing;
    nothing.area = "Z";
    auto empty = select_commitments(fixture.plan, fixture.snapshot, nothing, {1, 10});
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->matching, 0u);
    EXPECT_EQ(empty->pages, 1u);
    EXPECT_TRUE(empty->indexes.empty());
}

TEST(SelectionTest, ParsesPageParameters)
{
    struct Case {
        std::optional<std::string_view> page;
        std::optional<std::string_view> per_page;
        std::optional<PageRequest> expected;  // nullopt: refused
        std::string where;
    };
    const std::vector<Case> cases = {
        {std::nullopt, std::nullopt, PageRequest{1, default_page_size}, ""},
        {"", "", PageRequest{1, default_page_size}, ""},
        {"3", "20", PageRequest{3, 20}, ""},
        {"1", "1000", PageRequest{1, 1000}, ""},
        {"0", std::nullopt, std::nullopt, "page"},
        {"-1", std::nullopt, std::nullopt, "page"},
        {"2x", std::nullopt, std::nullopt, "page"},
        {"1.5", std::nullopt, std::nullopt, "page"},
        {std::nullopt, "0", std::nullopt, "per_page"},
        {std::nullopt, "1001", std::nullopt, "per_page"},
        {std::nullopt, "all", std::nullopt, "per_page"},
        {"99999999999999999999999", std::nullopt, std::nullopt, "page"},
    };
    for (const auto& c : cases) {
        auto parsed = parse_page_request(c.page, c.per_page);
        if (c.expected) {
            ASSERT_TRUE(parsed.ok()) << parsed.error().message;
            EXPECT_EQ(parsed->number, c.expected->number);
            EXPECT_EQ(parsed->size, c.expected->size);
        } else {
            ASSERT_FALSE(parsed.ok()) << c.page.value_or("-") << " " << c.per_page.value_or("-");
            EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
            EXPECT_EQ(parsed.error().where, c.where);
        }
    }
}

}  // namespace
}  // namespace tablero::plans
