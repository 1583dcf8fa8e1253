// The workspace's report form read from its fields alone (web/workspace/report_form.h): which
// links are web addresses, and what each field accepts and refuses. Tables, with today fixed.
#include "web/workspace/report_form.h"

#include <gtest/gtest.h>

namespace tablero::web::workspace {
namespace {

TEST(WebLink, OnlyHttpAndHttpsAddressesWithAHost)
{
    struct Row {
        const char* text;
        const char* expected;  // nullptr: refused
    };
    const Row rows[] = {
        {"https://example.org/informe.pdf", "https://example.org/informe.pdf"},
        {"http://example.org", "http://example.org"},
        {"HTTPS://Example.org/A", "https://Example.org/A"},
        {"https://example.org/a?b=c#d", "https://example.org/a?b=c#d"},
        {"javascript:alert(1)", nullptr},
        {"JavaScript:alert(1)", nullptr},
        {"data:text/html,<script>alert(1)</script>", nullptr},
        {"ftp://example.org/a", nullptr},
        {"https:///path", nullptr},
        {"https:example.org", nullptr},
        {"//example.org/a", nullptr},
        {"/relative", nullptr},
        {"example.org", nullptr},
        {"https://exa mple.org", nullptr},
        {"https://example.org/\ta", nullptr},
        {"", nullptr},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.text);
        const auto link = web_link(row.text);
        if (row.expected)
            EXPECT_EQ(link, std::optional<std::string>(row.expected));
        else
            EXPECT_EQ(link, std::nullopt);
    }
    EXPECT_EQ(web_link("https://example.org/" + std::string(url_limit, 'a')), std::nullopt);
}

const Date today{2024, 5, 6};

http::FormFields good_fields()
{
    return {{"percent", "60"}, {"as_of", "2024-05-06"}, {"note", " Seis oficinas "},
        {"evidence_title_1", "Informe"}, {"evidence_url_1", "https://example.org/i.pdf"},
        {"evidence_title_2", ""}, {"evidence_url_2", ""}};
}

http::FormFields with(http::FormFields fields, const std::string& name, const std::string& value)
{
    for (auto& field : fields) {
        if (field.first == name) {
            field.second = value;
            return fields;
        }
    }
    fields.emplace_back(name, value);
    return fields;
}

TEST(ReadReportForm, AGoodFormGivesTheReport)
{
    const ReportForm form = read_report_form(good_fields(), today);
    ASSERT_TRUE(form.errors.empty());
    ASSERT_TRUE(form.report);
    EXPECT_EQ(form.report->progress, plans::Progress::of(60));
    EXPECT_EQ(form.report->as_of, today);
    EXPECT_EQ(form.report->note, "Seis oficinas");
    ASSERT_EQ(form.report->evidence.size(), 1u);
    EXPECT_EQ(form.report->evidence[0].title, "Informe");
    EXPECT_EQ(form.report->evidence[0].url, "https://example.org/i.pdf");
    // Evidence is dated with the figure it supports.
    EXPECT_EQ(form.report->evidence[0].date, today);
    // What was typed, to show again.
    EXPECT_EQ(form.values.at("note"), " Seis oficinas ");
}

TEST(ReadReportForm, EachFieldsRules)
{
    struct Row {
        const char* name;
        http::FormFields fields;
        // The field with the error and the message key; empty field: accepted.
        std::string field;
        std::string key;
        plans::Progress progress = {};
    };
    const std::string long_note(note_limit + 1, 'x');
    const Row rows[] = {
        {"zero", with(good_fields(), "percent", "0"), "", "", plans::Progress::of(0)},
        {"a hundred", with(good_fields(), "percent", "100"), "", "", plans::Progress::of(100)},
        {"a decimal comma", with(good_fields(), "percent", "62,5"), "", "",
            plans::Progress::of(62.5)},
        {"a percent sign", with(good_fields(), "percent", " 62.5 % "), "", "",
            plans::Progress::of(62.5)},
        {"not applicable", with(with(good_fields(), "percent", ""), "not_applicable", "yes"), "",
            "", plans::Progress::not_applicable()},
        {"150", with(good_fields(), "percent", "150"), "percent", "workspace_error_percent"},
        {"negative", with(good_fields(), "percent", "-1"), "percent", "workspace_error_percent"},
        {"infinity", with(good_fields(), "percent", "inf"), "percent", "workspace_error_percent"},
        {"not a number", with(good_fields(), "percent", "60abc"), "percent",
            "workspace_error_percent"},
        {"empty", with(good_fields(), "percent", " "), "percent",
            "workspace_error_percent_missing"},
        {"both", with(good_fields(), "not_applicable", "yes"), "percent",
            "workspace_error_percent_and_not_applicable"},
        {"no date", with(good_fields(), "as_of", ""), "as_of", "workspace_error_as_of_missing"},
        {"an impossible date", with(good_fields(), "as_of", "2024-02-30"), "as_of",
            "workspace_error_as_of"},
        {"tomorrow", with(good_fields(), "as_of", "2024-05-07"), "as_of",
            "workspace_error_as_of_future"},
        {"yesterday", with(good_fields(), "as_of", "2024-05-05"), "", "", plans::Progress::of(60)},
        {"a long note", with(good_fields(), "note", long_note), "note", "workspace_error_note"},
        {"a javascript: link", with(good_fields(), "evidence_url_1", "javascript:alert(1)"),
            "evidence_url_1", "workspace_error_evidence_url"},
        {"a title without a link", with(good_fields(), "evidence_title_2", "Acta"),
            "evidence_url_2", "workspace_error_evidence_url_missing"},
        {"a link without a title", with(good_fields(), "evidence_url_3", "https://example.org/b"),
            "", "", plans::Progress::of(60)},
        {"a long title", with(good_fields(), "evidence_title_1", std::string(title_limit + 1, 't')),
            "evidence_title_1", "workspace_error_evidence_title"},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        const ReportForm form = read_report_form(row.fields, today);
        if (row.field.empty()) {
            EXPECT_TRUE(form.errors.empty());
            ASSERT_TRUE(form.report);
            EXPECT_EQ(form.report->progress, row.progress);
            continue;
        }
        EXPECT_FALSE(form.report);
        ASSERT_EQ(form.errors.size(), 1u);
        EXPECT_EQ(form.errors.begin()->first, row.field);
        EXPECT_EQ(form.errors.begin()->second, row.key);
    }
}

TEST(ReadReportForm, EveryProblemAtOnce)
{
    const ReportForm form = read_report_form(
        {{"percent", "101"}, {"as_of", "mañana"}, {"evidence_url_1", "javascript:x"}}, today);
    EXPECT_FALSE(form.report);
    EXPECT_EQ(form.errors.size(), 3u);
}

}  // namespace
}  // namespace tablero::web::workspace
