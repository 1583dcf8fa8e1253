#include "domain/csv/csv.h"

#include <algorithm>
#include <array>

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

Result<CsvView> parse_csv_view(
    std::string_view text, std::string_view file_name, std::optional<char> separator)
{
    text = without_bom(text);
    CsvView table;
    const char sep = separator ? *separator : detect_separator(text);
    table.m_separator = sep;
    const std::size_t size = text.size();
    // The bytes that end an unquoted field, looked up once per byte in the loop below.
    std::array<bool, 256> ends_field{};
    ends_field[static_cast<unsigned char>(sep)] = true;
    ends_field['\r'] = true;
    ends_field['\n'] = true;
    auto ends_field_at = [&](std::size_t at) {
        return ends_field[static_cast<unsigned char>(text[at])];
    };
    bool have_header = false;
    std::size_t i = 0;
    int line = 1;
    // Moves past the line end at i (CRLF, LF or a lone CR) and counts the line.
    auto skip_line_end = [&] {
        i += (text[i] == '\r' && i + 1 < size && text[i + 1] == '\n') ? 2 : 1;
        ++line;
    };
    while (i < size) {
        CsvView::Span record;
        record.line = line;
        record.first = table.m_fields.size();
        bool record_ends = false;
        while (!record_ends) {
            std::string_view field;
            if (i < size && text[i] == '"') {
                const std::size_t start = ++i;
                // Most quoted fields hold only a separator: their text is their value.
                while (i < size && text[i] != '"' && !is_line_end(text[i]))
                    ++i;
                if (i < size && text[i] == '"' && !(i + 1 < size && text[i + 1] == '"')) {
                    field = text.substr(start, i - start);
                    ++i;
                } else {
                    std::string value(text.substr(start, i - start));
                    while (true) {
                        if (i >= size)
                            return problem(file_name, record.line,
                                "a quoted field of the record that starts on this row is never "
                                "closed");
                        if (text[i] == '"') {
                            if (i + 1 < size && text[i + 1] == '"') {
                                value += '"';
                                i += 2;
                                continue;
                            }
                            ++i;
                            break;
                        }
                        if (is_line_end(text[i])) {
                            // Line breaks inside a field come back as LF whatever the file uses,
                            // so a title reads the same from a Windows file and from a Unix one.
                            skip_line_end();
                            value += '\n';
                            continue;
                        }
                        value += text[i++];
                    }
                    field = table.m_unescaped.emplace_back(std::move(value));
                }
                // Spaces after a closing quote are what some writers pad columns with.
                while (i < size && (text[i] == ' ' || text[i] == '\t'))
                    ++i;
                if (i < size && text[i] != sep && !is_line_end(text[i]))
                    return problem(file_name, record.line,
                        "text follows the closing quote of a field; a quote inside a quoted "
                        "field must be doubled (\"\")");
            } else {
                const std::size_t start = i;
                while (i < size && !ends_field_at(i))
                    ++i;
                field = text.substr(start, i - start);
            }
            table.m_fields.push_back(field);
            if (i >= size) {
                record_ends = true;
            } else if (text[i] == sep) {
                ++i;
            } else {
                skip_line_end();
                record_ends = true;
            }
        }
        record.count = table.m_fields.size() - record.first;
        // A blank line is no record: spreadsheets leave them between blocks of rows.
        if (record.count == 1 && table.m_fields.back().empty()) {
            table.m_fields.pop_back();
            continue;
        }
        if (!have_header) {
            table.m_header = record;
            have_header = true;
            // Rows about as long as the header: room for the rest of the file at once, rather
            // than doubling the lists a dozen times; never more than a field per 8 bytes and a
            // record per 64, so that a short header over long rows cannot ask for too much.
            const std::size_t header_bytes = std::max<std::size_t>(i, 1);
            const std::size_t rows = size / header_bytes + 1;
            table.m_fields.reserve(std::min(record.count * rows, size / 8 + 1));
            table.m_records.reserve(std::min(rows, size / 64 + 1));
        } else {
            table.m_records.push_back(record);
        }
    }
    return table;
}

Result<CsvTable> parse_csv(
    std::string_view text, std::string_view file_name, std::optional<char> separator)
{
    auto view = parse_csv_view(text, file_name, separator);
    if (!view.ok())
        return std::move(view).error();
    CsvTable table;
    table.separator = view->separator();
    const auto header = view->header();
    table.header.assign(header.begin(), header.end());
    table.header_line = view->header_line();
    table.records.reserve(view->record_count());
    for (std::size_t index = 0; index < view->record_count(); ++index) {
        const auto fields = view->record(index);
        table.records.push_back(CsvRecord{
            view->record_line(index), std::vector<std::string>(fields.begin(), fields.end())});
    }
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

std::string spreadsheet_safe(std::string cell)
{
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
        cell.insert(cell.begin(), '\'');
    return cell;
}

}  // namespace tablero::csv
