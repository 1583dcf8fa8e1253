// What stores share about a commitment's rows, inside one write transaction (Database::write):
// the plan store's put_commitment_details and the administrators' editor write a commitment's
// OGP values, grand challenges and other actors the same way.
#pragma once

#include "domain/plans/model.h"

#include <soci/soci.h>

namespace tablero::storage {

// Replaces the commitment's OGP values, grand challenges and other actors (in order) with those
// of `commitment`: each is one field of the template, so it is written whole.
void replace_commitment_lists(
    soci::session& session, long long commitment_id, const plans::Commitment& commitment);

}  // namespace tablero::storage
