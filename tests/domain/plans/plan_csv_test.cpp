#include "domain/plans/plan_csv.h"

#include "domain/csv/csv.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace tablero::plans {
namespace {

// The bytes of a file under tests/domain/plans/fixtures; TABLERO_SOURCE_DIR is set by
// tablero_test (cmake/tablero.cmake).
std::string fixture(const std::string& name)
{
    const char* dir = std::getenv("TABLERO_SOURCE_DIR");
    const std::filesystem::path root = dir ? dir : ".";
    std::ifstream file(root / "tests/domain/plans/fixtures" / name, std::ios::binary);
    EXPECT_TRUE(file) << "fixture " << name << " not found; is TABLERO_SOURCE_DIR set?";
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

std::string text_of(const std::optional<Date>& date)
{
    return date ? to_iso(*date) : "-";
}

std::string text_of(const std::optional<double>& number)
{
    return number ? std::to_string(*number) : "-";
}

std::string text_of(const std::optional<Progress>& progress)
{
    if (!progress)
        return "-";
    switch (progress->kind) {
    case Progress::Kind::not_reported:
        return "not reported";
    case Progress::Kind::not_applicable:
        return "n/a";
    case Progress::Kind::value:
        return std::to_string(progress->percent);
    }
    return "?";
}

// An imported plan as text, one line per commitment and result, so that a failed comparison
// shows which field differs. Row numbers are left out when `rows` is false.
std::string dump(const ImportedPlan& plan, bool rows = true)
{
    std::string out = "plan " + plan.code + " | " + plan.title + "\n";
    for (const auto& commitment : plan.commitments) {
        out += "commitment " + commitment.code + " | " + commitment.title + " | " +
            commitment.area + " | " + commitment.lead_institution + " | " +
            text_of(commitment.weight) + "\n";
        for (const auto& result : commitment.results) {
            out += "  " + (rows ? "row " + std::to_string(result.row) + " " : std::string()) +
                result.code + " | " + result.title + " | parent " + result.parent + " | " +
                text_of(result.weight) + " | " + text_of(result.start_date) + " | " +
                text_of(result.due_date) + " | " + text_of(result.progress) + " | " +
                text_of(result.as_of) + " | " + result.evidence_url + " | " + result.note + "\n";
        }
    }
    return out;
}

std::string lines(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items)
        out += item + "\n";
    return out;
}

// A file of the required columns whose rows override the values of a valid base row.
std::string file_with(const std::vector<std::map<std::string, std::string>>& overrides)
{
    const std::map<std::string, std::string> base = {
        {"plan", "P1"},
        {"plan_title", "Plan"},
        {"area", "Salud"},
        {"commitment", "C1"},
        {"commitment_title", "Compromiso"},
        {"lead_institution", "MSP"},
        {"result", "1"},
        {"result_title", "Resultado"},
        {"weight", "1"},
        {"progress", "50"},
        {"start_date", "2015-01-01"},
        {"due_date", "2015-12-31"},
        {"as_of", "2015-06-30"},
    };
    std::vector<std::string> header(std::begin(plan_csv_columns), std::end(plan_csv_columns));
    std::vector<std::vector<std::string>> rows{header};
    for (const auto& changes : overrides) {
        std::vector<std::string> row;
        for (const auto& column : header) {
            auto changed = changes.find(column);
            auto original = base.find(column);
            row.push_back(changed != changes.end() ? changed->second
                    : original != base.end()       ? original->second
                                                   : "");
        }
        rows.push_back(row);
    }
    return csv::write_csv(rows);
}

TEST(PlanCsv, ReadsASpanishExcelFile)
{
    // BOM, CRLF, ';', decimal commas, "N/A", "0%", a blank row written as separators, a title
    // spanning two lines, an unknown column, a parent with no row and a parent with one, and no
    // line end after the last row.
    auto read = read_plan_csv(fixture("spanish_excel.csv"), "spanish_excel.csv");
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(dump(read->plan),
        "plan PY-2014-2016 | Tercer Plan de Acción de Gobierno Abierto\n"
        "commitment C1 | Mesas de diálogo; consultas | Participación Ciudadana | Secretaría "
        "Técnica de Planificación | 1.500000\n"
        "  row 2 1 | Mesas instaladas | parent  | 2.500000 | 2014-07-01 | 2015-06-30 | "
        "66.250000 | 2015-06-30 | https://example.org/acta.pdf | Avance según actas\n"
        "  row 3 2 | Consultas en línea | parent  | 1.000000 | 2014-07-01 | 2015-06-30 | n/a | "
        "2015-06-30 |  | \n"
        "  row 5 3 | Informe final\n(publicado) | parent  | 1.000000 | 2015-01-01 | 2015-06-30 | "
        "- | - |  | \n"
        "commitment C2 | Portal de datos | Transparencia | Ministerio de Tecnologías | -\n"
        "  row 7 1 | Portal en línea | parent G | 1.000000 | - | 2015-03-31 | 100.000000 | "
        "2015-06-30 |  | \n"
        "  row 8 2 | Datos publicados | parent G | 1.500000 | - | - | 0.000000 | 2015-06-30 |  | \n"
        "  row 9 3 | Normativa | parent  | 2.000000 | - | - | - | - |  | \n"
        "  row 10 3.1 | Decreto firmado | parent 3 | 1.000000 | - | - | 50.000000 | 2015-06-30 "
        "|  | Firmado; falta publicar\n");
    EXPECT_EQ(lines(read->warnings),
        "spanish_excel.csv:1: column \"responsable\" is not a plan CSV column and is ignored\n");
}

TEST(PlanCsv, ReportsEveryProblemOfABrokenFile)
{
    auto read = read_plan_csv(fixture("broken.csv"), "broken.csv");
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(read.error().where, "broken.csv");
    EXPECT_EQ(read.error().message + "\n",
        "broken.csv:3: column 'weight': \"abc\" is not a number\n"
        "broken.csv:4: column 'progress': \"120\" is not from 0 to 100\n"
        "broken.csv:4: column 'due_date': \"2015-01-01\" is before start_date \"2015-12-31\"\n"
        "broken.csv:5: column 'due_date': \"2015-02-30\" is not a date in the form YYYY-MM-DD\n"
        "broken.csv:5: column 'as_of': a value is required when progress is given (the date "
        "the figure describes)\n"
        "broken.csv:6: column 'plan': \"P2\" differs from \"P1\" on row 2 (a file holds one "
        "plan)\n"
        "broken.csv:7: column 'commitment_title': \"Otro título\" differs from \"Compromiso "
        "uno\" on row 2 for commitment 'C1'\n"
        "broken.csv:7: column 'result': \"1\" appears twice in commitment 'C1' (first on row "
        "2)\n"
        "broken.csv:8: column 'result': a value is required\n"
        "broken.csv:8: column 'weight': \"0\" must be greater than 0\n"
        "broken.csv:9: column 'weight': \"-1\" must be greater than 0\n"
        "broken.csv:11: column 'progress': \"n.a.\" is not a number from 0 to 100 or n/a\n"
        "broken.csv:12: column 'parent': \"b\" makes a cycle of parents: a -> b -> a\n"
        "broken.csv:14: column 'progress': result 'p' has sub-results (row 15), so its "
        "progress is computed from theirs; leave progress empty\n"
        "broken.csv:16: column 'parent': \"s\" is the result itself\n"
        "broken.csv:17: column 'result_title': the value is not valid UTF-8 text; save the "
        "file as \"CSV UTF-8\"\n"
        "broken.csv:18: column 'area': \"SALUD\" and \"Salud\" on row 2 would be the same area "
        "'salud'; write them the same way\n"
        "broken.csv:19: the row has 16 values but the header names 15 columns; a value holding "
        "the separator must be in double quotes\n"
        "broken.csv:20: column 'result': a value is required\n"
        "broken.csv:20: column 'result_title': a value is required\n"
        "broken.csv:20: column 'weight': a value is required\n");
    auto check = check_plan_csv(fixture("broken.csv"), "broken.csv");
    EXPECT_FALSE(check.plan);
    EXPECT_EQ(check.problems.size(), 21u);
    EXPECT_EQ(lines(check.warnings),
        "broken.csv:1: column \"colour\" is not a plan CSV column and is ignored\n");
}

TEST(PlanCsv, HeaderProblems)
{
    const std::string all =
        "plan,plan_title,area,commitment,commitment_title,lead_institution,result,result_title,"
        "weight,progress,start_date,due_date,as_of";
    const std::string row = "P1,Plan,Salud,C1,Uno,MSP,1,R,1,,,,";
    struct Row {
        std::string name;
        std::string text;
        std::string problems;
        std::string warnings;
    };
    const Row rows[] = {
        {"all required columns", all + "\n" + row + "\n", "", ""},
        {"names in any order and any case, with spaces",
            " AS_OF ,due_date,start_date,progress,weight,result_title,result,lead_institution,"
            "commitment_title,commitment,area,plan_title,Plan\n,,,,1,R,1,MSP,Uno,C1,Salud,Plan,"
            "P1\n",
            "", ""},
        {"missing columns, every one reported",
            "plan,plan_title,area,commitment,commitment_title,lead_institution,result,"
            "result_title,weight,progress\n" +
                row + "\n",
            "x.csv:1: missing column 'start_date'\nx.csv:1: missing column 'due_date'\n"
            "x.csv:1: missing column 'as_of'\n",
            ""},
        {"a column twice", all + ",weight\n" + row + ",2\n",
            "x.csv:1: column 'weight' appears twice (columns 9 and 14)\n", ""},
        {"unknown columns are warnings", all + ",colour,notes\n" + row + ",red,x\n", "",
            "x.csv:1: column \"colour\" is not a plan CSV column and is ignored\n"
            "x.csv:1: column \"notes\" is not a plan CSV column and is ignored\n"},
        {"an unnamed empty column is ignored quietly", all + ",\n" + row + ",\n", "", ""},
        {"an unnamed column with data is a warning", all + ",\n" + row + ",x\n", "",
            "x.csv:1: column 14 has no name and is ignored\n"},
        {"header below blank lines", "\n\n" + all + "\n" + row + "\n", "", ""},
        {"empty file", "", "x.csv:1: the file is empty; the first row must name the columns\n", ""},
        {"header only", all + "\n\n", "x.csv:1: the file has no rows below the header\n", ""},
        {"unterminated quote", all + "\n" + row + "\nP1,\"Plan\n",
            "x.csv:3: a quoted field of the record that starts on this row is never closed\n", ""},
        {"a short row reads its missing values as empty",
            all + "\nP1,Plan,Salud,C1,Uno,MSP,1,R,1\n", "", ""},
    };
    for (const auto& item : rows) {
        SCOPED_TRACE(item.name);
        auto check = check_plan_csv(item.text, "x.csv");
        EXPECT_EQ(lines(check.problems), item.problems);
        EXPECT_EQ(lines(check.warnings), item.warnings);
        EXPECT_EQ(check.plan.has_value(), item.problems.empty());
    }
}

TEST(PlanCsv, ValueRules)
{
    using Changes = std::map<std::string, std::string>;
    struct Row {
        std::string name;
        std::vector<Changes> rows;
        // The problems, or for a valid file the first result as dump() writes it.
        std::string expected;
    };
    const std::string ok = "OK ";
    const Row rows[] = {
        {"a valid row", {{}},
            ok +
                "1 | Resultado | parent  | 1.000000 | 2015-01-01 | "
                "2015-12-31 | 50.000000 | 2015-06-30 |  | "},
        {"n/a in any case", {{{"progress", "N/a"}}},
            ok +
                "1 | Resultado | parent  | 1.000000 | "
                "2015-01-01 | 2015-12-31 | n/a | 2015-06-30 |  | "},
        {"empty progress drops as_of, note and evidence",
            {{{"progress", ""}, {"note", "x"}, {"evidence_url", "http://e"}}},
            ok + "1 | Resultado | parent  | 1.000000 | 2015-01-01 | 2015-12-31 | - | - |  | "},
        {"progress 0 and 100 are in range",
            {{{"progress", "0"}}, {{"result", "2"}, {"progress", "100"}}},
            ok +
                "1 | Resultado | parent  | 1.000000 | 2015-01-01 | "
                "2015-12-31 | 0.000000 | 2015-06-30 |  | "},
        {"percent sign", {{{"progress", "12.5 %"}}},
            ok +
                "1 | Resultado | parent  | 1.000000 "
                "| 2015-01-01 | 2015-12-31 | 12.500000 | 2015-06-30 |  | "},
        {"dates optional", {{{"start_date", ""}, {"due_date", ""}}},
            ok +
                "1 | Resultado | "
                "parent  | 1.000000 | - | - | 50.000000 | 2015-06-30 |  | "},
        {"start equal to due", {{{"start_date", "2015-12-31"}}},
            ok +
                "1 | Resultado | parent  "
                "| 1.000000 | 2015-12-31 | 2015-12-31 | 50.000000 | 2015-06-30 |  | "},
        {"spaces around values are trimmed", {{{"result", " 1 "}, {"weight", " 2 "}}},
            ok +
                "1 | Resultado | parent  | 2.000000 | 2015-01-01 | 2015-12-31 | 50.000000 | "
                "2015-06-30 |  | "},
        {"decimal comma needs ';'", {{{"weight", "2,5"}}},
            "x.csv:2: column 'weight': \"2,5\" is not a number\n"},
        {"negative progress", {{{"progress", "-1"}}},
            "x.csv:2: column 'progress': \"-1\" is not from 0 to 100\n"},
        {"progress without as_of, n/a included", {{{"progress", "n/a"}, {"as_of", ""}}},
            "x.csv:2: column 'as_of': a value is required when progress is given (the date the "
            "figure describes)\n"},
        {"an as_of date is checked even without progress",
            {{{"progress", ""}, {"as_of", "30/06/2015"}}},
            "x.csv:2: column 'as_of': \"30/06/2015\" is not a date in the form YYYY-MM-DD\n"},
        {"weight not finite", {{{"weight", "inf"}}},
            "x.csv:2: column 'weight': \"inf\" is not a number\n"},
        {"thousands separators are not numbers", {{{"weight", "1,000.5"}}},
            "x.csv:2: column 'weight': \"1,000.5\" is not a number\n"},
        {"commitment_weight", {{{"commitment_weight", "x"}}},
            "x.csv:2: column 'commitment_weight': \"x\" is not a number\n"},
        {"required values",
            {{{"plan", ""}, {"plan_title", ""}, {"commitment", ""}, {"commitment_title", ""},
                {"result_title", ""}}},
            "x.csv:2: column 'plan': a value is required\n"
            "x.csv:2: column 'plan_title': a value is required\n"
            "x.csv:2: column 'commitment': a value is required\n"
            "x.csv:2: column 'commitment_title': a value is required\n"
            "x.csv:2: column 'result_title': a value is required\n"},
        {"area and lead institution may be empty", {{{"area", ""}, {"lead_institution", ""}}},
            ok +
                "1 | Resultado | parent  | 1.000000 | 2015-01-01 | 2015-12-31 | 50.000000 | "
                "2015-06-30 |  | "},
        {"plan title disagrees", {{}, {{"result", "2"}, {"plan_title", "Otro"}}},
            "x.csv:3: column 'plan_title': \"Otro\" differs from \"Plan\" on row 2\n"},
        {"commitment fields disagree",
            {{},
                {{"result", "2"}, {"area", "Agua"}, {"lead_institution", "MOPC"},
                    {"commitment_weight", "2"}}},
            "x.csv:3: column 'area': \"Agua\" differs from \"Salud\" on row 2 for commitment "
            "'C1'\n"
            "x.csv:3: column 'lead_institution': \"MOPC\" differs from \"MSP\" on row 2 for "
            "commitment 'C1'\n"
            "x.csv:3: column 'commitment_weight': \"2\" differs from \"\" on row 2 for "
            "commitment 'C1'\n"},
        {"the same code in two commitments is fine", {{}, {{"commitment", "C2"}}},
            ok +
                "1 | Resultado | parent  | 1.000000 | 2015-01-01 | 2015-12-31 | 50.000000 | "
                "2015-06-30 |  | "},
        {"a parent row may leave weight empty",
            {{{"progress", ""}, {"weight", ""}}, {{"result", "1.1"}, {"parent", "1"}}},
            ok + "1 | Resultado | parent  | - | 2015-01-01 | 2015-12-31 | - | - |  | "},
        {"a leaf must have a weight", {{{"weight", ""}}},
            "x.csv:2: column 'weight': a value is required\n"},
        {"a parent in another commitment makes a grouping result here",
            {{}, {{"commitment", "C2"}, {"result", "2"}, {"parent", "1"}}},
            ok +
                "1 | Resultado | parent  | 1.000000 | 2015-01-01 | 2015-12-31 | 50.000000 | "
                "2015-06-30 |  | "},
        {"a longer cycle is reported once",
            {{{"parent", "3"}, {"progress", ""}},
                {{"result", "2"}, {"parent", "1"}, {"progress", ""}},
                {{"result", "3"}, {"parent", "2"}, {"progress", ""}}},
            "x.csv:2: column 'parent': \"3\" makes a cycle of parents: 1 -> 3 -> 2 -> 1\n"},
        {"a chain leading into a cycle blames the cycle only",
            {{{"result", "0"}, {"parent", "1"}}, {{"parent", "2"}, {"progress", ""}},
                {{"result", "2"}, {"parent", "1"}, {"progress", ""}}},
            "x.csv:3: column 'parent': \"2\" makes a cycle of parents: 1 -> 2 -> 1\n"},
    };
    for (const auto& item : rows) {
        SCOPED_TRACE(item.name);
        auto check = check_plan_csv(file_with(item.rows), "x.csv");
        if (item.expected.starts_with(ok)) {
            ASSERT_TRUE(check.plan) << lines(check.problems);
            std::string first = dump(*check.plan, false);
            first = first.substr(first.find("\n  ") + 3);
            first = first.substr(0, first.find('\n'));
            EXPECT_EQ(first, item.expected.substr(ok.size()));
        } else {
            EXPECT_EQ(lines(check.problems), item.expected);
        }
    }
}

TEST(PlanCsv, ChecksUtf8WhereverTheBadByteIs)
{
    // Values are checked eight bytes at a time until a byte above 0x7F, then byte by byte: a bad
    // sequence must be caught in the first eight bytes, after them, and in a short value.
    struct Row {
        std::string name;
        std::string title;
        bool valid;
    };
    const Row rows[] = {
        {"short, bad byte", "R\xFF", false},
        {"short, accented", "Acción", true},
        {"bad byte after eight ASCII bytes", "Resultado del \xC3(", false},
        {"bad byte in the tail after sixteen", "Resultado numero\xE2\x82", false},
        {"overlong form after eight bytes", "Resultado \xC0\xAF", false},
        {"surrogate after eight bytes", "Resultado \xED\xA0\x80", false},
        {"accented after eight bytes", "Resultado de participación ciudadana", true},
        {"four-byte character in the tail", "Resultado 12345 \xF0\x9F\x98\x80", true},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto check = check_plan_csv(file_with({{{"result_title", row.title}}}), "x.csv");
        if (row.valid) {
            ASSERT_TRUE(check.plan) << lines(check.problems);
            EXPECT_EQ(check.plan->commitments[0].results[0].title, row.title);
        } else {
            EXPECT_EQ(lines(check.problems),
                "x.csv:2: column 'result_title': the value is not valid UTF-8 text; save the "
                "file as \"CSV UTF-8\"\n");
        }
    }
}

TEST(PlanCsv, QuotedAndUnquotedValuesReadTheSame)
{
    // The same rows written with every value in quotes, with none, and with ';' and CRLF: the
    // reader takes quoted values as views or copies, unquoted ones as views.
    const std::vector<std::map<std::string, std::string>> changes = {
        {{"note", "con \"comillas\""}, {"evidence_url", "https://e.org/a"}},
        {{"result", "2"}, {"result_title", "Dos\nlíneas"}, {"parent", ""}},
        {{"result", "3"}, {"area", " Salud "}, {"progress", "N/A"}},
    };
    const std::string plain = file_with(changes);
    auto expected = read_plan_csv(plain, "x.csv");
    ASSERT_TRUE(expected.ok()) << expected.error().message;

    auto table = csv::parse_csv(plain, "x.csv");
    ASSERT_TRUE(table.ok());
    std::string all_quoted;
    std::string semicolons;
    auto append = [&](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            std::string escaped;
            for (char c : fields[i])
                escaped += c == '"' ? std::string("\"\"") : std::string(1, c);
            all_quoted += (i ? "," : "") + ("\"" + escaped + "\"");
        }
        all_quoted += "\n";
    };
    append(table->header);
    for (const auto& record : table->records)
        append(record.fields);
    std::vector<std::vector<std::string>> rows{table->header};
    for (const auto& record : table->records)
        rows.push_back(record.fields);
    for (char c : csv::write_csv(rows, ';'))
        semicolons += c == '\n' ? std::string("\r\n") : std::string(1, c);

