// A message catalog: the translations of one language, read from a gettext .po file
// (locales/<lang>.po) so translators can use the tools they know (Poedit, Weblate). Message ids
// are keys written as snake_case words ("home_title"), so templates can use them directly.
#pragma once

#include "core/result.h"
#include "domain/i18n/language.h"

#include <string>
#include <string_view>
#include <unordered_map>

namespace tablero::i18n {

class Catalog {
public:
    // Parses .po text: msgid/msgstr pairs, strings continued on following lines, C escapes
    // (\n \t \" \\), comments. A syntax error names the file and line. Entries with an empty
    // msgstr are untranslated and left out, so lookups fall back.
    static Result<Catalog> parse_po(std::string_view text, std::string_view file_name);

    // Adds the messages of another file of the same language (a feature's own catalog). A key
    // both have is an invalid_argument error naming it and `file_name`; nothing is added then.
    Result<void> merge(const Catalog& other, std::string_view file_name);

    // The translation, or nullptr when the catalog lacks it.
    const std::string* find(std::string_view key) const;
    const std::unordered_map<std::string, std::string>& messages() const { return m_messages; }

private:
    std::unordered_map<std::string, std::string> m_messages;
};

// The three catalogs together. Lookup falls back to Spanish, the source language, and then to
// the key itself, so a missing translation shows something rather than nothing.
class Catalogs {
public:
    void set(Language language, Catalog catalog);
    std::string_view lookup(Language language, std::string_view key) const;
    const Catalog& catalog(Language language) const;

private:
    Catalog m_catalogs[3];
};

}  // namespace tablero::i18n
