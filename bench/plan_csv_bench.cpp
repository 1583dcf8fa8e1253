// What `tablero import plan-csv` spends before the plan store is called, piece by piece, on a
// real file: reading it (cli::read_text_file, as the command does), the general CSV reader
// (csv::parse_csv), the whole of read_plan_csv (parse, check, assemble), plan_from_import, and
// opening a fresh SQLite database with its migrations. Generate the file first:
//
//   python3 bench/generate_plan_csv.py --out /tmp/june.csv
//   TABLERO_BENCH_CSV=/tmp/june.csv build/bench/plan_csv_bench
#include "cli/commands.h"
#include "cli/settings.h"
#include "domain/csv/csv.h"
#include "domain/plans/plan_csv.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace tablero {
namespace {

// The file named by TABLERO_BENCH_CSV, read once; exits with a message when it is missing, so
// that a wrong path is not timed as a fast failure. It is not read as a plan here: the freed
// blocks of a big read change how glibc's malloc serves the next 41 MB (fresh pages from mmap
// or reused ones), which would time read_file in another state than the command's, where the
// read comes first.
struct Fixture {
    std::string path;
    std::string text;

    Fixture()
    {
        const char* variable = std::getenv("TABLERO_BENCH_CSV");
        if (!variable || !*variable) {
            std::cerr << "plan_csv_bench: set TABLERO_BENCH_CSV to a plan CSV file "
                         "(python3 bench/generate_plan_csv.py --out /tmp/june.csv)\n";
            std::exit(2);
        }
        path = variable;
        auto read = cli::read_text_file(path);
        if (!read.ok()) {
            std::cerr << "plan_csv_bench: " << read.error().message << ": " << path << '\n';
            std::exit(2);
        }
        text = std::move(*read);
    }
};

const Fixture& fixture()
{
    static const Fixture instance;
    return instance;
}

void read_file(benchmark::State& state)
{
    const std::string& path = fixture().path;
    for (auto _ : state) {
        auto text = cli::read_text_file(path);
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fixture().text.size()));
}
BENCHMARK(read_file)->Unit(benchmark::kMillisecond)->UseRealTime();

void parse_csv(benchmark::State& state)
{
    const std::string& text = fixture().text;
    for (auto _ : state) {
        auto table = csv::parse_csv(text, "bench.csv");
        benchmark::DoNotOptimize(table);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(parse_csv)->Unit(benchmark::kMillisecond)->UseRealTime();

void read_plan_csv(benchmark::State& state)
{
    const std::string& text = fixture().text;
    if (auto plan = plans::read_plan_csv(text, "bench.csv"); !plan.ok()) {
        state.SkipWithError(
            ("not a valid plan CSV: " + plan.error().message.substr(0, 500)).c_str());
        return;
    }
    for (auto _ : state) {
        auto plan = plans::read_plan_csv(text, "bench.csv");
        benchmark::DoNotOptimize(plan);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(read_plan_csv)->Unit(benchmark::kMillisecond)->UseRealTime();

void plan_from_import(benchmark::State& state)
{
    const auto read = plans::read_plan_csv(fixture().text, "bench.csv");
    if (!read.ok()) {
        state.SkipWithError("not a valid plan CSV");
        return;
    }
    for (auto _ : state) {
        auto plan = plans::plan_from_import(read->plan);
        benchmark::DoNotOptimize(plan);
    }
}
BENCHMARK(plan_from_import)->Unit(benchmark::kMillisecond)->UseRealTime();

// What the command does before the store: open the database and apply the migrations, here on
// a new SQLite file each time (the first import's case).
void open_and_migrate_sqlite(benchmark::State& state)
{
    const auto folder = std::filesystem::temp_directory_path();
    int count = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const auto path = folder / ("plan_csv_bench_" + std::to_string(count++) + ".db");
        cli::Settings settings;
        settings.db = path.string();
        state.ResumeTiming();
        auto database = cli::open_database(settings, /*migrate=*/true);
        if (!database.ok()) {
            state.SkipWithError(database.error().message.c_str());
            break;
        }
        database->reset();
        state.PauseTiming();
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(path.string() + suffix);
        state.ResumeTiming();
    }
}
BENCHMARK(open_and_migrate_sqlite)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace tablero
