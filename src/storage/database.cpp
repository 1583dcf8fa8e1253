#include "storage/database.h"

#include "core/clock.h"
#include "storage/database_faults.h"
#include "storage/postgres/postgres_connection.h"
#include "storage/sqlite/sqlite_connection.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <set>
#include <unistd.h>
#include <vector>

namespace tablero::storage {

namespace {

constexpr std::string_view postgres_schemes[] = {"postgresql://", "postgres://"};

// The URI with the password of its user part ("user:secret@") and of a "password=" parameter
// replaced by "***", for logs and error messages.
std::string hide_password(std::string_view uri)
{
    std::string shown(uri);
    const auto authority = shown.find("://") + 3;
    const auto query = shown.find_first_of("?#", authority);
    // The last "@" before the query ends the user part; a password may hold "/" or "@".
    const auto at = shown.rfind('@', query == std::string::npos ? std::string::npos : query);
    if (at != std::string::npos && at >= authority) {
        const auto colon = shown.find(':', authority);
        if (colon < at)
            shown.replace(colon + 1, at - colon - 1, "***");
    }
    for (auto position = shown.find("password=", authority); position != std::string::npos;
         position = shown.find("password=", position + 1)) {
        const auto start = position + 9;
        const auto end = shown.find('&', start);
        shown.replace(start, (end == std::string::npos ? shown.size() : end) - start, "***");
    }
    return shown;
}

// RFC 3986 section 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_uri_scheme(std::string_view text)
{
    if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.front())))
        return false;
    for (char c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return false;
    }
    return true;
}

// The line of an exception's message that says what went wrong. SOCI puts its own sentence
// ("Cannot establish connection to the database.") before the driver's message on the next line,
// and appends the statement's text, which belongs in the log but not in an error a user sees.
std::string first_line(const std::exception& error)
{
    std::string text;
    if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&error))
        text = soci_error->get_error_message();
    else
        text = error.what();
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        auto line = text.substr(start, end - start);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.pop_back();
        if (!line.empty())
            lines.push_back(line);
        start = end + 1;
    }
    if (lines.empty())
        return "unknown error";
    if (lines.size() > 1 && lines.front().starts_with("Cannot establish connection"))
        return lines[1];
    // SOCI's PostgreSQL backend says "Cannot execute query. Fatal error. ERROR:  <message>".
    const auto server_error = lines.front().find("ERROR:  ");
    if (server_error != std::string::npos)
        return lines.front().substr(server_error + 8);
    return lines.front();
}

std::string describe_duration(std::chrono::milliseconds duration)
{
    if (duration.count() % 1000 == 0)
        return std::to_string(duration.count() / 1000) + " s";
    return std::to_string(duration.count()) + " ms";
}

// The migration bookkeeping is the same on both backends and exists before migration 1.
constexpr const char* create_schema_migrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

// Any constant works; it keeps two Tablero processes from migrating one PostgreSQL database at
// the same time (SQLite's BEGIN IMMEDIATE already serialises them).
constexpr long long postgres_migration_lock = 7'283'310'001;

// A store's exception as an Error (storage/database_faults.h says which faults there are),
// logged with its fault so that an operator reads "disk_full" rather than "disk I/O error".
Error mapped_error(const std::exception& error, int system_errno)
{
    DatabaseFault fault = DatabaseFault::other;
    if (const auto* sqlite_error = dynamic_cast<const soci::sqlite3_soci_error*>(&error))
        fault = sqlite_fault(sqlite_error->result(), system_errno);
    else if (const auto* postgres_error = dynamic_cast<const soci::postgresql_soci_error*>(&error))
        fault = postgres_fault(postgres_error->sqlstate());
    if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&error);
        fault == DatabaseFault::other && soci_error != nullptr &&
        soci_error->get_error_category() == soci::soci_error::connection_error)
        fault = DatabaseFault::connection_lost;
    Error mapped = error_for_fault(fault, first_line(error));
    // Secrets and personal data never reach the log (the values bound to the statement).
    if (fault == DatabaseFault::other)
        spdlog::warn("database error: {}", loggable_error(error.what()));
    else
        spdlog::error("database error ({}): {}; {}", to_string(fault), mapped.message,
            loggable_error(error.what()));
    return mapped;
}

}  // namespace

std::string_view to_string(Backend backend)
{
    switch (backend) {
    case Backend::sqlite:
        return "sqlite";
    case Backend::postgres:
        return "postgres";
    }
    return "sqlite";
}

Result<DatabaseLocation> parse_database_location(std::string_view db)
{
    if (db.empty())
        return fail(ErrorCode::invalid_argument,
            "no database given: use a SQLite file path or postgresql://", "--db");
    for (auto scheme : postgres_schemes) {
        if (db.starts_with(scheme))
            return DatabaseLocation{Backend::postgres, std::string(db), hide_password(db)};
    }
    const auto scheme_end = db.find("://");
    if (scheme_end != std::string_view::npos && is_uri_scheme(db.substr(0, scheme_end)))
        return fail(ErrorCode::invalid_argument,
            "unsupported database URI scheme " + std::string(db.substr(0, scheme_end)) +
                ": use a SQLite file path or postgresql://",
            "--db");
    return DatabaseLocation{Backend::sqlite, std::string(db), std::string(db)};
}

