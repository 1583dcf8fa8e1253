// Builds requests for tests without a socket.
#pragma once

#include "http/message.h"

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

}  // namespace tablero::http::testing
