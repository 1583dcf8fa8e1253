// What the pages computed over every plan read of one plan on one day: the home page (the plan's
// figures and counts), search (each commitment's words, texts and figures), the API's list of
// plans (the plan's figures) and the officer's workspace (which institution leads each
// commitment and how many results it has, to list the plans an officer reports on without
// reading them). At scale 1.0 (bench/README.md, "Scale") a plan cut to today (cut_history)
// takes ~0.75 MB, its digest ~0.25 MB: the server keeps digests of every plan, and plans only
// for the pages that show their results (storage/plan_cache.h).
#pragma once

#include "core/date.h"
#include "domain/plans/model.h"
#include "domain/plans/search.h"
#include "domain/plans/snapshot.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tablero::plans {

struct PlanDigest {
    std::string code;
    std::string title;
    // The day the figures are for.
    Date as_of;
    // The plan's figures as snapshot_of gives them for as_of.
    bool applicable = true;
    double progress = 0;
    double weight = 0;
    Status status = Status::not_started;
    StatusCounts counts;

    struct Commitment {
        std::string code;
        std::string title;
        // The texts a search result quotes from, in the order it looks at them.
        std::string brief_description;
        std::string main_goal;
        std::string public_problem;
        std::string lead_institution;
        // Its leaf results (those progress is reported on).
        std::size_t leaves = 0;
        // Its figures as of as_of.
        bool applicable = true;
        double progress = 0;
        std::optional<Status> status;
    };
    // In the plan's order.
    std::vector<Commitment> commitments;
    // The commitments' words for search (make_search_document), in the plan's order, and their
    // index.
    std::vector<SearchDocument> documents;
    WordIndex words;
};

// plan's digest for the day (plan may be whole or cut to that day or earlier: cut_history).
PlanDigest digest_of(const Plan& plan, Date day);

}  // namespace tablero::plans