std::string to_sql_timestamp(std::chrono::system_clock::time_point moment)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(moment);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    const auto length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return std::string(text, length);
}

// "host:pid:n": unique among the processes sharing one database, and readable in a log.
std::string make_origin()
{
    static std::atomic<int> opened = 0;
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(++opened);
}

struct Database::Impl {
    DatabaseLocation location;
    std::string origin = make_origin();
    DatabaseOptions options;
    std::span<const Migration> migrations;

    std::vector<std::unique_ptr<soci::session>> sessions;
    // Guards everything below it but the listeners.
    mutable std::mutex mutex;
    std::condition_variable released;
    // Sessions not leased now; acquire takes the most recently returned one.
    std::vector<soci::session*> free_sessions;
    // Sessions whose connection was lost; acquire reconnects them first.
    std::set<soci::session*> broken_sessions;
    PoolStats stats;

    std::mutex listeners_mutex;
    std::vector<std::function<void()>> listeners;
};

Database::Database(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(
    const DatabaseLocation& location, DatabaseOptions options)
{
    if (options.pool_size == 0)
        return fail(ErrorCode::invalid_argument, "the database pool needs at least one connection");
    auto impl = std::make_unique<Impl>();
    impl->location = location;
    impl->options = options;
    impl->migrations =
        location.backend == Backend::sqlite ? sqlite_migrations() : postgres_migrations();
    for (std::size_t i = 0; i < options.pool_size; ++i) {
        auto session = std::make_unique<soci::session>();
        Result<void> connected;
        try {
            connected = location.backend == Backend::sqlite
                ? sqlite::connect(*session, location, options)
                : postgres::connect(*session, location, options);
        } catch (const std::exception& error) {
            spdlog::debug("opening database {} failed: {}", location.display, error.what());
            connected = fail(ErrorCode::unavailable, first_line(error));
        }
        if (!connected.ok())
            return fail(connected.error().code,
                "cannot open database " + location.display + ": " + connected.error().message);
        impl->free_sessions.push_back(session.get());
        impl->sessions.push_back(std::move(session));
    }
    impl->stats.size = options.pool_size;
    spdlog::info("opened {} database {} with {} connections", to_string(location.backend),
        location.display, options.pool_size);
    return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Backend Database::backend() const
{
    return m_impl->location.backend;
}

const DatabaseLocation& Database::location() const
{
    return m_impl->location;
}

int Database::latest_schema_version() const
{
    return m_impl->migrations.empty() ? 0 : m_impl->migrations.back().number;
}

Result<int> Database::migrate()
{
    return migrate(m_impl->migrations);
}

Result<int> Database::migrate(std::span<const Migration> migrations)
{
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].number != static_cast<int>(i + 1))
            return fail(ErrorCode::invalid_argument,
                "migration " + std::string(migrations[i].name) + " is out of sequence: expected " +
                    std::to_string(i + 1));
    }
    const int known = migrations.empty() ? 0 : migrations.back().number;
    auto created = read([](soci::session& session) -> Result<void> {
        session << create_schema_migrations;
        return {};
    });
    if (!created.ok())
        return std::move(created).error();
    auto current = schema_version();
    if (!current.ok())
        return std::move(current).error();
    if (*current > known)
        return fail(ErrorCode::failed_precondition,
            "database schema " + std::to_string(*current) + " is newer than this program (" +
                std::to_string(known) + "): upgrade Tablero");

    int applied = 0;
    for (const auto& migration : migrations) {
        if (migration.number <= *current)
            continue;
        const std::string name(migration.name);
        auto result = write([&](soci::session& session) -> Result<bool> {
            if (backend() == Backend::postgres)
                session << "SELECT pg_advisory_xact_lock(:key)", soci::use(postgres_migration_lock);
            // Another process may have applied it since we looked.
            int done = 0;
            session << "SELECT COUNT(*) FROM schema_migrations WHERE version = :version",
                soci::use(migration.number), soci::into(done);
            if (done > 0)
                return false;
            const std::string sql(migration.sql);
            auto executed = backend() == Backend::sqlite ? sqlite::execute_script(session, sql)
                                                         : postgres::execute_script(session, sql);
            if (!executed.ok())
                return std::move(executed).error();
            const std::string applied_at = to_sql_timestamp(SystemClock().now());
            session << "INSERT INTO schema_migrations (version, name, applied_at)"
                       " VALUES (:version, :name, :applied_at)",
                soci::use(migration.number), soci::use(name), soci::use(applied_at);
            return true;
        });
        if (!result.ok())
            return fail(
                result.error().code, "migration " + name + " failed: " + result.error().message);
        if (*result) {
            ++applied;
            spdlog::info("applied migration {} to {}", name, m_impl->location.display);
        }
    }
    return applied;
}

