#include "domain/consultations/thread_pages.h"

#include <algorithm>

namespace tablero::consultations {

namespace {

// Whether entry i shows anything; entries beyond `showable` show nothing.
bool shows(const std::vector<bool>& showable, std::size_t i)
{
    return i < showable.size() && showable[i];
}

// A thread: entries [first, end) of which `showable` show something.
struct Range {
    std::size_t first = 0;
    std::size_t end = 0;
    std::size_t showable = 0;
};

// The threads of entries that show something, in order.
std::vector<Range> showable_threads(
    const std::vector<ThreadEntry>& entries, const std::vector<bool>& showable)
{
    std::vector<Range> threads;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        // thread() starts every thread at depth 1; an entry deeper than that with no thread
        // before it cannot come from thread(), but still starts one rather than vanish.
        if (entries[i].depth <= 1 || threads.empty())
            threads.push_back(Range{i, i, 0});
        threads.back().end = i + 1;
        if (shows(showable, i))
            ++threads.back().showable;
    }
    std::erase_if(threads, [](const Range& thread) { return thread.showable == 0; });
    return threads;
}

}  // namespace

ThreadPage page_of_threads(const std::vector<ThreadEntry>& entries,
    const std::vector<bool>& showable, std::size_t page, std::size_t page_size,
    std::size_t entries_per_thread)
{
    const std::vector<Range> threads = showable_threads(entries, showable);
    const std::size_t per_page = std::max<std::size_t>(page_size, 1);
    ThreadPage out;
    out.threads = threads.size();
    out.pages = std::max<std::size_t>((threads.size() + per_page - 1) / per_page, 1);
    out.page = std::clamp<std::size_t>(page, 1, out.pages);
    const std::size_t first = (out.page - 1) * per_page;
    const std::size_t last = std::min(first + per_page, threads.size());
    for (std::size_t t = 0; t < threads.size(); ++t) {
        if (t < first || t >= last) {
            out.left_out += threads[t].showable;
            continue;
        }
        std::size_t taken = 0;
        for (std::size_t i = threads[t].first; i < threads[t].end; ++i) {
            if (!shows(showable, i))
                continue;
            if (taken < entries_per_thread) {
                out.shown.push_back(i);
                ++taken;
            } else {
                ++out.left_out;
            }
        }
    }
    return out;
}

std::optional<std::size_t> page_of_comment(const std::vector<ThreadEntry>& entries,
    const std::vector<bool>& showable, std::int64_t comment_id, std::size_t page_size)
{
    const std::vector<Range> threads = showable_threads(entries, showable);
    const std::size_t per_page = std::max<std::size_t>(page_size, 1);
    for (std::size_t t = 0; t < threads.size(); ++t) {
        for (std::size_t i = threads[t].first; i < threads[t].end; ++i) {
            if (shows(showable, i) && entries[i].comment && entries[i].comment->id == comment_id)
                return t / per_page + 1;
        }
    }
    return std::nullopt;
}

}  // namespace tablero::consultations
