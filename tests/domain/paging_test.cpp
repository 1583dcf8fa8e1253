#include "domain/paging.h"

#include <gtest/gtest.h>

namespace tablero::paging {
namespace {

TEST(ListPage, ThePageAskedForOrTheNearestThatExists)
{
    struct Row {
        const char* name;
        std::size_t count, per_page, asked;
        ListPage expected;
    };
    const Row rows[] = {
        {"empty list: one empty page", 0, 20, 1, {1, 1, 0, 0}},
        {"empty list, a later page asked", 0, 20, 3, {1, 1, 0, 0}},
        {"fewer than a page", 7, 20, 1, {1, 1, 0, 7}},
        {"exactly a page", 20, 20, 1, {1, 1, 0, 20}},
        {"one more than a page: a second page of one", 21, 20, 2, {2, 2, 20, 21}},
        {"a middle page", 200, 20, 4, {4, 10, 60, 80}},
        {"past the last: the last", 45, 20, 9, {3, 3, 40, 45}},
        {"page 0 is page 1", 45, 20, 0, {1, 3, 0, 20}},
        {"per_page 0 is 1", 3, 0, 2, {2, 3, 1, 2}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const ListPage page = list_page(row.count, row.per_page, row.asked);
        EXPECT_EQ(page.number, row.expected.number);
        EXPECT_EQ(page.pages, row.expected.pages);
        EXPECT_EQ(page.first, row.expected.first);
        EXPECT_EQ(page.last, row.expected.last);
    }
}

}  // namespace
}  // namespace tablero::paging
