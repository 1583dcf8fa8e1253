// Fuzz target: the plan CSV import, as `tablero import plan-csv FILE` runs it
// (src/cli/plan_csv.cpp) — the CSV reader (domain/csv), the plan CSV's checks
// (domain/plans/plan_csv.h) and, for a file that passes them, the import into a SQLite database
// (storage/plan_store.h, apply_import) and the export back. The input is the file's bytes.
//
// Besides the sanitizers, it checks what the headers promise:
// - parse_csv and parse_csv_view read the same records, lines and separator, and refuse the same
//   texts with the same message;
// - check_plan_csv gives a plan exactly when it finds no problem, and read_plan_csv agrees;
// - a plan that was read can be written (write_plan_csv) and that file reads back without a
//   problem into the same plan (written again, the same bytes);
// - the import of a plan that was read succeeds, and the plan the database then holds exports
//   to the same file as plan_from_import's plan (the pure rule of what an import creates).
#include "domain/csv/csv.h"
#include "domain/plans/plan_csv.h"
#include "storage/database.h"
#include "storage/plan_store.h"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

using namespace tablero;

[[noreturn]] void fail(const char* what, const std::string& detail = {})
{
    std::fprintf(stderr, "fuzz_plan_csv: %s\n%s\n", what, detail.c_str());
    std::abort();
}

void check(bool condition, const char* what, const std::string& detail = {})
{
    if (!condition)
        fail(what, detail);
}

// A SQLite database in a temporary folder, migrated once per process; each imported plan gets a
// code of its own so that plans of earlier inputs never mix with it.
class ImportDatabase {
public:
    ImportDatabase()
    {
        m_folder = std::filesystem::temp_directory_path() /
            ("tablero-fuzz-csv-" + std::to_string(::getpid()));
        std::filesystem::remove_all(m_folder);
        std::filesystem::create_directories(m_folder);
        auto location = storage::parse_database_location((m_folder / "import.db").string());
        check(location.ok(), "database location");
        auto database = storage::Database::open(*location, {.pool_size = 1});
        check(database.ok(), "open database", database.ok() ? "" : describe(database.error()));
        m_database = std::move(*database);
        check(m_database->migrate().ok(), "migrate");
        m_plans = storage::make_plan_store(*m_database);
    }
    ~ImportDatabase()
    {
        m_plans.reset();
        m_database.reset();
        std::error_code ignored;
        std::filesystem::remove_all(m_folder, ignored);
    }

    storage::PlanStore& plans() { return *m_plans; }
    std::string next_code() { return "FUZZ-" + std::to_string(++m_imports); }

private:
    std::filesystem::path m_folder;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<storage::PlanStore> m_plans;
    long m_imports = 0;
};

ImportDatabase& import_database()
{
    static ImportDatabase database;
    return database;
}

void check_views_agree(std::string_view text)
{
    auto table = csv::parse_csv(text, "fuzz.csv");
    auto view = csv::parse_csv_view(text, "fuzz.csv");
    check(table.ok() == view.ok(), "parse_csv and parse_csv_view disagree on refusing the text");
    if (!table.ok()) {
        check(table.error().message == view.error().message,
            "parse_csv and parse_csv_view refuse with different messages",
            table.error().message + "\n" + view.error().message);
        return;
    }
    check(table->separator == view->separator(), "the separators differ");
    check(table->separator == csv::detect_separator(text), "detect_separator differs");
    check(table->header_line == view->header_line(), "the header lines differ");
    check(std::equal(table->header.begin(), table->header.end(), view->header().begin(),
              view->header().end()),
        "the headers differ");
    check(table->records.size() == view->record_count(), "the record counts differ");
    for (std::size_t i = 0; i < table->records.size(); ++i) {
        const auto& record = table->records[i];
        const auto fields = view->record(i);
        check(record.line == view->record_line(i), "a record's line differs");
        check(std::equal(record.fields.begin(), record.fields.end(), fields.begin(), fields.end()),
            "a record's fields differ");
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_views_agree(text);

    auto checked = plans::check_plan_csv(text, "fuzz.csv");
    check(checked.plan.has_value() == checked.problems.empty(),
        "check_plan_csv gives a plan exactly when there is no problem");
    auto read = plans::read_plan_csv(text, "fuzz.csv");
    check(read.ok() == checked.plan.has_value(), "read_plan_csv and check_plan_csv disagree");
    if (!read.ok())
        return 0;

    plans::ImportedPlan imported = read->plan;
    imported.code = import_database().next_code();
    const std::string exported = plans::write_plan_csv(plans::plan_from_import(imported));
    auto again = plans::read_plan_csv(exported, "export.csv");
    check(again.ok(), "the export of a plan that was read reads back",
        exported + "\n" + (again.ok() ? std::string() : again.error().message));
    const std::string exported_again = plans::write_plan_csv(plans::plan_from_import(again->plan));
    check(exported == exported_again, "a plan read from its export exports the same",
        exported + "\n---\n" + exported_again);

    auto& database = import_database();
    auto summary = database.plans().apply_import(imported, "fuzz", "2024-05-06T10:00:00Z");
    check(summary.ok(), "a plan that was read imports",
        summary.ok() ? std::string() : describe(summary.error()));
    auto stored = database.plans().load_plan(imported.code);
    check(stored.ok(), "an imported plan loads", stored.ok() ? "" : describe(stored.error()));
    const std::string from_database = plans::write_plan_csv(*stored);
    check(from_database == exported, "the imported plan exports as plan_from_import's plan does",
        exported + "\n--- from the database:\n" + from_database);
    return 0;
}
