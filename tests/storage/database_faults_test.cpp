// The driver codes a failed database call carries, sorted into the faults Tablero explains, and
// the error each becomes (storage/database_faults.h).
#include "storage/database_faults.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cerrno>
#include <string>

namespace tablero::storage {
namespace {

TEST(DatabaseFaults, SqliteResultCodesAndErrno)
{
    struct Row {
        std::string name;
        int result_code;
        int system_errno;
        DatabaseFault expected;
    };
    const Row rows[] = {
        {"busy", SQLITE_BUSY, 0, DatabaseFault::busy},
        {"busy snapshot (extended)", SQLITE_BUSY_SNAPSHOT, 0, DatabaseFault::busy},
        {"locked", SQLITE_LOCKED, 0, DatabaseFault::busy},
        {"full", SQLITE_FULL, 0, DatabaseFault::disk_full},
        {"short write under a file-size limit", SQLITE_FULL, EFBIG, DatabaseFault::disk_full},
        {"write refused: file-size limit", SQLITE_IOERR_WRITE, EFBIG, DatabaseFault::disk_full},
        {"write refused: no space", SQLITE_IOERR_WRITE, ENOSPC, DatabaseFault::disk_full},
        {"fsync refused: quota", SQLITE_IOERR_FSYNC, EDQUOT, DatabaseFault::disk_full},
        {"primary I/O error: no space", SQLITE_IOERR, ENOSPC, DatabaseFault::disk_full},
        {"write on a read-only file system", SQLITE_IOERR_WRITE, EROFS, DatabaseFault::read_only},
        {"read error", SQLITE_IOERR_READ, EIO, DatabaseFault::io_error},
        {"I/O error, errno unknown", SQLITE_IOERR, 0, DatabaseFault::io_error},
        {"read-only", SQLITE_READONLY, 0, DatabaseFault::read_only},
        {"read-only, cannot lock", SQLITE_READONLY_CANTLOCK, 0, DatabaseFault::read_only},
        {"cannot open", SQLITE_CANTOPEN, EACCES, DatabaseFault::cannot_open},
        {"cannot open on a read-only file system", SQLITE_CANTOPEN, EROFS,
            DatabaseFault::read_only},
        {"corrupt", SQLITE_CORRUPT, 0, DatabaseFault::corrupt},
        {"not a database", SQLITE_NOTADB, 0, DatabaseFault::corrupt},
        {"constraint: a bug, not a fault", SQLITE_CONSTRAINT_UNIQUE, 0, DatabaseFault::other},
        {"SQL error", SQLITE_ERROR, ENOSPC, DatabaseFault::other},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(
            to_string(sqlite_fault(row.result_code, row.system_errno)), to_string(row.expected));
    }
}

TEST(DatabaseFaults, PostgresSqlstates)
{
    struct Row {
        std::string sqlstate;
        DatabaseFault expected;
    };
    const Row rows[] = {
        {"08000", DatabaseFault::connection_lost},  // connection_exception
        {"08006", DatabaseFault::connection_lost},  // connection_failure
        {"57P01", DatabaseFault::connection_lost},  // admin_shutdown (pg_ctl stop -m fast)
        {"57P02", DatabaseFault::connection_lost},  // crash_shutdown
        {"57P03", DatabaseFault::connection_lost},  // cannot_connect_now
        {"53100", DatabaseFault::disk_full},
        {"53200", DatabaseFault::busy},  // out_of_memory
        {"53300", DatabaseFault::busy},  // too_many_connections
        {"40001", DatabaseFault::busy},  // serialization_failure
        {"40P01", DatabaseFault::busy},  // deadlock_detected
        {"55P03", DatabaseFault::busy},  // lock_not_available
        {"25006", DatabaseFault::read_only},
        {"58030", DatabaseFault::io_error},
        {"XX001", DatabaseFault::corrupt},
        {"XX002", DatabaseFault::corrupt},
        {"23505", DatabaseFault::other},  // unique_violation: the code should have checked
        {"42P01", DatabaseFault::other},  // undefined_table
        {"57014", DatabaseFault::other},  // query_canceled
        {"", DatabaseFault::other},
        {"08", DatabaseFault::other},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.sqlstate);
        EXPECT_EQ(to_string(postgres_fault(row.sqlstate)), to_string(row.expected));
    }
}

TEST(DatabaseFaults, ErrorForEachFault)
{
    struct Row {
        DatabaseFault fault;
        ErrorCode code;
        std::string message;
        std::string_view where;
    };
    const Row rows[] = {
        {DatabaseFault::busy, ErrorCode::unavailable, "database busy: X", where_database},
        {DatabaseFault::disk_full, ErrorCode::unavailable,
            "the disk holding the database is full; nothing was saved: X", where_disk_full},
        {DatabaseFault::read_only, ErrorCode::unavailable,
            "the database is read-only (check the file's and its folder's permissions and the"
            " disk); nothing was saved: X",
            where_read_only},
        {DatabaseFault::io_error, ErrorCode::unavailable,
            "the database's files could not be read or written: X", where_database},
        {DatabaseFault::cannot_open, ErrorCode::unavailable, "cannot open the database file: X",
            where_database},
        {DatabaseFault::connection_lost, ErrorCode::unavailable, "the database does not answer: X",
            where_database},
        {DatabaseFault::corrupt, ErrorCode::internal, "the database file is damaged: X",
            where_database},
        {DatabaseFault::other, ErrorCode::internal, "X", ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string(to_string(row.fault)));
        const Error error = error_for_fault(row.fault, "X");
        EXPECT_EQ(to_string(error.code), to_string(row.code));
        EXPECT_EQ(error.message, row.message);
        EXPECT_EQ(error.where, row.where);
    }
}

}  // namespace
}  // namespace tablero::storage
