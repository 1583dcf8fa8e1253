// What stores share about progress rows, inside one write transaction (Database::write): the
// plan store's add_progress_update and the workspace's publication of an approved update write
// the same rows the same way.
#pragma once

#include "core/result.h"
#include "domain/plans/model.h"
#include "storage/database.h"

#include <soci/soci.h>

#include <string>

namespace tablero::storage {

// Appends a progress update with its evidence to a result of a commitment; returns the new
// update's id. The update must pass validation (a finite 0-100 percent); not_found naming
// "code" or "result" for an unknown commitment or result.
Result<long long> append_progress_update(soci::session& session, Backend backend,
    const std::string& plan_code, const std::string& commitment_code, const std::string& node_code,
    const plans::ProgressUpdate& update);

}  // namespace tablero::storage
