#include "core/error.h"

namespace tablero {

std::string_view to_string(ErrorCode code)
{
    switch (code) {
    case ErrorCode::not_found:
        return "not_found";
    case ErrorCode::invalid_argument:
        return "invalid_argument";
    case ErrorCode::failed_precondition:
        return "failed_precondition";
    case ErrorCode::permission_denied:
        return "permission_denied";
    case ErrorCode::already_exists:
        return "already_exists";
    case ErrorCode::unauthenticated:
        return "unauthenticated";
    case ErrorCode::unavailable:
        return "unavailable";
    case ErrorCode::internal:
        return "internal";
    }
    return "internal";
}

std::string describe(const Error& error)
{
    if (error.where.empty())
        return error.message;
    return error.where + ": " + error.message;
}

}  // namespace tablero
