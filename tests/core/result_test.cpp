#include "core/result.h"

#include <gtest/gtest.h>

namespace tablero {
namespace {

Result<int> parse_positive(int value)
{
    if (value <= 0)
        return fail(ErrorCode::invalid_argument, "must be positive", "weight");
    return value;
}

TEST(Result, CarriesValueOrError)
{
    struct Row {
        const char* name;
        int input;
        bool ok;
        std::string described;
    };
    const Row rows[] = {
        {"positive value", 5, true, ""},
        {"zero is refused", 0, false, "weight: must be positive"},
        {"negative is refused", -3, false, "weight: must be positive"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto result = parse_positive(row.input);
        ASSERT_EQ(result.ok(), row.ok);
        if (row.ok) {
            EXPECT_EQ(*result, row.input);
        } else {
            EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
            EXPECT_EQ(describe(result.error()), row.described);
        }
    }
}

TEST(Result, VoidResult)
{
    Result<void> fine;
    EXPECT_TRUE(fine.ok());
    Result<void> broken = fail(ErrorCode::not_found, "no such plan");
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(to_string(broken.error().code), "not_found");
    EXPECT_EQ(describe(broken.error()), "no such plan");
}

}  // namespace
}  // namespace tablero
