#include "domain/i18n/language.h"

#include <gtest/gtest.h>

#include <string>

namespace tablero::i18n {
namespace {

TEST(Language, ParsesTagsWithRegions)
{
    struct Row {
        const char* input;
        std::optional<Language> expected;
    };
    const Row rows[] = {
        {"es", Language::es},
        {"EN", Language::en},
        {"gn", Language::gn},
        {"es-PY", Language::es},
        {"en_GB", Language::en},
        {"gn-PY", Language::gn},
        {"en-Latn-US", Language::en},
        {" es ", Language::es},
        {"fr", std::nullopt},
        {"", std::nullopt},
        {"e", std::nullopt},
        {"esp", std::nullopt},
        {"english", std::nullopt},
        {"es-", std::nullopt},
        {"es-P<Y", std::nullopt},
        {"*", std::nullopt},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.input);
        EXPECT_EQ(parse_language(row.input), row.expected);
    }
}

TEST(Language, CodesAndNativeNames)
{
    EXPECT_EQ(code(Language::es), "es");
    EXPECT_EQ(code(Language::en), "en");
    EXPECT_EQ(code(Language::gn), "gn");
    EXPECT_EQ(native_name(Language::es), "Español");
    EXPECT_EQ(native_name(Language::en), "English");
    EXPECT_EQ(native_name(Language::gn), "Avañe'ẽ");
    for (Language language : all_languages)
        EXPECT_EQ(parse_language(code(language)), language);
}

TEST(Language, ReadsAcceptLanguageByQValue)
{
    struct Row {
        const char* header;
        std::optional<Language> expected;
    };
    const Row rows[] = {
        {"", std::nullopt},
        {"en", Language::en},
        {"es-PY,es;q=0.9,en;q=0.8", Language::es},
        {"fr-FR,fr;q=0.9,en;q=0.8,gn;q=0.7", Language::en},
        {"en;q=0.5, gn;q=0.8", Language::gn},
        {"en;q=0.8, gn;q=0.8", Language::en},
        {"de, en;q=0", std::nullopt},
        {"en;q=0, es;q=0.1", Language::es},
        {"en;q=1.0", Language::en},
        {"en;q=1.5, gn;q=0.2", Language::gn},
        {"en;q=abc, gn;q=0.2", Language::gn},
        {"en;q=0.12345, gn;q=0.2", Language::gn},
        {"*;q=0.5, gn;q=0.2", Language::gn},
        {"  EN-us ; q=0.9 ,es;q=0.3", Language::en},
        {",,,", std::nullopt},
        {"en;level=1", std::nullopt},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.header);
        EXPECT_EQ(language_from_accept_language(row.header), row.expected);
    }
}

TEST(Language, NegotiatesQueryThenCookieThenHeaderThenSpanish)
{
    struct Row {
        const char* name;
        std::optional<std::string_view> query;
        std::optional<std::string_view> cookie;
        std::string_view accept_language;
        Language expected;
    };
    const Row rows[] = {
        {"nothing gives Spanish", std::nullopt, std::nullopt, "", Language::es},
        {"query wins", "gn", "en", "en", Language::gn},
        {"cookie beats header", std::nullopt, "gn", "en", Language::gn},
        {"header when nothing else", std::nullopt, std::nullopt, "en-US,en;q=0.9", Language::en},
        {"invalid query skipped for cookie", "xx", "en", "gn", Language::en},
        {"empty query skipped", "", "en", "", Language::en},
        {"invalid cookie skipped for header", std::nullopt, "klingon", "gn", Language::gn},
        {"all invalid gives Spanish", "zz", "zz", "fr", Language::es},
        {"query with region", "en-GB", std::nullopt, "", Language::en},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(negotiate_language({row.query, row.cookie, row.accept_language}), row.expected);
    }
}

}  // namespace
}  // namespace tablero::i18n
