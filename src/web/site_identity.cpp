#include "web/site_identity.h"

namespace tablero::web {

Result<SiteIdentity> read_site_identity(storage::SiteStore& site)
{
    auto settings = site.settings();
    if (!settings.ok())
        return std::move(settings).error();
    SiteIdentity identity;
    const auto value = [&settings](const std::string& key) {
        const auto found = settings->find(key);
        return found == settings->end() ? std::string{} : found->second;
    };
    identity.name = value("site.name");
    identity.organisation = value("site.organisation");
    identity.intro = value("site.intro");
    return identity;
}

}  // namespace tablero::web
