// Several servers on one PostgreSQL database: a write committed through one Database runs the
// change listeners of another (LISTEN/NOTIFY through storage::postgres::ChangeListener), a write
// that rolls back or is unseen announces nothing, and a listener whose connection is killed
// connects again and clears the caches. On SQLite (one file, one server) the ChangeWatcher
// notices a write by another connection, such as a command run beside the server.
#include "storage/database.h"
#include "storage/postgres/change_listener.h"
#include "storage/postgres/postgres_connection.h"
#include "storage/sqlite/change_watcher.h"
#include "storage_contract/backend_fixture.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tablero::storage {
namespace {

using namespace std::chrono_literals;
using postgres::ChangeListener;

class ChangeListenerTest : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        if (GetParam() == Backend::sqlite)
            GTEST_SKIP() << "SQLite is one file served by one server: nothing to hear";
        BackendFixture::SetUp();
    }

    // A server's view: a Database and how many times its change listeners ran.
    struct Server {
        std::unique_ptr<Database> database;
        std::shared_ptr<std::atomic<int>> changes = std::make_shared<std::atomic<int>>(0);
    };

    Server open_server()
    {
        Server server{open_migrated()};
        server.database->on_change([changes = server.changes] { ++*changes; });
        return server;
    }

    // A committed write that changes a row, as a store's would.
    static Result<void> write_setting(Database& database, const std::string& value)
    {
        return database.write([&](soci::session& session) -> Result<void> {
            session << "DELETE FROM site_settings WHERE key = 'test.value'";
            session << "INSERT INTO site_settings (key, value, updated_at)"
                       " VALUES ('test.value', :value, '2024-01-01T00:00:00Z')",
                soci::use(value);
            return {};
        });
    }

    // Waits until predicate holds, up to timeout.
    template <typename Predicate> static bool eventually(Predicate predicate, auto timeout)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!predicate()) {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }
};

TABLERO_INSTANTIATE_BACKENDS(ChangeListenerTest);

TEST_P(ChangeListenerTest, AWriteOnOneServerRunsTheOtherServersListeners)
{
    Server a = open_server();
    Server b = open_server();
    ASSERT_NE(a.database->origin(), b.database->origin());
    ChangeListener hears_a(*a.database);
    ChangeListener hears_b(*b.database);
    hears_a.start();
    hears_b.start();
    ASSERT_TRUE(hears_a.wait_until_listening(10s));
    ASSERT_TRUE(hears_b.wait_until_listening(10s));

    ASSERT_TRUE(write_setting(*a.database, "from a").ok());
    EXPECT_EQ(*a.changes, 1);  // write() ran a's own listeners
    ASSERT_TRUE(eventually([&] { return *b.changes == 1; }, 5s)) << "b never heard a's write";
    EXPECT_EQ(hears_b.stats().remote_changes, 1u);

    // b's write reaches a; a's own notification, delivered to a before it, was ignored.
    ASSERT_TRUE(write_setting(*b.database, "from b").ok());
    EXPECT_EQ(*b.changes, 2);
    ASSERT_TRUE(eventually([&] { return hears_a.stats().remote_changes == 1; }, 5s));
    EXPECT_EQ(*a.changes, 2);
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(*a.changes, 2);
    EXPECT_EQ(*b.changes, 2);

    const auto before_stop = std::chrono::steady_clock::now();
    hears_a.stop();
    hears_b.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before_stop, 2s);
    EXPECT_FALSE(hears_b.stats().listening);
}

// PQconnectdb + LISTEN in the test itself, to count every notification one by one (the
// ChangeListener folds those that arrive together).
class RawListener {
public:
    explicit RawListener(const std::string& uri)
        : m_connection(PQconnectdb(postgres::connect_string(uri, std::chrono::seconds(5)).c_str()))
    {
        if (PQstatus(m_connection) != CONNECTION_OK)
            throw std::runtime_error(PQerrorMessage(m_connection));
        PQclear(PQexec(m_connection, "LISTEN tablero_changes"));
    }
    ~RawListener() { PQfinish(m_connection); }
    RawListener(const RawListener&) = delete;
    RawListener& operator=(const RawListener&) = delete;

    // The payloads received until one equal to last arrives, or timeout.
    std::vector<std::string> receive_until(
        const std::string& last, std::chrono::milliseconds timeout)
    {
        std::vector<std::string> payloads;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd socket{PQsocket(m_connection), POLLIN, 0};
            if (poll(&socket, 1, 50) > 0 && PQconsumeInput(m_connection) == 0)
                break;
            while (PGnotify* notification = PQnotifies(m_connection)) {
                payloads.emplace_back(notification->extra);
                PQfreemem(notification);
                if (payloads.back() == last)
                    return payloads;
            }
        }
        return payloads;
    }

