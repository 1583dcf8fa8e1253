// A general CSV reader and writer (RFC 4180) that accepts what spreadsheets write: UTF-8 with or
// without a byte order mark, CRLF, LF or lone CR line ends, a last line without a line end,
// comma or semicolon separators, quoted fields holding separators, doubled quotes and line
// breaks. Pure text in, values out: reading the file is the caller's business.
#pragma once

#include "core/result.h"

#include <cstddef>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::csv {

// One record and the file line it starts on (1-based). A record whose quoted field spans three
// lines starts on the first of them, and the next record starts three lines further down.
struct CsvRecord {
    int line = 0;
    std::vector<std::string> fields;

    bool operator==(const CsvRecord&) const = default;
};

struct CsvTable {
    // The separator used: detected or given.
    char separator = ',';
    // The first non-blank record, and the line it starts on.
    std::vector<std::string> header;
    int header_line = 1;
    // The records below the header; blank lines are skipped and not counted as records, though
    // they still count as lines.
    std::vector<CsvRecord> records;
};

// Reads `text` with `separator`, or with the separator detected from the first non-blank line
// when none is given: the one of ',' and ';' that occurs there more often outside quotes (',' on
// a tie). Field values are kept as written (no trimming). Fails with invalid_argument when a
// quoted field is never closed or text follows a closing quote; the message reads
// `FILE:LINE: ...` with the line the record starts on, and `where` holds the file name. An
// empty text gives an empty header and no records.
Result<CsvTable> parse_csv(std::string_view text, std::string_view file_name,
    std::optional<char> separator = std::nullopt);

// A table read as parse_csv reads it, without a string per field: what readers of large files
// use (a plan of 100,000 rows has 1.7 million fields). An unquoted field, and a quoted one with
// no doubled quote or line break in it, is a view into the text, which must outlive the table;
// the other quoted fields are kept, unescaped, in the table itself.
class CsvView {
public:
    // The separator used: detected or given.
    char separator() const { return m_separator; }
    // The first non-blank record (empty for an empty text), and the line it starts on.
    std::span<const std::string_view> header() const { return fields_of(m_header); }
    int header_line() const { return m_header.line; }
    // The records below the header, blank lines skipped as parse_csv skips them.
    std::size_t record_count() const { return m_records.size(); }
    std::span<const std::string_view> record(std::size_t index) const
    {
        return fields_of(m_records[index]);
    }
    // The line record `index` starts on.
    int record_line(std::size_t index) const { return m_records[index].line; }

private:
    friend Result<CsvView> parse_csv_view(
        std::string_view text, std::string_view file_name, std::optional<char> separator);

    struct Span {
        int line = 1;
        std::size_t first = 0;
        std::size_t count = 0;
    };
    std::span<const std::string_view> fields_of(const Span& span) const
    {
        return std::span<const std::string_view>(m_fields).subspan(span.first, span.count);
    }

    char m_separator = ',';
    Span m_header;
    std::vector<Span> m_records;
    // Every field of every record, the header's first, in file order.
    std::vector<std::string_view> m_fields;
    // The quoted fields that differ from their text. A deque never moves its elements, so the
    // views into them stay valid as it grows and when the table is moved.
    std::deque<std::string> m_unescaped;
};

// parse_csv without a string per field: the same records, separator, lines and errors.
Result<CsvView> parse_csv_view(std::string_view text, std::string_view file_name,
    std::optional<char> separator = std::nullopt);

// The separator parse_csv would detect for `text`.
char detect_separator(std::string_view text);

// The first non-blank line of `text` (after a byte order mark), without its line end: what
// callers that know their column names look at to pick a separator themselves.
std::string_view first_line(std::string_view text);

// Writes the rows with `separator`, quoting a field only when it must be: when it holds the
// separator, a quote, CR or LF, or starts or ends with a space or tab (which many readers would
// trim). Lines end with LF, not RFC 4180's CRLF: every spreadsheet and every tool on the
// platform's servers reads LF, and LF keeps diffs of exported files clean. The last line ends
// with LF too; an empty row is written as an empty line.
std::string write_csv(const std::vector<std::vector<std::string>>& rows, char separator = ',');

// A cell as a spreadsheet may open it safely: one starting with "=", "+", "-", "@", a tab or a CR
// would be read as a formula by Excel or LibreOffice (OWASP's "CSV injection"), so it gets a
// leading apostrophe, which they show as text. For files people download and open, not for the
// plan CSV that Tablero reads back.
std::string spreadsheet_safe(std::string cell);

}  // namespace tablero::csv
