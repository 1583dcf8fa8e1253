#include "domain/text/fold.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::text {
namespace {

TEST(Fold, LowercaseBaseLetters)
{
    struct Row {
        std::string name;
        std::string input;
        std::string expected;
    };
    const Row rows[] = {
        {"empty", "", ""},
        {"ASCII lowercased", "PARTICIPACION Ciudadana 2014", "participacion ciudadana 2014"},
        {"Spanish accents", "información pública", "informacion publica"},
        {"capital accents", "ÁÉÍÓÚ ÀÈÌÒÙ ÂÊÎÔÛ", "aeiou aeiou aeiou"},
        {"ñ and Ñ are n", "Ñandutí año", "nanduti ano"},
        {"diaeresis and cedilla", "pingüino Çà ÿ", "pinguino ca y"},
        {"Guaraní nasal vowels", "Avañe'ẽ ĩ ũ ỹ ã õ Ẽ Ỹ", "avane'e i u y a o e y"},
        {"combining marks dropped", "g\u0303uahe e\u0301", "guahe e"},
        {"ligatures spelt out", "Straße Æ œ", "strasse ae oe"},
        {"Latin Extended-A", "Łódź Ščř", "lodz scr"},
        {"punctuation kept", "¿Qué? «sí»", "¿que? «si»"},
        {"other scripts kept", "Ωμέγα 漢字", "Ωμέγα 漢字"},
        {"lone continuation byte",
            "a\x80"
            "b",
            "a b"},
        {"truncated sequence at the end", "ab\xc3", "ab "},
        {"overlong slash",
            "a\xc0\xaf"
            "b",
            "a  b"},
        {"surrogate",
            "a\xed\xa0\x80"
            "b",
            "a   b"},
        {"above U+10FFFF", "\xf4\x90\x80\x80", "    "},
        {"start byte then ASCII",
            "\xc3"
            "A",
            " a"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(fold(row.input), row.expected);
    }
}

TEST(Tokenize, WordsWithTheirPlaceInTheText)
{
    struct Row {
        std::string name;
        std::string input;
        std::vector<std::string> folded;
        // The original text of each word.
        std::vector<std::string> original;
    };
    const Row rows[] = {
        {"empty", "", {}, {}},
        {"only separators", " ¿?¡! — … ", {}, {}},
        {"spaces and punctuation split", "¿Acceso a la Información?",
            {"acceso", "a", "la", "informacion"}, {"Acceso", "a", "la", "Información"}},
        {"apostrophe and hyphen split", "Avañe'ẽ e-gobierno", {"avane", "e", "e", "gobierno"},
            {"Avañe", "ẽ", "e", "gobierno"}},
        {"curly quotes and no-break space", "“Ley\u00a05282”", {"ley", "5282"}, {"Ley", "5282"}},
        {"combining mark stays with its letter", "g\u0303uahe", {"guahe"}, {"g\u0303uahe"}},
        {"a combining mark alone starts no word", " \u0303x", {"x"}, {"x"}},
        {"invalid bytes split words",
            "ab\xff"
            "cd",
            {"ab", "cd"}, {"ab", "cd"}},
        {"digits are words", "Ley N° 5282", {"ley", "n", "5282"}, {"Ley", "N", "5282"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const auto tokens = tokenize(row.input);
        std::vector<std::string> folded;
        std::vector<std::string> original;
        for (const auto& token : tokens) {
            folded.push_back(token.folded);
            original.push_back(row.input.substr(token.begin, token.end - token.begin));
        }
        EXPECT_EQ(folded, row.folded);
        EXPECT_EQ(original, row.original);
    }
}

TEST(Characters, CountAndTruncateNeverSplitACharacter)
{
    struct Row {
        std::string name;
        std::string input;
        std::size_t count;
        std::size_t keep;
        std::string kept;
    };
    const Row rows[] = {
        {"ASCII", "abcdef", 6, 3, "abc"},
        {"two-byte letters", "ñandú", 5, 2, "ña"},
        {"three-byte letters", "ẽẽẽ", 3, 1, "ẽ"},
        {"keep more than there is", "año", 3, 10, "año"},
        {"invalid bytes count one each",
            "a\xff\xfe"
            "b",
            4, 2, "a\xff"},
        {"keep nothing", "año", 3, 0, ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(count_characters(row.input), row.count);
        EXPECT_EQ(truncate_code_points(row.input, row.keep), row.kept);
    }
}

}  // namespace
}  // namespace tablero::text
