// What is PostgreSQL-specific about a session: how it connects, how a migration's several
// statements run, the catalogue query and how a lost connection shows. Everything else is
// shared SOCI code.
#pragma once

#include "core/result.h"
#include "storage/database.h"

#include <soci/soci.h>

#include <span>
#include <string>

namespace tablero::storage::postgres {

// Connects with the URI plus connect_timeout; a failure throws soci_error with libpq's message.
Result<void> connect(
    soci::session& session, const DatabaseLocation& location, const DatabaseOptions& options);

// Opens the session again after connection_lost, with the same parameters.
void reconnect(soci::session& session);

// The URI with connect_timeout, TCP keepalives and tcp_user_timeout added, each unless the URI
// names it already.
std::string connect_string(const std::string& uri, std::chrono::seconds connect_timeout);

// Runs the statements of a migration; the error is PostgreSQL's primary message.
Result<void> execute_script(soci::session& session, const std::string& sql);

bool table_exists(soci::session& session, const std::string& name);

// The channel on which every Tablero process announces its committed writes.
inline constexpr const char* change_channel = "tablero_changes";

// NOTIFY change_channel with origin as the payload (pg_notify), inside the session's open
// transaction: PostgreSQL delivers it to the listeners when the transaction commits, never when
// it rolls back, and folds identical notifications of one transaction into one.
void announce_change(soci::session& session, const std::string& origin);

// True when the server went away under this session, so it must reconnect before its next use.
bool connection_lost(soci::session& session);

// Before an idle session is used: false when the server has closed it meanwhile (it restarted,
// or an administrator ended the connection). Looks at the socket without waiting: an idle
// connection that has something to read was sent an error and usually an end of file.
bool still_connected(soci::session& session);

}  // namespace tablero::storage::postgres

namespace tablero::storage {

// The migrations in src/storage/postgres/migrations, compiled in (generated file).
std::span<const Migration> postgres_migrations();

}  // namespace tablero::storage
