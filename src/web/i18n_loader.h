// Reads the message catalogs at start: locales/<lang>.po, the site's common messages, and then
// locales/<feature>/<lang>.po, each feature's own (board, search...), so that features are
// translated and changed apart. The rules of the format live in
// domain/i18n/catalog.h; this is only the file reading the domain may not do.
#pragma once

#include "core/result.h"
#include "domain/i18n/catalog.h"

#include <filesystem>

namespace tablero::web {

// Reads es.po, en.po and gn.po from locales_dir and from each folder in it (in name order), each
// language's files merged into one catalog. A feature folder must have es.po (Spanish is the
// source); it may lack the others, which then fall back to Spanish. A missing, malformed file,
// or a key defined twice in one language, is an error naming the file (and, for syntax errors,
// its line).
Result<i18n::Catalogs> load_catalogs(const std::filesystem::path& locales_dir);

}  // namespace tablero::web
