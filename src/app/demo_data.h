// The demonstration data `tablero serve --demo` and `make run` load: enough for a newcomer to see
// every page with something on it. Loading it twice changes nothing.
#pragma once

#include "core/result.h"
#include "storage/site_store.h"

namespace tablero::app {

Result<void> load_demo_data(storage::SiteStore& site);

}  // namespace tablero::app
