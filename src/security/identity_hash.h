// Identity numbers are kept only as slow, salted hashes: the same number gives the same hash
// within one consultation (so it can be registered once), unrelated hashes in two consultations
// (so registrations cannot be linked across them), and recovering the number takes the work
// of guessing it (argon2id through libsodium).
#pragma once

#include "core/result.h"
#include "security/secrets.h"

#include <string>
#include <string_view>

namespace tablero::security {

// argon2id (crypto_pwhash) of a normalised number (consultations::normalise_identity_number)
// with the consultation's salt (32 hex digits, 16 bytes), as 64 hex digits. invalid_argument
// for a salt that is not 32 hex digits; unavailable when the machine lacks the memory.
Result<std::string> hash_identity_number(
    std::string_view normalised, std::string_view salt_hex, HashCost cost = HashCost::interactive);

// A consultation's salt: 16 random bytes as 32 hex digits.
std::string new_identity_salt();

}  // namespace tablero::security
