// Plans kept in memory as PlanStore::load_plan gives them, so that a request for a plan's
// figures computes them (snapshot_of, a few milliseconds) instead of reading the plan from the
// database first (most of a second for a plan of 10,000 commitments). This keeps the data, not
// answers: every request still computes its figures for its own date, filters and page.
//
// Three kinds: whole plans (plan()), for the pages that read a plan's history; plans cut to the
// figures of a day and later (current(), plans::cut_history), for the officer's workspace, which
// lists the results of the plans the officer reports on; and the digests of plans for a day
// (digest(), plans::digest_of), for the pages computed over every plan (home, search, the API's
// list). A plan's history is most of its memory (at scale 1.0, bench/README.md, 200 whole plans
// took ~490 MB, cut to today ~150 MB, their digests ~50 MB). Each kind has its own capacity;
// past it, the plan used least recently goes first.
//
// Each plan is kept with its revision (PlanSummary::revision, bumped by database triggers on any
// change to the plan). After every committed write, here or in another process (the constructor
// subscribes to Database::on_change), refresh() reads the revisions of all plans and drops the
// plans whose revision moved, and plans deleted: a progress update reloads its own plan, not the
// 200 plans home and search read (4-6 s at scale 1.0). So a reader never sees a plan older than
// the last write it could have seen. Concurrent requests for a plan that is not loaded wait for
// one load instead of each running their own; a load that a write overtakes is handed to the
// requests that were waiting for it but not kept.
#pragma once

#include "core/date.h"
#include "core/result.h"
#include "domain/plans/digest.h"
#include "domain/plans/model.h"
#include "storage/database.h"
#include "storage/plan_store.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tablero::storage {

// Plans kept at most of each kind (at least 1 each). (Outside PlanCache so that it can be a
// default argument of PlanCache's constructor.)
struct PlanCacheCapacity {
    std::size_t whole = 8;
    // Plans cut to a day, and digests: each kind this many.
    std::size_t current = 256;
};

class PlanCache {
public:
    using PlanPtr = std::shared_ptr<const plans::Plan>;
    using DigestPtr = std::shared_ptr<const plans::PlanDigest>;

    struct Stats {
        std::uint64_t hits = 0;
        // Requests that found no loaded plan and loaded it or waited for the load under way.
        std::uint64_t misses = 0;
        std::uint64_t loads = 0;
        std::uint64_t evictions = 0;
        // Plans dropped because a write changed or deleted them.
        std::uint64_t dropped = 0;
        // Whole plans kept, plans cut to a day kept, and digests kept.
        std::size_t entries = 0;
        std::size_t current_entries = 0;
        std::size_t digest_entries = 0;
    };

    using Capacity = PlanCacheCapacity;

    PlanCache(PlanStore& store, Database& database, Capacity capacity = {});
    ~PlanCache();
    PlanCache(const PlanCache&) = delete;
    PlanCache& operator=(const PlanCache&) = delete;

    // The whole plan, as PlanStore::load_plan; errors (not_found included) are not kept.
    Result<PlanPtr> plan(const std::string& code);

    // The plan with its history cut to what figures on day or later read
    // (plans::cut_history): the same figures for those days as plan(), in a fraction of the
    // memory. A plan cut to an earlier day is handed out for later days as it is.
    Result<PlanPtr> current(const std::string& code, Date day);

    // The plan's digest for day (plans::digest_of), kept until another day is asked for or a
    // write changes the plan; made from the plan cut to day when that is kept, else from the
    // whole plan.
    Result<DigestPtr> digest(const std::string& code, Date day);

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
