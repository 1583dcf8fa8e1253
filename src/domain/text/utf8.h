// Reading UTF-8 one character at a time, as RFC 3629 defines it: no overlong forms, no
// surrogates, nothing above U+10FFFF. The one decoder for every rule that counts or folds text.
#pragma once

#include <cstddef>
#include <string_view>

namespace tablero::text {

// One character: its code point and its length in bytes; length 1 and valid false for a byte
// that does not start a well-formed sequence.
struct Utf8Char {
    char32_t code_point = 0;
    std::size_t length = 1;
    bool valid = false;
};

// The character that starts at byte `at` (< text.size()).
Utf8Char decode_utf8(std::string_view text, std::size_t at);

}  // namespace tablero::text
