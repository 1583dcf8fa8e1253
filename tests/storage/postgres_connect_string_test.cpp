#include "storage/postgres/postgres_connection.h"

#include <gtest/gtest.h>

namespace tablero::storage::postgres {
namespace {

constexpr const char* added = "keepalives=1&keepalives_idle=10&keepalives_interval=5&"
                              "keepalives_count=3&tcp_user_timeout=15000";

TEST(PostgresConnectString, AddsTimeoutsTheUriDoesNotName)
{
    struct Row {
        const char* name;
        std::string uri;
        std::string expected;
    };
    const std::string base = "postgresql://u@db:5432/tablero";
    const Row rows[] = {
        {"a bare URI gets every parameter", base, base + "?connect_timeout=5&" + added},
        {"after an existing query", base + "?sslmode=require",
            base + "?sslmode=require&connect_timeout=5&" + added},
        {"the operator's connect_timeout is kept", base + "?connect_timeout=30",
            base + "?connect_timeout=30&" + added},
        {"the operator's keepalives_idle is kept", base + "?sslmode=require&keepalives_idle=60",
            base +
                "?sslmode=require&keepalives_idle=60&connect_timeout=5&keepalives=1&"
                "keepalives_interval=5&keepalives_count=3&tcp_user_timeout=15000"},
        {"a name inside another value is not the parameter", base + "?application_name=xkeepalives",
            base + "?application_name=xkeepalives&connect_timeout=5&" + added},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(connect_string(row.uri, std::chrono::seconds(5)), row.expected);
    }
}

}  // namespace
}  // namespace tablero::storage::postgres
