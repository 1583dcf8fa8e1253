// Calendar dates without time zones: due dates, "as of" dates, legal deadlines. Pure arithmetic
// on the proleptic Gregorian calendar (Howard Hinnant's days_from_civil algorithm).
#pragma once

#include "core/result.h"

#include <compare>
#include <string>
#include <string_view>

namespace tablero {

struct Date {
    int year = 1970;
    int month = 1;  // 1-12
    int day = 1;  // 1-31

    auto operator<=>(const Date&) const = default;
};

// Parses "YYYY-MM-DD" (ISO 8601 calendar date); rejects impossible dates such as 2015-02-30.
Result<Date> parse_iso_date(std::string_view text);

// "YYYY-MM-DD".
std::string to_iso(const Date& date);

// Days since 1970-01-01 (negative before), and back.
long days_since_epoch(const Date& date);
Date date_from_days(long days);

// 0 = Monday ... 6 = Sunday (ISO 8601 numbering minus one).
int weekday(const Date& date);

bool is_leap_year(int year);
int days_in_month(int year, int month);

}  // namespace tablero
