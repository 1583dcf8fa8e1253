// The text COPY rows are written in (storage/postgres/copy_writer.h), without a server: what each
// value becomes, so that no byte of an import is read back as a delimiter, an escape or NULL. The
// contract suite (plan_store_test.cpp) sends the same kinds of text through a real COPY.
#include "storage/postgres/copy_writer.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace tablero::storage::postgres {
namespace {

TEST(AppendCopyField, EscapesWhatTextFormatReadsAsSyntax)
{
    struct Row {
        const char* name;
        std::optional<std::string> value;
        std::string expected;
    };
    const Row rows[] = {
        {"null", std::nullopt, "\\N"},
        {"empty is not null", "", ""},
        {"plain text", "Portal de datos", "Portal de datos"},
        {"backslash", "C:\\datos\\", "C:\\\\datos\\\\"},
        {"backslash N, which is NULL unescaped", "\\N", "\\\\N"},
        {"the end-of-data marker", "\\.", "\\\\."},
        {"tab, the column delimiter", "a\tb", "a\\tb"},
        {"newline, the row delimiter", "línea 1\nlínea 2", "línea 1\\nlínea 2"},
        {"carriage return", "a\r\nb", "a\\r\\nb"},
        {"escapes side by side", "\t\t\\\n", "\\t\\t\\\\\\n"},
        {"escape sequences as text", "\\t\\x41\\101", "\\\\t\\\\x41\\\\101"},
        {"quotes are data", "\"dijo\" 'sí'", "\"dijo\" 'sí'"},
        {"accents and other UTF-8", "Ñandutí ✓ São", "Ñandutí ✓ São"},
        {"other control bytes are data", "\v\f\b", "\v\f\b"},
        {"spaces are kept", "  a  ", "  a  "},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        std::string out = "prefix|";
        append_copy_field(out, row.value);
        EXPECT_EQ(out, "prefix|" + row.expected);
    }
}

TEST(CopyRows, SeparatesFieldsWithTabsAndEndsRowsWithNewlines)
{
    CopyRows rows;
    EXPECT_TRUE(rows.empty());
    rows.number(7LL);
    rows.text("a\tb");
    rows.null();
    rows.number(2.5);
    rows.end_row();
    rows.text("");
    rows.optional_number(std::optional<double>());
    rows.optional_number(std::optional<double>(0.1));
    rows.number(-3);
    rows.end_row();
    EXPECT_EQ(rows.data(), "7\ta\\tb\t\\N\t2.5\n\t\\N\t0.1\t-3\n");
    EXPECT_EQ(rows.size(), rows.data().size());
    EXPECT_EQ(rows.rows(), 2u);
    rows.clear();
    EXPECT_TRUE(rows.empty());
    EXPECT_EQ(rows.rows(), 0u);
    rows.text("x");
    rows.end_row();
    EXPECT_EQ(rows.data(), "x\n") << "a cleared buffer starts a new row";
}

TEST(CopyRows, WritesNumbersThatReadBackExactly)
{
    struct Row {
        const char* name;
        double value;
        std::string expected;
    };
    const Row rows[] = {
        {"whole", 3, "3"},
        {"a tenth", 0.1, "0.1"},
        {"a third", 1.0 / 3.0, "0.3333333333333333"},
        {"a percentage", 100.0 / 3.0, "33.333333333333336"},
        {"large", 1e300, "1e+300"},
        {"negative", -2.25, "-2.25"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        CopyRows rows_written;
        rows_written.number(row.value);
        EXPECT_EQ(rows_written.data(), row.expected);
        EXPECT_EQ(std::stod(rows_written.data()), row.value);
    }
}

}  // namespace
}  // namespace tablero::storage::postgres