    for (const auto& [name, text] :
        {std::pair{"all quoted", all_quoted}, std::pair{"semicolons and CRLF", semicolons}}) {
        SCOPED_TRACE(name);
        auto read = read_plan_csv(text, "x.csv");
        ASSERT_TRUE(read.ok()) << read.error().message;
        EXPECT_EQ(dump(read->plan, false), dump(expected->plan, false));
    }
    EXPECT_EQ(expected->plan.commitments[0].results[0].note, "con \"comillas\"");
    EXPECT_EQ(expected->plan.commitments[0].results[1].title, "Dos\nlíneas");
}

TEST(PlanCsv, PicksTheSeparatorThatSplitsTheHeaderIntoColumnNames)
{
    // The header has more ';' than ',' inside a quoted name, yet only ',' splits it into the
    // column names.
    const std::string text =
        "plan,plan_title,area,commitment,commitment_title,lead_institution,result,result_title,"
        "weight,progress,start_date,due_date,as_of,\"a;b;c;d;e;f;g;h;i;j;k;l;m;n\"\n"
        "P1,Plan,Salud,C1,Uno,MSP,1,\"R; con punto y coma\",1,,,,,x\n";
    auto check = check_plan_csv(text, "x.csv");
    ASSERT_TRUE(check.plan) << lines(check.problems);
    EXPECT_EQ(check.plan->commitments[0].results[0].title, "R; con punto y coma");
}

