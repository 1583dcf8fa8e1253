// Shared by the web tests: the source tree's assets, requests built without a socket, and a
// SiteStore kept in memory.
#pragma once

#include "domain/i18n/catalog.h"
#include "http/message.h"
#include "storage/site_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tablero::web::testing {

// TABLERO_SOURCE_DIR is set by tablero_test (cmake/tablero.cmake).
inline std::filesystem::path source_dir()
{
    const char* dir = std::getenv("TABLERO_SOURCE_DIR");
    return dir ? std::filesystem::path(dir) : std::filesystem::path(".");
}

inline bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

// How many times part occurs in text (overlapping occurrences count).
inline std::size_t count_of(std::string_view text, std::string_view part)
{
    std::size_t found = 0;
    for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1))
        ++found;
    return found;
}

inline http::Request make_request(std::string target,
    std::vector<std::pair<http::Field, std::string>> headers = {},
    http::Verb method = http::Verb::get)
{
    http::RawRequest raw{method, target, 11};
    for (auto& [field, value] : headers)
        raw.set(field, value);
    auto request = http::Request::from_raw(std::move(raw), "127.0.0.1");
    if (!request.ok())
        throw std::runtime_error("bad test request " + target);
    return std::move(request).value();
}

// The Response of a handler that was expected to succeed; an Error fails the test and gives an
// empty 500 so the caller's own assertions still run.
inline http::Response unwrap(Result<http::Response> result)
{
    if (!result.ok()) {
        ADD_FAILURE() << "the handler answered with an error: " << describe(result.error());
        return http::Response{http::Status::internal_server_error, 11};
    }
    return std::move(result).value();
}

inline std::string header(const http::Response& response, http::Field field)
{
    const auto found = response.find(field);
    return found == response.end() ? std::string{} : std::string(found->value());
}

// Settings in a map; fail_with makes every call fail, as an unreachable database would.
class FakeSiteStore final : public storage::SiteStore {
public:
    Result<std::optional<std::string>> setting(const std::string& key) override
    {
        std::lock_guard lock(m_mutex);
        if (m_failure)
            return *m_failure;
        const auto found = m_settings.find(key);
        if (found == m_settings.end())
            return std::optional<std::string>{};
        return std::optional<std::string>{found->second};
    }
    Result<std::map<std::string, std::string>> settings() override
    {
        std::lock_guard lock(m_mutex);
        if (m_failure)
            return *m_failure;
        return m_settings;
    }
    Result<void> put_settings(
        const std::vector<std::pair<std::string, std::string>>& values) override
    {
        std::lock_guard lock(m_mutex);
        if (m_failure)
            return *m_failure;
        for (const auto& [key, value] : values)
            m_settings[key] = value;
        return {};
    }
    void fail_with(Error error)
    {
        std::lock_guard lock(m_mutex);
        m_failure = std::move(error);
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::string> m_settings;
    std::optional<Error> m_failure;
};

}  // namespace tablero::web::testing
