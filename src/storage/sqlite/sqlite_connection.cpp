#include "storage/sqlite/sqlite_connection.h"

#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace tablero::storage::sqlite {

namespace {

sqlite_api::sqlite3* native_handle(soci::session& session)
{
    // SOCI's backend classes export no type information, so the name is checked instead of a
    // dynamic_cast.
    if (session.get_backend() == nullptr || session.get_backend_name() != "sqlite3")
        throw std::logic_error("not a SQLite session");
    return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

// SOCI reads a connect string holding "=" as key=value options ("db=... timeout=..."), so such a
// path is passed as the db option, which SOCI ends at the first space.
Result<std::string> soci_connect_string(const std::string& path)
{
    if (path.find('=') == std::string::npos)
        return path;
    if (path.find(' ') != std::string::npos)
        return fail(ErrorCode::invalid_argument,
            "a SQLite path cannot contain both \"=\" and a space; rename the file or folder");
    return "db=" + path;
}

}  // namespace

Result<void> connect(
    soci::session& session, const DatabaseLocation& location, const DatabaseOptions& options)
{
    const std::string& path = location.connect_string;
    // SQLite would create the file but fails on a missing folder with "unable to open database
    // file", which does not say what to do; creating folders is the operator's decision.
    if (path != ":memory:") {
        const auto folder = std::filesystem::path(path).parent_path();
        std::error_code error;
        if (!folder.empty() && !std::filesystem::is_directory(folder, error))
            return fail(ErrorCode::unavailable,
                "folder " + folder.string() + " does not exist; create it or choose another path");
    }
    auto connect_string = soci_connect_string(path);
    if (!connect_string.ok())
        return std::move(connect_string).error();
    session.open(soci::sqlite3, *connect_string);
    // SQLite opens a file it may not write read-only without a word, and the first change then
    // fails; a server that cannot save anything should say so before it starts. Its folder must
    // be writable too: SQLite creates the -wal and -shm files beside the database.
    if (options.require_writable && path != ":memory:") {
        if (sqlite_api::sqlite3_db_readonly(native_handle(session), "main") == 1)
            return fail(ErrorCode::unavailable,
                "the file is read-only for this user (uid " + std::to_string(geteuid()) +
                    "): Tablero must be able to write to it; check its owner and permissions");
        auto folder = std::filesystem::path(path).parent_path();
        if (folder.empty())
            folder = ".";
        if (access(folder.c_str(), W_OK) != 0)
            return fail(ErrorCode::unavailable,
                "folder " + folder.string() +
                    " is read-only for this user: SQLite creates its -wal and -shm files beside"
                    " the database; check the folder's owner and permissions");
    }

    // Pragmas take no bound parameters; the numbers here come from our own options.
    // busy_timeout first, so switching the journal mode waits for a concurrent opener's lock.
    session << "PRAGMA busy_timeout = " + std::to_string(options.busy_timeout.count());
    // WAL lets readers run while one writer writes; NORMAL is durable across application crashes
    // and is what SQLite recommends with WAL.
    std::string journal_mode;
    session << "PRAGMA journal_mode = WAL", soci::into(journal_mode);
    if (journal_mode != "wal")
        spdlog::warn("SQLite database {} stays in journal mode {} instead of wal", location.display,
            journal_mode);
    session << "PRAGMA synchronous = NORMAL";
    // SQLite leaves foreign keys unchecked unless each connection asks.
    session << "PRAGMA foreign_keys = ON";
    return {};
}

// A migration may hold several statements, and a trigger body holds ";" at line ends too, so the
// text is not split: sqlite3_exec runs every statement in turn and stops at the first error.
Result<void> execute_script(soci::session& session, const std::string& sql)
{
    char* message = nullptr;
    const int status =
        sqlite_api::sqlite3_exec(native_handle(session), sql.c_str(), nullptr, nullptr, &message);
    if (status == SQLITE_OK)
        return {};
    std::string text = message != nullptr ? message : sqlite_api::sqlite3_errstr(status);
    sqlite_api::sqlite3_free(message);
    return fail(ErrorCode::internal, text);
}

int system_errno(soci::session& session, const std::string& path)
{
    if (const int known = sqlite_api::sqlite3_system_errno(native_handle(session)); known != 0)
        return known;
    if (path == ":memory:")
        return 0;
    constexpr std::uintmax_t margin = 1024 * 1024;
    auto folder = std::filesystem::path(path).parent_path();
    if (folder.empty())
        folder = ".";
    struct statvfs disk { };
    if (statvfs(folder.c_str(), &disk) == 0 &&
        static_cast<std::uintmax_t>(disk.f_bavail) * disk.f_frsize < margin)
        return ENOSPC;
    rlimit limit{};
    if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        for (const std::string& file : {path, path + "-wal"}) {
            std::error_code ignored;
            const auto size = std::filesystem::file_size(file, ignored);
            if (!ignored && size + margin >= limit.rlim_cur)
                return EFBIG;
        }
    }
    return 0;
}

bool table_exists(soci::session& session, const std::string& name)
{
    int count = 0;
    session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :name",
        soci::use(name), soci::into(count);
    return count > 0;
}

}  // namespace tablero::storage::sqlite