TEST(PlanCsv, AreaCodes)
{
    struct Row {
        std::string title;
        std::string expected;
    };
    const Row rows[] = {
        {"Transparencia", "transparencia"},
        {"Participación Ciudadana", "participacion-ciudadana"},
        {"  Niñez y Adolescencia ", "ninez-y-adolescencia"},
        {"EDUCACIÓN", "educacion"},
        {"Gestión de Recursos Públicos", "gestion-de-recursos-publicos"},
        {"Agua / Saneamiento -- 2", "agua-saneamiento-2"},
        {"Pingüino", "pinguino"},
        {"Açúcar", "acucar"},
        {"Participacio\xCC\x81n", "participacion"},
        {"Tekojoja ha Ñe\xE2\x80\x99\xE1\xBA\xBD", "tekojoja-ha-ne-e"},
        {"g\xCC\x83uarani", "guarani"},
        {"Área 51 (€)", "area-51"},
        {"¿?", ""},
        {"", ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.title);
        EXPECT_EQ(area_code(row.title), row.expected);
    }
}

TEST(PlanCsv, PlanFromImportNestsResultsWhereTheyFirstAppear)
{
    const std::string text = file_with({
        {{"result", "2.1"}, {"parent", "2"}},
        {{"result", "1"}},
        {{"result", "2"}, {"progress", ""}, {"parent", "G"}},
        {{"result", "2.2"}, {"parent", "2"}, {"note", "nota"}, {"evidence_url", "http://e"}},
        {{"result", "3"}, {"commitment", "C2"}, {"area", "Niñez"}, {"commitment_weight", "2"}},
    });
    auto read = read_plan_csv(text, "x.csv");
    ASSERT_TRUE(read.ok()) << read.error().message;
    const Plan plan = plan_from_import(read->plan);
    EXPECT_EQ(plan.code, "P1");
    EXPECT_EQ(plan.title, "Plan");
    ASSERT_EQ(plan.areas.size(), 2u);
    EXPECT_EQ(plan.areas[0].code, "salud");
    EXPECT_EQ(plan.areas[0].title, "Salud");
    EXPECT_EQ(plan.areas[1].code, "ninez");
    ASSERT_EQ(plan.commitments.size(), 2u);
    EXPECT_EQ(plan.commitments[1].area, "ninez");
    EXPECT_EQ(plan.commitments[1].weight, 2.0);

    // 2 appears on row 2, named as the parent of 2.1, but it is G's child; G is first named on
    // row 4 (2's own row), so at the top level 1 (row 3) comes first.
    const auto& results = plan.commitments[0].results;
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].code, "1");
    EXPECT_EQ(results[1].code, "G");
    EXPECT_EQ(results[1].title, "G");
    EXPECT_FALSE(results[1].weight);
    EXPECT_FALSE(results[1].due_date);
    ASSERT_EQ(results[1].children.size(), 1u);
    const Node& two = results[1].children[0];
    EXPECT_EQ(two.code, "2");
    EXPECT_TRUE(two.updates.empty());
    ASSERT_EQ(two.children.size(), 2u);
    EXPECT_EQ(two.children[0].code, "2.1");
    const Node& leaf = two.children[1];
    EXPECT_EQ(leaf.code, "2.2");
    ASSERT_EQ(leaf.updates.size(), 1u);
    EXPECT_EQ(leaf.updates[0].progress, Progress::of(50));
    EXPECT_EQ(leaf.updates[0].as_of, (Date{2015, 6, 30}));
    EXPECT_EQ(leaf.updates[0].note, "nota");
    ASSERT_EQ(leaf.updates[0].evidence.size(), 1u);
    EXPECT_EQ(leaf.updates[0].evidence[0].url, "http://e");
    EXPECT_EQ(leaf.updates[0].evidence[0].date, (Date{2015, 6, 30}));
}

