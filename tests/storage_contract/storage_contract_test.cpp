// The storage contract: every test of StorageContract runs against SQLite (a fresh file per test)
// and, when TABLERO_TEST_POSTGRES_URL is set, against PostgreSQL (a fresh schema per test).
// tests/storage_contract/with_postgres.sh provides a throw-away server for the second run.
#include "storage/database.h"
#include "storage/site_store.h"
#include "storage_contract/backend_fixture.h"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace tablero::storage {
namespace {

using contract::ScratchDatabase;

class StorageContract : public contract::BackendFixture { };

TABLERO_INSTANTIATE_BACKENDS(StorageContract);

Result<int> count_rows(Database& database, const std::string& table)
{
    return database.read([&](soci::session& session) -> Result<int> {
        int count = 0;
        session << "SELECT COUNT(*) FROM " + table, soci::into(count);
        return count;
    });
}

TEST_P(StorageContract, MigrateAppliesEverythingOnceAndIsIdempotent)
{
    auto database = open();
    EXPECT_GE(database->latest_schema_version(), 1);
    auto before = database->schema_version();
    ASSERT_TRUE(before.ok()) << before.error().message;
    EXPECT_EQ(*before, 0);

    auto first = database->migrate();
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(*first, database->latest_schema_version());
    auto second = database->migrate();
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(*second, 0);

    auto after = database->schema_version();
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(*after, database->latest_schema_version());
    auto recorded = count_rows(*database, "schema_migrations");
    ASSERT_TRUE(recorded.ok());
    EXPECT_EQ(*recorded, database->latest_schema_version());
    auto settings = count_rows(*database, "site_settings");
    ASSERT_TRUE(settings.ok()) << settings.error().message;
    EXPECT_EQ(*settings, 0);
}

TEST_P(StorageContract, MigrateRefusesASchemaNewerThanTheProgram)
{
    auto database = open_migrated();
    const int newer = database->latest_schema_version() + 6;
    auto inserted = database->write([&](soci::session& session) -> Result<void> {
        session << "INSERT INTO schema_migrations (version, name, applied_at)"
                   " VALUES (:version, 'from_the_future.sql', '2099-01-01T00:00:00Z')",
            soci::use(newer);
        return {};
    });
    ASSERT_TRUE(inserted.ok()) << inserted.error().message;

    auto migrated = database->migrate();
    ASSERT_FALSE(migrated.ok());
    EXPECT_EQ(migrated.error().code, ErrorCode::failed_precondition);
    EXPECT_EQ(migrated.error().message,
        "database schema " + std::to_string(newer) + " is newer than this program (" +
            std::to_string(database->latest_schema_version()) + "): upgrade Tablero");
}

TEST_P(StorageContract, FailingMigrationRollsBackAndNamesItsFile)
{
    auto database = open();
    const Migration shipped[] = {{1, "0001_site_settings.sql",
        "CREATE TABLE site_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
        " updated_at TEXT NOT NULL);"}};
    const Migration broken[] = {shipped[0],
        {2, "0002_broken.sql", "CREATE TABLE half_done (id INTEGER);\nCREATE TABLE (;\n"}};
    const Migration fixed[] = {shipped[0],
        {2, "0002_fixed.sql",
            "CREATE TABLE half_done (id INTEGER);\nCREATE TABLE finished (id INTEGER);\n"}};

    auto failed = database->migrate(broken);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::internal);
    EXPECT_TRUE(failed.error().message.starts_with("migration 0002_broken.sql failed: "))
        << failed.error().message;
    EXPECT_NE(failed.error().message.find("syntax error"), std::string::npos)
        << "the database's own message follows: " << failed.error().message;
    EXPECT_EQ(failed.error().message.find('\n'), std::string::npos) << failed.error().message;
    auto version = database->schema_version();
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(*version, 1) << "migration 1 stays applied";
    EXPECT_FALSE(count_rows(*database, "half_done").ok()) << "the first statement rolled back";

    auto retried = database->migrate(fixed);
    ASSERT_TRUE(retried.ok()) << retried.error().message;
    EXPECT_EQ(*retried, 1);
    EXPECT_TRUE(count_rows(*database, "half_done").ok());
    EXPECT_TRUE(count_rows(*database, "finished").ok());
}

TEST_P(StorageContract, PingAnswers)
{
    auto database = open();
    auto answer = database->ping();
    EXPECT_TRUE(answer.ok()) << answer.error().message;
}

