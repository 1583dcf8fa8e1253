// How long a signed-in session lasts. A session ends when it expires, when its holder signs out,
// changes their password or is disabled; the lifetime bounds how long a stolen cookie works.
#pragma once

#include <chrono>

namespace tablero::accounts {

// Seven days from sign-in, not sliding: a session started on Monday at 10:00 ends the next
// Monday at 10:00 whatever happens in between, and the cookie's Max-Age says the same.
inline constexpr std::chrono::seconds session_lifetime = std::chrono::days(7);

// When a session started at created_at stops working.
std::chrono::system_clock::time_point session_expires_at(
    std::chrono::system_clock::time_point created_at,
    std::chrono::seconds lifetime = session_lifetime);

// Whether a session that expires at expires_at still works at now: it works up to, and not
// including, its expiry (the store's "expires_at > now").
bool session_is_live(
    std::chrono::system_clock::time_point expires_at, std::chrono::system_clock::time_point now);

// The cookie's Max-Age in whole seconds.
long long session_max_age_seconds(std::chrono::seconds lifetime = session_lifetime);

}  // namespace tablero::accounts