TEST(PlanCsv, WritesAPlan)
{
    Plan plan;
    plan.code = "PY-1";
    plan.title = "Plan, uno";
    plan.areas = {{"participacion", "Participación"}};
    Commitment commitment;
    commitment.code = "C1";
    commitment.title = "Mesas \"de diálogo\"";
    commitment.area = "participacion";
    commitment.lead_institution = "STP";
    commitment.weight = 2.5;
    Node leaf;
    leaf.code = "1.1";
    leaf.title = "Hoja";
    leaf.weight = 66.25;
    leaf.due_date = Date{2015, 6, 30};
    // The latest by as_of wins, and among equal dates the later in the list.
    leaf.updates = {
        {Date{2015, 6, 30}, Progress::of(40), "", "", "vieja", {}},
        {Date{2015, 6, 30}, Progress::of(50), "", "", "nueva", {{"acta", "http://a", {}}}},
        {Date{2015, 3, 31}, Progress::of(10), "", "", "antigua", {}},
    };
    Node not_applicable;
    not_applicable.code = "1.2";
    not_applicable.title = "Sin peso";
    not_applicable.updates = {{Date{2015, 1, 2}, Progress::not_applicable(), "", "", "", {}}};
    Node parent;
    parent.code = "1";
    parent.title = "Padre";
    parent.start_date = Date{2014, 7, 1};
    parent.children = {leaf, not_applicable};
    // A grouping result inside another result keeps a row, or its children would come back at
    // the top level.
    Node nested_group;
    nested_group.code = "G2";
    nested_group.title = "G2";
    Node nested_leaf;
    nested_leaf.code = "g";
    nested_leaf.title = "En grupo anidado";
    nested_leaf.weight = 3;
    nested_group.children = {nested_leaf};
    parent.children.push_back(nested_group);
    Node group;
    group.code = "G";
    group.title = "G";
    Node grouped;
    grouped.code = "2";
    grouped.title = " con espacios ";
    grouped.weight = 0.1;
    group.children = {grouped};
    commitment.results = {parent, group};
    plan.commitments = {commitment};

    EXPECT_EQ(write_plan_csv(plan),
        "plan,plan_title,area,commitment,commitment_title,lead_institution,result,result_title,"
        "weight,progress,start_date,due_date,as_of,parent,commitment_weight,evidence_url,note\n"
        "PY-1,\"Plan, uno\",Participación,C1,\"Mesas \"\"de diálogo\"\"\",STP,1,Padre,,,"
        "2014-07-01,,,,2.5,,\n"
        "PY-1,\"Plan, uno\",Participación,C1,\"Mesas \"\"de diálogo\"\"\",STP,1.1,Hoja,66.25,50,"
        ",2015-06-30,2015-06-30,1,2.5,http://a,nueva\n"
        "PY-1,\"Plan, uno\",Participación,C1,\"Mesas \"\"de diálogo\"\"\",STP,1.2,Sin peso,1,"
        "n/a,,,2015-01-02,1,2.5,,\n"
        "PY-1,\"Plan, uno\",Participación,C1,\"Mesas \"\"de diálogo\"\"\",STP,G2,G2,,,,,,1,2.5,"
        ",\n"
        "PY-1,\"Plan, uno\",Participación,C1,\"Mesas \"\"de diálogo\"\"\",STP,g,En grupo "
        "anidado,3,,,,,G2,2.5,,\n"
        "PY-1,\"Plan, uno\",Participación,C1,\"Mesas \"\"de diálogo\"\"\",STP,2,\" con espacios "
        "\",0.1,,,,,G,2.5,,\n");
}

