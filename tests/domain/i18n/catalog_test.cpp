#include "domain/i18n/catalog.h"

#include <gtest/gtest.h>

#include <string>

namespace tablero::i18n {
namespace {

TEST(Catalog, ParsesPoFiles)
{
    const std::string text = "\xEF\xBB\xBF# Spanish messages\n"
                             "msgid \"\"\n"
                             "msgstr \"\"\n"
                             "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                             "\n"
                             "#. The site's name when none is configured\n"
                             "#: templates/layout.mustache\n"
                             "msgid \"site_name\"\n"
                             "msgstr \"Tablero\"\n"
                             "\n"
                             "msgid \"intro\"\n"
                             "msgstr \"\"\n"
                             "\"Primera línea, \"\n"
                             "  \"segunda línea\"\r\n"
                             "\n"
                             "msgid \"escapes\"\n"
                             "msgstr \"a \\\"b\\\" \\\\ c\\n\\td\"\n"
                             "\n"
                             "msgid \"untranslated\"\n"
                             "msgstr \"\"\n"
                             "\n"
                             "#, fuzzy\n"
                             "msgid \"guessed\"\n"
                             "msgstr \"Adivinado\"\n"
                             "\n"
                             "#~ msgid \"obsolete\"\n"
                             "#~ msgstr \"Obsoleto\"\n"
                             "msgid \"last\"   \n"
                             "msgstr \"Último\"";
    auto catalog = Catalog::parse_po(text, "es.po");
    ASSERT_TRUE(catalog.ok()) << describe(catalog.error());

    struct Row {
        const char* key;
        const char* expected;  // nullptr: absent
    };
    const Row rows[] = {
        {"site_name", "Tablero"},
        {"intro", "Primera línea, segunda línea"},
        {"escapes", "a \"b\" \\ c\n\td"},
        {"untranslated", nullptr},
        {"guessed", nullptr},
        {"obsolete", nullptr},
        {"last", "Último"},
        {"", nullptr},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.key);
        const std::string* found = catalog->find(row.key);
        if (row.expected == nullptr) {
            EXPECT_EQ(found, nullptr);
        } else {
            ASSERT_NE(found, nullptr);
            EXPECT_EQ(*found, row.expected);
        }
    }
    EXPECT_EQ(catalog->messages().size(), 4u);
}

TEST(Catalog, SyntaxErrorsNameFileAndLine)
{
    struct Row {
        const char* name;
        const char* text;
        const char* where;
        const char* message_part;
    };
    const Row rows[] = {
        {"unknown keyword", "msgid \"a\"\nmsgstr \"b\"\nmsgfoo \"c\"\n", "en.po:3",
            "unknown keyword"},
        {"context refused", "msgctxt \"menu\"\nmsgid \"a\"\nmsgstr \"b\"\n", "en.po:1", "msgctxt"},
        {"plural refused", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\n", "en.po:2",
            "plural"},
        {"unterminated string", "msgid \"a\"\nmsgstr \"b\n", "en.po:2", "closing quote"},
        {"bad escape", "msgid \"a\"\nmsgstr \"b\\q\"\n", "en.po:2", "escape"},
        {"msgstr first", "\nmsgstr \"b\"\n", "en.po:2", "without a msgid"},
        {"missing msgstr", "msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n", "en.po:1", "no msgstr"},
        {"missing msgstr at end", "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\n", "en.po:4",
            "no msgstr"},
        {"stray string", "\"orphan\"\n", "en.po:1", "quoted string"},
        {"no quotes", "msgid a\nmsgstr \"b\"\n", "en.po:1", "quoted string"},
        {"text after string", "msgid \"a\" x\nmsgstr \"b\"\n", "en.po:1", "after the closing"},
        {"duplicate", "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n", "en.po:4",
            "twice"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto catalog = Catalog::parse_po(row.text, "en.po");
        ASSERT_FALSE(catalog.ok());
        EXPECT_EQ(catalog.error().code, ErrorCode::invalid_argument);
        EXPECT_EQ(catalog.error().where, row.where);
        EXPECT_NE(catalog.error().message.find(row.message_part), std::string::npos)
            << catalog.error().message;
    }
}

TEST(Catalogs, FallBackToSpanishThenTheKey)
{
    auto spanish = Catalog::parse_po("msgid \"hello\"\nmsgstr \"Hola\"\n"
                                     "msgid \"bye\"\nmsgstr \"Adiós\"\n",
        "es.po");
    auto guarani = Catalog::parse_po("msgid \"hello\"\nmsgstr \"Mba'éichapa\"\n"
                                     "msgid \"bye\"\nmsgstr \"\"\n",
        "gn.po");
    ASSERT_TRUE(spanish.ok());
    ASSERT_TRUE(guarani.ok());
    Catalogs catalogs;
    catalogs.set(Language::es, std::move(*spanish));
    catalogs.set(Language::gn, std::move(*guarani));

    struct Row {
        Language language;
        const char* key;
        const char* expected;
    };
    const Row rows[] = {
        {Language::gn, "hello", "Mba'éichapa"},
        {Language::gn, "bye", "Adiós"},
        {Language::en, "hello", "Hola"},
        {Language::es, "missing_key", "missing_key"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.key);
        EXPECT_EQ(catalogs.lookup(row.language, row.key), row.expected);
    }
    EXPECT_EQ(catalogs.catalog(Language::en).messages().size(), 0u);
}

}  // namespace
}  // namespace tablero::i18n
