// The installation's own name, organisation and introduction (settings site.name,
// site.organisation, site.intro), read for the layout and the home page.
#pragma once

#include "core/result.h"
#include "storage/site_store.h"

#include <string>

namespace tablero::web {

struct SiteIdentity {
    // Empty when never set: the page shows the catalog's default.
    std::string name;
    std::string organisation;
    std::string intro;
};

Result<SiteIdentity> read_site_identity(storage::SiteStore& site);

}  // namespace tablero::web
