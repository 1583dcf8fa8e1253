// The session lifetime rule, row by row.
#include "domain/accounts/session_lifetime.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::accounts {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::year;

TEST(SessionLifetimeTest, ExpiresSevenDaysAfterSignIn)
{
    struct Case {
        std::string name;
        std::chrono::system_clock::time_point created_at;
        std::chrono::system_clock::time_point expected;
    };
    const std::vector<Case> cases = {
        {"a Monday morning", sys_days{year{2024} / 5 / 6} + 10h,
            sys_days{year{2024} / 5 / 13} + 10h},
        {"across a month end", sys_days{year{2024} / 4 / 28} + 23h + 59min + 59s,
            sys_days{year{2024} / 5 / 5} + 23h + 59min + 59s},
        {"across a leap day", sys_days{year{2024} / 2 / 25}, sys_days{year{2024} / 3 / 3}},
        {"across a year end", sys_days{year{2023} / 12 / 30} + 12h,
            sys_days{year{2024} / 1 / 6} + 12h},
        {"the epoch", std::chrono::system_clock::time_point{}, sys_days{year{1970} / 1 / 8}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(session_expires_at(c.created_at), c.expected);
    }
}

TEST(SessionLifetimeTest, OtherLifetimes)
{
    const auto start = sys_days{year{2024} / 1 / 1};
    EXPECT_EQ(session_expires_at(start, 1h), start + 1h);
    EXPECT_EQ(session_expires_at(start, std::chrono::days(30)), sys_days{year{2024} / 1 / 31});
}

TEST(SessionLifetimeTest, LiveUpToItsExpiry)
{
    const auto expires = sys_days{year{2024} / 5 / 13} + 10h;
    struct Case {
        std::string name;
        std::chrono::system_clock::time_point now;
        bool live;
    };
    const std::vector<Case> cases = {
        {"a week before", expires - std::chrono::days(7), true},
        {"one second before", expires - 1s, true},
        {"at the expiry", expires, false},
        {"one second after", expires + 1s, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(session_is_live(expires, c.now), c.live);
    }
}

TEST(SessionLifetimeTest, CookieMaxAgeIsTheLifetimeInSeconds)
{
    EXPECT_EQ(session_max_age_seconds(), 604800);
    EXPECT_EQ(session_max_age_seconds(1h), 3600);
}

}  // namespace
}  // namespace tablero::accounts
