// Builds requests for tests without a socket, and unwraps what handlers answer.
#pragma once

#include "http/message.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>

namespace tablero::http::testing {

inline RawRequest raw_request(Verb method, std::string_view target,
    std::initializer_list<std::pair<std::string_view, std::string_view>> headers = {},
    std::string body = {})
{
    RawRequest raw{method, target, 11};
    for (const auto& [name, value] : headers)
        raw.set(name, value);
    raw.body() = std::move(body);
    raw.prepare_payload();
    return raw;
}

inline Request request(Verb method, std::string_view target,
    std::initializer_list<std::pair<std::string_view, std::string_view>> headers = {})
{
    return Request::from_raw(raw_request(method, target, headers)).value();
}

// The Response of a handler that was expected to succeed; an Error fails the test and gives an
// empty 500 so the caller's own assertions still run.
inline Response unwrap(Result<Response> result)
{
    if (!result.ok()) {
        ADD_FAILURE() << "the handler answered with an error: " << describe(result.error());
        return Response{Status::internal_server_error, 11};
    }
    return std::move(result).value();
}

}  // namespace tablero::http::testing
