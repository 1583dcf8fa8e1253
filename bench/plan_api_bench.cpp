// What GET /api/v1/plans/{code} spends its time on, piece by piece, on a real database: the
// store's load_plan (what a request pays after a write empties storage::PlanCache), the snapshot
// as of a date (domain/plans), the JSON tree of a page of commitments and of the whole plan
// (api::plan_json) and its text (dump, as the handler writes it). bench/plan_bench.sh imports the
// generated plan (bench/generate_plan_csv.py) into a SQLite file and runs this against it:
//
//   TABLERO_BENCH_DB=plan.db TABLERO_BENCH_PLAN=BENCH build-bench/bench/plan_api_bench
//
// TABLERO_BENCH_DB is a SQLite path or postgresql:// URI; TABLERO_BENCH_PLAN defaults to BENCH.
#include "api/plans/codec.h"
#include "domain/plans/selection.h"
#include "domain/plans/snapshot.h"
#include "storage/database.h"
#include "storage/plan_store.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace tablero {
namespace {

const Date as_of{2015, 6, 30};

std::string setting(const char* name, const char* fallback)
{
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

// One database and one loaded plan for every benchmark; exits with a message when the database
// cannot be opened or holds no such plan, so a wrong path is not timed as a fast failure.
struct Fixture {
    std::unique_ptr<storage::Database> database;
    std::unique_ptr<storage::PlanStore> store;
    std::string plan_code;
    plans::Plan plan;

    static Fixture& get()
    {
        static Fixture fixture = open();
        return fixture;
    }

    static Fixture open()
    {
        Fixture fixture;
        const std::string db = setting("TABLERO_BENCH_DB", "");
        fixture.plan_code = setting("TABLERO_BENCH_PLAN", "BENCH");
        if (db.empty()) {
            std::cerr << "plan_api_bench: set TABLERO_BENCH_DB to a database holding the plan\n";
            std::exit(2);
        }
        auto location = storage::parse_database_location(db);
        if (!location.ok()) {
            std::cerr << "plan_api_bench: " << location.error().message << '\n';
            std::exit(2);
        }
        auto database = storage::Database::open(*location, {.pool_size = 1});
        if (!database.ok()) {
            std::cerr << "plan_api_bench: " << database.error().message << '\n';
            std::exit(2);
        }
        fixture.database = std::move(database).value();
        fixture.store = storage::make_plan_store(*fixture.database);
        auto plan = fixture.store->load_plan(fixture.plan_code);
        if (!plan.ok()) {
            std::cerr << "plan_api_bench: " << plan.error().message << '\n';
            std::exit(2);
        }
        fixture.plan = std::move(plan).value();
        return fixture;
    }
};

void BM_LoadPlan(benchmark::State& state)
{
    auto& fixture = Fixture::get();
    for (auto _ : state) {
        auto plan = fixture.store->load_plan(fixture.plan_code);
        benchmark::DoNotOptimize(plan.ok());
    }
    state.counters["commitments"] = static_cast<double>(fixture.plan.commitments.size());
}
BENCHMARK(BM_LoadPlan)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SnapshotOf(benchmark::State& state)
{
    auto& fixture = Fixture::get();
    for (auto _ : state) {
        auto snapshot = plans::snapshot_of(fixture.plan, as_of);
        benchmark::DoNotOptimize(snapshot.commitments.data());
    }
}
BENCHMARK(BM_SnapshotOf)->Unit(benchmark::kMillisecond)->UseRealTime();

// Every commitment's index: the whole plan as one list, as the API answered before it paged.
std::vector<std::size_t> every_commitment(const plans::Plan& plan)
{
    std::vector<std::size_t> indexes(plan.commitments.size());
    for (std::size_t i = 0; i < indexes.size(); ++i)
        indexes[i] = i;
    return indexes;
}

// The first page of the default size, as GET /api/v1/plans/{code} answers without parameters.
std::vector<std::size_t> first_page(const plans::Plan& plan, const plans::PlanSnapshot& snapshot)
{
    return plans::select_commitments(plan, snapshot, {}, {}).value().indexes;
}

void BM_PlanJsonPage(benchmark::State& state)
{
    auto& fixture = Fixture::get();
    const auto snapshot = plans::snapshot_of(fixture.plan, as_of);
    const auto page = first_page(fixture.plan, snapshot);
    for (auto _ : state) {
        auto body = api::plan_json(fixture.plan, snapshot, page);
        benchmark::DoNotOptimize(body.size());
    }
}
BENCHMARK(BM_PlanJsonPage)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole plan in one answer, for comparison with the page.
void BM_PlanJsonWhole(benchmark::State& state)
{
    auto& fixture = Fixture::get();
    const auto snapshot = plans::snapshot_of(fixture.plan, as_of);
    const auto all = every_commitment(fixture.plan);
    for (auto _ : state) {
        auto body = api::plan_json(fixture.plan, snapshot, all);
        benchmark::DoNotOptimize(body.size());
    }
}
BENCHMARK(BM_PlanJsonWhole)->Unit(benchmark::kMillisecond)->UseRealTime();

// The handler's dump of the whole plan: the same arguments as api/plans/routes.cpp's json_ok.
void BM_PlanJsonWholeDump(benchmark::State& state)
{
    auto& fixture = Fixture::get();
    const auto snapshot = plans::snapshot_of(fixture.plan, as_of);
    const auto body = api::plan_json(fixture.plan, snapshot, every_commitment(fixture.plan));
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        bytes = text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PlanJsonWholeDump)->Unit(benchmark::kMillisecond)->UseRealTime();

// The handler without HTTP, the plan already in memory (storage::PlanCache): snapshot, the
// first page, tree, text.
void BM_PlanPageFromMemory(benchmark::State& state)
{
    auto& fixture = Fixture::get();
    std::size_t bytes = 0;
    for (auto _ : state) {
        const auto snapshot = plans::snapshot_of(fixture.plan, as_of);
        auto text = api::plan_json(fixture.plan, snapshot, first_page(fixture.plan, snapshot))
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        bytes = text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PlanPageFromMemory)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same after a write emptied the cache: load first.
void BM_PlanPageAfterWrite(benchmark::State& state)
{
    auto& fixture = Fixture::get();
    for (auto _ : state) {
        auto plan = fixture.store->load_plan(fixture.plan_code);
        const auto snapshot = plans::snapshot_of(*plan, as_of);
        auto text = api::plan_json(*plan, snapshot, first_page(*plan, snapshot))
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        benchmark::DoNotOptimize(text.data());
    }
}
BENCHMARK(BM_PlanPageAfterWrite)->Unit(benchmark::kMillisecond)->UseRealTime();

// GET /api/v1/plans/{plan}/commitments/{code} for the first commitment: the same load and
// snapshot of the whole plan, then one commitment's JSON.
void BM_CommitmentEndToEnd(benchmark::State& state)
{
    auto& fixture = Fixture::get();
    for (auto _ : state) {
        // What the handler does: load the one commitment, compute it, encode it.
        auto plan = fixture.store->load_commitment(fixture.plan_code, "C1");
        auto text = api::commitment_json(*plan, 0, plans::snapshot_of(*plan, as_of))
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        benchmark::DoNotOptimize(text.data());
    }
}
BENCHMARK(BM_CommitmentEndToEnd)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace tablero
