// Finds the folder that holds templates/, static/ and locales/. An installed Tablero is told with
// --assets; a build tree finds the checkout it was built from.
#pragma once

#include "core/result.h"

#include <filesystem>
#include <string>

namespace tablero::app {

// given (when not empty), else the folder above the executable's (build/tablero -> checkout),
// else the source folder this binary was compiled from. The answer must contain templates/.
Result<std::filesystem::path> find_assets(const std::string& given);

}  // namespace tablero::app
