#include "core/local_time.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <set>
#include <vector>

namespace tablero {

namespace {

using std::chrono::system_clock;

constexpr std::string_view zoneinfo = "/usr/share/zoneinfo/";

// The zone set by set_time_zone; written only before threads start (see the header).
std::string& current_zone()
{
    static std::string zone;
    return zone;
}

// An IANA name is letters, digits and "_+-" in parts separated by "/" ("America/Asuncion",
// "Etc/GMT+3", "UTC"); anything else (an absolute path, "..", a backslash) is not looked up.
bool plausible_zone_name(std::string_view name)
{
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/')
        return false;
    if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '+' || c == '-' || c == '/';
    });
}

// Zone data files begin with the magic "TZif" (RFC 8536, section 3.1); the other files in
// /usr/share/zoneinfo (zone.tab, tzdata.zi...) are not zones.
bool is_zone_file(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    std::array<char, 4> magic{};
    if (!file.read(magic.data(), magic.size()))
        return false;
    return std::string_view(magic.data(), magic.size()) == "TZif";
}

std::time_t seconds_of(system_clock::time_point instant)
{
    return std::chrono::duration_cast<std::chrono::duration<std::time_t>>(
        std::chrono::floor<std::chrono::seconds>(instant).time_since_epoch())
        .count();
}

std::tm local_tm(std::time_t seconds)
{
    std::tm out{};
    localtime_r(&seconds, &out);
    return out;
}

// The zone's offset from UTC, in seconds, at an instant.
long offset_at(std::time_t seconds)
{
    return local_tm(seconds).tm_gmtoff;
}

bool valid(const LocalDateTime& local)
{
    const Date& date = local.date;
    return date.month >= 1 && date.month <= 12 && date.day >= 1 &&
        date.day <= days_in_month(date.year, date.month) && local.hour >= 0 && local.hour <= 23 &&
        local.minute >= 0 && local.minute <= 59;
}

bool number(std::string_view text, std::size_t from, std::size_t length, int& out)
{
    const char* first = text.data() + from;
    const char* last = first + length;
    if (!std::all_of(first, last, [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    auto [end, ec] = std::from_chars(first, last, out);
    return ec == std::errc{} && end == last;
}

}  // namespace

Result<void> set_time_zone(std::string_view name)
{
    const std::string text(name);
    if (!plausible_zone_name(name) || !is_zone_file(std::string(zoneinfo) + text))
        return fail(ErrorCode::invalid_argument,
            "\"" + text +
                "\" is not a time zone this machine knows (an IANA name such as "
                "America/Asuncion, from " +
                std::string(zoneinfo) + ")",
            "time_zone");
    setenv("TZ", text.c_str(), 1);
    tzset();
    current_zone() = text;
    return {};
}

std::string time_zone()
{
    return current_zone();
}

LocalDateTime to_local(system_clock::time_point instant)
{
    const std::tm tm = local_tm(seconds_of(instant));
    return LocalDateTime{Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour, tm.tm_min};
}

Result<system_clock::time_point> from_local(const LocalDateTime& local)
{
    if (!valid(local))
        return fail(ErrorCode::invalid_argument,
            "\"" + to_input_value(local) + "\" is not a date and time", "time");
    // The local time read as if it were UTC. The instant sought is `wall - offset` for an
    // offset the zone has at that instant. Offsets lie within a day of UTC, so every offset
    // that could apply is in effect somewhere within 26 hours of `wall`; sampling every half
    // hour finds them all (no zone keeps an offset for less than that).
    const std::time_t wall = static_cast<std::time_t>(days_since_epoch(local.date)) * 86400 +
        local.hour * 3600 + local.minute * 60;
    std::set<long> offsets;
    for (std::time_t at = wall - 26 * 3600; at <= wall + 26 * 3600; at += 1800)
        offsets.insert(offset_at(at));
    std::vector<std::time_t> instants;
    for (long offset : offsets) {
        const std::time_t candidate = wall - offset;
        if (offset_at(candidate) == offset)
            instants.push_back(candidate);
    }
    if (instants.empty())
        return fail(ErrorCode::invalid_argument,
            to_input_value(local) +
                " does not exist in this time zone: the clocks skip it when daylight saving "
                "time begins",
            "time");
    // Shown twice when daylight saving time ends: the first time the clocks show it.
    return system_clock::from_time_t(*std::min_element(instants.begin(), instants.end()));
}

Result<LocalDateTime> parse_local_date_time(std::string_view text)
{
    auto invalid = [&] {
        return fail(ErrorCode::invalid_argument,
            "\"" + std::string(text) + "\" is not a date and time in the form YYYY-MM-DDTHH:MM",
            "time");
    };
    if (text.size() != 16 && text.size() != 19)
        return invalid();
    if (text[10] != 'T' || text[13] != ':')
        return invalid();
    auto date = parse_iso_date(text.substr(0, 10));
    if (!date)
        return invalid();
    LocalDateTime local{*date, 0, 0};
    if (!number(text, 11, 2, local.hour) || !number(text, 14, 2, local.minute))
        return invalid();
    int seconds = 0;
    if (text.size() == 19 && (text[16] != ':' || !number(text, 17, 2, seconds) || seconds > 59))
        return invalid();
    if (!valid(local))
        return invalid();
    return local;
}

std::string to_input_value(const LocalDateTime& local)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "T%02d:%02d", local.hour, local.minute);
    return to_iso(local.date) + buffer;
}

Result<system_clock::time_point> parse_sql_timestamp(std::string_view text)
{
    auto invalid = [&] {
        return fail(ErrorCode::invalid_argument,
            "\"" + std::string(text) + "\" is not a timestamp in the form YYYY-MM-DDTHH:MM:SSZ");
    };
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
        text[19] != 'Z')
        return invalid();
    auto date = parse_iso_date(text.substr(0, 10));
    if (!date)
        return invalid();
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!number(text, 11, 2, hour) || !number(text, 14, 2, minute) ||
        !number(text, 17, 2, second) || hour > 23 || minute > 59 || second > 59)
        return invalid();
    const std::time_t seconds = static_cast<std::time_t>(days_since_epoch(*date)) * 86400 +
        hour * 3600 + minute * 60 + second;
    return system_clock::from_time_t(seconds);
}

}  // namespace tablero
