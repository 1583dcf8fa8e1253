#include "domain/i18n/format.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace tablero::i18n {

namespace {

constexpr std::string_view no_break_space = "\u00A0";

struct Separators {
    std::string_view thousands;
    std::string_view decimal;
};

Separators separators(Language language)
{
    if (language == Language::en)
        return {",", "."};
    return {".", ","};
}

// Rounds the shortest decimal text that reads back as value (so 1.005 rounds as the 1.005 a
// person typed, not as the binary 1.00499999...) half away from zero to `decimals` places.
// Returns the digits without a point, the count of integer digits, and whether it is negative.
struct Digits {
    std::string digits;
    std::size_t integer_digits = 0;
    bool negative = false;
};

Digits round_decimal(double value, int decimals)
{
    std::array<char, 400> buffer{};
    const auto result = std::to_chars(
        buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
    std::string_view text(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));

    Digits out;
    if (!text.empty() && text.front() == '-') {
        out.negative = true;
        text.remove_prefix(1);
    }
    const std::size_t point = text.find('.');
    std::string integer(text.substr(0, point));
    std::string fraction =
        point == std::string_view::npos ? std::string{} : std::string(text.substr(point + 1));

    const auto wanted = static_cast<std::size_t>(decimals);
    bool round_up = fraction.size() > wanted && fraction[wanted] >= '5';
    fraction.resize(wanted, '0');
    std::string all = integer + fraction;
    if (round_up) {
        std::size_t i = all.size();
        while (i > 0) {
            --i;
            if (all[i] == '9') {
                all[i] = '0';
                continue;
            }
            ++all[i];
            round_up = false;
            break;
        }
        if (round_up) {
            all.insert(all.begin(), '1');
            integer.insert(integer.begin(), '0');
        }
    }
    out.integer_digits = integer.size();
    out.digits = std::move(all);
    // "-0,0" is not a number anyone writes.
    if (std::all_of(out.digits.begin(), out.digits.end(), [](char c) { return c == '0'; }))
        out.negative = false;
    return out;
}

constexpr std::array<std::string_view, 12> spanish_months{"enero", "febrero", "marzo", "abril",
    "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};
constexpr std::array<std::string_view, 12> english_months{"January", "February", "March", "April",
    "May", "June", "July", "August", "September", "October", "November", "December"};
// Guaraní month names: jasy (moon, month) followed by its number: peteĩ (1), mokõi (2),
// mbohapy (3), irundy (4), po (5), po + peteĩ (6) ... pa (10), pa + peteĩ (11), pa + mokõi (12).
constexpr std::array<std::string_view, 12> guarani_months{"jasyteĩ", "jasykõi", "jasyapy",
    "jasyrundy", "jasypo", "jasypoteĩ", "jasypokõi", "jasypoapy", "jasyporundy", "jasypa",
    "jasypateĩ", "jasypakõi"};

}  // namespace

std::string format_number(Language language, double value, int decimals)
{
    // A number that is not one is shown as a dash meaning "not available".
    if (!std::isfinite(value))
        return "\u2014";
    decimals = std::clamp(decimals, 0, 12);
    const Digits rounded = round_decimal(value, decimals);
    const Separators separator = separators(language);

    std::string out;
    out.reserve(rounded.digits.size() + rounded.digits.size() / 3 + 4);
    if (rounded.negative)
        out += '-';
    const std::size_t integer_digits = rounded.integer_digits;
    for (std::size_t i = 0; i < integer_digits; ++i) {
        if (i > 0 && (integer_digits - i) % 3 == 0)
            out += separator.thousands;
        out += rounded.digits[i];
    }
    if (decimals > 0) {
        out += separator.decimal;
        out.append(rounded.digits, integer_digits, std::string::npos);
    }
    return out;
}

std::string format_percent(Language language, double percent, int decimals)
{
    std::string out = format_number(language, percent, decimals);
    if (language != Language::en)
        out += no_break_space;
    out += '%';
    return out;
}

std::string format_date(Language language, const Date& date)
{
    if (date.month < 1 || date.month > 12)
        return to_iso(date);
    const auto month = static_cast<std::size_t>(date.month - 1);
    const std::string day = std::to_string(date.day);
    const std::string year = std::to_string(date.year);
    switch (language) {
    case Language::es:
        return day + " de " + std::string(spanish_months[month]) + " de " + year;
    case Language::en:
        return day + " " + std::string(english_months[month]) + " " + year;
    case Language::gn:
        return day + " " + std::string(guarani_months[month]) + " " + year;
    }
    return to_iso(date);
}

std::string format_date_time(Language language, const LocalDateTime& local)
{
    // The 24-hour clock in every language: it is how Paraguay and Chile write times, and an
    // English reader does not misread "23:59".
    char time[8];
    std::snprintf(time, sizeof time, "%02d:%02d", local.hour, local.minute);
    return format_date(language, local.date) + ", " + time;
}

}  // namespace tablero::i18n
