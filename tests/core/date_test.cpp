#include "core/clock.h"
#include "core/date.h"

#include <gtest/gtest.h>

namespace tablero {
namespace {

TEST(Date, ParsesIsoDates)
{
    struct Row {
        const char* input;
        bool ok;
        Date expected;
    };
    const Row rows[] = {
        {"2015-06-30", true, {2015, 6, 30}},
        {"2016-02-29", true, {2016, 2, 29}},
        {"2015-02-29", false, {}},
        {"2000-02-29", true, {2000, 2, 29}},
        {"1900-02-29", false, {}},
        {"2015-13-01", false, {}},
        {"2015-00-10", false, {}},
        {"2015-6-30", false, {}},
        {"30/06/2015", false, {}},
        {"", false, {}},
        {"2015-06-3x", false, {}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.input);
        auto parsed = parse_iso_date(row.input);
        ASSERT_EQ(parsed.ok(), row.ok);
        if (row.ok) {
            EXPECT_EQ(*parsed, row.expected);
            EXPECT_EQ(to_iso(*parsed), row.input);
        } else {
            EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
        }
    }
}

TEST(Date, CountsDaysAndWeekdays)
{
    struct Row {
        Date date;
        long days;
        int weekday;
    };
    const Row rows[] = {
        {{1970, 1, 1}, 0, 3},
        {{1969, 12, 31}, -1, 2},
        {{2000, 3, 1}, 11017, 2},
        {{2015, 6, 30}, 16616, 1},
        {{2026, 11, 22}, 20779, 6},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(to_iso(row.date));
        EXPECT_EQ(days_since_epoch(row.date), row.days);
        EXPECT_EQ(date_from_days(row.days), row.date);
        EXPECT_EQ(weekday(row.date), row.weekday);
    }
}

TEST(Clock, FakeClockGivesToday)
{
    FakeClock clock(
        std::chrono::sys_days{std::chrono::year{2015} / 6 / 30} + std::chrono::hours{23});
    EXPECT_EQ(clock.today(), (Date{2015, 6, 30}));
    clock.advance(std::chrono::hours{2});
    EXPECT_EQ(clock.today(), (Date{2015, 7, 1}));
}

}  // namespace
}  // namespace tablero
