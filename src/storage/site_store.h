// The installation's own settings: its name, the organisation that runs it, the short text on
// the home page. Every later feature adds its own <feature>_store.h beside this one.
#pragma once

#include "core/result.h"
#include "storage/database.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tablero::storage {

class SiteStore {
public:
    virtual ~SiteStore() = default;

    // The value of one setting, or nullopt when it was never set.
    virtual Result<std::optional<std::string>> setting(const std::string& key) = 0;
    // Every setting, by key.
    virtual Result<std::map<std::string, std::string>> settings() = 0;
    // Sets several settings in one transaction: all of them are stored or none is. Keys are
    // lowercase words with dots and underscores ("site.name"); any other key is an
    // invalid_argument error naming it, and nothing is written.
    virtual Result<void> put_settings(
        const std::vector<std::pair<std::string, std::string>>& values) = 0;
};

// The SOCI implementation, the same on both backends.
std::unique_ptr<SiteStore> make_site_store(Database& database);

}  // namespace tablero::storage
