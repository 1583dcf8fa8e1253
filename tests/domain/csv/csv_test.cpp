#include "domain/csv/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::csv {
namespace {

using Fields = std::vector<std::string>;

TEST(Csv, ReadsWhatSpreadsheetsWrite)
{
    struct Row {
        std::string name;
        std::string text;
        char separator;
        Fields header;
        std::vector<CsvRecord> records;
    };
    const Row rows[] = {
        {"LF", "a,b\n1,2\n3,4\n", ',', {"a", "b"}, {{2, {"1", "2"}}, {3, {"3", "4"}}}},
        {"CRLF", "a,b\r\n1,2\r\n3,4\r\n", ',', {"a", "b"}, {{2, {"1", "2"}}, {3, {"3", "4"}}}},
        {"lone CR (old Mac)", "a,b\r1,2\r", ',', {"a", "b"}, {{2, {"1", "2"}}}},
        {"no final newline", "a,b\n1,2", ',', {"a", "b"}, {{2, {"1", "2"}}}},
        {"byte order mark",
            "\xEF\xBB\xBF"
            "a,b\n1,2\n",
            ',', {"a", "b"}, {{2, {"1", "2"}}}},
        {"BOM, CRLF and semicolons",
            "\xEF\xBB\xBF"
            "a;b\r\n1,5;2\r\n",
            ';', {"a", "b"}, {{2, {"1,5", "2"}}}},
        {"semicolon detected", "a;b;c\n1;2;3\n", ';', {"a", "b", "c"}, {{2, {"1", "2", "3"}}}},
        {"comma wins a tie", "a;b,c\n", ',', {"a;b", "c"}, {}},
        {"separators inside quotes do not count", "\"a,b,c\";d;e\n", ';', {"a,b,c", "d", "e"}, {}},
        {"quoted separator", "a,b\n\"x, y\",2\n", ',', {"a", "b"}, {{2, {"x, y", "2"}}}},
        {"doubled quotes", "a\n\"say \"\"hola\"\"\"\n", ',', {"a"}, {{2, {"say \"hola\""}}}},
        {"quoted empty field", "a,b\n\"\",2\n", ',', {"a", "b"}, {{2, {"", "2"}}}},
        {"embedded newline keeps later row numbers right", "a,b\n\"one\ntwo\nthree\",2\n3,4\n", ',',
            {"a", "b"}, {{2, {"one\ntwo\nthree", "2"}}, {5, {"3", "4"}}}},
        {"embedded CRLF comes back as LF", "a\r\n\"x\r\ny\"\r\nz\r\n", ',', {"a"},
            {{2, {"x\ny"}}, {4, {"z"}}}},
        {"blank lines skipped but counted", "\na,b\n\n1,2\r\n\r\n3,4\n\n", ',', {"a", "b"},
            {{4, {"1", "2"}}, {6, {"3", "4"}}}},
        {"empty fields and trailing separator", "a,b,c\n,,\n1,,\n", ',', {"a", "b", "c"},
            {{2, {"", "", ""}}, {3, {"1", "", ""}}}},
        {"spaces kept", "a,b\n x , y\n", ',', {"a", "b"}, {{2, {" x ", " y"}}}},
        {"spaces after a closing quote", "a,b\n\"x\"  ,2\n", ',', {"a", "b"}, {{2, {"x", "2"}}}},
        {"quote inside an unquoted field is text", "a\n5\" screen\n", ',', {"a"},
            {{2, {"5\" screen"}}}},
        {"UTF-8 untouched", "título\nParticipación ñandutí\n", ',', {"título"},
            {{2, {"Participación ñandutí"}}}},
        {"empty text", "", ',', {}, {}},
        {"only blank lines", "\r\n\n", ',', {}, {}},
        {"ragged rows kept as they are", "a,b\n1\n1,2,3\n", ',', {"a", "b"},
            {{2, {"1"}}, {3, {"1", "2", "3"}}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto table = parse_csv(row.text, "plan.csv");
        ASSERT_TRUE(table.ok()) << table.error().message;
        EXPECT_EQ(table->separator, row.separator);
        EXPECT_EQ(table->header, row.header);
        EXPECT_EQ(table->records, row.records);
    }
}

TEST(Csv, HeaderLineIsTheFirstNonBlankLine)
{
    auto table = parse_csv("\n\na,b\n1,2\n", "plan.csv");
    ASSERT_TRUE(table.ok());
    EXPECT_EQ(table->header_line, 3);
    EXPECT_EQ(table->records.front().line, 4);
}

TEST(Csv, ExplicitSeparatorOverridesDetection)
{
    auto table = parse_csv("a;b,c\n1;2,3\n", "plan.csv", ';');
    ASSERT_TRUE(table.ok());
    EXPECT_EQ(table->header, (Fields{"a", "b,c"}));
    EXPECT_EQ(table->records.front().fields, (Fields{"1", "2,3"}));
}

TEST(Csv, BrokenQuotesNameTheRowTheRecordStartsOn)
{
    struct Row {
        std::string name;
        std::string text;
        std::string expected;
    };
    const Row rows[] = {
        {"unterminated quote", "a,b\n1,2\n3,\"open\n4,5\n",
            "plan.csv:3: a quoted field of the record that starts on this row is never closed"},
        {"unterminated quote in a later field of a multi-line record", "a,b\n\"x\ny\",\"open\n",
            "plan.csv:2: a quoted field of the record that starts on this row is never closed"},
        {"text after a closing quote", "a,b\n1,2\n\"x\"y,2\n",
            "plan.csv:3: text follows the closing quote of a field; a quote inside a quoted "
            "field must be doubled (\"\")"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto table = parse_csv(row.text, "plan.csv");
        ASSERT_FALSE(table.ok());
        EXPECT_EQ(table.error().code, ErrorCode::invalid_argument);
        EXPECT_EQ(table.error().message, row.expected);
        EXPECT_EQ(table.error().where, "plan.csv");
    }
}

// parse_csv_view is what parse_csv is built on; these rows exercise its two ways of reading a
// quoted field: a view into the text when the value is the text between the quotes, a copy
// when a doubled quote or a line break must be rewritten, including when the view's scan meets
// one only after a stretch of plain text.
TEST(Csv, ViewsReadQuotedFieldsLikeCopies)
{
    struct Row {
        std::string name;
        std::string text;
        Fields header;
        std::vector<CsvRecord> records;
    };
    const Row rows[] = {
        {"plain quoted", "a,b\n\"x, y\",2\n", {"a", "b"}, {{2, {"x, y", "2"}}}},
        {"doubled quote after text", "a\n\"abcdefgh\"\"i\"\n", {"a"}, {{2, {"abcdefgh\"i"}}}},
        {"line break after text", "a\n\"abc\r\ndef\",1\n2\n", {"a"},
            {{2, {"abc\ndef", "1"}}, {4, {"2"}}}},
        {"quoted header", "\"a\"\"\",\"b\nc\"\n1,2\n", {"a\"", "b\nc"}, {{3, {"1", "2"}}}},
        {"unquoted last field without line end", "a,b\n1,xyz", {"a", "b"}, {{2, {"1", "xyz"}}}},
        {"quoted last field without line end", "a,b\n1,\"xyz\"", {"a", "b"}, {{2, {"1", "xyz"}}}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto table = parse_csv_view(row.text, "plan.csv");
        ASSERT_TRUE(table.ok()) << table.error().message;
        // Moved, as callers move a Result's value: the copies must move with it.
        const CsvView view = std::move(table).value();
        EXPECT_EQ(Fields(view.header().begin(), view.header().end()), row.header);
        std::vector<CsvRecord> records;
        for (std::size_t i = 0; i < view.record_count(); ++i)
            records.push_back(
                {view.record_line(i), Fields(view.record(i).begin(), view.record(i).end())});
        EXPECT_EQ(records, row.records);
    }
}

TEST(Csv, ManyCopiedFieldsStayValid)
{
    // Enough rewritten fields, short and long, for any storage that moves them as it grows to
    // leave earlier views dangling.
    std::string text = "a,b\n";
    Fields expected;
    for (int i = 0; i < 2000; ++i) {
        const std::string value =
            std::to_string(i) + (i % 2 ? "\"\"" : std::string(40, 'x') + "\n");
        text += "\"" + value + "\",1\n";
        expected.push_back(std::to_string(i) + (i % 2 ? "\"" : std::string(40, 'x') + "\n"));
    }
    auto table = parse_csv_view(text, "plan.csv");
    ASSERT_TRUE(table.ok()) << table.error().message;
    ASSERT_EQ(table->record_count(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        ASSERT_EQ(table->record(i)[0], expected[i]) << "record " << i;
}

TEST(Csv, UnclosedQuoteAtTheEndOfTheText)
{
    for (const std::string text : {"a\n\"open", "a\n\"open\"\"", "a\n1\n\"open\r"}) {
        SCOPED_TRACE(text);
        auto table = parse_csv(text, "plan.csv");
        ASSERT_FALSE(table.ok());
        EXPECT_EQ(table.error().message.substr(0, 11),
            text.ends_with("\r") ? "plan.csv:3:" : "plan.csv:2:");
        EXPECT_TRUE(table.error().message.ends_with("is never closed"));
    }
}

TEST(Csv, WritesQuotingOnlyWhenNeeded)
{
    struct Row {
        std::string name;
        std::vector<Fields> rows;
        char separator;
        std::string expected;
    };
    const Row rows[] = {
        {"plain", {{"a", "b"}, {"1", "2"}}, ',', "a,b\n1,2\n"},
        {"separator", {{"x, y", "z"}}, ',', "\"x, y\",z\n"},
        {"the other separator needs nothing", {{"x; y", "z"}}, ',', "x; y,z\n"},
        {"semicolon separator", {{"x; y", "2,5"}}, ';', "\"x; y\";2,5\n"},
        {"quote", {{"say \"hola\""}}, ',', "\"say \"\"hola\"\"\"\n"},
        {"newline", {{"one\ntwo", "x"}}, ',', "\"one\ntwo\",x\n"},
        {"carriage return", {{"one\rtwo"}}, ',', "\"one\rtwo\"\n"},
        {"leading space", {{" x"}}, ',', "\" x\"\n"},
        {"trailing tab", {{"x\t"}}, ',', "\"x\t\"\n"},
        {"inner space", {{"x y"}}, ',', "x y\n"},
        {"empty fields", {{"", "", ""}}, ',', ",,\n"},
        {"UTF-8", {{"Participación", "ñ"}}, ',', "Participación,ñ\n"},
        {"no rows", {}, ',', ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(write_csv(row.rows, row.separator), row.expected);
    }
}

TEST(Csv, WrittenRowsReadBackTheSame)
{
    const std::vector<Fields> rows = {
        {"code", "title", "note"},
        {"1", "Acceso a la información, \"pública\"", "line one\nline two"},
        {"2", " padded ", ""},
        {"3", "a;b", "\"\""},
    };
    for (char separator : {',', ';'}) {
        SCOPED_TRACE(std::string(1, separator));
        auto table = parse_csv(write_csv(rows, separator), "x.csv", separator);
        ASSERT_TRUE(table.ok()) << table.error().message;
        EXPECT_EQ(table->header, rows[0]);
        ASSERT_EQ(table->records.size(), 3u);
        for (std::size_t i = 0; i < 3; ++i)
            EXPECT_EQ(table->records[i].fields, rows[i + 1]);
        EXPECT_EQ(table->records[1].line, 4);
    }
}

TEST(Csv, CellsThatASpreadsheetWouldRunAsFormulasBecomeText)
{
    const std::pair<std::string, std::string> cases[] = {
        {"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
        {"+1+1", "'+1+1"},
        {"-2+3", "'-2+3"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\t=1", "'\t=1"},
        {"\r=1", "'\r=1"},
        {"Ley de acceso", "Ley de acceso"},
        {"66.3", "66.3"},
        {"a=b", "a=b"},
        {"", ""},
    };
    for (const auto& [cell, safe] : cases)
        EXPECT_EQ(spreadsheet_safe(cell), safe) << cell;
}

}  // namespace
}  // namespace tablero::csv
