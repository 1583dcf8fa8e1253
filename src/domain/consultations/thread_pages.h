// Which of a place's comment threads a page shows, so that a draft with thousands of comments
// stays a light page (issue 7: under 100 KB on a slow phone). The document page shows the first
// few threads of each paragraph with a link to all of them; the place's own comments page shows
// every thread, a page at a time. The threads keep the order thread() gives them (oldest first);
// nothing is ranked.
#pragma once

#include "domain/consultations/threads.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace tablero::consultations {

// Threads of a paragraph (or of the whole document) shown on the document page. With the
// generator's 2,500 comments on a draft of 24 paragraphs (bench/generate), 3 threads of 2 entries
// made the page 82 KB of HTML, 98 KB with its stylesheets, a signed-in reader's 100 KB; 2 keep it
// near 60 KB, since a draft's page also grows with its paragraphs.
inline constexpr std::size_t threads_in_preview = 2;
// On the document page a thread shows this many of its first entries in reading order: the
// comment and its first reply; the rest are on the place's comments page.
inline constexpr std::size_t entries_per_previewed_thread = 2;
// Threads on one page of a place's comments page: CONSUL's CommentTree pages root comments 10
// at a time (ROOT_COMMENTS_PER_PAGE). With 20, the generator's busiest page of whole-document
// threads was 101 KB of HTML for a signed-in reader.
inline constexpr std::size_t threads_per_page = 10;
// No limit on the entries of a thread.
inline constexpr std::size_t every_entry = std::numeric_limits<std::size_t>::max();

struct ThreadPage {
    // The page shown, from 1: the one asked for, or the last when asked for one beyond it.
    std::size_t page = 1;
    // Pages the threads fill; at least 1, since a place without comments has one empty page.
    std::size_t pages = 1;
    // Threads with anything to show, on every page.
    std::size_t threads = 0;
    // Indexes into the entries of those this page shows, in reading order.
    std::vector<std::size_t> shown;
    // Entries with something to show that this page leaves out: those on other pages and the
    // replies beyond entries_per_thread.
    std::size_t left_out = 0;
};

// One page of the threads of `entries` (as thread() gives them: a thread is an entry of depth 1
// and the deeper entries after it). `showable[i]` says whether entry i shows anything to the
// viewer (a hidden comment shows nothing unless it is the viewer's own or it stands as a
// placeholder for a reply that shows); a thread of which nothing shows is not counted. Page 0 is
// read as page 1, and a page_size of 0 as 1. Within a thread, the first `entries_per_thread`
// showable entries are shown: entries come depth first, so every shown reply keeps what it answers.
ThreadPage page_of_threads(const std::vector<ThreadEntry>& entries,
    const std::vector<bool>& showable, std::size_t page, std::size_t page_size,
    std::size_t entries_per_thread = every_entry);

// The page (from 1) of `page_size` threads on which the comment `comment_id` shows, or
// nullopt when it is not among the entries or shows nothing.
std::optional<std::size_t> page_of_comment(const std::vector<ThreadEntry>& entries,
    const std::vector<bool>& showable, std::int64_t comment_id, std::size_t page_size);

}  // namespace tablero::consultations
