// When sign-in is refused for a while after failed attempts (PRODUCT.md, module 3: "sign-in
// attempts rate-limited per account and per address; account lockout messages that do not
// reveal whether an e-mail exists"). Failures are counted per e-mail address as typed (after
// normalise_email), whether or not it has an account, and per client address; the decision
// reads only those counts, so it is the same for an address with an account and one without.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tablero::accounts {

// OWASP's Authentication Cheat Sheet asks for a lockout threshold and an observation window;
// these are ours: 5 failures for one e-mail address, or 20 from one client address, within the
// last 15 minutes.
struct SignInLimits {
    int per_account = 5;
    int per_address = 20;
    std::chrono::seconds window = std::chrono::minutes(15);
};

// Failed sign-ins counted since failure_window_start.
struct SignInFailures {
    int account = 0;
    int address = 0;
};

enum class SignInLock {
    // The e-mail address reached per_account failures.
    too_many_for_account,
    // The client address reached per_address failures.
    too_many_for_address,
};

std::string_view to_string(SignInLock lock);

// The moment from which failures count: now minus the window. Older failures may be forgotten.
std::chrono::system_clock::time_point failure_window_start(
    std::chrono::system_clock::time_point now, const SignInLimits& limits = {});

// Why the attempt is refused before its password is even checked, or nullopt when it may go on.
// The failures already recorded include none of this attempt: with 5 recorded for the account,
// the 6th attempt is refused, whatever its password.
std::optional<SignInLock> sign_in_lock(
    const SignInFailures& failures, const SignInLimits& limits = {});

// The keys failures are recorded under: "account:ana@example.org" (the normalised address)
// and "address:192.0.2.1" (the client's address).
std::string account_failure_key(std::string_view normalised_email);
std::string address_failure_key(std::string_view client_address);

}  // namespace tablero::accounts
