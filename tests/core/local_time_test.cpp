// The installation's time zone: zone names, local date-times to and from instants (with the
// days daylight saving time begins and ends), the datetime-local form value and SQL timestamps.
#include "core/local_time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

namespace tablero {
namespace {

using std::chrono::system_clock;

system_clock::time_point utc(std::string_view text)
{
    auto instant = parse_sql_timestamp(text);
    EXPECT_TRUE(instant.ok()) << text;
    return instant.ok() ? *instant : system_clock::time_point{};
}

LocalDateTime local(int year, int month, int day, int hour, int minute)
{
    return LocalDateTime{Date{year, month, day}, hour, minute};
}

TEST(LocalTime, ZoneNames)
{
    struct Row {
        std::string name;
        bool accepted;
    };
    const Row rows[] = {
        {"America/Asuncion", true},
        {"America/Santiago", true},
        {"UTC", true},
        {"Etc/GMT+3", true},
        {"", false},
        {"America/Atlantis", false},
        {"america/asuncion", false},
        {"/usr/share/zoneinfo/UTC", false},
        {"../zoneinfo/UTC", false},
        {"America/../UTC", false},
        {"America", false},  // a folder
        {"zone.tab", false},  // a file that is not zone data
        {"UTC ", false},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        const auto result = set_time_zone(row.name);
        EXPECT_EQ(result.ok(), row.accepted);
        if (row.accepted) {
            EXPECT_EQ(time_zone(), row.name);
        } else {
            EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
            EXPECT_EQ(result.error().where, "time_zone");
        }
    }
    // A refused name leaves the zone in use as it was.
    ASSERT_TRUE(set_time_zone("America/Asuncion").ok());
    EXPECT_FALSE(set_time_zone("Nowhere/City").ok());
    EXPECT_EQ(time_zone(), "America/Asuncion");
    EXPECT_EQ(to_local(utc("2026-04-01T02:59:00Z")), local(2026, 3, 31, 23, 59));
}

TEST(LocalTime, InstantsAndLocalTimes)
{
    struct Row {
        std::string zone;
        LocalDateTime local;
        std::string instant;
    };
    const Row rows[] = {
        // Paraguay keeps UTC-3 all year since October 2024.
        {"America/Asuncion", local(2026, 3, 31, 23, 59), "2026-04-01T02:59:00Z"},
        {"America/Asuncion", local(2026, 3, 1, 0, 0), "2026-03-01T03:00:00Z"},
        {"America/Asuncion", local(2026, 7, 15, 12, 0), "2026-07-15T15:00:00Z"},
        // Chile in summer (UTC-3) and in winter (UTC-4).
        {"America/Santiago", local(2026, 1, 15, 9, 30), "2026-01-15T12:30:00Z"},
        {"America/Santiago", local(2026, 7, 15, 9, 30), "2026-07-15T13:30:00Z"},
        {"UTC", local(2026, 12, 31, 23, 59), "2026-12-31T23:59:00Z"},
        {"Europe/Madrid", local(2026, 2, 28, 10, 0), "2026-02-28T09:00:00Z"},
        {"Europe/Madrid", local(2028, 2, 29, 10, 0), "2028-02-29T09:00:00Z"},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.zone + " " + to_input_value(row.local));
        ASSERT_TRUE(set_time_zone(row.zone).ok());
        const auto instant = from_local(row.local);
        ASSERT_TRUE(instant.ok()) << instant.error().message;
        EXPECT_EQ(*instant, utc(row.instant));
        EXPECT_EQ(to_local(utc(row.instant)), row.local);
    }
}

TEST(LocalTime, DaylightSavingChanges)
{
    struct Row {
        std::string name;
        std::string zone;
        LocalDateTime local;
        // nullopt: the clocks skip this time, and it is refused.
        std::optional<std::string> instant;
    };
    const Row rows[] = {
        // Chile: on 4 April 2026 the clocks go from 23:59:59 (UTC-3) back to 23:00 (UTC-4), so
        // 23:00-23:59 happens twice; the first one is meant.
        {"repeated, first", "America/Santiago", local(2026, 4, 4, 23, 30), "2026-04-05T02:30:00Z"},
        {"repeated, start", "America/Santiago", local(2026, 4, 4, 23, 0), "2026-04-05T02:00:00Z"},
        {"before repeat", "America/Santiago", local(2026, 4, 4, 22, 59), "2026-04-05T01:59:00Z"},
        {"after repeat", "America/Santiago", local(2026, 4, 5, 0, 0), "2026-04-05T04:00:00Z"},
        // On 6 September 2026 they go from 23:59:59 (UTC-4) to 01:00 (UTC-3): 00:00-00:59 is
        // never shown.
        {"skipped", "America/Santiago", local(2026, 9, 6, 0, 30), std::nullopt},
        {"skipped, start", "America/Santiago", local(2026, 9, 6, 0, 0), std::nullopt},
        {"before skip", "America/Santiago", local(2026, 9, 5, 23, 59), "2026-09-06T03:59:00Z"},
        {"after skip", "America/Santiago", local(2026, 9, 6, 1, 0), "2026-09-06T04:00:00Z"},
        // Madrid changes at 02:00 and 03:00, away from midnight.
        {"Madrid skipped", "Europe/Madrid", local(2026, 3, 29, 2, 30), std::nullopt},
        {"Madrid repeated", "Europe/Madrid", local(2026, 10, 25, 2, 30), "2026-10-25T00:30:00Z"},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        ASSERT_TRUE(set_time_zone(row.zone).ok());
        const auto instant = from_local(row.local);
        if (!row.instant) {
            ASSERT_FALSE(instant.ok());
            EXPECT_EQ(instant.error().code, ErrorCode::invalid_argument);
            EXPECT_NE(instant.error().message.find(to_input_value(row.local)), std::string::npos);
            continue;
        }
        ASSERT_TRUE(instant.ok()) << instant.error().message;
        EXPECT_EQ(*instant, utc(*row.instant));
        EXPECT_EQ(to_local(*instant), row.local);
    }
}

TEST(LocalTime, ImpossibleLocalTimesAreRefused)
{
    ASSERT_TRUE(set_time_zone("UTC").ok());
    for (const LocalDateTime& wrong : {local(2026, 2, 29, 10, 0), local(2026, 13, 1, 0, 0),
             local(2026, 1, 1, 24, 0), local(2026, 1, 1, 12, 60), local(2026, 1, 1, -1, 0)}) {
        SCOPED_TRACE(to_input_value(wrong));
        const auto instant = from_local(wrong);
        ASSERT_FALSE(instant.ok());
        EXPECT_EQ(instant.error().code, ErrorCode::invalid_argument);
    }
}

TEST(LocalTime, FormValues)
{
    struct Row {
        std::string text;
        std::optional<LocalDateTime> expected;
    };
    const Row rows[] = {
        {"2026-03-31T23:59", local(2026, 3, 31, 23, 59)},
        {"2026-03-01T00:00", local(2026, 3, 1, 0, 0)},
        {"2026-03-31T23:59:45", local(2026, 3, 31, 23, 59)},
        {"2028-02-29T12:00", local(2028, 2, 29, 12, 0)},
        {"", std::nullopt},
        {"2026-03-31", std::nullopt},
        {"2026-03-31 23:59", std::nullopt},
        {"2026-03-31T23:59Z", std::nullopt},
        {"2026-03-31T24:00", std::nullopt},
        {"2026-03-31T23:60", std::nullopt},
        {"2026-03-31T23:59:60", std::nullopt},
        {"2026-02-30T10:00", std::nullopt},
        {"2026-03-31T2:59", std::nullopt},
        {"2026-03-31T+1:59", std::nullopt},
        {"2026-03-31T23:59:4x", std::nullopt},
        {"2026-03-31T23:59.45", std::nullopt},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.text);
        const auto parsed = parse_local_date_time(row.text);
        ASSERT_EQ(parsed.ok(), row.expected.has_value());
        if (!row.expected) {
            EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
            continue;
        }
        EXPECT_EQ(*parsed, *row.expected);
        EXPECT_EQ(to_input_value(*parsed), row.text.substr(0, 16));
    }
}

TEST(LocalTime, SqlTimestamps)
{
    struct Row {
        std::string text;
        std::optional<long long> seconds;  // since the epoch
    };
    const Row rows[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2026-03-31T23:59:00Z", 1775001540},
        {"2026-04-01T02:59:59Z", 1775012399},
        {"2026-03-31T23:59:00", std::nullopt},
        {"2026-03-31 23:59:00Z", std::nullopt},
        {"2026-03-31T23:59Z", std::nullopt},
        {"2026-03-31T23:59:00+00:00", std::nullopt},
        {"2026-03-31T24:00:00Z", std::nullopt},
        {"2026-02-30T10:00:00Z", std::nullopt},
        {"", std::nullopt},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.text);
        const auto parsed = parse_sql_timestamp(row.text);
        ASSERT_EQ(parsed.ok(), row.seconds.has_value());
        if (row.seconds)
            EXPECT_EQ(system_clock::to_time_t(*parsed), *row.seconds);
        else
            EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    }
}

}  // namespace
}  // namespace tablero
