// What every storage contract suite shares: a fresh database per test on the backend the test is
// instantiated for. SQLite gets a new file in a temporary folder; PostgreSQL (when
// TABLERO_TEST_POSTGRES_URL is set, as tests/storage_contract/with_postgres.sh does) a new schema.
// A suite derives its fixture from BackendFixture and instantiates it over both backends with
// TABLERO_INSTANTIATE_BACKENDS, so the CTest filters "*/sqlite" and "*/postgres" pick it up.
#pragma once

#include "storage/database.h"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace tablero::storage::contract {

inline std::string environment(const char* name)
{
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

// A database nobody else uses, removed when the test ends.
class ScratchDatabase {
public:
    explicit ScratchDatabase(Backend backend) : m_backend(backend) { }
    ~ScratchDatabase()
    {
        if (!m_schema.empty()) {
            try {
                soci::session admin(soci::postgresql, m_admin_url);
                admin << "SET client_min_messages = warning";
                admin << "DROP SCHEMA " + m_schema + " CASCADE";
            } catch (const std::exception& error) {
                ADD_FAILURE() << "dropping schema " << m_schema << ": " << error.what();
            }
        }
        if (!m_folder.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(m_folder, ignored);
        }
    }
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    // The --db value of a fresh, empty database.
    std::string create()
    {
        static std::atomic<int> counter = 0;
        if (m_backend == Backend::sqlite) {
            std::string pattern =
                (std::filesystem::temp_directory_path() / "tablero-contract-XXXXXX").string();
            if (mkdtemp(pattern.data()) == nullptr)
                throw std::runtime_error("mkdtemp failed");
            m_folder = pattern;
            return (m_folder / "tablero.db").string();
        }
        // SOCI 4.0 mangles a URI without any "=" (see postgres_connection.cpp).
        const std::string base = environment("TABLERO_TEST_POSTGRES_URL");
        m_admin_url =
            base + (base.find('?') == std::string::npos ? '?' : '&') + "connect_timeout=5";
        m_schema = "contract_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
        soci::session admin(soci::postgresql, m_admin_url);
        // The name is built above from numbers, so it can go into the statement as it is.
        admin << "CREATE SCHEMA " + m_schema;
        return m_admin_url + "&options=-csearch_path%3D" + m_schema;
    }

    // PostgreSQL: a URI for a session outside the database under test.
    const std::string& admin_url() const { return m_admin_url; }

private:
    Backend m_backend;
    std::filesystem::path m_folder;
    std::string m_admin_url;
    std::string m_schema;
};

class BackendFixture : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        if (GetParam() == Backend::postgres && environment("TABLERO_TEST_POSTGRES_URL").empty()) {
            if (environment("TABLERO_REQUIRE_POSTGRES") == "1")
                FAIL() << "TABLERO_REQUIRE_POSTGRES=1 but TABLERO_TEST_POSTGRES_URL is not set";
            GTEST_SKIP() << "TABLERO_TEST_POSTGRES_URL is not set; "
                            "tests/storage_contract/with_postgres.sh provides one";
        }
        m_scratch = std::make_unique<ScratchDatabase>(GetParam());
        auto location = parse_database_location(m_scratch->create());
        ASSERT_TRUE(location.ok()) << location.error().message;
        ASSERT_EQ(location->backend, GetParam());
        m_location = *location;
    }

    std::unique_ptr<Database> open(DatabaseOptions options = {})
    {
        auto database = Database::open(m_location, options);
        if (!database.ok())
            throw std::runtime_error(database.error().message);
        return std::move(database).value();
    }

    std::unique_ptr<Database> open_migrated(DatabaseOptions options = {})
    {
        auto database = open(options);
        auto migrated = database->migrate();
        if (!migrated.ok())
            throw std::runtime_error(migrated.error().message);
        return database;
    }

    DatabaseLocation m_location;
    std::unique_ptr<ScratchDatabase> m_scratch;
};

// Instantiates a BackendFixture suite as <suite>/sqlite and <suite>/postgres.
#define TABLERO_INSTANTIATE_BACKENDS(suite)                                                        \
    INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                      \
        ::testing::Values(                                                                         \
            ::tablero::storage::Backend::sqlite, ::tablero::storage::Backend::postgres),           \
        [](const ::testing::TestParamInfo<::tablero::storage::Backend>& backend) {                 \
            return std::string(::tablero::storage::to_string(backend.param));                      \
        })

}  // namespace tablero::storage::contract
