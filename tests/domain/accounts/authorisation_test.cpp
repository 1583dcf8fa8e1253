// The authorisation table, cell by cell: every action against every kind of actor, with the
// reason of each refusal.
#include "domain/accounts/authorisation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::accounts {
namespace {

// The actors the table is walked with. Officer of MJ asking about a commitment of MJ, of MH,
// and with no institution given.
struct Asker {
    const char* name;
    Actor actor;
    Scope scope;
};

const std::vector<Asker>& askers()
{
    static const std::vector<Asker> list = {
        {"anonymous", Actor{}, Scope{"MJ"}},
        {"administrator", Actor{Role::administrator, {}, false}, Scope{"MJ"}},
        {"officer, own", Actor{Role::officer, {"MJ", "SENATICs"}, false}, Scope{"MJ"}},
        {"officer, other", Actor{Role::officer, {"MJ", "SENATICs"}, false}, Scope{"MH"}},
        {"officer, no scope", Actor{Role::officer, {"MJ"}, false}, Scope{}},
        {"monitor", Actor{Role::monitor, {}, false}, Scope{"MJ"}},
        {"citizen", Actor{Role::citizen, {}, false}, Scope{"MJ"}},
        {"disabled administrator", Actor{Role::administrator, {}, true}, Scope{"MJ"}},
    };
    return list;
}

// Expected answer per asker, in the order above: "ok" or the refusal's reason.
struct Row {
    Action action;
    std::vector<std::string> expected;
};

constexpr const char* ok = "ok";
constexpr const char* sign_in = "sign_in_required";
constexpr const char* role = "role_not_allowed";
constexpr const char* other = "other_institution";
constexpr const char* disabled = "account_disabled";

TEST(AuthorisationTest, EveryCellOfTheTable)
{
    const std::vector<Row> rows = {
        {Action::post_progress_update, {sign_in, ok, ok, other, other, role, role, disabled}},
        {Action::view_pending_updates, {sign_in, ok, ok, other, other, role, role, disabled}},
        {Action::validate_update, {sign_in, ok, role, role, role, role, role, disabled}},
        {Action::manage_plans, {sign_in, ok, role, role, role, role, role, disabled}},
        {Action::record_assessment, {sign_in, ok, role, role, role, ok, role, disabled}},
        {Action::record_dissent, {sign_in, role, role, role, role, ok, role, disabled}},
        {Action::view_audit_log, {sign_in, ok, role, role, role, role, role, disabled}},
        {Action::manage_accounts, {sign_in, ok, role, role, role, role, role, disabled}},
        {Action::participate, {sign_in, ok, ok, ok, ok, ok, ok, disabled}},
        {Action::manage_consultations, {sign_in, ok, role, role, role, role, role, disabled}},
        {Action::moderate, {sign_in, ok, role, role, role, role, role, disabled}},
    };
    const auto& people = askers();
    for (const auto& row : rows) {
        ASSERT_EQ(row.expected.size(), people.size());
        for (std::size_t i = 0; i < people.size(); ++i) {
            const Decision decision = authorise(people[i].actor, row.action, people[i].scope);
            const std::string got = decision.allowed ? ok : std::string(decision.reason);
            EXPECT_EQ(got, row.expected[i]) << to_string(row.action) << " by " << people[i].name;
            EXPECT_EQ(decision.allowed, decision.reason.empty());
        }
    }
}

TEST(AuthorisationTest, RolesReadBackFromTheirCodes)
{
    for (Role role_ : {Role::administrator, Role::officer, Role::monitor, Role::citizen})
        EXPECT_EQ(parse_role(to_string(role_)), role_);
    EXPECT_EQ(parse_role("admin"), std::nullopt);
    EXPECT_EQ(parse_role(""), std::nullopt);
    EXPECT_EQ(parse_role("Administrator"), std::nullopt);
}

}  // namespace
}  // namespace tablero::accounts
