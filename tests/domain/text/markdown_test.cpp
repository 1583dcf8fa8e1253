// Markdown rendered for a page: what CommonMark and GitHub's tables give, and nothing that could
// run a script or read a local file.
#include "domain/text/markdown.h"

#include <gtest/gtest.h>

#include <string>

namespace tablero::text {
namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

TEST(Markdown, RendersCommonMarkAndGitHubExtensions)
{
    struct Row {
        std::string name;
        std::string markdown;
        std::string expected;
    };
    const Row rows[] = {
        {"paragraph", "Hello *world*", "<p>Hello <em>world</em></p>\n"},
        {"heading", "## Título", "<h2>Título</h2>\n"},
        {"list", "- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
        {"link", "[OGP](https://www.opengovpartnership.org)",
            "<p><a href=\"https://www.opengovpartnership.org\">OGP</a></p>\n"},
        {"strikethrough", "~~old~~ new", "<p><del>old</del> new</p>\n"},
        {"autolink", "see https://example.org/x",
            "<p>see <a href=\"https://example.org/x\">https://example.org/x</a></p>\n"},
        {"table", "| a | b |\n|---|--:|\n| 1 | 2 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n"
            "<tbody>\n<tr>\n<td>1</td>\n<td align=\"right\">2</td>\n</tr>\n</tbody>\n</table>\n"},
        {"entities escaped", "a < b & c", "<p>a &lt; b &amp; c</p>\n"},
        {"empty", "", ""},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(markdown_to_html(row.markdown), row.expected);
    }
}

TEST(Markdown, NothingRunsAndNothingLocalIsLinked)
{
    struct Row {
        std::string name;
        std::string markdown;
        // Must not appear in the output (compared case-insensitively for schemes).
        std::string forbidden;
    };
    const Row rows[] = {
        {"script block", "<script>alert(1)</script>", "<script"},
        {"script inline", "text <script>alert(1)</script>", "<script"},
        {"event handler", "<img src=x onerror=alert(1)>", "onerror"},
        {"iframe", "<iframe src=\"https://evil.example\"></iframe>", "<iframe"},
        {"javascript link", "[x](javascript:alert(1))", "javascript:"},
        {"upper case scheme", "[x](JavaScript:alert(1))", "javascript:"},
        {"entity in scheme", "[x](java&#x09;script:alert(1))", "script:"},
        {"leading space scheme", "[x](<  javascript:alert(1)>)", "javascript:"},
        {"autolink scheme", "<javascript:alert(1)>", "href=\"javascript"},
        {"reference definition", "[x][r]\n\n[r]: javascript:alert(1)", "href=\"javascript"},
        {"vbscript", "[x](vbscript:msgbox)", "vbscript:"},
        {"file", "[x](file:///etc/passwd)", "file:"},
        {"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"},
        {"data image", "![x](data:image/png;base64,iVBORw0KGgo=)", "data:"},
        {"image javascript", "![x](javascript:alert(1))", "javascript:"},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        std::string html = markdown_to_html(row.markdown);
        for (char& c : html)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_FALSE(contains(html, row.forbidden)) << html;
    }
    // The link text stays; only its address goes.
    EXPECT_EQ(markdown_to_html("[x](javascript:alert(1))"), "<p><a href=\"\">x</a></p>\n");
    // Schemes that merely start like an unsafe one are kept.
    EXPECT_EQ(markdown_to_html("[x](https://example.org/file:1)"),
        "<p><a href=\"https://example.org/file:1\">x</a></p>\n");
}

TEST(Markdown, EscapedTextReadsAsWritten)
{
    struct Row {
        std::string name;
        std::string text;
        std::string expected_html;
    };
    const Row rows[] = {
        {"plain", "Acceso a la información", "<p>Acceso a la información</p>\n"},
        {"emphasis", "*not* _emphasis_ `code`", "<p>*not* _emphasis_ `code`</p>\n"},
        {"heading", "# not a heading", "<p># not a heading</p>\n"},
        {"list", "- not a list", "<p>- not a list</p>\n"},
        {"ordered list", "1. not a list", "<p>1. not a list</p>\n"},
        {"quote", "> not a quote", "<p>&gt; not a quote</p>\n"},
        {"html", "<b>x</b> & y", "<p>&lt;b&gt;x&lt;/b&gt; &amp; y</p>\n"},
        {"entity", "&amp;", "<p>&amp;amp;</p>\n"},
        {"link", "[x](https://e.org)", "<p>[x](<a href=\"https://e.org\">https://e.org</a>)</p>\n"},
        {"numbers", "§1.2 costs 3.5 (1) 2)", "<p>§1.2 costs 3.5 (1) 2)</p>\n"},
        {"ordered list with parenthesis", "2) not a list", "<p>2) not a list</p>\n"},
        {"table", "a | b", "<p>a | b</p>\n"},
        {"backslash", "C:\\temp", "<p>C:\\temp</p>\n"},
        {"lines", "one\n\n- two\n  three", "<p>one<br />\n- two<br />\nthree</p>\n"},
        {"setext", "Title\n===", "<p>Title<br />\n===</p>\n"},
        {"thematic", "***", "<p>***</p>\n"},
        {"indented", "    code?", "<p>code?</p>\n"},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(markdown_to_html(escape_markdown(row.text)), row.expected_html)
            << escape_markdown(row.text);
    }
}

TEST(Markdown, EscapedLinesStayInTheirHeading)
{
    const std::string heading = "## " + escape_markdown_line("Título\n# Otro\r\n- x") + "\nText.";
    EXPECT_EQ(markdown_to_html(heading), "<h2>Título # Otro  - x</h2>\n<p>Text.</p>\n");
    // A "#" at the end is text, not the heading's closing sequence.
    EXPECT_EQ(markdown_to_html("## " + escape_markdown_line("Meta #")), "<h2>Meta #</h2>\n");
}

}  // namespace
}  // namespace tablero::text
