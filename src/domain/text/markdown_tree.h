// cmark-gfm's parse tree of a Markdown text, with the extensions and options that
// markdown_to_html uses, for the units that read a draft's structure (consultations/document).
// Internal to the domain library: no other layer includes cmark.
#pragma once

#include <cmark-gfm.h>

#include <string>
#include <string_view>

namespace tablero::text {

class MarkdownTree {
public:
    // Parses with tables, strikethrough and autolinks, and drops the address of every link and
    // image whose scheme is unsafe.
    explicit MarkdownTree(std::string_view markdown);
    ~MarkdownTree();
    MarkdownTree(const MarkdownTree&) = delete;
    MarkdownTree& operator=(const MarkdownTree&) = delete;

    cmark_node* root() const { return m_root; }
    // The tree as HTML, raw HTML omitted.
    std::string html() const;

private:
    cmark_parser* m_parser = nullptr;
    cmark_node* m_root = nullptr;
};

// The text of a node without its markup: the text, code and breaks (as spaces) under it.
std::string plain_text(cmark_node* node);

}  // namespace tablero::text
