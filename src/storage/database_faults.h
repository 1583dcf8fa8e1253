// What a failed database call means for the person who meets it. The drivers say it in their
// own codes (SQLite's result codes and the errno of the system call under them, PostgreSQL's
// SQLSTATE); these pure functions sort them into the few cases Tablero explains, and give each
// the Error a store returns. storage::Database uses them for every exception a store throws.
#pragma once

#include "core/error.h"

#include <string_view>

namespace tablero::storage {

enum class DatabaseFault {
    // Anything not below: a bug or a constraint the code should have checked (internal).
    other,
    // Another writer holds the lock, or the server refused for lack of resources (retry later).
    busy,
    // No space left for the database's files (ENOSPC, a quota or a file-size limit).
    disk_full,
    // The database file, its folder or the server (a standby) accepts no writes.
    read_only,
    // Reading or writing the database's files failed for another reason (a failing disk).
    io_error,
    // The database file cannot be opened.
    cannot_open,
    // The database server went away or refused the connection.
    connection_lost,
    // The database file is damaged or is not a database.
    corrupt,
};

std::string_view to_string(DatabaseFault fault);

// SQLite: the (extended) result code of the failure and the errno of the last failing system
// call (sqlite3_system_errno; 0 when unknown). A write past the disk's end or a file-size limit
// surfaces as SQLITE_FULL or as SQLITE_IOERR_WRITE with errno ENOSPC, EDQUOT or EFBIG.
DatabaseFault sqlite_fault(int result_code, int system_errno);

// PostgreSQL: the SQLSTATE of the error (Appendix A of its manual); empty when none arrived.
DatabaseFault postgres_fault(std::string_view sqlstate);

// What Error::where says for the faults a person should be told apart: the error page picks
// its explanation by it (web/errors.cpp).
inline constexpr std::string_view where_database = "database";
inline constexpr std::string_view where_disk_full = "database (disk full)";
inline constexpr std::string_view where_read_only = "database (read-only)";

// The Error for a fault: unavailable (HTTP 503, retry later) for everything an operator can fix
// while the program keeps running, internal for a damaged file and for other; the message says
// what happened in words and ends with the driver's own (driver_message).
Error error_for_fault(DatabaseFault fault, std::string_view driver_message);

}  // namespace tablero::storage
