#include "domain/i18n/catalog.h"

#include <optional>
#include <string>
#include <utility>

namespace tablero::i18n {

namespace {

// The gettext PO format (GNU gettext manual, section 3.2 "The Format of PO Files"): entries of
// `msgid "..."` and `msgstr "..."`, each string possibly continued by further quoted lines,
// comments starting with "#", and the header as the entry whose msgid is empty. Tablero's keys
// are unique snake_case words, so contexts (msgctxt) and plural forms are refused with a message
// rather than silently merged.
class PoParser {
public:
    PoParser(std::string_view text, std::string_view file_name)
        : m_text(text), m_file_name(file_name)
    {
    }

    Result<std::unordered_map<std::string, std::string>> parse()
    {
        if (m_text.starts_with("\xEF\xBB\xBF"))
            m_text.remove_prefix(3);
        while (!m_text.empty()) {
            ++m_line;
            const std::size_t newline = m_text.find('\n');
            std::string_view line = m_text.substr(0, newline);
            m_text =
                newline == std::string_view::npos ? std::string_view{} : m_text.substr(newline + 1);
            if (line.ends_with('\r'))
                line.remove_suffix(1);
            if (auto error = parse_line(line))
                return std::move(*error);
        }
        if (auto error = finish_entry())
            return std::move(*error);
        return std::move(m_messages);
    }

private:
    enum class Field { none, msgid, msgstr };

    Error syntax_error(std::string message) const
    {
        return fail(ErrorCode::invalid_argument, std::move(message),
            std::string(m_file_name) + ":" + std::to_string(m_line));
    }

    static std::string_view trim(std::string_view text)
    {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
            text.remove_prefix(1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
            text.remove_suffix(1);
        return text;
    }

    std::optional<Error> parse_line(std::string_view line)
    {
        line = trim(line);
        if (line.empty())
            return std::nullopt;
        if (line.front() == '#') {
            // "#," lists flags; a fuzzy translation is a guess awaiting review and is not used.
            if (line.starts_with("#,") && line.find("fuzzy") != std::string_view::npos)
                m_next_fuzzy = true;
            return std::nullopt;
        }
        if (line.front() == '"') {
            if (m_field == Field::none)
                return syntax_error("a quoted string must follow msgid or msgstr");
            auto piece = parse_string(line);
            if (!piece.ok())
                return std::move(piece).error();
            (m_field == Field::msgid ? m_msgid : m_msgstr) += *piece;
            return std::nullopt;
        }

        const std::size_t space = line.find_first_of(" \t");
        const std::string_view keyword = line.substr(0, space);
        const std::string_view rest =
            space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
        if (keyword == "msgctxt")
            return syntax_error("msgctxt is not supported: message ids are unique keys, "
                                "so give the message its own key instead of a context");
        if (keyword == "msgid_plural" || keyword.starts_with("msgstr["))
            return syntax_error("plural forms are not supported: use one key per form");
        if (keyword == "msgid") {
            if (auto error = finish_entry())
                return error;
            m_entry_line = m_line;
            m_has_entry = true;
            m_fuzzy = m_next_fuzzy;
            m_next_fuzzy = false;
            m_field = Field::msgid;
        } else if (keyword == "msgstr") {
            if (m_field != Field::msgid)
                return syntax_error("msgstr without a msgid before it");
            m_field = Field::msgstr;
            m_has_msgstr = true;
        } else {
            return syntax_error("unknown keyword \"" + std::string(keyword) +
                "\"; expected msgid, msgstr, a quoted string or a # comment");
        }
        if (rest.empty() || rest.front() != '"')
            return syntax_error(std::string(keyword) + " must be followed by a quoted string");
        auto piece = parse_string(rest);
        if (!piece.ok())
            return std::move(piece).error();
        (m_field == Field::msgid ? m_msgid : m_msgstr) = std::move(*piece);
        return std::nullopt;
    }

    // A C string literal: "..." with the escapes \n \t \r \" \\ (and the rarer \a \b \f \v).
    Result<std::string> parse_string(std::string_view text) const
    {
        std::string out;
        std::size_t i = 1;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '"')
                break;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (++i == text.size())
                break;
            switch (text[i]) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '\'':
                out += '\'';
                break;
            case 'a':
                out += '\a';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'v':
                out += '\v';
                break;
            default:
                return syntax_error(std::string("unknown escape \\") + text[i] + " in a string");
            }
        }
        if (i >= text.size())
            return syntax_error("string is missing its closing quote");
        if (!trim(text.substr(i + 1)).empty())
            return syntax_error("unexpected text after the closing quote");
        return out;
    }

    std::optional<Error> finish_entry()
    {
        if (!m_has_entry)
            return std::nullopt;
        if (!m_has_msgstr) {
            m_line = m_entry_line;
            return syntax_error("msgid \"" + m_msgid + "\" has no msgstr");
        }
        // The entry with an empty msgid is the header (Content-Type, Language ...).
        if (!m_msgid.empty()) {
            if (m_seen.contains(m_msgid)) {
                m_line = m_entry_line;
                return syntax_error("msgid \"" + m_msgid + "\" appears twice");
            }
            m_seen.emplace(m_msgid, m_entry_line);
            if (!m_msgstr.empty() && !m_fuzzy)
                m_messages.emplace(std::move(m_msgid), std::move(m_msgstr));
        }
        m_msgid.clear();
        m_msgstr.clear();
        m_has_entry = false;
        m_has_msgstr = false;
        m_fuzzy = false;
        m_field = Field::none;
        return std::nullopt;
    }

    std::string_view m_text;
    std::string_view m_file_name;
    int m_line = 0;
    int m_entry_line = 0;
    Field m_field = Field::none;
    bool m_has_entry = false;
    bool m_has_msgstr = false;
    bool m_fuzzy = false;
    bool m_next_fuzzy = false;
    std::string m_msgid;
    std::string m_msgstr;
    std::unordered_map<std::string, int> m_seen;
    std::unordered_map<std::string, std::string> m_messages;
};

std::size_t index_of(Language language)
{
    return static_cast<std::size_t>(language);
}

}  // namespace

Result<Catalog> Catalog::parse_po(std::string_view text, std::string_view file_name)
{
    auto messages = PoParser(text, file_name).parse();
    if (!messages.ok())
        return std::move(messages).error();
    Catalog catalog;
    catalog.m_messages = std::move(*messages);
    return catalog;
}

const std::string* Catalog::find(std::string_view key) const
{
    // A std::string temporary: the map is not transparent, and lookups happen once per
    // language at start-up (the renderer keeps its own resolved copy).
    const auto found = m_messages.find(std::string(key));
    return found == m_messages.end() ? nullptr : &found->second;
}

Result<void> Catalog::merge(const Catalog& other, std::string_view file_name)
{
    for (const auto& [key, text] : other.m_messages) {
        if (m_messages.contains(key))
            return fail(ErrorCode::invalid_argument,
                "message '" + key + "' is already defined in another catalog of this language",
                std::string(file_name));
    }
    m_messages.insert(other.m_messages.begin(), other.m_messages.end());
    return {};
}

void Catalogs::set(Language language, Catalog catalog)
{
    m_catalogs[index_of(language)] = std::move(catalog);
}

std::string_view Catalogs::lookup(Language language, std::string_view key) const
{
    if (const std::string* found = m_catalogs[index_of(language)].find(key))
        return *found;
    if (const std::string* found = m_catalogs[index_of(default_language)].find(key))
        return *found;
    return key;
}

const Catalog& Catalogs::catalog(Language language) const
{
    return m_catalogs[index_of(language)];
}

}  // namespace tablero::i18n