private:
    PGconn* m_connection;
};

TEST_P(ChangeListenerTest, OnlyCommittedSeenWritesAreAnnounced)
{
    Server a = open_server();
    RawListener raw(m_location.connect_string);

    auto refused = a.database->write([](soci::session& session) -> Result<void> {
        session << "INSERT INTO site_settings (key, value, updated_at)"
                   " VALUES ('test.refused', 'x', '2024-01-01T00:00:00Z')";
        return fail(ErrorCode::invalid_argument, "refused after writing");
    });
    EXPECT_FALSE(refused.ok());
    auto thrown = a.database->write([](soci::session& session) -> Result<void> {
        session << "INSERT INTO site_settings (key, value, updated_at)"
                   " VALUES ('test.thrown', 'x', '2024-01-01T00:00:00Z')";
        session << "SELECT no_such_column FROM site_settings";
        return {};
    });
    EXPECT_FALSE(thrown.ok());
    auto unseen = a.database->write_unseen([](soci::session& session) -> Result<void> {
        session << "INSERT INTO site_settings (key, value, updated_at)"
                   " VALUES ('test.unseen', 'x', '2024-01-01T00:00:00Z')";
        return {};
    });
    EXPECT_TRUE(unseen.ok());
    EXPECT_EQ(*a.changes, 0);

    // The committed write comes last: anything the others sent would have arrived before it.
    ASSERT_TRUE(write_setting(*a.database, "committed").ok());
    const auto payloads = raw.receive_until(a.database->origin(), 5000ms);
    ASSERT_EQ(payloads, std::vector<std::string>{a.database->origin()});
    EXPECT_EQ(*a.changes, 1);
}

TEST_P(ChangeListenerTest, ReconnectsAndClearsTheCachesWhenItsConnectionIsKilled)
{
    Server a = open_server();
    Server b = open_server();
    ChangeListener hears_b(*b.database, {.first_retry = 50ms});
    hears_b.start();
    ASSERT_TRUE(hears_b.wait_until_listening(10s));
    const int killed = hears_b.stats().backend_pid;
    ASSERT_NE(killed, 0);

    auto terminated = a.database->read([&](soci::session& session) -> Result<bool> {
        int done = 0;
        session << "SELECT CASE WHEN pg_terminate_backend(:pid) THEN 1 ELSE 0 END",
            soci::use(killed), soci::into(done);
        return done == 1;
    });
    ASSERT_TRUE(terminated.ok()) << terminated.error().message;
    ASSERT_TRUE(*terminated);
    ASSERT_TRUE(hears_b.wait_until_listening(10s, killed)) << "the listener never came back";
    EXPECT_EQ(hears_b.stats().reconnects, 1u);
    // Writes made while it was away were not heard, so coming back cleared the caches.
    EXPECT_EQ(*b.changes, 1);

    ASSERT_TRUE(write_setting(*a.database, "after the reconnection").ok());
    ASSERT_TRUE(eventually([&] { return *b.changes == 2; }, 5s))
        << "b did not hear a write made after it reconnected";
    EXPECT_EQ(hears_b.stats().remote_changes, 1u);
}

class ChangeWatcherTest : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        if (GetParam() == Backend::postgres)
            GTEST_SKIP() << "PostgreSQL has LISTEN/NOTIFY (ChangeListenerTest)";
        BackendFixture::SetUp();
    }
};

TABLERO_INSTANTIATE_BACKENDS(ChangeWatcherTest);

TEST_P(ChangeWatcherTest, NoticesAWriteByAnotherConnection)
{
    auto server = open_migrated();
    auto command = open();
    auto changes = std::make_shared<std::atomic<int>>(0);
    server->on_change([changes] { ++*changes; });
    sqlite::ChangeWatcher watcher(*server, 20ms);
    ASSERT_TRUE(watcher.start().ok());

    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(*changes, 0) << "nothing was written";
    auto written = command->write([](soci::session& session) -> Result<void> {
        session << "INSERT INTO site_settings (key, value, updated_at)"
                   " VALUES ('test.command', 'x', '2024-01-01T00:00:00Z')";
        return {};
    });
    ASSERT_TRUE(written.ok()) << written.error().message;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (*changes == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    EXPECT_EQ(*changes, 1) << "the server never noticed the command's write";
    EXPECT_EQ(watcher.changes_noticed(), 1u);
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(*changes, 1) << "one write, noticed once";
    watcher.stop();
}

}  // namespace
}  // namespace tablero::storage
