// The progress roll-up and the plan snapshot (domain/plans) on a synthetic plan far larger than
// any real one: 10,000 commitments of 10 results each, 100,000 results in all. The target is a
// roll-up well under 20 ms, so a page can compute its figures as of any date on request.
// Run: build/bench/rollup_bench (a RelWithDebInfo or Release build).
#include "domain/plans/progress.h"
#include "domain/plans/snapshot.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tablero::plans {
namespace {

constexpr int commitment_count = 10'000;
constexpr int results_per_commitment = 10;
const Date as_of{2015, 6, 30};

// SplitMix64 with a fixed seed: the same plan on every machine and standard library, unlike
// std::uniform_*_distribution, whose output the standard leaves to the implementation.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) { }

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // 0 <= n < bound.
    int below(int bound) { return static_cast<int>(next() % static_cast<std::uint64_t>(bound)); }

private:
    std::uint64_t m_state;
};

// Weights of 1 to 5 points; one result in twenty not applicable, one in ten not reported, the
// rest with one to three dated updates; due dates spread over the plan's two years.
Plan synthetic_plan()
{
    Random random(20150630);
    Plan plan;
    plan.code = "BENCH";
    plan.period_start = Date{2014, 7, 1};
    plan.period_end = Date{2016, 6, 30};
    for (int a = 0; a < 5; ++a)
        plan.areas.push_back(Area{"area-" + std::to_string(a), "Area " + std::to_string(a)});
    plan.commitments.reserve(commitment_count);
    for (int c = 0; c < commitment_count; ++c) {
        Commitment commitment;
        commitment.code = std::to_string(c + 1);
        commitment.area = "area-" + std::to_string(random.below(5));
        commitment.lead_institution = "institution-" + std::to_string(random.below(40));
        commitment.results.reserve(results_per_commitment);
        for (int r = 0; r < results_per_commitment; ++r) {
            Node result;
            result.code = commitment.code + "." + std::to_string(r + 1);
            result.weight = 1 + random.below(5);
            result.due_date =
                Date{2015 + random.below(2), 1 + random.below(12), 1 + random.below(28)};
            const int kind = random.below(20);
            if (kind == 0) {
                result.updates.push_back(
                    ProgressUpdate{Date{2015, 1, 31}, Progress::not_applicable(), {}, {}, {}, {}});
            } else if (kind > 2) {
                const int updates = 1 + random.below(3);
                for (int u = 0; u < updates; ++u) {
                    const Date date{2015, 2 + 2 * u, 1 + random.below(28)};
                    result.updates.push_back(
                        ProgressUpdate{date, Progress::of(random.below(101)), {}, {}, {}, {}});
                }
            }
            commitment.results.push_back(std::move(result));
        }
        plan.commitments.push_back(std::move(commitment));
    }
    return plan;
}

// The same plan flattened as snapshot_of flattens it, with each leaf's figure as of the date.
std::vector<ProgressNode> flatten(const Plan& plan)
{
    std::vector<ProgressNode> nodes;
    nodes.push_back(ProgressNode{-1, std::nullopt, Progress::not_reported()});
    for (const Commitment& commitment : plan.commitments) {
        const auto parent = static_cast<std::int32_t>(nodes.size());
        nodes.push_back(ProgressNode{0, commitment.weight, Progress::not_reported()});
        for (const Node& result : commitment.results)
            nodes.push_back(
                ProgressNode{parent, result.weight, progress_as_of(result.updates, as_of)});
    }
    return nodes;
}

void BM_RollUp(benchmark::State& state)
{
    const std::vector<ProgressNode> nodes = flatten(synthetic_plan());
    for (auto _ : state) {
        auto rolled = roll_up(nodes);
        benchmark::DoNotOptimize(rolled.data());
    }
    state.counters["nodes"] = static_cast<double>(nodes.size());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(nodes.size()));
}
BENCHMARK(BM_RollUp)->Unit(benchmark::kMillisecond);

void BM_SnapshotOf(benchmark::State& state)
{
    const Plan plan = synthetic_plan();
    double progress = 0;
    for (auto _ : state) {
        auto snapshot = snapshot_of(plan, as_of);
        progress = snapshot.progress;
        benchmark::DoNotOptimize(snapshot.commitments.data());
    }
    state.counters["plan_progress"] = progress;
}
BENCHMARK(BM_SnapshotOf)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tablero::plans
