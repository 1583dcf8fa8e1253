// What the search page keeps between requests: each plan's commitments prepared for search
// (plans::SearchDocument, and the index of their words) and the plan's snapshot for a day, built
// the first time a plan is searched and rebuilt when the plan cache hands out another copy of
// the plan (after a write to it), so a query reads no database rows beyond the list of plans,
// folds no text twice and tests only the commitments that hold its words.
#pragma once

#include "core/date.h"
#include "domain/plans/search.h"
#include "domain/plans/snapshot.h"
#include "storage/plan_cache.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tablero::web::search {

class SearchIndex {
public:
    using PlanPtr = storage::PlanCache::PlanPtr;
    struct Prepared {
        // In the plan's order.
        std::vector<plans::SearchDocument> documents;
        plans::WordIndex words;
    };
    using Documents = std::shared_ptr<const Prepared>;
    // What home and search show of a plan's snapshot: the plan's figures and each commitment's,
    // without the snapshot's tree of results (most of its memory, for 200 plans ~20 MB).
    struct Figures {
        bool applicable = true;
        double progress = 0;
        plans::Status status = plans::Status::not_started;
        plans::StatusCounts counts;
        struct Commitment {
            bool applicable = true;
            double progress = 0;
            std::optional<plans::Status> status;
        };
        // In the plan's order.
        std::vector<Commitment> commitments;
    };
    using Snapshot = std::shared_ptr<const Figures>;

    // The documents of plan's commitments and their words.
    Documents documents(const PlanPtr& plan);

    // plan's figures as of day (snapshot_of), kept until another day or another copy of the plan.
    Snapshot snapshot(const PlanPtr& plan, Date day);

private:
    struct Entry {
        // Which copy of the plan the entry describes; weak, so the index never keeps a plan
        // the plan cache has let go.
        std::weak_ptr<const plans::Plan> plan;
        Documents documents;
        Date day;
        Snapshot snapshot;
    };
    // The entry of plan's code, emptied first if it describes another copy. Called locked.
    Entry& entry_for(const PlanPtr& plan);

    std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
};

}  // namespace tablero::web::search
