// Finds the folder that holds templates/, static/ and locales/. A build tree finds the checkout
// it was built from; an installed Tablero finds PREFIX/share/tablero beside PREFIX/bin/tablero;
// anything else is told with --assets.
#pragma once

#include "core/result.h"

#include <filesystem>
#include <string>

namespace tablero::app {

// given (when not empty), else the folder above the executable's (build/tablero -> checkout),
// else share/tablero beside that folder (/usr/bin/tablero -> /usr/share/tablero), else the
// source folder this binary was compiled from. The answer must contain templates/.
Result<std::filesystem::path> find_assets(const std::string& given);

}  // namespace tablero::app
