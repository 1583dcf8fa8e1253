#include "http/status.h"

#include <nlohmann/json.hpp>

namespace tablero::http {

Status status_for(ErrorCode code)
{
    switch (code) {
    case ErrorCode::not_found:
        return Status::not_found;
    case ErrorCode::invalid_argument:
        return Status::bad_request;
    // Both are conflicts with the current state of the resource (RFC 9110 section 15.5.10).
    case ErrorCode::failed_precondition:
    case ErrorCode::already_exists:
        return Status::conflict;
    case ErrorCode::permission_denied:
        return Status::forbidden;
    case ErrorCode::unauthenticated:
        return Status::unauthorized;
    case ErrorCode::unavailable:
        return Status::service_unavailable;
    case ErrorCode::internal:
        return Status::internal_server_error;
    }
    return Status::internal_server_error;
}

std::string error_json(const Error& error)
{
    nlohmann::json inner = {
        {"code", std::string(to_string(error.code))},
        {"message", error.message},
    };
    if (!error.where.empty())
        inner["where"] = error.where;
    // Replace rather than throw on invalid UTF-8: an error message must always be renderable.
    return nlohmann::json{{"error", inner}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tablero::http
