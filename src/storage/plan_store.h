// Action plans in the database: organisations, plans with their areas and commitments, the
// results, milestones and activities under them, their progress history and evidence, and the
// assessments of each commitment. Progress is never overwritten: updates are only appended, and
// the figures are rolled up by the caller (domain/plans/progress.h), not here.
#pragma once

#include "core/date.h"
#include "core/result.h"
#include "domain/plans/model.h"
#include "domain/plans/plan_import.h"
#include "storage/database.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tablero::storage {

// One line of the list of plans; the caller computes its progress from load_plan.
struct PlanSummary {
    std::string code;
    std::string title;
    // Empty when the plan belongs to no organisation yet.
    std::string organisation_code;
    std::string organisation_name;
    Date period_start;
    Date period_end;
    plans::Lifecycle lifecycle = plans::Lifecycle::implementation;
    // Bumped by every committed change to what load_plan reads of the plan (database triggers,
    // migration 0011): two equal revisions mean the same plan.
    std::int64_t revision = 0;
};

class PlanStore {
public:
    virtual ~PlanStore() = default;

    // Creates the organisation, or updates the name and kind of the one with its code.
    virtual Result<void> put_organisation(const plans::Organisation& organisation) = 0;

    // Creates the plan, or updates its title, organisation (empty for none; otherwise it must
    // exist), period and lifecycle, and creates or retitles its areas by code. Commitments in
    // plan.commitments are ignored: they have their own commands.
    virtual Result<void> put_plan(const plans::Plan& plan) = 0;

    // Applies a plan CSV in one transaction: the plan is created when missing, areas,
    // commitments and results are created or updated by code, and progress updates are
    // appended with the given author and recorded_at. An update equal to the latest one of the
    // same result and as_of date is skipped, so importing a file twice adds nothing. Nothing is
    // deleted; an invalid row is an invalid_argument error that names it and leaves the
    // database as it was.
    virtual Result<plans::ImportSummary> apply_import(const plans::ImportedPlan& plan,
        const std::string& author, const std::string& recorded_at) = 0;

    // Creates the commitment, or sets every template field of the one with its code: title,
    // area, weight, lead institution, responsible person, actors, goal, description, problem,
    // values, ambition, challenges, dates, next steps. Its results, progress and assessments
    // are left as they are.
    virtual Result<void> put_commitment_details(
        const std::string& plan_code, const plans::Commitment& commitment) = 0;

    // Appends an assessment; those of other assessors, and earlier ones, stay.
    virtual Result<void> add_assessment(const std::string& plan_code,
        const std::string& commitment_code, const plans::Assessment& assessment) = 0;

    // Appends a progress update (a value or not applicable) with its evidence to a node.
    virtual Result<void> add_progress_update(const std::string& plan_code,
        const std::string& commitment_code, const std::string& node_code,
        const plans::ProgressUpdate& update) = 0;

    // Every plan, newest period first.
    virtual Result<std::vector<PlanSummary>> list_plans() = 0;

    // The plan's revision as list_plans gives it; not_found for an unknown code.
    virtual Result<std::int64_t> plan_revision(const std::string& code) = 0;

    // The whole plan: areas and commitments in position order with all their fields and
    // assessments (oldest first), nodes nested in position order, each node's updates by
    // as_of then recording order, and evidence. not_found for an unknown code.
    virtual Result<plans::Plan> load_plan(const std::string& code) = 0;

    // The plan's fields and areas as load_plan gives them, with only the one commitment in
    // commitments, loaded as load_plan loads it: a commitment's figures depend on nothing else,
    // and loading a whole large plan to show one of them took most of a second. not_found for
    // an unknown plan or commitment.
    virtual Result<plans::Plan> load_commitment(
        const std::string& plan_code, const std::string& commitment_code) = 0;
};

// The SOCI implementation, the same on both backends.
std::unique_ptr<PlanStore> make_plan_store(Database& database);

}  // namespace tablero::storage
