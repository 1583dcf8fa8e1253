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

// The errno of the session's last failing system call (sqlite3_system_errno), to tell a full
// disk (ENOSPC, EFBIG) from another I/O error. SQLite often has lost it by the time the error
// reaches us (0); then, if the disk holding path has (almost) no room left, or the process's
// file-size limit (RLIMIT_FSIZE) is within a megabyte of the database's or its log's size,
// the answer is ENOSPC or EFBIG, since that is the likely cause of a write that failed.
int system_errno(soci::session& session, const std::string& path);

}  // namespace tablero::storage::sqlite

namespace tablero::storage {

// The migrations in src/storage/sqlite/migrations, compiled in (generated file).
std::span<const Migration> sqlite_migrations();

}  // namespace tablero::storage
