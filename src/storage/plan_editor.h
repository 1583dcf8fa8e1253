// The administrators' edits of plans (PRODUCT.md, module 3): institutions, plans, areas,
// commitments and their results, milestones and activities, one command each. Every command
// checks its input with the rules of domain/plans/plan_editing.h against the database as it is
// inside its transaction, writes, and appends an audit entry with the entity before and after as
// JSON in the same transaction (storage/audit_log.h), so a refused write changes nothing and
// leaves no entry. Writes go through Database::write: the public page caches are emptied.
//
// Audit entities and keys: "institution" <code>, "plan" <plan>, "area" <plan>/<area>,
// "commitment" <plan>/<commitment>, "result" <plan>/<commitment>/<node>.
#pragma once

#include "core/result.h"
#include "domain/plans/model.h"
#include "domain/plans/plan_editing.h"
#include "storage/audit_log.h"
#include "storage/database.h"

#include <memory>
#include <string>
#include <vector>

namespace tablero::storage {

// Whether a command makes something new or changes what exists: a form for a new commitment
// must not overwrite one whose code was typed by mistake (already_exists, where "code"), and an
// edit must not create what was deleted meanwhile (not_found).
enum class SaveMode { create, update };

class PlanEditor {
public:
    virtual ~PlanEditor() = default;

    // Every institution (organisation), by code.
    virtual Result<std::vector<plans::Organisation>> organisations() = 0;

    // An institution: code, name and kind.
    virtual Result<void> save_organisation(const plans::Organisation& organisation, SaveMode mode,
        const AuditActor& by, const std::string& at) = 0;

    // A plan's own fields: code, title, organisation (empty for none), period and lifecycle.
    // Its areas and commitments are left as they are (plan.areas and plan.commitments are
    // ignored).
    virtual Result<void> save_plan(
        const plans::Plan& plan, SaveMode mode, const AuditActor& by, const std::string& at) = 0;

    // An area of a plan: its code and title; a new one goes after the others.
    virtual Result<void> save_area(const std::string& plan_code, const plans::Area& area,
        SaveMode mode, const AuditActor& by, const std::string& at) = 0;

    // Every template field of a commitment, as PlanStore::put_commitment_details sets them; a
    // new one goes after the others. Its results, progress and assessments stay as they are.
    virtual Result<void> save_commitment(const std::string& plan_code,
        const plans::Commitment& commitment, SaveMode mode, const AuditActor& by,
        const std::string& at) = 0;

    // A result, milestone or activity of a commitment: under the commitment (parent empty) or
    // under another of its nodes. A new one, or one moved under another parent, goes after its
    // new siblings; a move that would make a cycle is refused (where "parent"). Its progress
    // history stays.
    virtual Result<void> save_node(const std::string& plan_code, const std::string& commitment_code,
        const plans::NodeFields& node, SaveMode mode, const AuditActor& by,
        const std::string& at) = 0;
};

// The SOCI implementation, the same on both backends.
std::unique_ptr<PlanEditor> make_plan_editor(Database& database);

}  // namespace tablero::storage
