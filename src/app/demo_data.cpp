#include "app/demo_data.h"

namespace tablero::app {

Result<void> load_demo_data(storage::SiteStore& site)
{
    // A fictitious installation: the names say plainly that this is a demonstration.
    return site.put_settings({
        {"site.name", "Tablero de demostración"},
        {"site.organisation", "Unidad de Gobierno Abierto (demostración)"},
    });
}

}  // namespace tablero::app
