// Comments of one place in reading order: each comment, its replies depth first, oldest first.
#include "domain/consultations/threads.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::consultations {
namespace {

Comment comment(std::int64_t id, std::optional<std::int64_t> parent, std::string created_at,
    std::optional<std::int64_t> paragraph = 10, std::int64_t document = 1)
{
    Comment out;
    out.id = id;
    out.document_id = document;
    out.paragraph_id = paragraph;
    out.parent_id = parent;
    out.created_at = std::move(created_at);
    out.body = "comment " + std::to_string(id);
    return out;
}

struct Expected {
    std::int64_t id;
    int depth;
    bool can_reply;
};

void expect_thread(const std::vector<ThreadEntry>& actual, const std::vector<Expected>& expected)
{
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE("entry " + std::to_string(i));
        EXPECT_EQ(actual[i].comment->id, expected[i].id);
        EXPECT_EQ(actual[i].depth, expected[i].depth);
        EXPECT_EQ(actual[i].can_reply, expected[i].can_reply);
    }
}

TEST(Threads, ReadingOrderAndDepth)
{
    // Given in no particular order, as a store might return them.
    std::vector<Comment> comments = {
        comment(5, 2, "2026-03-16T10:00:00Z"),  // reply to 2, older than 4
        comment(1, std::nullopt, "2026-03-15T09:00:00Z"),
        comment(4, 2, "2026-03-16T11:00:00Z"),
        comment(2, 1, "2026-03-15T10:00:00Z"),
        comment(3, std::nullopt, "2026-03-15T12:00:00Z"),
        comment(6, 5, "2026-03-17T08:00:00Z"),  // a fourth level the store never writes
        comment(7, 1, "2026-03-18T08:00:00Z"),
        comment(8, std::nullopt, "2026-03-15T12:00:00Z"),  // same instant as 3: by id
        // Elsewhere: another paragraph, the whole document, another document.
        comment(20, std::nullopt, "2026-03-15T08:00:00Z", 11),
        comment(21, std::nullopt, "2026-03-15T08:00:00Z", std::nullopt),
        comment(22, std::nullopt, "2026-03-15T08:00:00Z", 10, 2),
    };
    expect_thread(thread(comments, 1, 10),
        {
            {1, 1, true},
            {2, 2, true},
            {5, 3, false},
            {6, 4, false},
            {4, 3, false},
            {7, 2, true},
            {3, 1, true},
            {8, 1, true},
        });
    expect_thread(thread(comments, 1, 11), {{20, 1, true}});
    expect_thread(thread(comments, 1, std::nullopt), {{21, 1, true}});
    expect_thread(thread(comments, 2, 10), {{22, 1, true}});
    expect_thread(thread(comments, 3, 10), {});
}

TEST(Threads, HiddenCommentsStayWithTheirRepliesAndTakeNoReply)
{
    std::vector<Comment> comments = {
        comment(1, std::nullopt, "2026-03-15T09:00:00Z"),
        comment(2, 1, "2026-03-15T10:00:00Z"),
        comment(3, 2, "2026-03-15T11:00:00Z"),
    };
    comments[0].hidden = Moderation{"insultos", "2026-03-15T12:00:00Z"};
    const std::vector<ThreadEntry> entries = thread(comments, 1, 10);
    expect_thread(entries, {{1, 1, false}, {2, 2, true}, {3, 3, false}});
    EXPECT_TRUE(entries[0].comment->hidden.has_value());
}

TEST(Threads, NoCommentIsLost)
{
    // A reply whose parent is on another paragraph, one whose parent is missing, and two that
    // answer each other: each still appears once.
    std::vector<Comment> comments = {
        comment(1, std::nullopt, "2026-03-15T09:00:00Z", 11),
        comment(2, 1, "2026-03-15T10:00:00Z"),
        comment(3, 99, "2026-03-15T11:00:00Z"),
        comment(4, 5, "2026-03-15T12:00:00Z"),
        comment(5, 4, "2026-03-15T13:00:00Z"),
        comment(6, 6, "2026-03-15T14:00:00Z"),
    };
    expect_thread(thread(comments, 1, 10),
        {{2, 1, true}, {3, 1, true}, {6, 1, true}, {4, 1, true}, {5, 2, true}});
}

}  // namespace
}  // namespace tablero::consultations
