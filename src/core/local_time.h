// The installation's time zone, and instants read and written as its wall-clock time.
// Consultation windows (PRODUCT.md, module 4) open and close at hard instants that an
// administrator types as local date and time ("31 March 2026, 23:59" in Asunción); the store
// keeps instants in UTC, and pages show them back in the installation's zone.
#pragma once

#include "core/date.h"
#include "core/result.h"

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

namespace tablero {

// A wall-clock date and time, to the minute, in the installation's zone.
struct LocalDateTime {
    Date date;
    int hour = 0;  // 0-23
    int minute = 0;  // 0-59

    auto operator<=>(const LocalDateTime&) const = default;
};

// Sets the process's time zone (TZ and tzset) to an IANA zone name ("America/Asuncion").
// invalid_argument naming "time_zone" when /usr/share/zoneinfo holds no such zone (names with
// "..", absolute paths and files that are not zone data are refused too). Changing TZ is not
// thread-safe: called once at start, before any thread, and by tests.
Result<void> set_time_zone(std::string_view name);

// The zone name in use; "" while the machine's default zone is.
std::string time_zone();

// The local date and time of an instant (seconds are dropped).
LocalDateTime to_local(std::chrono::system_clock::time_point instant);

// The instant a local date and time names. A time the clocks show twice (when daylight saving
// time ends) is the earlier of the two instants, the first time the clocks show it. A time the
// clocks skip (when daylight saving time begins) names no instant and is refused with
// invalid_argument, so a deadline is never moved silently. Invalid dates and times are
// refused too.
Result<std::chrono::system_clock::time_point> from_local(const LocalDateTime& local);

// "2026-03-31T23:59", what <input type="datetime-local"> sends; "2026-03-31T23:59:30" is
// accepted and its seconds dropped. invalid_argument otherwise.
Result<LocalDateTime> parse_local_date_time(std::string_view text);

// "2026-03-31T23:59": the value of an <input type="datetime-local">.
std::string to_input_value(const LocalDateTime& local);

// "2026-03-31T23:59:00Z" (storage's to_sql_timestamp format, UTC) -> the instant;
// invalid_argument for any other text.
Result<std::chrono::system_clock::time_point> parse_sql_timestamp(std::string_view text);

}  // namespace tablero
