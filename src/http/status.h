// The one place where an Error's code becomes an HTTP status.
#pragma once

#include "core/error.h"
#include "http/message.h"

namespace tablero::http {

Status status_for(ErrorCode code);

// {"error": {"code": "not_found", "message": "...", "where": "..."}} ("where" only when set).
std::string error_json(const Error& error);

}  // namespace tablero::http
