#include "domain/text/fold.h"

#include "domain/text/utf8.h"

#include <algorithm>
#include <array>

namespace tablero::text {

namespace {

// Latin letters with marks and their base letters: Latin-1 Supplement, Latin Extended-A, and
// the few of Latin Extended Additional that Guaraní writes (ẽ, ỹ). Sorted by first.
struct Folding {
    char32_t first;
    char32_t last;
    std::string_view base;
};
constexpr std::array foldings{
    Folding{0xC0, 0xC5, "a"},
    Folding{0xC6, 0xC6, "ae"},
    Folding{0xC7, 0xC7, "c"},
    Folding{0xC8, 0xCB, "e"},
    Folding{0xCC, 0xCF, "i"},
    Folding{0xD0, 0xD0, "d"},
    Folding{0xD1, 0xD1, "n"},
    Folding{0xD2, 0xD6, "o"},
    Folding{0xD8, 0xD8, "o"},
    Folding{0xD9, 0xDC, "u"},
    Folding{0xDD, 0xDD, "y"},
    Folding{0xDE, 0xDE, "th"},
    Folding{0xDF, 0xDF, "ss"},
    Folding{0xE0, 0xE5, "a"},
    Folding{0xE6, 0xE6, "ae"},
    Folding{0xE7, 0xE7, "c"},
    Folding{0xE8, 0xEB, "e"},
    Folding{0xEC, 0xEF, "i"},
    Folding{0xF0, 0xF0, "d"},
    Folding{0xF1, 0xF1, "n"},
    Folding{0xF2, 0xF6, "o"},
    Folding{0xF8, 0xF8, "o"},
    Folding{0xF9, 0xFC, "u"},
    Folding{0xFD, 0xFD, "y"},
    Folding{0xFE, 0xFE, "th"},
    Folding{0xFF, 0xFF, "y"},
    Folding{0x100, 0x105, "a"},
    Folding{0x106, 0x10D, "c"},
    Folding{0x10E, 0x111, "d"},
    Folding{0x112, 0x11B, "e"},
    Folding{0x11C, 0x123, "g"},
    Folding{0x124, 0x127, "h"},
    Folding{0x128, 0x131, "i"},
    Folding{0x132, 0x133, "ij"},
    Folding{0x134, 0x135, "j"},
    Folding{0x136, 0x138, "k"},
    Folding{0x139, 0x142, "l"},
    Folding{0x143, 0x14B, "n"},
    Folding{0x14C, 0x151, "o"},
    Folding{0x152, 0x153, "oe"},
    Folding{0x154, 0x159, "r"},
    Folding{0x15A, 0x161, "s"},
    Folding{0x162, 0x167, "t"},
    Folding{0x168, 0x173, "u"},
    Folding{0x174, 0x175, "w"},
    Folding{0x176, 0x178, "y"},
    Folding{0x179, 0x17E, "z"},
    Folding{0x17F, 0x17F, "s"},
    Folding{0x1EBC, 0x1EBD, "e"},
    Folding{0x1EF8, 0x1EF9, "y"},
};

bool is_combining_mark(char32_t code_point)
{
    return code_point >= 0x300 && code_point <= 0x36F;
}

// Characters that end a word: ASCII other than letters and digits; Latin-1's controls, spaces
// and signs (¡ ¿ « » ° × ÷); Unicode's general punctuation and spaces (U+2000-U+206F: dashes,
// curly quotes, "…"); the modifier apostrophe; the ideographic space, the byte order mark and
// the replacement character.
bool is_separator(char32_t code_point)
{
    if (code_point < 0x80) {
        const auto c = static_cast<char>(code_point);
        return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }
    return code_point <= 0xBF || code_point == 0xD7 || code_point == 0xF7 || code_point == 0x2BC ||
        (code_point >= 0x2000 && code_point <= 0x206F) || code_point == 0x3000 ||
        code_point == 0xFEFF || code_point == 0xFFFD;
}

// Appends the folded form of one valid character.
void append_folded(std::string& out, char32_t code_point, std::string_view original)
{
    if (code_point < 0x80) {
        const auto c = static_cast<char>(code_point);
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        return;
    }
    if (is_combining_mark(code_point))
        return;
    const auto found = std::upper_bound(foldings.begin(), foldings.end(), code_point,
        [](char32_t value, const Folding& folding) { return value < folding.first; });
    if (found != foldings.begin() && code_point <= std::prev(found)->last) {
        out += std::prev(found)->base;
        return;
    }
    out += original;
}

}  // namespace

std::string fold(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const Utf8Char decoded = decode_utf8(text, at);
        if (decoded.valid)
            append_folded(out, decoded.code_point, text.substr(at, decoded.length));
        else
            out += ' ';
        at += decoded.length;
    }
    return out;
}

std::vector<Token> tokenize(std::string_view text)
{
    std::vector<Token> tokens;
    Token current;
    bool in_word = false;
    for (std::size_t at = 0; at < text.size();) {
        const Utf8Char decoded = decode_utf8(text, at);
        const bool word_character = decoded.valid && !is_separator(decoded.code_point);
        // A combining mark belongs to the letter before it; alone it starts no word.
        const bool starts_nothing = decoded.valid && is_combining_mark(decoded.code_point);
        if (word_character && (in_word || !starts_nothing)) {
            if (!in_word) {
                current = Token{at, at, {}};
                in_word = true;
            }
            append_folded(current.folded, decoded.code_point, text.substr(at, decoded.length));
            current.end = at + decoded.length;
        } else if (in_word) {
            tokens.push_back(std::move(current));
            in_word = false;
        }
        at += decoded.length;
    }
    if (in_word)
        tokens.push_back(std::move(current));
    return tokens;
}

std::size_t count_characters(std::string_view text)
{
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); ++count)
        at += decode_utf8(text, at).length;
    return count;
}

std::string_view truncate_code_points(std::string_view text, std::size_t max_code_points)
{
    std::size_t at = 0;
    for (std::size_t count = 0; at < text.size() && count < max_code_points; ++count)
        at += decode_utf8(text, at).length;
    return text.substr(0, at);
}

}  // namespace tablero::text
