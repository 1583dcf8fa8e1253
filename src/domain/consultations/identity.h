// National identity numbers that a consultation may require (PRODUCT.md, module 4: "a verified
// national identity number per consultation (stored hashed, unique per consultation)").
#pragma once

#include "core/result.h"

#include <string>
#include <string_view>

namespace tablero::consultations {

// The number as stored before hashing: spaces, dots and hyphens dropped ("1.234.567" and
// "1234567" are one number); what is left must be 5 to 15 ASCII digits (Paraguay's cédula has
// up to 8, other countries' numbers more). invalid_argument with where "identity" otherwise.
Result<std::string> normalise_identity_number(std::string_view typed);

}  // namespace tablero::consultations
