#include "storage/database_faults.h"

#include <sqlite3.h>

#include <cerrno>
#include <string>

namespace tablero::storage {

std::string_view to_string(DatabaseFault fault)
{
    switch (fault) {
    case DatabaseFault::other:
        return "other";
    case DatabaseFault::busy:
        return "busy";
    case DatabaseFault::disk_full:
        return "disk_full";
    case DatabaseFault::read_only:
        return "read_only";
    case DatabaseFault::io_error:
        return "io_error";
    case DatabaseFault::cannot_open:
        return "cannot_open";
    case DatabaseFault::connection_lost:
        return "connection_lost";
    case DatabaseFault::corrupt:
        return "corrupt";
    }
    return "other";
}

DatabaseFault sqlite_fault(int result_code, int system_errno)
{
    // https://www.sqlite.org/rescode.html: the low byte is the primary code.
    switch (result_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DatabaseFault::busy;
    case SQLITE_FULL:
        return DatabaseFault::disk_full;
    case SQLITE_READONLY:
        return DatabaseFault::read_only;
    case SQLITE_IOERR:
        // The unix VFS reports a short write as SQLITE_FULL, but a write(2) that fails outright
        // (EFBIG past RLIMIT_FSIZE, ENOSPC on some paths) as SQLITE_IOERR_WRITE.
        if (system_errno == ENOSPC || system_errno == EDQUOT || system_errno == EFBIG)
            return DatabaseFault::disk_full;
        if (system_errno == EROFS)
            return DatabaseFault::read_only;
        return DatabaseFault::io_error;
    case SQLITE_CANTOPEN:
        return system_errno == EROFS ? DatabaseFault::read_only : DatabaseFault::cannot_open;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return DatabaseFault::corrupt;
    default:
        return DatabaseFault::other;
    }
}

DatabaseFault postgres_fault(std::string_view sqlstate)
{
    // PostgreSQL manual, Appendix A "PostgreSQL Error Codes": the first two characters are the
    // class.
    if (sqlstate.size() != 5)
        return DatabaseFault::other;
    const std::string_view error_class = sqlstate.substr(0, 2);
    // Class 08 connection exception; 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
    // cannot_connect_now (starting up or shutting down).
    if (error_class == "08" || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03")
        return DatabaseFault::connection_lost;
    if (sqlstate == "53100")  // disk_full
        return DatabaseFault::disk_full;
    // Class 53 insufficient resources (out of memory, too many connections); 40001
    // serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available.
    if (error_class == "53" || sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03")
        return DatabaseFault::busy;
    if (sqlstate ==
        "25006")  // read_only_sql_transaction: a standby, or default_transaction_read_only
        return DatabaseFault::read_only;
    if (sqlstate == "58030")  // io_error
        return DatabaseFault::io_error;
    if (sqlstate == "XX001" || sqlstate == "XX002")  // data_corrupted, index_corrupted
        return DatabaseFault::corrupt;
    return DatabaseFault::other;
}

Error error_for_fault(DatabaseFault fault, std::string_view driver_message)
{
    const std::string detail(driver_message);
    switch (fault) {
    case DatabaseFault::busy:
        return {ErrorCode::unavailable, "database busy: " + detail, std::string(where_database)};
    case DatabaseFault::disk_full:
        return {ErrorCode::unavailable,
            "the disk holding the database is full; nothing was saved: " + detail,
            std::string(where_disk_full)};
    case DatabaseFault::read_only:
        return {ErrorCode::unavailable,
            "the database is read-only (check the file's and its folder's permissions and the"
            " disk); nothing was saved: " +
                detail,
            std::string(where_read_only)};
    case DatabaseFault::io_error:
        return {ErrorCode::unavailable,
            "the database's files could not be read or written: " + detail,
            std::string(where_database)};
    case DatabaseFault::cannot_open:
        return {ErrorCode::unavailable, "cannot open the database file: " + detail,
            std::string(where_database)};
    case DatabaseFault::connection_lost:
        return {ErrorCode::unavailable, "the database does not answer: " + detail,
            std::string(where_database)};
    case DatabaseFault::corrupt:
        return {ErrorCode::internal, "the database file is damaged: " + detail,
            std::string(where_database)};
    case DatabaseFault::other:
        break;
    }
    return {ErrorCode::internal, detail, ""};
}

}  // namespace tablero::storage