Result<int> Database::schema_version()
{
    return read([this](soci::session& session) -> Result<int> {
        const bool exists = backend() == Backend::sqlite
            ? sqlite::table_exists(session, "schema_migrations")
            : postgres::table_exists(session, "schema_migrations");
        if (!exists)
            return 0;
        int version = 0;
        session << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", soci::into(version);
        return version;
    });
}

Result<void> Database::ping()
{
    return read([](soci::session& session) -> Result<void> {
        int one = 0;
        session << "SELECT 1", soci::into(one);
        return {};
    });
}

PoolStats Database::pool_stats() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->stats;
}

void Database::on_change(std::function<void()> listener)
{
    std::lock_guard lock(m_impl->listeners_mutex);
    m_impl->listeners.push_back(std::move(listener));
}

const std::string& Database::origin() const
{
    return m_impl->origin;
}

void Database::changed_elsewhere()
{
    notify_change();
}

void Database::announce_change(soci::session& session)
{
    if (backend() == Backend::postgres)
        postgres::announce_change(session, m_impl->origin);
}

void Database::notify_change()
{
    std::vector<std::function<void()>> listeners;
    {
        std::lock_guard lock(m_impl->listeners_mutex);
        listeners = m_impl->listeners;
    }
    // The write is committed already; a failing listener must not turn it into an error.
    for (const auto& listener : listeners) {
        try {
            listener();
        } catch (const std::exception& error) {
            spdlog::error("a database change listener failed: {}", error.what());
        }
    }
}

Result<std::unique_ptr<Database::Lease>> Database::acquire()
{
    std::unique_lock lock(m_impl->mutex);
    auto& stats = m_impl->stats;
    if (m_impl->free_sessions.empty()) {
        ++stats.waits_total;
        const auto start = std::chrono::steady_clock::now();
        const bool got = m_impl->released.wait_for(lock, m_impl->options.acquire_timeout,
            [this] { return !m_impl->free_sessions.empty(); });
        stats.wait_seconds_total +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!got) {
            ++stats.timeouts_total;
            return fail(ErrorCode::unavailable,
                "database busy: no free connection in " +
                    describe_duration(m_impl->options.acquire_timeout));
        }
    }
    soci::session* session = m_impl->free_sessions.back();
    m_impl->free_sessions.pop_back();
    ++stats.in_use;
    ++stats.acquisitions_total;
    bool broken = m_impl->broken_sessions.erase(session) > 0;
    lock.unlock();

    auto lease = std::make_unique<Lease>(*this, *session);
    // A session that waited in the pool while PostgreSQL restarted looks healthy until used; one
    // that the server has closed is reconnected now rather than failing its request.
    if (!broken && backend() == Backend::postgres && !postgres::still_connected(*session)) {
        spdlog::warn("a pooled connection to database {} was closed by the server",
            m_impl->location.display);
        broken = true;
    }
    if (broken) {
        try {
            postgres::reconnect(*session);
            spdlog::info("reconnected to database {}", m_impl->location.display);
        } catch (const std::exception& error) {
            {
                std::lock_guard relock(m_impl->mutex);
                m_impl->broken_sessions.insert(session);
            }
            return fail(ErrorCode::unavailable,
                "cannot reconnect to database " + m_impl->location.display + ": " +
                    first_line(error),
                std::string(where_database));
        }
    }
    return lease;
}

void Database::release(soci::session& session)
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->free_sessions.push_back(&session);
        --m_impl->stats.in_use;
    }
    m_impl->released.notify_one();
}

Database::Lease::~Lease()
{
    m_database.release(m_session);
}

Database::Transaction::Transaction(Database& database, soci::session& session) : m_session(session)
{
    if (database.backend() == Backend::sqlite)
        m_session << "BEGIN IMMEDIATE";
    else
        m_session.begin();
}

Database::Transaction::~Transaction()
{
    if (m_done)
        return;
    try {
        m_session.rollback();
    } catch (const std::exception& error) {
        spdlog::warn("rolling back a transaction failed: {}", error.what());
    }
}

void Database::Transaction::commit()
{
    m_session.commit();
    m_done = true;
}

std::string loggable_error(std::string_view what)
{
    const auto values = what.find(" with :");
    return std::string(what.substr(0, values));
}

Error Database::error_from_exception(const std::exception& error)
{
    return mapped_error(error, 0);
}

Error Database::error_from_exception(soci::session& session, const std::exception& error)
{
    Error mapped = mapped_error(error,
        backend() == Backend::sqlite && session.get_backend() != nullptr
            ? sqlite::system_errno(session, m_impl->location.connect_string)
            : 0);
    if (backend() == Backend::postgres && postgres::connection_lost(session)) {
        {
            std::lock_guard lock(m_impl->mutex);
            m_impl->broken_sessions.insert(&session);
        }
        mapped.code = ErrorCode::unavailable;
        mapped.message =
            "lost the connection to database " + m_impl->location.display + ": " + mapped.message;
        mapped.where = where_database;
    }
    return mapped;
}

}  // namespace tablero::storage
