// The lockout rule, row by row: the counts decide, and nothing else.
#include "domain/accounts/sign_in_limit.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace tablero::accounts {
namespace {

using namespace std::chrono_literals;

TEST(SignInLimitTest, RefusesFromTheLimitOn)
{
    struct Case {
        std::string name;
        SignInFailures failures;
        std::optional<SignInLock> expected;
    };
    const std::vector<Case> cases = {
        {"no failures", {0, 0}, std::nullopt},
        {"four for the account", {4, 4}, std::nullopt},
        {"five for the account: the sixth attempt is refused", {5, 5},
            SignInLock::too_many_for_account},
        {"many for the account", {40, 40}, SignInLock::too_many_for_account},
        {"nineteen from the address", {0, 19}, std::nullopt},
        {"twenty from the address", {0, 20}, SignInLock::too_many_for_address},
        {"twenty from the address, few for this account", {2, 25},
            SignInLock::too_many_for_address},
        {"both: the account is named first", {5, 20}, SignInLock::too_many_for_account},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(sign_in_lock(c.failures), c.expected);
    }
}

TEST(SignInLimitTest, OtherLimits)
{
    const SignInLimits strict{.per_account = 1, .per_address = 2, .window = 1min};
    struct Case {
        SignInFailures failures;
        std::optional<SignInLock> expected;
    };
    const std::vector<Case> cases = {
        {{0, 1}, std::nullopt},
        {{1, 1}, SignInLock::too_many_for_account},
        {{0, 2}, SignInLock::too_many_for_address},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::to_string(c.failures.account) + "/" + std::to_string(c.failures.address));
        EXPECT_EQ(sign_in_lock(c.failures, strict), c.expected);
    }
}

TEST(SignInLimitTest, WindowStartsFifteenMinutesBack)
{
    const auto now = std::chrono::sys_days{std::chrono::year{2024} / 3 / 1} + 0h + 5min;
    struct Case {
        std::string name;
        SignInLimits limits;
        std::chrono::system_clock::time_point expected;
    };
    const std::vector<Case> cases = {
        {"default: across midnight and a leap day", {},
            std::chrono::sys_days{std::chrono::year{2024} / 2 / 29} + 23h + 50min},
        {"one minute", {.window = 1min}, now - 1min},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(failure_window_start(now, c.limits), c.expected);
    }
}

TEST(SignInLimitTest, KeysNameWhatTheyCount)
{
    EXPECT_EQ(account_failure_key("ana@example.org"), "account:ana@example.org");
    EXPECT_EQ(address_failure_key("192.0.2.1"), "address:192.0.2.1");
    EXPECT_EQ(address_failure_key("2001:db8::1"), "address:2001:db8::1");
    EXPECT_EQ(to_string(SignInLock::too_many_for_account), "too_many_for_account");
    EXPECT_EQ(to_string(SignInLock::too_many_for_address), "too_many_for_address");
}

}  // namespace
}  // namespace tablero::accounts
