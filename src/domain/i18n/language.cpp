#include "domain/i18n/language.h"

#include <cstddef>
#include <string>

namespace tablero::i18n {

namespace {

bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

char to_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

// RFC 9110 section 12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
// Returns the weight in thousandths, or -1 when the value is malformed.
int parse_qvalue(std::string_view text)
{
    if (text.empty() || (text[0] != '0' && text[0] != '1'))
        return -1;
    int whole = text[0] - '0';
    text.remove_prefix(1);
    if (text.empty())
        return whole * 1000;
    if (text[0] != '.' || text.size() > 4)
        return -1;
    text.remove_prefix(1);
    int fraction = 0;
    int scale = 100;
    for (char c : text) {
        if (c < '0' || c > '9')
            return -1;
        fraction += (c - '0') * scale;
        scale /= 10;
    }
    if (whole == 1 && fraction != 0)
        return -1;
    return whole * 1000 + fraction;
}

}  // namespace

std::string_view code(Language language)
{
    switch (language) {
    case Language::es:
        return "es";
    case Language::en:
        return "en";
    case Language::gn:
        return "gn";
    }
    return "es";
}

std::string_view native_name(Language language)
{
    switch (language) {
    case Language::es:
        return "Español";
    case Language::en:
        return "English";
    case Language::gn:
        return "Avañe'ẽ";
    }
    return "Español";
}

// BCP 47 (RFC 5646): a primary language subtag of letters, then subtags of letters and digits
// separated by "-". POSIX locales write "_" instead ("en_GB"), which we accept too.
std::optional<Language> parse_language(std::string_view tag)
{
    tag = trim(tag);
    const std::size_t end = tag.find_first_of("-_");
    const std::string_view primary = tag.substr(0, end);
    if (primary.size() != 2 || !is_alpha(primary[0]) || !is_alpha(primary[1]))
        return std::nullopt;
    if (end != std::string_view::npos) {
        const std::string_view rest = tag.substr(end + 1);
        if (rest.empty())
            return std::nullopt;
        for (char c : rest) {
            if (!is_alnum(c) && c != '-' && c != '_')
                return std::nullopt;
        }
    }
    const char first = to_lower(primary[0]);
    const char second = to_lower(primary[1]);
    for (Language language : all_languages) {
        const std::string_view candidate = code(language);
        if (candidate[0] == first && candidate[1] == second)
            return language;
    }
    return std::nullopt;
}

std::optional<Language> language_from_accept_language(std::string_view header)
{
    std::optional<Language> best;
    int best_weight = 0;
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);

        const std::size_t semicolon = item.find(';');
        const std::string_view tag = trim(item.substr(0, semicolon));
        int weight = 1000;
        if (semicolon != std::string_view::npos) {
            std::string_view parameters = item.substr(semicolon + 1);
            weight = -1;
            // Only the q parameter is defined for Accept-Language; anything else makes the
            // item malformed and it is skipped.
            parameters = trim(parameters);
            if (parameters.size() >= 2 && to_lower(parameters[0]) == 'q') {
                std::string_view value = trim(parameters.substr(1));
                if (!value.empty() && value[0] == '=')
                    weight = parse_qvalue(trim(value.substr(1)));
            }
        }
        if (weight <= 0)
            continue;
        // The first of equal weights wins: the browser lists its preferences in order.
        if (weight <= best_weight)
            continue;
        if (auto language = parse_language(tag)) {
            best = language;
            best_weight = weight;
        }
    }
    return best;
}

Language negotiate_language(const LanguageSources& sources)
{
    if (sources.query) {
        if (auto language = parse_language(*sources.query))
            return *language;
    }
    if (sources.cookie) {
        if (auto language = parse_language(*sources.cookie))
            return *language;
    }
    if (auto language = language_from_accept_language(sources.accept_language))
        return *language;
    return default_language;
}

}  // namespace tablero::i18n
