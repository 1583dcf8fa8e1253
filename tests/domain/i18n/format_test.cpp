#include "domain/i18n/format.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace tablero::i18n {
namespace {

// U+00A0, the no-break space before "%" in Spanish and Guaraní.
const std::string nbsp = "\u00A0";

TEST(Format, Numbers)
{
    struct Row {
        Language language;
        double value;
        int decimals;
        std::string expected;
    };
    const Row rows[] = {
        {Language::es, 1234.5, 1, "1.234,5"},
        {Language::gn, 1234.5, 1, "1.234,5"},
        {Language::en, 1234.5, 1, "1,234.5"},
        {Language::es, 0, 0, "0"},
        {Language::es, 0, 2, "0,00"},
        {Language::en, 999, 0, "999"},
        {Language::en, 1000, 0, "1,000"},
        {Language::es, 1234567.891, 2, "1.234.567,89"},
        {Language::en, 1234567.891, 2, "1,234,567.89"},
        {Language::es, -1234.5, 1, "-1.234,5"},
        {Language::en, -0.04, 1, "0.0"},
        {Language::en, -0.05, 1, "-0.1"},
        {Language::en, 2.5, 0, "3"},
        {Language::en, -2.5, 0, "-3"},
        {Language::en, 1.005, 2, "1.01"},
        {Language::en, 999.96, 1, "1,000.0"},
        {Language::es, 999999.5, 0, "1.000.000"},
        {Language::en, 0.125, 2, "0.13"},
        {Language::en, 3, 2, "3.00"},
        {Language::en, 12.3456, -1, "12"},
        {Language::en, std::numeric_limits<double>::quiet_NaN(), 1, "\u2014"},
        {Language::en, std::numeric_limits<double>::infinity(), 1, "\u2014"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string(code(row.language)) + " " + std::to_string(row.value) + " " +
            std::to_string(row.decimals));
        EXPECT_EQ(format_number(row.language, row.value, row.decimals), row.expected);
    }
}

TEST(Format, Percentages)
{
    struct Row {
        Language language;
        double value;
        int decimals;
        std::string expected;
    };
    const Row rows[] = {
        {Language::es, 66.25, 1, "66,3" + nbsp + "%"},
        {Language::gn, 66.25, 1, "66,3" + nbsp + "%"},
        {Language::en, 66.25, 1, "66.3%"},
        {Language::es, 100, 1, "100,0" + nbsp + "%"},
        {Language::en, 100, 0, "100%"},
        {Language::es, 0, 0, "0" + nbsp + "%"},
        {Language::en, 33.333, 2, "33.33%"},
        {Language::es, -12.5, 0, "-13" + nbsp + "%"},
        {Language::en, 1250, 1, "1,250.0%"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string(code(row.language)) + " " + std::to_string(row.value));
        EXPECT_EQ(format_percent(row.language, row.value, row.decimals), row.expected);
    }
    EXPECT_EQ(format_percent(Language::en, 66.25), "66.3%");
}

TEST(Format, DatesInEachLanguage)
{
    struct Row {
        Language language;
        Date date;
        std::string expected;
    };
    const Row rows[] = {
        {Language::es, {2015, 6, 30}, "30 de junio de 2015"},
        {Language::en, {2015, 6, 30}, "30 June 2015"},
        {Language::gn, {2015, 6, 30}, "30 jasypoteĩ 2015"},
        {Language::es, {2016, 1, 1}, "1 de enero de 2016"},
        {Language::es, {2016, 9, 15}, "15 de septiembre de 2016"},
        {Language::en, {2016, 12, 31}, "31 December 2016"},
        {Language::es, {2015, 13, 1}, "2015-13-01"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.expected);
        EXPECT_EQ(format_date(row.language, row.date), row.expected);
    }
}

TEST(Format, GuaraniMonthNames)
{
    const char* months[] = {"jasyteĩ", "jasykõi", "jasyapy", "jasyrundy", "jasypo", "jasypoteĩ",
        "jasypokõi", "jasypoapy", "jasyporundy", "jasypa", "jasypateĩ", "jasypakõi"};
    for (int month = 1; month <= 12; ++month) {
        SCOPED_TRACE(month);
        EXPECT_EQ(format_date(Language::gn, {2020, month, 5}),
            std::string("5 ") + months[month - 1] + " 2020");
    }
}

TEST(Format, DatesWithTimesInEachLanguage)
{
    struct Row {
        Language language;
        LocalDateTime local;
        std::string expected;
    };
    const Row rows[] = {
        {Language::es, {{2026, 3, 31}, 23, 59}, "31 de marzo de 2026, 23:59"},
        {Language::en, {{2026, 3, 31}, 23, 59}, "31 March 2026, 23:59"},
        {Language::gn, {{2026, 3, 31}, 23, 59}, "31 jasyapy 2026, 23:59"},
        {Language::es, {{2026, 3, 1}, 0, 0}, "1 de marzo de 2026, 00:00"},
        {Language::en, {{2026, 4, 7}, 9, 5}, "7 April 2026, 09:05"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.expected);
        EXPECT_EQ(format_date_time(row.language, row.local), row.expected);
    }
}

}  // namespace
}  // namespace tablero::i18n
