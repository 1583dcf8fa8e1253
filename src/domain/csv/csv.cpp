#include "domain/csv/csv.h"

namespace tablero::csv {

namespace {

// UTF-8's byte order mark, which Excel puts at the start of "CSV UTF-8" files.
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

std::string_view without_bom(std::string_view text)
{
    if (text.starts_with(byte_order_mark))
        text.remove_prefix(byte_order_mark.size());
    return text;
}

Error problem(std::string_view file_name, int line, std::string_view message)
{
    return fail(ErrorCode::invalid_argument,
        std::string(file_name) + ":" + std::to_string(line) + ": " + std::string(message),
        std::string(file_name));
}

bool is_line_end(char c)
{
    return c == '\r' || c == '\n';
}

}  // namespace

std::string_view first_line(std::string_view text)
{
    text = without_bom(text);
    std::size_t start = 0;
    while (start < text.size() && is_line_end(text[start]))
        ++start;
    std::size_t end = start;
    while (end < text.size() && !is_line_end(text[end]))
        ++end;
    return text.substr(start, end - start);
}

char detect_separator(std::string_view text)
{
    int commas = 0;
    int semicolons = 0;
    bool quoted = false;
    for (char c : first_line(text)) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            ++commas;
        else if (!quoted && c == ';')
            ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
}

Result<CsvTable> parse_csv(
    std::string_view text, std::string_view file_name, std::optional<char> separator)
{
    text = without_bom(text);
    const char sep = separator ? *separator : detect_separator(text);
    const std::size_t size = text.size();
    std::vector<CsvRecord> records;
    std::size_t i = 0;
    int line = 1;
    // Moves past the line end at i (CRLF, LF or a lone CR) and counts the line.
    auto skip_line_end = [&] {
        i += (text[i] == '\r' && i + 1 < size && text[i + 1] == '\n') ? 2 : 1;
        ++line;
    };
    while (i < size) {
        CsvRecord record;
        record.line = line;
        bool record_ends = false;
        while (!record_ends) {
            std::string field;
            if (i < size && text[i] == '"') {
                ++i;
                while (true) {
                    if (i >= size)
                        return problem(file_name, record.line,
                            "a quoted field of the record that starts on this row is never "
                            "closed");
                    if (text[i] == '"') {
                        if (i + 1 < size && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (is_line_end(text[i])) {
                        // Line breaks inside a field come back as LF whatever the file uses, so
                        // a title reads the same from a Windows file and from a Unix one.
                        skip_line_end();
                        field += '\n';
                        continue;
                    }
                    field += text[i++];
                }
                // Spaces after a closing quote are what some writers pad columns with.
                while (i < size && (text[i] == ' ' || text[i] == '\t'))
                    ++i;
                if (i < size && text[i] != sep && !is_line_end(text[i]))
                    return problem(file_name, record.line,
                        "text follows the closing quote of a field; a quote inside a quoted "
                        "field must be doubled (\"\")");
            } else {
                while (i < size && text[i] != sep && !is_line_end(text[i]))
                    field += text[i++];
            }
            record.fields.push_back(std::move(field));
            if (i >= size) {
                record_ends = true;
            } else if (text[i] == sep) {
                ++i;
            } else {
                skip_line_end();
                record_ends = true;
            }
        }
        // A blank line is no record: spreadsheets leave them between blocks of rows.
        if (record.fields.size() == 1 && record.fields[0].empty())
            continue;
        records.push_back(std::move(record));
    }

    CsvTable table;
    table.separator = sep;
    if (records.empty())
        return table;
    table.header = std::move(records.front().fields);
    table.header_line = records.front().line;
    table.records.assign(
        std::make_move_iterator(records.begin() + 1), std::make_move_iterator(records.end()));
    return table;
}

std::string write_csv(const std::vector<std::vector<std::string>>& rows, char separator)
{
    auto needs_quotes = [separator](const std::string& field) {
        if (field.empty())
            return false;
        if (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' ||
            field.back() == '\t')
            return true;
        return field.find_first_of(std::string{separator, '"', '\r', '\n'}) != std::string::npos;
    };
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t column = 0; column < row.size(); ++column) {
            if (column > 0)
                out += separator;
            const std::string& field = row[column];
            if (!needs_quotes(field)) {
                out += field;
                continue;
            }
            out += '"';
            for (char c : field) {
                if (c == '"')
                    out += '"';
                out += c;
            }
            out += '"';
        }
        out += '\n';
    }
    return out;
}

}  // namespace tablero::csv
