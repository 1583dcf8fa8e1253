#include "domain/consultations/document.h"

#include "domain/text/markdown.h"
#include "domain/text/markdown_tree.h"

#include <algorithm>
#include <string_view>

namespace tablero::consultations {

namespace {

// The text's lines as cmark counts them: ended by LF, CR LF or a lone CR.
std::vector<std::string_view> lines_of(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r')
            continue;
        lines.push_back(text.substr(start, i - start));
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            ++i;
        start = i + 1;
    }
    if (start < text.size())
        lines.push_back(text.substr(start));
    return lines;
}

bool blank(std::string_view line)
{
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

// The source lines of a top-level block, joined with LF. cmark counts the blank line after a
// list or an indented code block as theirs; it is left out.
std::string source_of(cmark_node* node, const std::vector<std::string_view>& lines)
{
    const int first = cmark_node_get_start_line(node);
    int last = std::min(cmark_node_get_end_line(node), static_cast<int>(lines.size()));
    while (last > first && blank(lines[static_cast<std::size_t>(last - 1)]))
        --last;
    std::string out;
    for (int line = first; line <= last && line >= 1 && line <= static_cast<int>(lines.size());
         ++line) {
        if (line > first)
            out += '\n';
        out += lines[static_cast<std::size_t>(line - 1)];
    }
    return out;
}

// "C1" for a commitment coded "1"; a code that already starts with a letter is kept.
std::string commitment_label(const std::string& code)
{
    if (!code.empty() && code.front() >= '0' && code.front() <= '9')
        return "C" + code;
    return code;
}

void add_field(std::string& out, const std::string& label, const std::string& text)
{
    if (text.empty())
        return;
    out += "**" + text::escape_markdown(label) + ":** " + text::escape_markdown(text) + "\n\n";
}

void add_nodes(std::string& out, const std::vector<plans::Node>& nodes, int indent)
{
    for (const plans::Node& node : nodes) {
        out += std::string(static_cast<std::size_t>(indent), ' ') + "- ";
        if (!node.code.empty())
            out += text::escape_markdown_line(node.code) + " ";
        out += text::escape_markdown_line(node.title) + "\n";
        add_nodes(out, node.children, indent + 2);
    }
}

}  // namespace

std::vector<Section> split_document(std::string_view markdown)
{
    const text::MarkdownTree tree(markdown);
    const std::vector<std::string_view> lines = lines_of(markdown);
    std::vector<Section> sections{Section{}};
    for (cmark_node* node = cmark_node_first_child(tree.root()); node != nullptr;
         node = cmark_node_next(node)) {
        const cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) <= 3) {
            sections.push_back(
                Section{static_cast<int>(sections.size()), text::plain_text(node), {}});
            continue;
        }
        // A thematic break separates, and raw HTML shows nothing (markdown_to_html omits it):
        // neither is a paragraph anyone could comment on.
        if (type == CMARK_NODE_THEMATIC_BREAK || type == CMARK_NODE_HTML_BLOCK)
            continue;
        sections.back().paragraphs.push_back(source_of(node, lines));
    }
    if (sections.front().paragraphs.empty())
        sections.erase(sections.begin());
    return sections;
}

std::string plan_markdown(const plans::Plan& plan, const PlanMarkdownLabels& labels)
{
    std::string out;
    for (const plans::Commitment& commitment : plan.commitments) {
        out += "## " + text::escape_markdown_line(commitment_label(commitment.code)) + " \u2014 " +
            text::escape_markdown_line(commitment.title) + "\n\n";
        add_field(out, labels.lead_institution, commitment.lead_institution);
        if (commitment.start_date || commitment.end_date) {
            std::string period = commitment.start_date ? to_iso(*commitment.start_date) : "";
            period += " \u2013 ";
            if (commitment.end_date)
                period += to_iso(*commitment.end_date);
            add_field(out, labels.period, period);
        }
        add_field(out, labels.public_problem, commitment.public_problem);
        add_field(out, labels.main_goal, commitment.main_goal);
        add_field(out, labels.brief_description, commitment.brief_description);
        add_field(out, labels.ambition, commitment.ambition);
        std::string actors;
        for (const plans::Actor& actor : commitment.other_actors)
            actors += (actors.empty() ? "" : ", ") + actor.name;
        add_field(out, labels.other_actors, actors);
        if (!commitment.results.empty()) {
            // One list, so that the results are one paragraph to comment on.
            out += "- **" + text::escape_markdown(labels.results) + ":**\n";
            add_nodes(out, commitment.results, 2);
            out += "\n";
        }
        add_field(out, labels.next_steps, commitment.next_steps);
        add_field(out, labels.additional_information, commitment.additional_information);
    }
    return out;
}

}  // namespace tablero::consultations
