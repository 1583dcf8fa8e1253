#include "domain/accounts/session_lifetime.h"

namespace tablero::accounts {

std::chrono::system_clock::time_point session_expires_at(
    std::chrono::system_clock::time_point created_at, std::chrono::seconds lifetime)
{
    return created_at + lifetime;
}

bool session_is_live(
    std::chrono::system_clock::time_point expires_at, std::chrono::system_clock::time_point now)
{
    return now < expires_at;
}

long long session_max_age_seconds(std::chrono::seconds lifetime)
{
    return static_cast<long long>(lifetime.count());
}

}  // namespace tablero::accounts
