// `tablero import plan-csv FILE` and `tablero export plan-csv --plan CODE`: the plan CSV in and
// out (docs/plan-csv.md). Import is all or nothing: every problem in the file is printed, one a
// line, and nothing is written unless the whole file is right.
#include "domain/plans/plan_csv.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "storage/plan_store.h"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace tablero::cli {

namespace {

std::string plural(int count, std::string_view one, std::string_view many)
{
    return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

}  // namespace

CLI::App* add_import_command(CLI::App& parent, CommandOptions& options)
{
    auto* import = parent.add_subcommand("import", "Import data from files");
    import->require_subcommand(1);
    auto* plan_csv = import->add_subcommand(
        "plan-csv", "Create or update a plan from a plan CSV file (docs/plan-csv.md)");
    plan_csv->add_option("FILE", options.file, "the CSV file")->required();
    add_database_option(*plan_csv, options);
    return plan_csv;
}

CLI::App* add_export_command(CLI::App& parent, CommandOptions& options)
{
    auto* export_command = parent.add_subcommand("export", "Export data to files");
    export_command->require_subcommand(1);
    auto* plan_csv = export_command->add_subcommand("plan-csv", "Write a plan as a plan CSV file");
    plan_csv->add_option("--plan", options.plan, "the plan's code")->required();
    plan_csv->add_option("--output,-o", options.file, "the file to write (default: stdout)");
    add_database_option(*plan_csv, options);
    return plan_csv;
}

int run_import_plan_csv(const Settings& settings, const std::string& path, const Clock& clock)
{
    auto text = read_text_file(path);
    if (!text.ok()) {
        print_error(text.error());
        return 1;
    }
    const std::string file_name = std::filesystem::path(path).filename().string();
    auto read = plans::read_plan_csv(*text, file_name);
    if (!read.ok()) {
        // Every problem of the file, one a line, so an officer can fix them all at once.
        std::cerr << read.error().message << '\n';
        return 1;
    }
    for (const auto& warning : read->warnings)
        std::cerr << "warning: " << warning << '\n';

    auto database = open_database(settings, /*migrate=*/true);
    if (!database.ok()) {
        print_error(database.error());
        return 1;
    }
    auto store = storage::make_plan_store(**database);
    auto summary = store->apply_import(
        read->plan, "import of " + file_name, storage::to_sql_timestamp(clock.now()));
    if (!summary.ok()) {
        print_error(summary.error());
        return 1;
    }
    std::cout << "Plan " << read->plan.code << (summary->plan_created ? " created" : " updated")
              << " from " << file_name << ": "
              << plural(summary->commitments_created, "commitment", "commitments") << " created, "
              << summary->commitments_updated << " updated; "
              << plural(summary->results_created, "result", "results") << " created, "
              << summary->results_updated << " updated; "
              << plural(summary->progress_updates_added, "progress update", "progress updates")
              << " added, " << summary->progress_updates_unchanged << " already recorded.\n";
    return 0;
}

int run_export_plan_csv(
    const Settings& settings, const std::string& plan_code, const std::string& output)
{
    auto database = open_database(settings, /*migrate=*/true);
    if (!database.ok()) {
        print_error(database.error());
        return 1;
    }
    auto store = storage::make_plan_store(**database);
    auto plan = store->load_plan(plan_code);
    if (!plan.ok()) {
        print_error(plan.error());
        return 1;
    }
    const std::string csv = plans::write_plan_csv(*plan);
    if (output.empty()) {
        std::cout << csv;
        return 0;
    }
    std::ofstream file(output, std::ios::binary);
    file << csv;
    if (!file.flush()) {
        print_error(fail(ErrorCode::unavailable, "cannot write the file", output));
        return 1;
    }
    return 0;
}

}  // namespace tablero::cli
