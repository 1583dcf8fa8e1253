// What an account may report on in the institution workspace: the leaf results (results,
// milestones, activities with nothing below them; a parent's figure is rolled up, never
// reported) of the commitments the authorisation table lets it update. Pure.
#pragma once

#include "domain/accounts/authorisation.h"
#include "domain/plans/digest.h"
#include "domain/plans/model.h"

#include <cstddef>
#include <string>
#include <vector>

namespace tablero::plans {

struct ReportableResult {
    const Commitment* commitment = nullptr;
    const Node* node = nullptr;
    // The titles from the commitment's top result down to the node's parent, for context.
    std::vector<std::string> ancestors;
};

// In plan order, depth first. Empty for an account that may report on nothing.
std::vector<ReportableResult> reportable_results(const Plan& plan, const accounts::Actor& actor);

// Whether actor may report on the results of a commitment that institution leads: the
// authorisation table, scoped to the lead institution. The one place that decides.
bool reports_for(const accounts::Actor& actor, const std::string& institution);

// How many commitments and leaf results reportable_results gives for the plan, from its digest
// (the workspace's list of plans, which reads no plan whole). A commitment without results
// counts for neither.
struct ReportableCount {
    std::size_t commitments = 0;
    std::size_t results = 0;
};
ReportableCount reportable_count(const PlanDigest& digest, const accounts::Actor& actor);

}  // namespace tablero::plans
