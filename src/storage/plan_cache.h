// Whole plans kept in memory as PlanStore::load_plan gives them, so that a request for a plan's
// figures computes them (snapshot_of, a few milliseconds) instead of reading the plan from the
// database first (most of a second for a plan of 10,000 commitments). This keeps the data, not
// answers: every request still computes its figures for its own date, filters and page.
//
// Each plan is kept with its revision (PlanSummary::revision, bumped by database triggers on any
// change to the plan). After every committed write, here or in another process (the constructor
// subscribes to Database::on_change), refresh() reads the revisions of all plans and drops the
// plans whose revision moved, and plans deleted: a progress update reloads its own plan, not the
// 200 plans home and search read (4-6 s at scale 1.0, bench/README.md). So a reader never sees a
// plan older than the last write it could have seen. Concurrent requests for a plan that is not
// loaded wait for one load instead of each running their own; a load that a write overtakes is
// handed to the requests that were waiting for it but not kept. Capacity bounds memory: past
// it, the plan used least recently goes first.
#pragma once

#include "core/result.h"
#include "domain/plans/model.h"
#include "storage/database.h"
#include "storage/plan_store.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tablero::storage {

class PlanCache {
public:
    using PlanPtr = std::shared_ptr<const plans::Plan>;

    struct Stats {
        std::uint64_t hits = 0;
        // Requests that found no loaded plan and loaded it or waited for the load under way.
        std::uint64_t misses = 0;
        std::uint64_t loads = 0;
        std::uint64_t evictions = 0;
        // Plans dropped because a write changed or deleted them.
        std::uint64_t dropped = 0;
        std::size_t entries = 0;
    };

    // capacity: plans kept at most (at least 1).
    PlanCache(PlanStore& store, Database& database, std::size_t capacity = 16);
    ~PlanCache();
    PlanCache(const PlanCache&) = delete;
    PlanCache& operator=(const PlanCache&) = delete;

    // The whole plan, as PlanStore::load_plan; errors (not_found included) are not kept.
    Result<PlanPtr> plan(const std::string& code);

    // Drops the plans whose revision changed since they were loaded, the plans gone and the
    // loads under way; called after every committed write. Forgets everything when the
    // revisions cannot be read.
    void refresh();

    // Forgets everything.
    void clear();

    Stats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace tablero::storage
