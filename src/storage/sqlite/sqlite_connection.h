// What is SQLite-specific about a session: how it is opened and tuned, how a migration's several
// statements run, and the catalogue query. Everything else is shared SOCI code.
#pragma once

#include "core/result.h"
#include "storage/database.h"

#include <soci/soci.h>

#include <span>
#include <string>

namespace tablero::storage::sqlite {

// Opens the file (creating it, but never its folder) and sets the pragmas every session needs.
// An error's message says why, without the database's name; a failed open throws soci_error.
Result<void> connect(
    soci::session& session, const DatabaseLocation& location, const DatabaseOptions& options);

// Runs the statements of a migration; the error is SQLite's message.
Result<void> execute_script(soci::session& session, const std::string& sql);

bool table_exists(soci::session& session, const std::string& name);

}  // namespace tablero::storage::sqlite

namespace tablero::storage {

// The migrations in src/storage/sqlite/migrations, compiled in (generated file).
std::span<const Migration> sqlite_migrations();

}  // namespace tablero::storage
