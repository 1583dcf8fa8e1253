// Identity numbers as typed, and as kept before hashing.
#include "domain/consultations/identity.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace tablero::consultations {
namespace {

TEST(IdentityNumber, Normalisation)
{
    struct Row {
        std::string typed;
        std::optional<std::string> expected;
    };
    const Row rows[] = {
        {"1234567", "1234567"},
        {"1.234.567", "1234567"},
        {" 1 234 567 ", "1234567"},
        {"12-345-678", "12345678"},
        {"12345", "12345"},  // the shortest accepted
        {"123456789012345", "123456789012345"},  // the longest accepted
        {"1234", std::nullopt},
        {"1.2.3.4", std::nullopt},
        {"1234567890123456", std::nullopt},
        {"", std::nullopt},
        {" . - ", std::nullopt},
        {"12345a", std::nullopt},
        {"1234567/8", std::nullopt},
        {"12\t34567", std::nullopt},
        {"１２３４５６７", std::nullopt},  // full-width digits are not ASCII digits
        {"+595 1234567", std::nullopt},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.typed);
        const auto result = normalise_identity_number(row.typed);
        ASSERT_EQ(result.ok(), row.expected.has_value());
        if (row.expected) {
            EXPECT_EQ(*result, *row.expected);
        } else {
            EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
            EXPECT_EQ(result.error().where, "identity");
        }
    }
}

}  // namespace
}  // namespace tablero::consultations
