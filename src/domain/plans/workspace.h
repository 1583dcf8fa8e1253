// What an account may report on in the institution workspace: the leaf results (results,
// milestones, activities with nothing below them; a parent's figure is rolled up, never
// reported) of the commitments the authorisation table lets it update. Pure.
#pragma once

#include "domain/accounts/authorisation.h"
#include "domain/plans/model.h"

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

}  // namespace tablero::plans
