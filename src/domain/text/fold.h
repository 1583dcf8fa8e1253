// Text as search compares it: UTF-8 folded to lowercase base letters, so that a citizen typing
// on a phone without accents ("informacion", "PARTICIPACION", "nandu") finds what institutions
// wrote with them ("información", "participación", "ñandú"), and split into words whose place in
// the original text is kept, so that a page can mark the words that matched.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::text {

// The folded form of text: ASCII letters lowercased; Latin letters with accents, tildes,
// cedillas, diaereses and the like reduced to their lowercase base letter ("Ñ" -> "n",
// "ẽ" -> "e", "Ç" -> "c"); ligatures spelt out ("ß" -> "ss", "æ" -> "ae"); combining marks
// (U+0300-U+036F, as in Guaraní "g̃") dropped. Any other character is kept as it is. Each byte
// that is not part of valid UTF-8 becomes a space, so bad input never stops a search.
std::string fold(std::string_view text);

// One word of a text: its bytes in the original text, and its folded form.
struct Token {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string folded;
};

// The words of text in order. A word is a run of letters and digits (any character that is
// not ASCII punctuation, a space, a Unicode space or punctuation mark, or invalid UTF-8);
// apostrophes and hyphens separate words ("Avañe'ẽ" is "avane" and "e"). Offsets always fall
// on character boundaries of the original.
std::vector<Token> tokenize(std::string_view text);

// The number of characters in text; each invalid byte counts as one.
std::size_t count_characters(std::string_view text);

// The first at most max_code_points characters of text, never cutting a character in two;
// invalid bytes count as one character each.
std::string_view truncate_code_points(std::string_view text, std::size_t max_code_points);

}  // namespace tablero::text
