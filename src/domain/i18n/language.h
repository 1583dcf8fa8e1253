// The languages Tablero speaks and how a request picks one: ?lang= first, then the "lang"
// cookie, then the browser's Accept-Language (by q-value), then Spanish.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace tablero::i18n {

enum class Language { es, en, gn };
inline constexpr std::array all_languages{Language::es, Language::en, Language::gn};
inline constexpr Language default_language = Language::es;

// "es", "en", "gn".
std::string_view code(Language language);
// The language's name in itself: "Español", "English", "Avañe'ẽ".
std::string_view native_name(Language language);
// Accepts "es", "EN", "gn" and regional tags such as "es-PY" or "en_GB".
std::optional<Language> parse_language(std::string_view tag);

// RFC 9110 section 12.5.4: "es-PY,es;q=0.9,en;q=0.8". Unknown tags and q=0 are skipped.
std::optional<Language> language_from_accept_language(std::string_view header);

struct LanguageSources {
    std::optional<std::string_view> query;  // ?lang=
    std::optional<std::string_view> cookie;  // lang=
    std::string_view accept_language;  // the header, possibly empty
};
Language negotiate_language(const LanguageSources& sources);

}  // namespace tablero::i18n
