// The JSON shapes of plans and commitments (docs/api.md): what the API returns for a plan as of
// a date. Progress is a number in percent, unrounded (rounding is the page's job); a part that
// is not applicable has "applicable": false and null progress and status.
#pragma once

#include "domain/plans/digest.h"
#include "domain/plans/model.h"
#include "domain/plans/snapshot.h"
#include "storage/plan_store.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <span>

namespace tablero::api {

// One entry of GET /api/v1/plans, from the plan's snapshot or its digest for the day.
nlohmann::json plan_summary_json(
    const storage::PlanSummary& summary, const plans::PlanSnapshot& snapshot);
nlohmann::json plan_summary_json(
    const storage::PlanSummary& summary, const plans::PlanDigest& digest);

// GET /api/v1/plans/{code}: the plan with its areas, institutions and counts (all of the plan),
// and the commitments at `commitments` (indexes into plan.commitments: a filtered page), each
// with its results tree.
nlohmann::json plan_json(const plans::Plan& plan, const plans::PlanSnapshot& snapshot,
    std::span<const std::size_t> commitments);

// GET /api/v1/plans/{plan}/commitments/{code}: every template field, the results tree with
// each result's evidence and progress history up to the date, the assessments, and the
// suggested completion level, marked as a suggestion.
nlohmann::json commitment_json(
    const plans::Plan& plan, std::size_t index, const plans::PlanSnapshot& snapshot);

}  // namespace tablero::api
