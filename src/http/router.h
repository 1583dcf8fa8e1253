// Maps a method and a decoded path to a handler. Patterns are literal segments and "{name}"
// parameters ("/plans/{plan}/commitments/{code}"); a literal segment wins over a parameter. A
// last segment "{name...}" takes the rest of the path ("/static/{path...}" gives "css/site.css").
// Each feature adds its routes in one file, web/<feature>/routes.cpp.
#pragma once

#include "http/message.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::http {

class Router {
public:
    Router();
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    void add(Verb method, std::string pattern, Handler handler);
    void get(std::string pattern, Handler handler)
    {
        add(Verb::get, std::move(pattern), std::move(handler));
    }
    void post(std::string pattern, Handler handler)
    {
        add(Verb::post, std::move(pattern), std::move(handler));
    }

    enum class Outcome { found, not_found, method_not_allowed };
    struct Match {
        Outcome outcome = Outcome::not_found;
        const Handler* handler = nullptr;
        // The pattern that matched, for metrics and logs.
        const std::string* route = nullptr;
        // A stable small number per pattern (0, 1, 2 ...) so metrics can index arrays.
        std::size_t route_index = 0;
        std::vector<std::pair<std::string, std::string>> params;
        // For method_not_allowed: the methods the path does accept ("GET, HEAD").
        std::string allowed;
    };
    // HEAD is answered by the GET handler. `encoded_path` is the path as sent: it is split at
    // its slashes first and each segment percent-decoded after, so "/plans/C%2F2/x" has the
    // segments "plans", "C/2", "x". A segment that does not decode, or decodes to a NUL, matches
    // nothing; so does a {rest...} segment holding a slash or "..".
    Match match(Verb method, std::string_view encoded_path) const;

    // Every registered pattern in registration order; index i is route_index i.
    const std::vector<std::string>& routes() const;
    // The patterns with a handler for method, in registration order: the authorisation test
    // walks every POST route with them, so a new write route cannot be left out of it.
    std::vector<std::string> routes_for(Verb method) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace tablero::http
