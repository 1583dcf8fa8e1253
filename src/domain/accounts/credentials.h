// What an account's credentials must be, before anything is hashed or stored: an e-mail
// address in one spelling, a password long enough to resist guessing, a display name.
#pragma once

#include "core/result.h"

#include <string>
#include <string_view>

namespace tablero::accounts {

// Passwords: at least 10 characters (code points), at most 1,024 bytes (argon2id hashes any
// length, but a megabyte "password" is an attack, not a password), not the e-mail address.
inline constexpr std::size_t min_password_length = 10;
inline constexpr std::size_t max_password_bytes = 1024;

// The address trimmed and lowercased (ASCII letters only: the domain part is case-insensitive
// and no provider distinguishes case in the local part in practice), so that one person has one
// account. invalid_argument naming "email" when it is not one local@domain.tld address.
Result<std::string> normalise_email(std::string_view email);

// invalid_argument naming "password" with the rule it breaks.
Result<void> check_password(std::string_view password, std::string_view email);

// Trimmed; 1 to 100 code points; invalid_argument naming "display_name" otherwise.
Result<std::string> check_display_name(std::string_view name);

}  // namespace tablero::accounts