TEST(PlanCsv, ExportImportExportRoundTrips)
{
    struct Row {
        std::string name;
        std::string text;
    };
    const Row rows[] = {
        {"spanish_excel.csv", fixture("spanish_excel.csv")},
        {"nesting out of order",
            file_with({
                {{"result", "2.1"}, {"parent", "2"}, {"weight", "0.333"}},
                {{"result", "1"}, {"progress", "n/a"}},
                {{"result", "2"}, {"progress", ""}, {"weight", ""}, {"parent", "G"}},
                {{"result", "2.2"}, {"parent", "2"}, {"note", "línea\nnueva"}},
                {{"result", "3"}, {"commitment", "C2"}, {"area", ""}, {"commitment_weight", "2"},
                    {"progress", ""}, {"due_date", ""}},
            })},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto first = read_plan_csv(row.text, "in.csv");
        ASSERT_TRUE(first.ok()) << first.error().message;
        const std::string exported = write_plan_csv(plan_from_import(first->plan));
        auto second = read_plan_csv(exported, "export.csv");
        ASSERT_TRUE(second.ok()) << second.error().message;
        EXPECT_TRUE(second->warnings.empty()) << lines(second->warnings);
        EXPECT_EQ(write_plan_csv(plan_from_import(second->plan)), exported);
        // The same plan comes back; only the order of results may change, to parents first.
        if (row.name == "spanish_excel.csv") {
            EXPECT_EQ(dump(second->plan, false), dump(first->plan, false));
        }
    }
}

}  // namespace
}  // namespace tablero::plans
