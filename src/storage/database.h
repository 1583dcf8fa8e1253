// The database: a pool of SOCI sessions on SQLite (the embedded default) or PostgreSQL (the
// scale path), numbered migrations, and transactions that commit whole or leave nothing.
// Stores (storage/<feature>_store.h) are written once against SOCI; only dialect-specific SQL
// differs, and the backend is chosen at run time from the --db value.
#pragma once

#include "core/result.h"

#include <soci/soci.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace tablero::storage {

enum class Backend { sqlite, postgres };
std::string_view to_string(Backend backend);

// Where the data lives, parsed from --db: a path to a SQLite file ("data/tablero.db") or a
// PostgreSQL URI ("postgresql://user:secret@host:5432/tablero", also "postgres://").
struct DatabaseLocation {
    Backend backend = Backend::sqlite;
    // What SOCI connects with: the file path, or the URI for libpq.
    std::string connect_string;
    // For logs and messages: the path, or the URI with its password replaced by "***".
    std::string display;
};
Result<DatabaseLocation> parse_database_location(std::string_view db);

// How stores write a moment into a TEXT column: "2024-05-01T12:00:00Z" (ISO 8601, UTC, whole
// seconds), the same on both backends and in time order when sorted as text.
std::string to_sql_timestamp(std::chrono::system_clock::time_point moment);

// A database error's text as it may be logged: SOCI appends the values bound to the failing
// statement (" with :p0=..., :p1=..."), which can be e-mail addresses, names or password hashes;
// they are cut off, and the message and the statement's SQL are kept.
std::string loggable_error(std::string_view what);

struct DatabaseOptions {
    // Sessions in the pool. SQLite allows one writer at a time; readers run in parallel (WAL).
    std::size_t pool_size = 4;
    // How long a request waits for a free session before the database counts as unavailable.
    std::chrono::milliseconds acquire_timeout{5000};
    // SQLite: how long a writer waits for the lock (PRAGMA busy_timeout).
    std::chrono::milliseconds busy_timeout{5000};
    // PostgreSQL: connect_timeout, so an unreachable server fails fast instead of hanging.
    std::chrono::seconds connect_timeout{5};
    // SQLite: refuse to open a file, or a file in a folder, this user cannot write (the server
    // would start and then fail every change); commands that only read leave it off.
    bool require_writable = false;
};

struct PoolStats {
    std::size_t size = 0;
    std::size_t in_use = 0;
    std::uint64_t acquisitions_total = 0;
    // Acquisitions that found no free session and had to wait.
    std::uint64_t waits_total = 0;
    double wait_seconds_total = 0;
    std::uint64_t timeouts_total = 0;
};

// One numbered schema change: 0001_site_settings.sql is {1, "0001_site_settings.sql", its text}.
// The .sql files of each backend are compiled into the program (src/storage/CMakeLists.txt).
struct Migration {
    int number = 0;
    std::string_view name;
    std::string_view sql;
};

