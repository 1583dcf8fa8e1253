#include "domain/text/markdown.h"

#include "domain/text/markdown_tree.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>

namespace tablero::text {

namespace {

// Without CMARK_OPT_UNSAFE, cmark-gfm writes "<!-- raw HTML omitted -->" for raw HTML and an
// empty address for javascript:, vbscript:, file: and most data: links. Invalid UTF-8 becomes
// U+FFFD.
constexpr int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

constexpr std::array<std::string_view, 3> extensions{"table", "strikethrough", "autolink"};

void register_extensions()
{
    // cmark-gfm's registration is not thread-safe; a function-local static runs it once.
    static const bool registered = [] {
        cmark_gfm_core_extensions_ensure_registered();
        return true;
    }();
    (void)registered;
}

// Browsers ignore ASCII tabs and line breaks anywhere in a URL and leading control characters
// and spaces (WHATWG URL Standard, "basic URL parser"), and schemes are case-insensitive: the
// scheme is read as a browser would read it. cmark-gfm keeps data:image/png and similar
// addresses; they are dropped here too, as are the other schemes cmark-gfm drops.
bool unsafe_url(std::string_view url)
{
    std::string scheme;
    for (char c : url) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 && scheme.empty())
            continue;
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c == ':')
            break;
        scheme += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (scheme.size() > 16)
            return false;
    }
    static constexpr std::array<std::string_view, 4> unsafe{
        "javascript", "vbscript", "file", "data"};
    return std::find(unsafe.begin(), unsafe.end(), scheme) != unsafe.end() &&
        url.find(':') != std::string_view::npos;
}

void drop_unsafe_urls(cmark_node* root)
{
    cmark_iter* iter = cmark_iter_new(root);
    cmark_event_type event;
    while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter);
        if (event != CMARK_EVENT_ENTER)
            continue;
        const cmark_node_type type = cmark_node_get_type(node);
        if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)
            continue;
        const char* url = cmark_node_get_url(node);
        if (url != nullptr && unsafe_url(url))
            cmark_node_set_url(node, "");
    }
    cmark_iter_free(iter);
}

}  // namespace

MarkdownTree::MarkdownTree(std::string_view markdown)
{
    register_extensions();
    m_parser = cmark_parser_new(options);
    for (std::string_view name : extensions) {
        if (cmark_syntax_extension* extension =
                cmark_find_syntax_extension(std::string(name).c_str()))
            cmark_parser_attach_syntax_extension(m_parser, extension);
    }
    cmark_parser_feed(m_parser, markdown.data(), markdown.size());
    m_root = cmark_parser_finish(m_parser);
    drop_unsafe_urls(m_root);
}

MarkdownTree::~MarkdownTree()
{
    cmark_node_free(m_root);
    cmark_parser_free(m_parser);
}

std::string MarkdownTree::html() const
{
    char* rendered =
        cmark_render_html(m_root, options, cmark_parser_get_syntax_extensions(m_parser));
    std::string out(rendered);
    std::free(rendered);
    return out;
}

std::string plain_text(cmark_node* node)
{
    std::string out;
    cmark_iter* iter = cmark_iter_new(node);
    cmark_event_type event;
    while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        if (event != CMARK_EVENT_ENTER)
            continue;
        cmark_node* current = cmark_iter_get_node(iter);
        switch (cmark_node_get_type(current)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            if (const char* literal = cmark_node_get_literal(current))
                out += literal;
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            out += ' ';
            break;
        default:
            break;
        }
    }
    cmark_iter_free(iter);
    return out;
}

std::string markdown_to_html(std::string_view markdown)
{
    return MarkdownTree(markdown).html();
}

std::string escape_markdown(std::string_view text)
{
    // Anywhere in a line: emphasis, code, links, images, raw HTML and autolinks, entities,
    // tables, strikethrough, headings (and the closing "#" of a heading's line) and the
    // backslash itself (CommonMark 0.29, section 2.4: any ASCII punctuation may be
    // backslash-escaped).
    static constexpr std::string_view anywhere = "\\`*_[]<>&|~!#";
    // At the start of a line, what would begin another block: quotes, list items, setext
    // underlines and thematic breaks.
    static constexpr std::string_view at_start = ">+-=";
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    bool line_start = true;
    // Whether the line so far is digits only: "1." or "1)" there begins an ordered list.
    bool only_digits = false;
    bool pending_break = false;
    for (const char c : text) {
        if (c == '\r' || c == '\n') {
            if (!line_start)
                pending_break = true;
            line_start = true;
            continue;
        }
        if (line_start && (c == ' ' || c == '\t'))
            continue;
        if (line_start) {
            if (pending_break)
                out += "\\\n";
            pending_break = false;
            only_digits = true;
        }
        const bool escape = anywhere.find(c) != std::string_view::npos ||
            (line_start && at_start.find(c) != std::string_view::npos) ||
            (!line_start && only_digits && (c == '.' || c == ')'));
        if (escape)
            out += '\\';
        out += c;
        only_digits = only_digits && c >= '0' && c <= '9';
        line_start = false;
    }
    return out;
}

std::string escape_markdown_line(std::string_view text)
{
    std::string line(text);
    std::replace_if(
        line.begin(), line.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    return escape_markdown(line);
}

}  // namespace tablero::text
