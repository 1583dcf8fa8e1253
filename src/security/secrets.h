// Passwords, session tokens and their hashes, through libsodium. Nothing here is stored or
// logged by this file; callers keep only hashes (PRODUCT.md: secrets never in logs).
#pragma once

#include "core/result.h"

#include <string>
#include <string_view>

namespace tablero::security {

// How hard argon2id works per hash. Interactive: libsodium's interactive limits (64 MiB, 2
// passes), about a tenth of a second here; test: the minimum, for tests that hash many times.
enum class HashCost { interactive, test };

// An argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$m=...").
// unavailable when the machine lacks the memory the cost asks for.
Result<std::string> hash_password(std::string_view password, HashCost cost = HashCost::interactive);

// Whether password matches the stored hash. A malformed hash does not match.
bool verify_password(std::string_view password, const std::string& hash);

// Whether the hash was made with weaker limits than `cost` asks for now: rehash at sign-in.
bool needs_rehash(const std::string& hash, HashCost cost = HashCost::interactive);

// 32 random bytes as 64 hex digits, from the operating system's generator: session tokens,
// CSRF tokens.
std::string random_token();

// SHA-256 as 64 hex digits: what is stored for a session token, so that a copy of the database
// does not hold working sessions.
std::string sha256_hex(std::string_view bytes);

// Compares two strings in time that depends only on their length (for tokens).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tablero::security
