// Which threads a page of a place's comments shows: pages of threads, the last page for a page
// beyond it, threads that show nothing left uncounted, and a thread's replies cut in a preview.
#include "domain/consultations/thread_pages.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::consultations {
namespace {

// Entries of the given depths, as thread() would give them, whose comments have ids 1, 2, 3...
struct Place {
    explicit Place(const std::vector<int>& depths)
    {
        comments.resize(depths.size());
        for (std::size_t i = 0; i < depths.size(); ++i)
            comments[i].id = static_cast<std::int64_t>(i + 1);
        for (std::size_t i = 0; i < depths.size(); ++i)
            entries.push_back(ThreadEntry{&comments[i], depths[i], true});
    }
    std::vector<Comment> comments;
    std::vector<ThreadEntry> entries;
};

std::vector<bool> all_show(std::size_t count)
{
    return std::vector<bool>(count, true);
}

TEST(ThreadPages, PagesOfThreads)
{
    struct Row {
        std::string name;
        std::vector<int> depths;
        // Empty: every entry shows.
        std::vector<bool> showable;
        std::size_t page;
        std::size_t per_page;
        std::size_t entries_per_thread;
        ThreadPage expected;
    };
    const std::vector<int> five = {1, 1, 1, 1, 1};
    const std::vector<Row> rows = {
        {"no comments: one empty page", {}, {}, 1, 20, every_entry, {1, 1, 0, {}, 0}},
        {"first page", five, {}, 1, 2, every_entry, {1, 3, 5, {0, 1}, 3}},
        {"middle page", five, {}, 2, 2, every_entry, {2, 3, 5, {2, 3}, 3}},
        {"last page, not full", five, {}, 3, 2, every_entry, {3, 3, 5, {4}, 4}},
        {"beyond the last: the last", five, {}, 9, 2, every_entry, {3, 3, 5, {4}, 4}},
        {"page 0: the first", five, {}, 0, 2, every_entry, {1, 3, 5, {0, 1}, 3}},
        {"exactly full pages", {1, 1, 1, 1}, {}, 2, 2, every_entry, {2, 2, 4, {2, 3}, 2}},
        {"no threads per page read as one", five, {}, 2, 0, every_entry, {2, 5, 5, {1}, 4}},
        {"replies go with their thread", {1, 2, 3, 2, 1, 2, 1}, {}, 1, 2, every_entry,
            {1, 2, 3, {0, 1, 2, 3, 4, 5}, 1}},
        {"the next page starts at a thread", {1, 2, 3, 2, 1, 2, 1}, {}, 2, 2, every_entry,
            {2, 2, 3, {6}, 6}},
        {"a thread that shows nothing is not counted", {1, 1, 2, 1}, {true, false, false, true}, 2,
            1, every_entry, {2, 2, 2, {3}, 1}},
        {"a thread counts when a reply shows", {1, 2, 1}, {false, true, true}, 1, 1, every_entry,
            {1, 2, 2, {1}, 1}},
        {"a preview cuts a thread's replies", {1, 2, 3, 2, 2, 1}, {}, 1, 3, 3,
            {1, 1, 2, {0, 1, 2, 5}, 2}},
        {"what does not show takes no place in the cut", {1, 2, 2, 2}, {true, false, true, true}, 1,
            3, 2, {1, 1, 1, {0, 2}, 1}},
        {"the preview of many threads", {1, 2, 1, 1, 2, 3, 1, 1}, {}, 1, threads_in_preview,
            entries_per_previewed_thread, {1, 3, 5, {0, 1, 2}, 5}},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        const Place place(row.depths);
        const std::vector<bool> showable =
            row.showable.empty() ? all_show(row.depths.size()) : row.showable;
        const ThreadPage actual = page_of_threads(
            place.entries, showable, row.page, row.per_page, row.entries_per_thread);
        EXPECT_EQ(actual.page, row.expected.page);
        EXPECT_EQ(actual.pages, row.expected.pages);
        EXPECT_EQ(actual.threads, row.expected.threads);
        EXPECT_EQ(actual.shown, row.expected.shown);
        EXPECT_EQ(actual.left_out, row.expected.left_out);
    }
}

TEST(ThreadPages, ThePageACommentIsOn)
{
    struct Row {
        std::string name;
        std::vector<bool> showable;
        std::int64_t comment;
        std::size_t per_page;
        std::optional<std::size_t> expected;
    };
    // Threads: [1 2 3] [4] [5 6] [7], ids 1 to 7.
    const std::vector<int> depths = {1, 2, 3, 1, 1, 2, 1};
    const std::vector<bool> every(depths.size(), true);
    const std::vector<Row> rows = {
        {"a comment of the first thread", every, 1, 2, 1},
        {"a reply to a reply stays with its thread", every, 3, 2, 1},
        {"the third thread is on page 2", every, 5, 2, 2},
        {"and so is its reply", every, 6, 2, 2},
        {"the fourth thread with one per page", every, 7, 1, 4},
        {"a thread that shows nothing takes no place", {true, true, true, false, true, true, true},
            7, 2, 2},
        {"a comment that shows nothing is on no page", {true, true, true, false, true, true, true},
            4, 2, std::nullopt},
        {"an unknown comment is on no page", every, 99, 2, std::nullopt},
    };
    const Place place(depths);
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(
            page_of_comment(place.entries, row.showable, row.comment, row.per_page), row.expected);
    }
}

TEST(ThreadPages, WorksOnWhatThreadGives)
{
    // 25 comments without replies and one reply to the first: 25 threads, the reply with its
    // thread on the first page and the 25th thread alone on page 2 (of 24 + 1).
    std::vector<Comment> comments;
    for (int i = 1; i <= 25; ++i) {
        Comment comment;
        comment.id = i;
        comment.document_id = 1;
        comment.paragraph_id = 10;
        comment.created_at =
            "2026-03-15T09:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00Z";
        comments.push_back(comment);
    }
    Comment reply = comments[0];
    reply.id = 26;
    reply.parent_id = 1;
    reply.created_at = "2026-03-16T09:00:00Z";
    comments.push_back(reply);
    const std::vector<ThreadEntry> entries = thread(comments, 1, 10);
    const std::vector<bool> showable(entries.size(), true);
    const ThreadPage first = page_of_threads(entries, showable, 1, 24);
    EXPECT_EQ(first.pages, 2U);
    EXPECT_EQ(first.threads, 25U);
    ASSERT_EQ(first.shown.size(), 25U);
    EXPECT_EQ(entries[first.shown[1]].comment->id, 26);
    const ThreadPage second = page_of_threads(entries, showable, 2, 24);
    ASSERT_EQ(second.shown.size(), 1U);
    EXPECT_EQ(entries[second.shown[0]].comment->id, 25);
    EXPECT_EQ(page_of_comment(entries, showable, 26, 24), 1U);
    EXPECT_EQ(page_of_comment(entries, showable, 25, 24), 2U);
}

}  // namespace
}  // namespace tablero::consultations
