// Markdown written by administrators (drafts for comment) rendered as HTML that is safe to put
// in a page: CommonMark with GitHub's tables, strikethrough and autolinks (cmark-gfm). Raw HTML
// in the text is omitted, and links and images whose scheme could run code or read local files
// (javascript:, vbscript:, file:, data:) lose their address.
#pragma once

#include <string>
#include <string_view>

namespace tablero::text {

std::string markdown_to_html(std::string_view markdown);

// Plain text (a title, a participant's comment) written into a Markdown document so that it
// reads as written: the characters Markdown gives a meaning to are escaped with a backslash,
// each line break becomes a hard line break within one paragraph (blank lines are dropped, so
// the text stays one block) and leading spaces are dropped. Web addresses still become links,
// as they would in any Markdown (autolinks), with the same scheme rules.
std::string escape_markdown(std::string_view text);
// escape_markdown for text that must stay on one line (a heading): line breaks become spaces.
std::string escape_markdown_line(std::string_view text);

}  // namespace tablero::text
