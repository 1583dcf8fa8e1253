#include "core/date.h"

#include <charconv>
#include <cstdio>

namespace tablero {

bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month)
{
    static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year))
        return 29;
    return lengths[month - 1];
}

Result<Date> parse_iso_date(std::string_view text)
{
    auto invalid = [&] {
        return fail(ErrorCode::invalid_argument,
            "\"" + std::string(text) + "\" is not a date in the form YYYY-MM-DD");
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return invalid();
    auto number = [&](std::size_t from, std::size_t length, int& out) {
        auto first = text.data() + from;
        auto last = first + length;
        auto [end, ec] = std::from_chars(first, last, out);
        return ec == std::errc{} && end == last;
    };
    Date date;
    if (!number(0, 4, date.year) || !number(5, 2, date.month) || !number(8, 2, date.day))
        return invalid();
    if (date.month < 1 || date.month > 12 || date.day < 1 ||
        date.day > days_in_month(date.year, date.month))
        return invalid();
    return date;
}

std::string to_iso(const Date& date)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buffer;
}

long days_since_epoch(const Date& date)
{
    long y = date.year - (date.month <= 2 ? 1 : 0);
    long era = (y >= 0 ? y : y - 399) / 400;
    long year_of_era = y - era * 400;
    long month = date.month;
    long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
    long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

Date date_from_days(long days)
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long day_of_era = days - era * 146097;
    long year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    long mp = (5 * day_of_year + 2) / 153;
    long day = day_of_year - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return Date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

int weekday(const Date& date)
{
    long days = days_since_epoch(date);
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    long index = (days + 3) % 7;
    return static_cast<int>(index < 0 ? index + 7 : index);
}

}  // namespace tablero
