// What a database error leaves in the log: never the values bound to the statement.
#include "storage/database.h"

#include <gtest/gtest.h>

namespace tablero::storage {
namespace {

TEST(LoggableError, CutsTheBoundValues)
{
    struct Case {
        std::string what;
        std::string logged;
    };
    const std::vector<Case> cases = {
        {"UNIQUE constraint failed: accounts.email while executing \"INSERT INTO accounts (email, "
         "password_hash) VALUES (:p0, :p1)\" with :p0=\"ana@example.org\", "
         ":p1=\"$argon2id$v=19$x\".",
            "UNIQUE constraint failed: accounts.email while executing \"INSERT INTO accounts "
            "(email, "
            "password_hash) VALUES (:p0, :p1)\""},
        {"no such table: x while executing \"SELECT 1 FROM x\".",
            "no such table: x while executing \"SELECT 1 FROM x\"."},
        {"connection lost", "connection lost"},
        {"", ""},
    };
    for (const auto& c : cases) {
        const std::string logged = loggable_error(c.what);
        EXPECT_EQ(logged, c.logged);
        EXPECT_EQ(logged.find("argon2id"), std::string::npos);
        EXPECT_EQ(logged.find("ana@example.org"), std::string::npos);
    }
}

}  // namespace
}  // namespace tablero::storage