TEST_P(StorageContract, SettingsRoundTrip)
{
    auto database = open_migrated();
    auto store = make_site_store(*database);
    struct Row {
        const char* name;
        std::string key;
        std::string value;
    };
    const Row rows[] = {
        {"plain", "site.name", "Tablero"},
        {"Guaraní", "site.language_name", "Avañe'ẽ"},
        {"emoji and other planes", "home.banner", "Gobierno abierto 🇵🇾 ✅ 𝄞"},
        {"quotes that would break concatenated SQL", "home.quote",
            "it's \"quoted\"; DROP TABLE site_settings; --"},
        {"lines", "home.intro_text", "first line\nsecond line\r\n\ttabbed"},
        {"empty", "home.empty", ""},
        {"long text", "home.long", std::string(200'000, 'x') + "ñ"},
    };
    std::vector<std::pair<std::string, std::string>> batch;
    for (const auto& row : rows)
        batch.emplace_back(row.key, row.value);
    auto put = store->put_settings(batch);
    ASSERT_TRUE(put.ok()) << put.error().message;

    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto value = store->setting(row.key);
        ASSERT_TRUE(value.ok()) << value.error().message;
        ASSERT_TRUE(value->has_value());
        EXPECT_EQ(**value, row.value);
    }
    auto all = store->settings();
    ASSERT_TRUE(all.ok()) << all.error().message;
    const std::map<std::string, std::string> expected(batch.begin(), batch.end());
    EXPECT_EQ(*all, expected);
    auto missing = store->setting("never.set");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());
}

TEST_P(StorageContract, PuttingASettingAgainOverwritesIt)
{
    auto database = open_migrated();
    auto store = make_site_store(*database);
    ASSERT_TRUE(store->put_settings({{"site.name", "Old"}}).ok());
    ASSERT_TRUE(store->put_settings({{"site.name", "New"}, {"site.owner", "Ministry"}}).ok());
    auto all = store->settings();
    ASSERT_TRUE(all.ok());
    const std::map<std::string, std::string> expected{
        {"site.name", "New"}, {"site.owner", "Ministry"}};
    EXPECT_EQ(*all, expected);
}

TEST_P(StorageContract, AnInvalidKeyStoresNothingOfTheBatch)
{
    auto database = open_migrated();
    auto store = make_site_store(*database);
    const std::string bad_keys[] = {
        "Site.Name", "site name", "", ".site", "site.", "site..name", "ñandutí", "site-name"};
    for (const auto& bad_key : bad_keys) {
        SCOPED_TRACE("key \"" + bad_key + "\"");
        auto put = store->put_settings({{"site.name", "Tablero"}, {bad_key, "x"}});
        ASSERT_FALSE(put.ok());
        EXPECT_EQ(put.error().code, ErrorCode::invalid_argument);
        EXPECT_NE(put.error().message.find("\"" + bad_key + "\""), std::string::npos)
            << put.error().message;
        auto all = store->settings();
        ASSERT_TRUE(all.ok());
        EXPECT_TRUE(all->empty());
    }
}

