// The comments of one place of a draft (a paragraph, or the whole document) in reading order,
// threaded as PRODUCT.md asks ("comments are threaded (3 levels)").
#pragma once

#include "domain/consultations/model.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace tablero::consultations {

struct ThreadEntry {
    // Points into the vector given to thread(), which must outlive the entries.
    const Comment* comment = nullptr;
    // 1 for a comment, 2 for a reply, 3 for a reply to a reply.
    int depth = 1;
    // false at max_comment_depth and for a hidden comment.
    bool can_reply = true;
};

// The comments on `document_id` at `paragraph_id` (nullopt: whole-document comments): each
// comment followed by its replies, depth first, each level oldest first (created_at, then id).
// Hidden comments stay, with their replies, for the page to show as hidden. A reply whose
// parent is not among them is shown as a comment of its own, so that no input disappears.
std::vector<ThreadEntry> thread(const std::vector<Comment>& comments, std::int64_t document_id,
    std::optional<std::int64_t> paragraph_id);

}  // namespace tablero::consultations
