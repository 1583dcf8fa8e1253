#include "domain/consultations/threads.h"

#include <algorithm>
#include <map>
#include <set>

namespace tablero::consultations {

namespace {

bool older(const Comment* a, const Comment* b)
{
    if (a->created_at != b->created_at)
        return a->created_at < b->created_at;
    return a->id < b->id;
}

}  // namespace

std::vector<ThreadEntry> thread(const std::vector<Comment>& comments, std::int64_t document_id,
    std::optional<std::int64_t> paragraph_id)
{
    std::vector<const Comment*> here;
    for (const Comment& comment : comments) {
        if (comment.document_id == document_id && comment.paragraph_id == paragraph_id)
            here.push_back(&comment);
    }
    std::sort(here.begin(), here.end(), older);

    std::set<std::int64_t> ids;
    for (const Comment* comment : here)
        ids.insert(comment->id);
    // Replies by the comment they answer, oldest first (here is sorted); a reply whose parent
    // is not in this place is read as a comment of its own.
    std::map<std::int64_t, std::vector<const Comment*>> replies;
    std::vector<const Comment*> roots;
    for (const Comment* comment : here) {
        if (comment->parent_id && ids.contains(*comment->parent_id) &&
            *comment->parent_id != comment->id)
            replies[*comment->parent_id].push_back(comment);
        else
            roots.push_back(comment);
    }

    std::vector<ThreadEntry> out;
    out.reserve(here.size());
    std::set<std::int64_t> shown;
    // Depth first with an explicit stack, children pushed in reverse so the oldest comes first.
    auto walk = [&](const Comment* root) {
        std::vector<std::pair<const Comment*, int>> stack{{root, 1}};
        while (!stack.empty()) {
            const auto [comment, depth] = stack.back();
            stack.pop_back();
            if (!shown.insert(comment->id).second)
                continue;
            out.push_back(ThreadEntry{
                comment, depth, depth < max_comment_depth && !comment->hidden.has_value()});
            const auto found = replies.find(comment->id);
            if (found == replies.end())
                continue;
            for (auto reply = found->second.rbegin(); reply != found->second.rend(); ++reply)
                stack.emplace_back(*reply, depth + 1);
        }
    };
    for (const Comment* root : roots)
        walk(root);
    // Comments whose parents answer each other in a loop reach no root; the store never writes
    // one, but no input may vanish from a page or the summary.
    for (const Comment* comment : here) {
        if (!shown.contains(comment->id))
            walk(comment);
    }
    return out;
}

}  // namespace tablero::consultations
