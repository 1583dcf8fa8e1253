#include "domain/plans/plan_csv.h"

#include "domain/csv/csv.h"
#include "domain/plans/progress.h"
#include "domain/text/utf8.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace tablero::plans {

namespace {

// The columns by position in plan_csv_columns.
enum Column : std::size_t {
    plan_column,
    plan_title_column,
    area_column,
    commitment_column,
    commitment_title_column,
    lead_institution_column,
    result_column,
    result_title_column,
    weight_column,
    progress_column,
    start_date_column,
    due_date_column,
    as_of_column,
    parent_column,
    commitment_weight_column,
    evidence_url_column,
    note_column,
    column_count,
};

static_assert(std::size(plan_csv_columns) == column_count);

std::string_view column_name(Column column)
{
    return plan_csv_columns[column];
}

std::string_view trim(std::string_view text)
{
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string ascii_lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Whether `text` is `lower` in any case of ASCII letters.
bool equals_ascii_lower(std::string_view text, std::string_view lower)
{
    if (text.size() != lower.size())
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

// Whether `text` is valid UTF-8 as count_code_points defines it, without counting. Most of a
// plan's text is ASCII, even in Spanish titles, so runs of it are passed eight bytes at a time.
bool is_utf8(std::string_view text)
{
    std::size_t at = 0;
    while (at < text.size()) {
        if (at + 8 <= text.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, text.data() + at, 8);
            if (!(word & 0x8080808080808080ull)) {
                at += 8;
                continue;
            }
        }
        const text::Utf8Char character = text::decode_utf8(text, at);
        if (!character.valid)
            return false;
        at += character.length;
    }
    return true;
}

// A value as messages show it: in double quotes, line breaks written as \n so that every
// problem stays on one line.
std::string quoted(std::string_view value)
{
    std::string out = "\"";
    for (char c : value) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    return out + "\"";
}

// Reads a number as spreadsheets write it: "2.5" always, and "2,5" too when the file uses ';'
// (the separator of Spanish-locale spreadsheets, whose decimal mark is the comma).
std::optional<double> parse_number(std::string_view text, char separator)
{
    if (text.empty())
        return std::nullopt;
    std::string normal;
    if (separator == ';' && text.find('.') == std::string_view::npos &&
        std::count(text.begin(), text.end(), ',') == 1) {
        normal = text;
        std::replace(normal.begin(), normal.end(), ',', '.');
        text = normal;
    }
    double value = 0;
    const char* first = text.data();
    const char* last = first + text.size();
    auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc{} || end != last || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// Numbers as export writes them: '.' as decimal mark, no exponent, no trailing zeros, the
// fewest digits that read back as the same double.
std::string format_number(double value)
{
    std::array<char, 512> buffer{};
    auto [end, error] = std::to_chars(
        buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
    if (error != std::errc{})
        return std::to_string(value);
    return std::string(buffer.data(), end);
}

// One data row's trimmed values by column, and which of them are not valid UTF-8 (those are
// reported once and not checked further). The values are views into the file's text.
struct RowValues {
    int row = 0;
    std::array<std::string_view, column_count> text;
    std::array<bool, column_count> broken{};
};

// A result row as read, with what the later checks across rows need. The views point into the
// file's text (or the CsvView's unescaped fields), which outlive the rows; only what the
// ImportedPlan keeps of each row is copied.
struct ParsedRow {
    int row = 0;
    std::string_view plan;
    std::string_view plan_title;
    std::string_view commitment;
    std::string_view commitment_title;
    std::string_view area;
    std::string_view lead_institution;
    // The commitment_weight cell as written, and its value when it is a valid number.
    std::string_view commitment_weight_text;
    std::optional<double> commitment_weight;
    bool weight_missing = false;
    // The commitment's number in order of first appearance (number_commitments).
    std::size_t commitment_number = 0;
    ImportedResult result;
};

// Numbers the commitments in order of first appearance, the empty code included, gives each row
// its commitment's number and returns how many there are. A commitment's rows usually follow
// one another, so a row of the same commitment as the row before costs no lookup.
std::size_t number_commitments(std::vector<ParsedRow>& rows)
{
    std::unordered_map<std::string_view, std::size_t> numbers;
    const ParsedRow* previous = nullptr;
    for (auto& row : rows) {
        if (previous && row.commitment == previous->commitment)
            row.commitment_number = previous->commitment_number;
        else
            row.commitment_number =
                numbers.try_emplace(row.commitment, numbers.size()).first->second;
        previous = &row;
    }
    return numbers.size();
}

class Checker {
public:
    explicit Checker(std::string_view file_name) : m_file_name(file_name) { }

    void problem(int row, std::string message) { m_problems.emplace_back(row, std::move(message)); }
    void problem(int row, Column column, std::string message)
    {
        problem(row, "column '" + std::string(column_name(column)) + "': " + std::move(message));
    }
    void warning(int row, std::string message) { m_warnings.emplace_back(row, std::move(message)); }
    bool has_problems() const { return !m_problems.empty(); }

    std::vector<std::string> problems() const { return lines(m_problems); }
    std::vector<std::string> warnings() const { return lines(m_warnings); }

private:
    std::vector<std::string> lines(std::vector<std::pair<int, std::string>> items) const
    {
        std::stable_sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<std::string> out;
        for (const auto& [row, message] : items)
            out.push_back(m_file_name + ":" + std::to_string(row) + ": " + message);
        return out;
    }

    std::string m_file_name;
    std::vector<std::pair<int, std::string>> m_problems;
    std::vector<std::pair<int, std::string>> m_warnings;
};

// Counts the known column names the first line holds when split with `separator`.
int known_names(std::string_view header_line, char separator)
{
    auto table = csv::parse_csv(header_line, "", separator);
    if (!table.ok())
        return 0;
    int known = 0;
    for (const auto& name : table->header) {
        const std::string lower = ascii_lower(trim(name));
        for (auto column : plan_csv_columns)
            if (lower == column)
                ++known;
    }
    return known;
}

// The separator is the one that splits the header into known column names; a header that
// neither splits well falls back to the general guess, and its missing columns are reported.
char choose_separator(std::string_view text)
{
    const std::string_view header = csv::first_line(text);
    const int commas = known_names(header, ',');
    const int semicolons = known_names(header, ';');
    if (commas != semicolons)
        return commas > semicolons ? ',' : ';';
    return csv::detect_separator(text);
}

std::optional<Date> parse_date(Checker& checker, const RowValues& values, Column column)
{
    if (values.broken[column] || values.text[column].empty())
        return std::nullopt;
    auto date = parse_iso_date(values.text[column]);
    if (!date.ok()) {
        checker.problem(values.row, column, date.error().message);
        return std::nullopt;
    }
    return *date;
}

ParsedRow parse_row(Checker& checker, const RowValues& values, char separator)
{
    ParsedRow parsed;
    parsed.row = values.row;
    const auto& text = values.text;
    for (Column column : {plan_column, plan_title_column, commitment_column,
             commitment_title_column, result_column, result_title_column}) {
        if (!values.broken[column] && text[column].empty())
            checker.problem(values.row, column, "a value is required");
    }
    parsed.plan = text[plan_column];
    parsed.plan_title = text[plan_title_column];
    parsed.commitment = text[commitment_column];
    parsed.commitment_title = text[commitment_title_column];
    parsed.area = text[area_column];
    parsed.lead_institution = text[lead_institution_column];

    ImportedResult& result = parsed.result;
    result.row = values.row;
    result.code = text[result_column];
    result.title = text[result_title_column];
    result.parent = text[parent_column];

    // Weights must be positive: a zero weight would silently drop a result from the roll-up,
    // and "n/a" progress is the way to leave one out. Whether an empty weight is allowed is
    // known only once every row is read (a parent row may leave it empty).
    auto positive_number = [&](Column column) -> std::optional<double> {
        if (values.broken[column] || text[column].empty())
            return std::nullopt;
        auto number = parse_number(text[column], separator);
        if (!number) {
            checker.problem(values.row, column, quoted(text[column]) + " is not a number");
            return std::nullopt;
        }
        if (*number <= 0) {
            checker.problem(values.row, column, quoted(text[column]) + " must be greater than 0");
            return std::nullopt;
        }
        return number;
    };
    result.weight = positive_number(weight_column);
    parsed.weight_missing = !values.broken[weight_column] && text[weight_column].empty();
    parsed.commitment_weight_text = text[commitment_weight_column];
    parsed.commitment_weight = positive_number(commitment_weight_column);

    const std::string_view progress = text[progress_column];
    if (!values.broken[progress_column] && !progress.empty()) {
        if (equals_ascii_lower(progress, "n/a")) {
            result.progress = Progress::not_applicable();
        } else {
            // A cell formatted as a percentage is written "50%" by spreadsheets.
            std::string_view figure = progress;
            if (figure.ends_with('%'))
                figure = trim(figure.substr(0, figure.size() - 1));
            auto number = parse_number(figure, separator);
            if (!number)
                checker.problem(values.row, progress_column,
                    quoted(progress) + " is not a number from 0 to 100 or n/a");
            else if (*number < 0 || *number > 100)
                checker.problem(
                    values.row, progress_column, quoted(progress) + " is not from 0 to 100");
            else
                result.progress = Progress::of(*number);
        }
    }

    result.start_date = parse_date(checker, values, start_date_column);
    result.due_date = parse_date(checker, values, due_date_column);
    if (result.start_date && result.due_date && *result.due_date < *result.start_date)
        checker.problem(values.row, due_date_column,
            quoted(text[due_date_column]) + " is before start_date " +
                quoted(text[start_date_column]));
    result.as_of = parse_date(checker, values, as_of_column);
    const bool progress_given = !values.broken[progress_column] && !progress.empty();
    if (progress_given && !values.broken[as_of_column] && text[as_of_column].empty())
        checker.problem(values.row, as_of_column,
            "a value is required when progress is given (the date the figure describes)");
    if (!progress_given) {
        // An update is what as_of, note and evidence describe; with no figure there is none.
        if (!text[note_column].empty() || !text[evidence_url_column].empty())
            checker.warning(values.row,
                "note and evidence_url are ignored: they go with a progress figure, and "
                "progress is empty");
        result.as_of.reset();
    } else {
        result.evidence_url = text[evidence_url_column];
        result.note = text[note_column];
    }
    return parsed;
}

// The checks across rows: one plan per file, commitments that agree with themselves, areas
// whose codes do not collide, result codes unique within a commitment, parents that exist and
// make no cycle, and progress only on leaves.
void check_across_rows(Checker& checker, std::vector<ParsedRow>& rows, std::size_t commitments)
{
    if (rows.empty())
        return;
    const ParsedRow* first_plan = nullptr;
    for (const auto& row : rows) {
        if (row.plan.empty())
            continue;
        if (!first_plan) {
            first_plan = &row;
            continue;
        }
        if (row.plan != first_plan->plan)
            checker.problem(row.row, plan_column,
                quoted(row.plan) + " differs from " + quoted(first_plan->plan) + " on row " +
                    std::to_string(first_plan->row) + " (a file holds one plan)");
        else if (row.plan_title != first_plan->plan_title && !row.plan_title.empty() &&
            !first_plan->plan_title.empty())
            checker.problem(row.row, plan_title_column,
                quoted(row.plan_title) + " differs from " + quoted(first_plan->plan_title) +
                    " on row " + std::to_string(first_plan->row));
    }

    std::vector<const ParsedRow*> first_of_commitment(commitments, nullptr);
    std::map<std::string, std::pair<std::string_view, int>> area_titles;  // code -> title, row
    // A plan has a handful of areas over thousands of rows: each title's code is made once, and
    // looked up only when the area differs from the row before's.
    std::unordered_map<std::string_view, std::string> code_of_area;
    const std::pair<const std::string_view, std::string>* last_area = nullptr;
    for (const auto& row : rows) {
        if (!row.area.empty()) {
            if (!last_area || last_area->first != row.area) {
                auto known = code_of_area.find(row.area);
                if (known == code_of_area.end())
                    known = code_of_area.emplace(row.area, area_code(row.area)).first;
                last_area = &*known;
            }
            const std::string& code = last_area->second;
            if (code.empty()) {
                checker.problem(row.row, area_column,
                    quoted(row.area) + " has no letter or digit to make the area's code from");
            } else if (auto [it, inserted] = area_titles.try_emplace(code, row.area, row.row);
                       !inserted && it->second.first != row.area) {
                checker.problem(row.row, area_column,
                    quoted(row.area) + " and " + quoted(it->second.first) + " on row " +
                        std::to_string(it->second.second) + " would be the same area '" + code +
                        "'; write them the same way");
            }
        }
        if (row.commitment.empty())
            continue;
        const ParsedRow*& first_row = first_of_commitment[row.commitment_number];
        if (!first_row) {
            first_row = &row;
            continue;
        }
        const ParsedRow& first = *first_row;
        auto disagree = [&](Column column, std::string_view mine, std::string_view theirs) {
            checker.problem(row.row, column,
                quoted(mine) + " differs from " + quoted(theirs) + " on row " +
                    std::to_string(first.row) + " for commitment '" + std::string(row.commitment) +
                    "'");
        };
        if (row.commitment_title != first.commitment_title && !row.commitment_title.empty() &&
            !first.commitment_title.empty())
            disagree(commitment_title_column, row.commitment_title, first.commitment_title);
        if (row.area != first.area)
            disagree(area_column, row.area, first.area);
        if (row.lead_institution != first.lead_institution)
            disagree(lead_institution_column, row.lead_institution, first.lead_institution);
        if (row.commitment_weight != first.commitment_weight &&
            row.commitment_weight_text != first.commitment_weight_text)
            disagree(
                commitment_weight_column, row.commitment_weight_text, first.commitment_weight_text);
    }

    // Results by commitment, in file order. A row without either code can be no one's parent,
    // so its weight is required here. Commitments are checked in order of first appearance; each
    // row's problems come from its own commitment, so the order only decides which problems of
    // different rows come first, and those are sorted by row.
    std::vector<std::vector<ParsedRow*>> by_commitment(commitments);
    for (auto& row : rows) {
        if (!row.commitment.empty() && !row.result.code.empty()) {
            by_commitment[row.commitment_number].push_back(&row);
        } else if (row.weight_missing) {
            checker.problem(row.row, weight_column, "a value is required");
        }
    }
    // Kept across commitments so their memory is reused; the views point into the rows.
    std::unordered_map<std::string_view, ParsedRow*> by_code;
    std::unordered_map<std::string_view, const ParsedRow*> first_child;
    std::unordered_set<std::string_view> in_reported_cycle;
    std::vector<std::string_view> path;
    for (const auto& members : by_commitment) {
        if (members.empty())
            continue;
        const std::string_view commitment = members.front()->commitment;
        by_code.clear();
        for (ParsedRow* row : members) {
            auto [it, inserted] = by_code.try_emplace(row->result.code, row);
            if (!inserted)
                checker.problem(row->row, result_column,
                    quoted(row->result.code) + " appears twice in commitment '" +
                        std::string(commitment) + "' (first on row " +
                        std::to_string(it->second->row) + ")");
        }
        // The first row naming each code as its parent.
        first_child.clear();
        for (ParsedRow* row : members)
            if (!row->result.parent.empty())
                first_child.try_emplace(row->result.parent, row);

        for (ParsedRow* row : members) {
            auto child = first_child.find(row->result.code);
            const bool is_parent = child != first_child.end();
            if (is_parent && row->result.progress)
                checker.problem(row->row, progress_column,
                    "result '" + row->result.code + "' has sub-results (row " +
                        std::to_string(child->second->row) +
                        "), so its progress is computed from theirs; leave progress empty");
            if (!is_parent && row->weight_missing)
                checker.problem(row->row, weight_column, "a value is required");
        }

        // Follows each chain of parents; a chain that comes back to a result it has passed is a
        // cycle, reported once on the row of its first member in the file.
        in_reported_cycle.clear();
        for (ParsedRow* row : members) {
            if (row->result.parent == row->result.code) {
                checker.problem(
                    row->row, parent_column, quoted(row->result.parent) + " is the result itself");
                in_reported_cycle.insert(row->result.code);
                continue;
            }
            path.assign(1, row->result.code);
            std::string_view next = row->result.parent;
            while (!next.empty() && !in_reported_cycle.count(next)) {
                auto parent = by_code.find(next);
                if (parent == by_code.end())
                    break;
                auto seen = std::find(path.begin(), path.end(), next);
                if (seen != path.end()) {
                    if (seen == path.begin()) {
                        std::string chain;
                        for (const auto code : path)
                            chain.append(code).append(" -> ");
                        checker.problem(row->row, parent_column,
                            quoted(row->result.parent) + " makes a cycle of parents: " + chain +
                                std::string(next));
                        in_reported_cycle.insert(path.begin(), path.end());
                    }
                    break;
                }
                path.push_back(next);
                next = parent->second->result.parent;
            }
        }
    }
}

// The plan of rows that passed every check: commitments in order of first appearance, which is
// the order of their numbers.
ImportedPlan assemble(std::vector<ParsedRow>& rows, std::size_t commitments)
{
    ImportedPlan plan;
    plan.code = rows.front().plan;
    plan.title = rows.front().plan_title;
    plan.commitments.reserve(commitments);
    for (auto& row : rows) {
        if (row.commitment_number == plan.commitments.size()) {
            ImportedCommitment commitment;
            commitment.code = row.commitment;
            commitment.title = row.commitment_title;
            commitment.area = row.area;
            commitment.lead_institution = row.lead_institution;
            commitment.weight = row.commitment_weight;
            plan.commitments.push_back(std::move(commitment));
        }
        plan.commitments[row.commitment_number].results.push_back(std::move(row.result));
    }
    return plan;
}

void read_header(Checker& checker, const csv::CsvView& table,
    std::array<std::optional<std::size_t>, column_count>& positions)
{
    const int row = table.header_line();
    const auto header = table.header();
    for (std::size_t position = 0; position < header.size(); ++position) {
        const std::string name = ascii_lower(trim(header[position]));
        if (name.empty()) {
            // Spreadsheets add unnamed empty columns after the last one; only say something
            // when such a column holds data that will be lost.
            bool holds_data = false;
            for (std::size_t index = 0; index < table.record_count() && !holds_data; ++index) {
                const auto fields = table.record(index);
                holds_data = position < fields.size() && !trim(fields[position]).empty();
            }
            if (holds_data)
                checker.warning(
                    row, "column " + std::to_string(position + 1) + " has no name and is ignored");
            continue;
        }
        auto known = std::find(std::begin(plan_csv_columns), std::end(plan_csv_columns), name);
        if (known == std::end(plan_csv_columns)) {
            checker.warning(row,
                "column " + quoted(trim(header[position])) +
                    " is not a plan CSV column and is ignored");
            continue;
        }
        const auto column = static_cast<std::size_t>(known - std::begin(plan_csv_columns));
        if (positions[column]) {
            checker.problem(row,
                "column '" + name + "' appears twice (columns " +
                    std::to_string(*positions[column] + 1) + " and " +
                    std::to_string(position + 1) + ")");
            continue;
        }
        positions[column] = position;
    }
    for (std::size_t column = 0; column < plan_csv_required_columns; ++column)
        if (!positions[column])
            checker.problem(row, "missing column '" + std::string(plan_csv_columns[column]) + "'");
}

}  // namespace

PlanCsvCheck check_plan_csv(std::string_view text, std::string_view file_name)
{
    Checker checker(file_name);
    PlanCsvCheck check;
    auto table = csv::parse_csv_view(text, file_name, choose_separator(text));
    if (!table.ok()) {
        check.problems.push_back(table.error().message);
        return check;
    }
    if (table->header().empty()) {
        checker.problem(1, "the file is empty; the first row must name the columns");
        check.problems = checker.problems();
        return check;
    }
    std::array<std::optional<std::size_t>, column_count> positions;
    read_header(checker, *table, positions);
    if (checker.has_problems()) {
        // Without the right columns no row can be read; the rows are checked once they are.
        check.problems = checker.problems();
        check.warnings = checker.warnings();
        return check;
    }

    std::vector<ParsedRow> rows;
    rows.reserve(table->record_count());
    const std::size_t header_size = table->header().size();
    for (std::size_t index = 0; index < table->record_count(); ++index) {
        const auto fields = table->record(index);
        const int line = table->record_line(index);
        const bool blank = std::all_of(fields.begin(), fields.end(),
            [](std::string_view field) { return trim(field).empty(); });
        // Spreadsheets write empty rows as a line of separators (";;;;").
        if (blank)
            continue;
        if (fields.size() > header_size) {
            const bool extra_data =
                std::any_of(fields.begin() + static_cast<std::ptrdiff_t>(header_size), fields.end(),
                    [](std::string_view field) { return !trim(field).empty(); });
            if (extra_data)
                checker.problem(line,
                    "the row has " + std::to_string(fields.size()) +
                        " values but the header names " + std::to_string(header_size) +
                        " columns; a value holding the separator must be in double quotes");
        }
        RowValues values;
        values.row = line;
        for (std::size_t column = 0; column < column_count; ++column) {
            if (!positions[column] || *positions[column] >= fields.size())
                continue;
            const std::string_view value = trim(fields[*positions[column]]);
            if (!is_utf8(value)) {
                checker.problem(line, static_cast<Column>(column),
                    "the value is not valid UTF-8 text; save the file as \"CSV UTF-8\"");
                values.broken[column] = true;
                continue;
            }
            values.text[column] = value;
        }
        rows.push_back(parse_row(checker, values, table->separator()));
    }
    if (rows.empty() && !checker.has_problems())
        checker.problem(table->header_line(), "the file has no rows below the header");
    const std::size_t commitments = number_commitments(rows);
    check_across_rows(checker, rows, commitments);

    check.warnings = checker.warnings();
    if (checker.has_problems()) {
        check.problems = checker.problems();
        return check;
    }
    check.plan = assemble(rows, commitments);
    return check;
}

Result<PlanCsvRead> read_plan_csv(std::string_view text, std::string_view file_name)
{
    PlanCsvCheck check = check_plan_csv(text, file_name);
    if (!check.plan) {
        std::string message;
        for (const auto& problem : check.problems) {
            if (!message.empty())
                message += '\n';
            message += problem;
        }
        return fail(ErrorCode::invalid_argument, std::move(message), std::string(file_name));
    }
    return PlanCsvRead{std::move(*check.plan), std::move(check.warnings)};
}

std::string area_code(std::string_view title)
{
    // Accented letters of Spanish, Portuguese and Guaraní (whose nasal vowels carry a tilde)
    // folded to their base letter, upper and lower case, so that "Educación" and "EDUCACIÓN"
    // give the same code.
    static const std::map<std::string, char, std::less<>> folded = {
        {"á", 'a'},
        {"à", 'a'},
        {"â", 'a'},
        {"ã", 'a'},
        {"ä", 'a'},
        {"Á", 'a'},
        {"À", 'a'},
        {"Â", 'a'},
        {"Ã", 'a'},
        {"Ä", 'a'},
        {"é", 'e'},
        {"è", 'e'},
        {"ê", 'e'},
        {"ë", 'e'},
        {"ẽ", 'e'},
        {"É", 'e'},
        {"È", 'e'},
        {"Ê", 'e'},
        {"Ë", 'e'},
        {"Ẽ", 'e'},
        {"í", 'i'},
        {"ì", 'i'},
        {"î", 'i'},
        {"ï", 'i'},
        {"ĩ", 'i'},
        {"Í", 'i'},
        {"Ì", 'i'},
        {"Î", 'i'},
        {"Ï", 'i'},
        {"Ĩ", 'i'},
        {"ó", 'o'},
        {"ò", 'o'},
        {"ô", 'o'},
        {"õ", 'o'},
        {"ö", 'o'},
        {"Ó", 'o'},
        {"Ò", 'o'},
        {"Ô", 'o'},
        {"Õ", 'o'},
        {"Ö", 'o'},
        {"ú", 'u'},
        {"ù", 'u'},
        {"û", 'u'},
        {"ü", 'u'},
        {"ũ", 'u'},
        {"Ú", 'u'},
        {"Ù", 'u'},
        {"Û", 'u'},
        {"Ü", 'u'},
        {"Ũ", 'u'},
        {"ý", 'y'},
        {"ỹ", 'y'},
        {"Ý", 'y'},
        {"Ỹ", 'y'},
        {"ñ", 'n'},
        {"Ñ", 'n'},
        {"ç", 'c'},
        {"Ç", 'c'},
    };
    std::string code;
    bool pending_dash = false;
    auto append = [&](char c) {
        if (pending_dash && !code.empty())
            code += '-';
        pending_dash = false;
        code += c;
    };
    std::size_t i = 0;
    while (i < title.size()) {
        const char c = title[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            append(c);
            ++i;
            continue;
        }
        if (c >= 'A' && c <= 'Z') {
            append(static_cast<char>(c - 'A' + 'a'));
            ++i;
            continue;
        }
        const auto lead = static_cast<unsigned char>(c);
        // Combining accents (U+0300 to U+036F, bytes CC 80 to CD AF) follow their letter in
        // decomposed text, as macOS writes it, and in Guarani's g̃: the letter is kept, the accent
        // dropped.
        if (i + 1 < title.size() && (lead == 0xCC || lead == 0xCD)) {
            const auto next = static_cast<unsigned char>(title[i + 1]);
            if (lead == 0xCC || next <= 0xAF) {
                i += 2;
                continue;
            }
        }
        std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        length = std::min(length, title.size() - i);
        auto match = folded.find(title.substr(i, length));
        if (match != folded.end())
            append(match->second);
        else
            pending_dash = true;
        i += length;
    }
    return code;
}

Plan plan_from_import(const ImportedPlan& imported)
{
    Plan plan;
    plan.code = imported.code;
    plan.title = imported.title;
    std::set<std::string> area_codes;
    for (const auto& source : imported.commitments) {
        Commitment commitment;
        commitment.code = source.code;
        commitment.title = source.title;
        commitment.area = area_code(source.area);
        if (!commitment.area.empty() && area_codes.insert(commitment.area).second)
            plan.areas.push_back(Area{commitment.area, source.area});
        commitment.lead_institution = source.lead_institution;
        commitment.weight = source.weight;

        // Where each code first appears: its own row or the first row naming it as parent.
        std::map<std::string, std::size_t> first_seen;
        std::map<std::string, const ImportedResult*> by_code;
        for (std::size_t k = 0; k < source.results.size(); ++k) {
            const ImportedResult& result = source.results[k];
            by_code.try_emplace(result.code, &result);
            first_seen.try_emplace(result.code, k);
            if (!result.parent.empty())
                first_seen.try_emplace(result.parent, k);
        }
        // Children of each code in order of first appearance; "" holds the top level.
        std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> children;
        for (const auto& [code, seen] : first_seen) {
            auto row = by_code.find(code);
            const std::string parent = row == by_code.end() ? "" : row->second->parent;
            children[parent].emplace_back(seen, code);
        }
        for (auto& [parent, list] : children)
            std::sort(list.begin(), list.end());

        std::set<std::string> built;
        std::function<Node(const std::string&)> build = [&](const std::string& code) {
            built.insert(code);
            Node node;
            node.code = code;
            node.title = code;
            if (auto row = by_code.find(code); row != by_code.end()) {
                const ImportedResult& result = *row->second;
                node.title = result.title;
                node.weight = result.weight;
                node.start_date = result.start_date;
                node.due_date = result.due_date;
                if (result.progress) {
                    ProgressUpdate update;
                    update.as_of = result.as_of.value_or(Date{});
                    update.progress = *result.progress;
                    update.note = result.note;
                    if (!result.evidence_url.empty())
                        update.evidence.push_back(Evidence{"", result.evidence_url, update.as_of});
                    node.updates.push_back(std::move(update));
                }
            }
            // A cycle cannot pass read_plan_csv; the guard keeps other callers from recursing
            // forever.
            for (const auto& [seen, child] : children[code])
                if (!built.count(child))
                    node.children.push_back(build(child));
            return node;
        };
        for (const auto& [seen, code] : children[""])
            commitment.results.push_back(build(code));
        plan.commitments.push_back(std::move(commitment));
    }
    return plan;
}

namespace {

// The update export writes: the latest by as_of, the later in the list among equal dates (the
// order progress_as_of uses).
const ProgressUpdate* latest_update(const Node& node)
{
    const ProgressUpdate* latest = nullptr;
    for (const auto& update : node.updates)
        if (!latest || !(update.as_of < latest->as_of))
            latest = &update;
    return latest;
}

// A result that import made from a parent with no row of its own: it has children, its code as
// title and nothing else. Writing it no row lets it come back the same way.
bool is_grouping_only(const Node& node)
{
    return !node.children.empty() && node.title == node.code && !node.weight && !node.start_date &&
        !node.due_date && node.updates.empty() && node.evidence.empty();
}

std::string optional_date(const std::optional<Date>& date)
{
    return date ? to_iso(*date) : "";
}

}  // namespace

std::string write_plan_csv(const Plan& plan)
{
    std::vector<std::vector<std::string>> rows;
    rows.emplace_back(std::begin(plan_csv_columns), std::end(plan_csv_columns));
    for (const auto& commitment : plan.commitments) {
        std::string area = commitment.area;
        for (const auto& known : plan.areas)
            if (known.code == commitment.area)
                area = known.title;
        const std::string commitment_weight =
            commitment.weight ? format_number(*commitment.weight) : "";
        std::function<void(const Node&, const std::string&, bool)> write =
            [&](const Node& node, const std::string& parent, bool top_level) {
                if (!(top_level && is_grouping_only(node))) {
                    std::vector<std::string> row(column_count);
                    row[plan_column] = plan.code;
                    row[plan_title_column] = plan.title;
                    row[area_column] = area;
                    row[commitment_column] = commitment.code;
                    row[commitment_title_column] = commitment.title;
                    row[lead_institution_column] = commitment.lead_institution;
                    row[result_column] = node.code;
                    row[result_title_column] = node.title;
                    // A leaf's default weight is 1; a parent's empty weight means the sum of
                    // its sub-results' weights, as in the model.
                    if (node.weight)
                        row[weight_column] = format_number(*node.weight);
                    else if (node.children.empty())
                        row[weight_column] = "1";
                    row[start_date_column] = optional_date(node.start_date);
                    row[due_date_column] = optional_date(node.due_date);
                    row[parent_column] = parent;
                    row[commitment_weight_column] = commitment_weight;
                    const ProgressUpdate* update =
                        node.children.empty() ? latest_update(node) : nullptr;
                    if (update && update->progress.kind != Progress::Kind::not_reported) {
                        row[progress_column] = update->progress.kind == Progress::Kind::value
                            ? format_number(update->progress.percent)
                            : "n/a";
                        row[as_of_column] = to_iso(update->as_of);
                        if (!update->evidence.empty())
                            row[evidence_url_column] = update->evidence.front().url;
                        row[note_column] = update->note;
                    }
                    rows.push_back(std::move(row));
                }
                for (const auto& child : node.children)
                    write(child, node.code, false);
            };
        for (const auto& node : commitment.results)
            write(node, "", true);
    }
    return csv::write_csv(rows, ',');
}

}  // namespace tablero::plans