TEST_P(StorageContract, WriteWhoseWorkFailsLeavesNothing)
{
    auto database = open_migrated();
    auto store = make_site_store(*database);
    auto insert = [](soci::session& session) {
        session << "INSERT INTO site_settings (key, value, updated_at)"
                   " VALUES ('site.name', 'half', '2024-01-01T00:00:00Z')";
    };
    struct Row {
        const char* name;
        std::function<Result<void>(soci::session&)> work;
        ErrorCode code;
        std::string message;
    };
    const Row rows[] = {
        {"work returns an error",
            [&](soci::session& session) -> Result<void> {
                insert(session);
                return fail(ErrorCode::failed_precondition, "changed my mind");
            },
            ErrorCode::failed_precondition, "changed my mind"},
        {"work throws",
            [&](soci::session& session) -> Result<void> {
                insert(session);
                throw std::runtime_error("a bug in the work");
            },
            ErrorCode::internal, "a bug in the work"},
        {"a statement fails",
            [&](soci::session& session) -> Result<void> {
                insert(session);
                session << "INSERT INTO no_such_table (x) VALUES (1)";
                return {};
            },
            ErrorCode::internal, ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto written = database->write(row.work);
        ASSERT_FALSE(written.ok());
        EXPECT_EQ(written.error().code, row.code);
        if (!row.message.empty()) {
            EXPECT_EQ(written.error().message, row.message);
        }
        EXPECT_EQ(written.error().message.find('\n'), std::string::npos);
        auto value = store->setting("site.name");
        ASSERT_TRUE(value.ok()) << value.error().message;
        EXPECT_FALSE(value->has_value());
        EXPECT_EQ(database->pool_stats().in_use, 0u);
    }
}

TEST_P(StorageContract, ListenersHearCommitsOnlyAfterTheyAreVisible)
{
    // One session: a listener that reads proves the session was back in the pool when it ran.
    DatabaseOptions options;
    options.pool_size = 1;
    options.acquire_timeout = std::chrono::milliseconds(500);
    auto database = open_migrated(options);
    auto store = make_site_store(*database);
    std::vector<std::string> seen;
    database->on_change([&] {
        auto value = store->setting("site.name");
        seen.push_back(value.ok() ? value->value_or("(none)") : "error: " + value.error().message);
    });

    ASSERT_TRUE(store->put_settings({{"site.name", "First"}}).ok());
    EXPECT_EQ(seen, std::vector<std::string>{"First"});

    auto rolled_back = database->write([](soci::session& session) -> Result<void> {
        session << "UPDATE site_settings SET value = 'Never' WHERE key = 'site.name'";
        return fail(ErrorCode::invalid_argument, "no");
    });
    EXPECT_FALSE(rolled_back.ok());
    EXPECT_FALSE(store->put_settings({{"Bad Key", "x"}}).ok());
    EXPECT_EQ(seen, std::vector<std::string>{"First"}) << "no call after a rollback";

    ASSERT_TRUE(store->put_settings({{"site.name", "Second"}}).ok());
    EXPECT_EQ(seen, (std::vector<std::string>{"First", "Second"}));
}

TEST_P(StorageContract, PoolCountsAcquisitionsAndGivesSessionsBack)
{
    DatabaseOptions options;
    options.pool_size = 3;
    auto database = open_migrated(options);
    const auto before = database->pool_stats();
    EXPECT_EQ(before.size, 3u);
    EXPECT_EQ(before.in_use, 0u);
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(database->ping().ok());
    const auto after = database->pool_stats();
    EXPECT_EQ(after.acquisitions_total - before.acquisitions_total, 5u);
    EXPECT_EQ(after.in_use, 0u);
    EXPECT_EQ(after.timeouts_total, 0u);
}

TEST_P(StorageContract, AnExhaustedPoolIsUnavailableAfterTheTimeout)
{
    DatabaseOptions options;
    options.pool_size = 1;
    options.acquire_timeout = std::chrono::milliseconds(100);
    auto database = open(options);
    auto outer = database->read([&](soci::session&) -> Result<void> {
        EXPECT_EQ(database->pool_stats().in_use, 1u);
        return database->ping();
    });
    ASSERT_FALSE(outer.ok());
    EXPECT_EQ(outer.error().code, ErrorCode::unavailable);
    EXPECT_EQ(outer.error().message, "database busy: no free connection in 100 ms");
    const auto stats = database->pool_stats();
    EXPECT_EQ(stats.timeouts_total, 1u);
    EXPECT_EQ(stats.waits_total, 1u);
    EXPECT_GE(stats.wait_seconds_total, 0.09);
    EXPECT_EQ(stats.in_use, 0u);
    EXPECT_TRUE(database->ping().ok());
}

TEST_P(StorageContract, ConcurrentWritesAllLand)
{
    constexpr int threads = 4;
    constexpr int writes_per_thread = 50;
    auto database = open_migrated();
    auto store = make_site_store(*database);
    std::atomic<int> failures = 0;
    std::string first_failure;
    std::mutex failure_mutex;
    std::vector<std::thread> writers;
    for (int t = 0; t < threads; ++t) {
        writers.emplace_back([&, t] {
            for (int i = 0; i < writes_per_thread; ++i) {
                const std::string key = "load.t" + std::to_string(t) + "_" + std::to_string(i);
                auto put = store->put_settings({{key, std::to_string(i)}});
                if (!put.ok() && failures++ == 0) {
                    std::lock_guard lock(failure_mutex);
                    first_failure = put.error().message;
                }
            }
        });
    }
    for (auto& writer : writers)
        writer.join();
    EXPECT_EQ(failures.load(), 0) << first_failure;
    auto all = store->settings();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), static_cast<std::size_t>(threads * writes_per_thread));
    EXPECT_EQ(database->pool_stats().in_use, 0u);
}

