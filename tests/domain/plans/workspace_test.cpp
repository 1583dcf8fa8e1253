// Which results each kind of account may report on: leaves only, of its own institutions'
// commitments (all of them for the Open Government Unit), in plan order with their ancestors.
#include "domain/plans/workspace.h"

#include <gtest/gtest.h>

#include <set>

namespace tablero::plans {
namespace {

Node node(std::string code, std::vector<Node> children = {})
{
    Node out;
    out.code = code;
    out.title = "Resultado " + code;
    out.children = std::move(children);
    return out;
}

Plan plan()
{
    Plan out;
    Commitment justice;
    justice.code = "1";
    justice.lead_institution = "MJ";
    justice.results = {node("1.1"), node("1.2", {node("1.2.1"), node("1.2.2", {node("1.2.2.1")})})};
    Commitment finance;
    finance.code = "2";
    finance.lead_institution = "MH";
    finance.results = {node("2.1")};
    Commitment empty;
    empty.code = "3";
    empty.lead_institution = "MJ";
    out.commitments = {justice, finance, empty};
    return out;
}

TEST(WorkspaceTest, EachAccountReportsOnItsOwnLeaves)
{
    using accounts::Role;
    struct Case {
        const char* who;
        accounts::Actor actor;
        std::vector<std::string> codes;
    };
    const std::vector<Case> cases = {
        {"administrator", {Role::administrator, {}, false}, {"1.1", "1.2.1", "1.2.2.1", "2.1"}},
        {"officer of MJ", {Role::officer, {"MJ"}, false}, {"1.1", "1.2.1", "1.2.2.1"}},
        {"officer of MH and MJ", {Role::officer, {"MH", "MJ"}, false},
            {"1.1", "1.2.1", "1.2.2.1", "2.1"}},
        {"officer of another", {Role::officer, {"SENATICs"}, false}, {}},
        {"disabled officer", {Role::officer, {"MJ"}, true}, {}},
        {"monitor", {Role::monitor, {}, false}, {}},
        {"citizen", {Role::citizen, {}, false}, {}},
        {"anonymous", {}, {}},
    };
    const Plan the_plan = plan();
    for (const auto& c : cases) {
        std::vector<std::string> codes;
        for (const auto& result : reportable_results(the_plan, c.actor))
            codes.push_back(result.node->code);
        EXPECT_EQ(codes, c.codes) << c.who;
        // The workspace's list of plans counts the same from the plan's digest; commitment 3,
        // of MJ but without results, counts for nothing.
        const ReportableCount count = reportable_count(digest_of(the_plan, {2024, 5, 6}), c.actor);
        EXPECT_EQ(count.results, c.codes.size()) << c.who;
        std::set<char> commitments;
        for (const auto& code : c.codes)
            commitments.insert(code.front());
        EXPECT_EQ(count.commitments, commitments.size()) << c.who;
    }
}

TEST(WorkspaceTest, LeavesCarryTheirAncestorsTitles)
{
    const Plan the_plan = plan();
    const auto results = reportable_results(the_plan, {accounts::Role::officer, {"MJ"}, false});
    ASSERT_EQ(results.size(), 3u);
    EXPECT_TRUE(results[0].ancestors.empty());
    EXPECT_EQ(results[1].ancestors, (std::vector<std::string>{"Resultado 1.2"}));
    EXPECT_EQ(results[2].ancestors, (std::vector<std::string>{"Resultado 1.2", "Resultado 1.2.2"}));
    EXPECT_EQ(results[2].commitment->code, "1");
}

}  // namespace
}  // namespace tablero::plans