class Database {
public:
    // Connects every session of the pool. An unreachable server, a missing folder or bad
    // credentials is one unavailable error that says which database and why.
    static Result<std::unique_ptr<Database>> open(
        const DatabaseLocation& location, DatabaseOptions options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Backend backend() const;
    const DatabaseLocation& location() const;

    // Applies the numbered migrations of this backend that are not applied yet, each in its own
    // transaction, and records them in schema_migrations. Returns how many it applied.
    Result<int> migrate();
    // The same with a given list instead of the built-in one, numbered 1, 2, 3...; for tests and
    // tools that need a migration the program does not ship (a failing one, say).
    Result<int> migrate(std::span<const Migration> migrations);
    // The highest migration applied (0 on an empty database).
    Result<int> schema_version();
    // The highest migration this program knows.
    int latest_schema_version() const;

    // SELECT 1 through a pooled session: is the database answering?
    Result<void> ping();

    PoolStats pool_stats() const;

    // Runs work(session) on a pooled session. work returns Result<T>; an exception it throws
    // becomes an internal error with the first line of its message (unavailable when the
    // connection is lost or SQLite stays locked past busy_timeout).
    template <typename F> auto read(F&& work) -> decltype(work(std::declval<soci::session&>()));

    // Runs work(session) inside one transaction: committed when work returns ok, rolled back
    // when it returns an error or throws. After a commit the change listeners are told. work must
    // not call read() or write() itself: it would wait for a second session, and on SQLite for the
    // write lock it holds.
    template <typename F> auto write(F&& work) -> decltype(work(std::declval<soci::session&>()));

    // The same for writes that change nothing a page or an answer shows (sessions, failed
    // sign-ins): the change listeners are not told, so signing in does not empty the caches of
    // public pages and plans.
    template <typename F>
    auto write_unseen(F&& work) -> decltype(work(std::declval<soci::session&>()));

    // Called after every committed write (the page cache clears itself here).
    void on_change(std::function<void()> listener);

    // This Database object's name among every process writing to the same database
    // ("host:pid:n"). On PostgreSQL a write() announces itself with it (NOTIFY tablero_changes,
    // storage/postgres/change_listener.h), so a listener can tell its own writes from others'.
    const std::string& origin() const;

    // Runs the change listeners for a change this object did not write: another server's
    // commit, heard by the ChangeListener, or a reconnection after which changes may have been
    // missed. Nothing is announced to other processes.
    void changed_elsewhere();

private:
    struct Impl;
    explicit Database(std::unique_ptr<Impl> impl);

    class Lease {
    public:
        Lease(Database& database, soci::session& session) : m_database(database), m_session(session)
        {
        }
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        soci::session& session() { return m_session; }

    private:
        Database& m_database;
        soci::session& m_session;
    };
    // The transaction of write(). SQLite begins IMMEDIATE, so a writer waits for the write lock
    // (busy_timeout) at BEGIN instead of failing when a read turns into a write.
    class Transaction {
    public:
        Transaction(Database& database, soci::session& session);
        // Rolls back unless committed; never throws.
        ~Transaction();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        void commit();

    private:
        soci::session& m_session;
        bool m_done = false;
    };

    template <typename F>
    auto write_notifying(F&& work, bool notify) -> decltype(work(std::declval<soci::session&>()));

    Result<std::unique_ptr<Lease>> acquire();
    void release(soci::session& session);
    void notify_change();
    // PostgreSQL: NOTIFY tablero_changes with origin(), inside the transaction of a write(), so
    // other servers hear of it when (and only when) it commits.
    void announce_change(soci::session& session);
    static Error error_from_exception(const std::exception& error);
    // error_from_exception, and a session whose connection is lost is reconnected before its
    // next use.
    Error error_from_exception(soci::session& session, const std::exception& error);

    std::unique_ptr<Impl> m_impl;
};

template <typename F>
auto Database::read(F&& work) -> decltype(work(std::declval<soci::session&>()))
{
    auto lease = acquire();
    if (!lease.ok())
        return std::move(lease).error();
    auto& session = (*lease)->session();
    try {
        return work(session);
    } catch (const std::exception& error) {
        return error_from_exception(session, error);
    }
}

template <typename F>
auto Database::write(F&& work) -> decltype(work(std::declval<soci::session&>()))
{
    return write_notifying(std::forward<F>(work), true);
}

template <typename F>
auto Database::write_unseen(F&& work) -> decltype(work(std::declval<soci::session&>()))
{
    return write_notifying(std::forward<F>(work), false);
}

template <typename F>
auto Database::write_notifying(F&& work, bool notify)
    -> decltype(work(std::declval<soci::session&>()))
{
    auto lease = acquire();
    if (!lease.ok())
        return std::move(lease).error();
    auto& session = (*lease)->session();
    try {
        Transaction transaction(*this, session);
        auto result = work(session);
        if (!result.ok())
            return result;  // the transaction's destructor rolls back
        if (notify)
            announce_change(session);
        transaction.commit();
        // The listeners run with the session back in the pool, so they may read.
        lease.value().reset();
        if (notify)
            notify_change();
        return result;
    } catch (const std::exception& error) {
        return error_from_exception(session, error);
    }
}

}  // namespace tablero::storage
