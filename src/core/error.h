// Expected failures as values: an Error carries one code from a small closed set, a message a
// person can act on, and where it happened (a file, row and field, a form field, a URL).
// Codes become HTTP statuses in exactly one place: http/status.cpp.
#pragma once

#include <string>
#include <string_view>

namespace tablero {

enum class ErrorCode {
    not_found,
    invalid_argument,
    failed_precondition,
    permission_denied,
    already_exists,
    unauthenticated,
    // The database or another service we depend on does not answer; retrying later may work.
    unavailable,
    internal,
};

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
    // What the error is about: "plan.csv row 12, field weight", "form field email", "--db".
    std::string where;
};

// The code as a stable snake_case word, used in JSON errors and logs.
std::string_view to_string(ErrorCode code);

// "where: message", or the message alone when where is empty.
std::string describe(const Error& error);

}  // namespace tablero