TEST_P(StorageContract, ALostConnectionIsUnavailableAndThenReconnects)
{
    if (GetParam() == Backend::sqlite)
        GTEST_SKIP() << "a SQLite file has no connection to lose";
    DatabaseOptions options;
    options.pool_size = 1;
    auto database = open(options);
    // The connection ends under the statement that is running on it.
    auto lost = database->read([](soci::session& session) -> Result<void> {
        std::string terminated;
        session << "SELECT pg_terminate_backend(pg_backend_pid())::text", soci::into(terminated);
        return {};
    });
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().code, ErrorCode::unavailable);
    EXPECT_TRUE(lost.error().message.starts_with("lost the connection to database "))
        << lost.error().message;
    EXPECT_EQ(lost.error().message.find('\n'), std::string::npos) << lost.error().message;
    auto again = database->ping();
    EXPECT_TRUE(again.ok()) << again.error().message;
}

// A pooled session the server closed while it waited in the pool (PostgreSQL restarted, an
// administrator ended it) is reconnected before it is lent: the request never sees the loss.
TEST_P(StorageContract, AnIdleSessionClosedByTheServerIsReconnectedBeforeUse)
{
    if (GetParam() == Backend::sqlite)
        GTEST_SKIP() << "a SQLite file has no connection to lose";
    DatabaseOptions options;
    options.pool_size = 1;
    auto database = open(options);
    auto server_process = database->read([](soci::session& session) -> Result<int> {
        int pid = 0;
        session << "SELECT pg_backend_pid()", soci::into(pid);
        return pid;
    });
    ASSERT_TRUE(server_process.ok());
    {
        soci::session admin(soci::postgresql, m_scratch->admin_url());
        admin << "SELECT pg_terminate_backend(:pid)", soci::use(*server_process);
        // Until the server process has gone, its goodbye may not have been sent.
        int left = 1;
        for (int i = 0; i < 200 && left > 0; ++i) {
            admin << "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = :pid",
                soci::use(*server_process), soci::into(left);
            if (left > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ASSERT_EQ(left, 0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));

    auto after = database->read([](soci::session& session) -> Result<int> {
        int pid = 0;
        session << "SELECT pg_backend_pid()", soci::into(pid);
        return pid;
    });
    ASSERT_TRUE(after.ok()) << after.error().message;
    EXPECT_NE(*after, *server_process);
}

// SQLite only: every pooled session carries the pragmas, not just the first one.
TEST(SqliteSessions, EveryPooledSessionIsTuned)
{
    ScratchDatabase scratch(Backend::sqlite);
    auto location = parse_database_location(scratch.create());
    ASSERT_TRUE(location.ok());
    DatabaseOptions options;
    options.pool_size = 4;
    options.busy_timeout = std::chrono::milliseconds(4321);
    auto database = Database::open(*location, options);
    ASSERT_TRUE(database.ok()) << database.error().message;

    // Nested reads hold all four sessions at once, so each one is checked.
    int checked = 0;
    std::function<Result<void>()> check_next = [&]() -> Result<void> {
        return (*database)->read([&](soci::session& session) -> Result<void> {
            SCOPED_TRACE("session " + std::to_string(checked + 1));
            std::string journal_mode;
            int foreign_keys = 0;
            int synchronous = 0;
            int busy_timeout = 0;
            session << "PRAGMA journal_mode", soci::into(journal_mode);
            session << "PRAGMA foreign_keys", soci::into(foreign_keys);
            session << "PRAGMA synchronous", soci::into(synchronous);
            session << "PRAGMA busy_timeout", soci::into(busy_timeout);
            EXPECT_EQ(journal_mode, "wal");
            EXPECT_EQ(foreign_keys, 1);
            EXPECT_EQ(synchronous, 1) << "NORMAL";
            EXPECT_EQ(busy_timeout, 4321);
            if (++checked < 4)
                return check_next();
            return {};
        });
    };
    auto result = check_next();
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(checked, 4);
    EXPECT_EQ((*database)->pool_stats().in_use, 0u);
}

TEST(SqliteSessions, AMissingFolderIsUnavailableAndNotCreated)
{
    ScratchDatabase scratch(Backend::sqlite);
    const auto folder = std::filesystem::path(scratch.create()).parent_path() / "no_such_folder";
    const auto path = (folder / "tablero.db").string();
    auto location = parse_database_location(path);
    ASSERT_TRUE(location.ok());
    auto database = Database::open(*location);
    ASSERT_FALSE(database.ok());
    EXPECT_EQ(database.error().code, ErrorCode::unavailable);
    EXPECT_EQ(database.error().message,
        "cannot open database " + path + ": folder " + folder.string() +
            " does not exist; create it or choose another path");
    EXPECT_FALSE(std::filesystem::exists(folder));
}

TEST(DatabaseLocation, ParsesSqlitePathsAndPostgresUris)
{
    struct Row {
        const char* name;
        std::string input;
        bool ok;
        Backend backend;
        std::string display;  // or the error message
    };
    const Row rows[] = {
        {"relative SQLite path", "data/tablero.db", true, Backend::sqlite, "data/tablero.db"},
        {"absolute SQLite path", "/var/lib/tablero/t.db", true, Backend::sqlite,
            "/var/lib/tablero/t.db"},
        {"path with a colon", "C:tablero.db", true, Backend::sqlite, "C:tablero.db"},
        {"postgresql URI hides its password", "postgresql://tablero:secret@127.0.0.1:5999/tablero",
            true, Backend::postgres, "postgresql://tablero:***@127.0.0.1:5999/tablero"},
        {"postgres URI", "postgres://tablero:s3@db/tablero", true, Backend::postgres,
            "postgres://tablero:***@db/tablero"},
        {"password with @ and /", "postgresql://u:p@ss/w@db/t", true, Backend::postgres,
            "postgresql://u:***@db/t"},
        {"no password", "postgresql://tablero@db/tablero", true, Backend::postgres,
            "postgresql://tablero@db/tablero"},
        {"password parameter", "postgresql://db/tablero?sslmode=require&password=secret", true,
            Backend::postgres, "postgresql://db/tablero?sslmode=require&password=***"},
        {"empty", "", false, Backend::sqlite,
            "no database given: use a SQLite file path or postgresql://"},
        {"mysql", "mysql://root@localhost/tablero", false, Backend::sqlite,
            "unsupported database URI scheme mysql: use a SQLite file path or postgresql://"},
        {"http", "http://example.org/tablero.db", false, Backend::sqlite,
            "unsupported database URI scheme http: use a SQLite file path or postgresql://"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto location = parse_database_location(row.input);
        ASSERT_EQ(location.ok(), row.ok);
        if (row.ok) {
            EXPECT_EQ(location->backend, row.backend);
            EXPECT_EQ(location->connect_string, row.input);
            EXPECT_EQ(location->display, row.display);
        } else {
            EXPECT_EQ(location.error().code, ErrorCode::invalid_argument);
            EXPECT_EQ(location.error().message, row.display);
            EXPECT_EQ(location.error().where, "--db");
        }
    }
}

TEST(PostgresUnreachable, FailsFastWithOneLineWithoutThePassword)
{
    struct Row {
        const char* name;
        std::string uri;
        std::string shown;
    };
    const Row rows[] = {
        {"no password", "postgresql://nobody@127.0.0.1:1/x", "postgresql://nobody@127.0.0.1:1/x"},
        {"with a password", "postgresql://nobody:hunter2@127.0.0.1:1/x",
            "postgresql://nobody:***@127.0.0.1:1/x"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto location = parse_database_location(row.uri);
        ASSERT_TRUE(location.ok());
        DatabaseOptions options;
        options.connect_timeout = std::chrono::seconds(3);
        const auto start = std::chrono::steady_clock::now();
        auto database = Database::open(*location, options);
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
        ASSERT_FALSE(database.ok());
        const auto& error = database.error();
        EXPECT_EQ(error.code, ErrorCode::unavailable);
        EXPECT_TRUE(error.message.starts_with("cannot open database " + row.shown + ": "))
            << error.message;
        EXPECT_GT(error.message.size(), ("cannot open database " + row.shown + ": ").size());
        EXPECT_EQ(error.message.find('\n'), std::string::npos) << error.message;
        EXPECT_EQ(error.message.find("hunter2"), std::string::npos) << error.message;
    }
}

}  // namespace
}  // namespace tablero::storage
