// Markdown written by administrators (drafts for comment) rendered as HTML that is safe to put
// in a page: CommonMark with GitHub's tables, strikethrough and autolinks (cmark-gfm). Raw HTML
// in the text is omitted, and links and images whose scheme could run code or read local files
// (javascript:, vbscript:, file:, data:) lose their address.
#pragma once

#include <string>
#include <string_view>

namespace tablero::text {

std::string markdown_to_html(std::string_view markdown);

}  // namespace tablero::text
