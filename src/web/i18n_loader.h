// Reads the message catalogs from locales/<lang>.po at start. The rules of the format live in
// domain/i18n/catalog.h; this is only the file reading the domain may not do.
#pragma once

#include "core/result.h"
#include "domain/i18n/catalog.h"

#include <filesystem>

namespace tablero::web {

// Reads es.po, en.po and gn.po from locales_dir. A missing or malformed file is an error
// naming it (and, for syntax errors, its line).
Result<i18n::Catalogs> load_catalogs(const std::filesystem::path& locales_dir);

}  // namespace tablero::web
