#include "domain/accounts/sign_in_limit.h"

namespace tablero::accounts {

std::string_view to_string(SignInLock lock)
{
    switch (lock) {
    case SignInLock::too_many_for_account:
        return "too_many_for_account";
    case SignInLock::too_many_for_address:
        return "too_many_for_address";
    }
    return "too_many_for_account";
}

std::chrono::system_clock::time_point failure_window_start(
    std::chrono::system_clock::time_point now, const SignInLimits& limits)
{
    return now - limits.window;
}

std::optional<SignInLock> sign_in_lock(const SignInFailures& failures, const SignInLimits& limits)
{
    if (failures.account >= limits.per_account)
        return SignInLock::too_many_for_account;
    if (failures.address >= limits.per_address)
        return SignInLock::too_many_for_address;
    return std::nullopt;
}

std::string account_failure_key(std::string_view normalised_email)
{
    return "account:" + std::string(normalised_email);
}

std::string address_failure_key(std::string_view client_address)
{
    return "address:" + std::string(client_address);
}

}  // namespace tablero::accounts
