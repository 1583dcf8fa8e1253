#include "web/i18n_loader.h"
#include "web/render/renderer.h"
#include "web_test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace tablero::web {
namespace {

using testing::source_dir;

std::string fake_asset_url(std::string_view path)
{
    return "/static/" + std::string(path) + "?v=test";
}

i18n::Catalogs small_catalogs()
{
    i18n::Catalogs catalogs;
    catalogs.set(i18n::Language::es,
        *i18n::Catalog::parse_po("msgid \"site_name_default\"\nmsgstr \"Tablero\"\n"
                                 "msgid \"hello\"\nmsgstr \"Hola\"\n",
            "es.po"));
    catalogs.set(i18n::Language::en,
        *i18n::Catalog::parse_po("msgid \"hello\"\nmsgstr \"Hello\"\n", "en.po"));
    return catalogs;
}

TEST(Renderer, LoadsTheRealTemplatesAndCatalogs)
{
    auto catalogs = load_catalogs(source_dir() / "locales");
    ASSERT_TRUE(catalogs.ok()) << describe(catalogs.error());
    auto renderer = Renderer::load(source_dir() / "templates", *catalogs, fake_asset_url);
    ASSERT_TRUE(renderer.ok()) << describe(renderer.error());
    EXPECT_TRUE((*renderer)->has_page("home/index"));
    EXPECT_TRUE((*renderer)->has_page("errors/error"));
    EXPECT_FALSE((*renderer)->has_page("layout"));
    EXPECT_FALSE((*renderer)->has_page("partials/header"));
}

TEST(Renderer, EscapesHtmlByDefault)
{
    auto catalogs = load_catalogs(source_dir() / "locales");
    ASSERT_TRUE(catalogs.ok());
    auto renderer = Renderer::load(source_dir() / "templates", *catalogs, fake_asset_url);
    ASSERT_TRUE(renderer.ok());
    kainjow::mustache::data view;
    view.set("intro", "<b>bold</b> & \"quoted\"");
    RenderContext context;
    context.site_name = "<script>alert(1)</script>";
    const std::string html = (*renderer)->render("home/index", view, context);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"), std::string::npos);
}

TEST(Renderer, WrapsThePageInTheLayoutWithPartials)
{
    const std::map<std::string, std::string> sources = {
        {"layout",
            "<html lang=\"{{lang}}\"><title>{{page_title}}</title>"
            "<link href=\"{{assets.css}}\">{{> nav}}<main>{{{content}}}</main></html>"},
        {"partials/nav",
            "<nav>{{#languages}}<a href=\"{{url}}\"{{#current}} aria-current=\"true\"{{/current}}>"
            "{{name}}</a>{{/languages}}{{> brand}}</nav>"},
        {"partials/brand", "<b>{{site_name}}</b>"},
        {"demo/page", "<p>{{t.hello}}, {{who}}</p>"},
    };
    auto renderer = Renderer::from_sources(sources, small_catalogs(), fake_asset_url);
    ASSERT_TRUE(renderer.ok()) << describe(renderer.error());

    struct Row {
        i18n::Language language;
        std::string expected;
    };
    const Row rows[] = {
        {i18n::Language::es,
            "<html lang=\"es\"><title>Demo — Tablero</title>"
            "<link href=\"/static/css/site.css?v=test\"><nav>"
            "<a href=\"/demo?x=1&amp;lang=es\" aria-current=\"true\">Español</a>"
            "<a href=\"/demo?x=1&amp;lang=en\">English</a>"
            "<a href=\"/demo?x=1&amp;lang=gn\">Avañe&apos;ẽ</a><b>Tablero</b></nav>"
            "<main><p>Hola, Ana &amp; Bo</p></main></html>"},
        {i18n::Language::en,
            "<html lang=\"en\"><title>Demo — Tablero</title>"
            "<link href=\"/static/css/site.css?v=test\"><nav>"
            "<a href=\"/demo?x=1&amp;lang=es\">Español</a>"
            "<a href=\"/demo?x=1&amp;lang=en\" aria-current=\"true\">English</a>"
            "<a href=\"/demo?x=1&amp;lang=gn\">Avañe&apos;ẽ</a><b>Tablero</b></nav>"
            "<main><p>Hello, Ana &amp; Bo</p></main></html>"},
        // Guaraní lacks "hello": Spanish stands in.
        {i18n::Language::gn,
            "<html lang=\"gn\"><title>Demo — Tablero</title>"
            "<link href=\"/static/css/site.css?v=test\"><nav>"
            "<a href=\"/demo?x=1&amp;lang=es\">Español</a>"
            "<a href=\"/demo?x=1&amp;lang=en\">English</a>"
            "<a href=\"/demo?x=1&amp;lang=gn\" aria-current=\"true\">Avañe&apos;ẽ</a>"
            "<b>Tablero</b></nav><main><p>Hola, Ana &amp; Bo</p></main></html>"},
    };
    kainjow::mustache::data view;
    view.set("who", "Ana & Bo");
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string(i18n::code(row.language)));
        RenderContext context;
        context.language = row.language;
        context.target = "/demo?lang=xx&x=1";
        context.title = "Demo";
        EXPECT_EQ((*renderer)->render("demo/page", view, context), row.expected);
    }
    EXPECT_THROW((*renderer)->render("demo/missing", view, {}), std::logic_error);
}

TEST(Renderer, TemplateErrorsNameTheFile)
{
    struct Row {
        const char* name;
        std::map<std::string, std::string> sources;
        const char* where;
        const char* message_part;
    };
    const Row rows[] = {
        {"unclosed section", {{"layout", "{{{content}}}"}, {"home/index", "{{#open}}x"}},
            "templates/home/index.mustache", "does not parse"},
        {"broken partial", {{"layout", "{{> head}}{{{content}}}"}, {"partials/head", "{{#a}}"}},
            "templates/partials/head.mustache", "does not parse"},
        {"unknown partial", {{"layout", "{{> nowhere}}{{{content}}}"}}, "templates/layout.mustache",
            "unknown partial"},
        {"partial cycle",
            {{"layout", "{{> a}}{{{content}}}"}, {"partials/a", "{{> b}}"},
                {"partials/b", "{{> a}}"}},
            "templates/layout.mustache", "cycle"},
        {"unknown message", {{"layout", "{{{content}}}"}, {"home/index", "{{t.no_such_key}}"}},
            "templates/home/index.mustache", "t.no_such_key"},
        {"no layout", {{"home/index", "x"}}, "templates/layout.mustache", "missing"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto renderer = Renderer::from_sources(row.sources, small_catalogs(), fake_asset_url);
        ASSERT_FALSE(renderer.ok());
        EXPECT_EQ(renderer.error().where, row.where);
        EXPECT_NE(renderer.error().message.find(row.message_part), std::string::npos)
            << renderer.error().message;
    }
}

TEST(Renderer, LoadFailsClearlyForAMissingFolder)
{
    auto renderer = Renderer::load("/no/such/templates", small_catalogs(), fake_asset_url);
    ASSERT_FALSE(renderer.ok());
    EXPECT_EQ(renderer.error().where, "/no/such/templates");
}

TEST(Renderer, LanguageLinksReplaceLang)
{
    struct Row {
        const char* target;
        i18n::Language language;
        const char* expected;
    };
    const Row rows[] = {
        {"/", i18n::Language::en, "/?lang=en"},
        {"/plans", i18n::Language::gn, "/plans?lang=gn"},
        {"/plans?lang=en", i18n::Language::es, "/plans?lang=es"},
        {"/plans?a=1&lang=en&b=2", i18n::Language::gn, "/plans?a=1&b=2&lang=gn"},
        {"/plans?language=x", i18n::Language::en, "/plans?language=x&lang=en"},
        {"/plans?&&", i18n::Language::en, "/plans?lang=en"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.target);
        EXPECT_EQ(with_language(row.target, row.language), row.expected);
    }
}

TEST(Catalogs, TheShippedCatalogsParseAndCoverEveryKey)
{
    auto catalogs = load_catalogs(source_dir() / "locales");
    ASSERT_TRUE(catalogs.ok()) << describe(catalogs.error());
    const auto& spanish = catalogs->catalog(i18n::Language::es).messages();
    EXPECT_GT(spanish.size(), 30u);
    // Spanish is the source: every key another catalog translates must exist in Spanish.
    for (auto language : {i18n::Language::en, i18n::Language::gn}) {
        for (const auto& [key, value] : catalogs->catalog(language).messages())
            EXPECT_TRUE(spanish.contains(key)) << key << " in " << i18n::code(language);
    }
    // English is complete.
    for (const auto& [key, value] : spanish)
        EXPECT_NE(catalogs->catalog(i18n::Language::en).find(key), nullptr) << key;
    EXPECT_EQ(catalogs->lookup(i18n::Language::gn, "nav_home"), "Ñepyrũ");
}

TEST(Catalogs, FeatureFoldersAddTheirMessagesAndMayNotRedefineOne)
{
    const auto folder =
        std::filesystem::temp_directory_path() / ("tablero-locales-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder / "board");
    auto write = [](const std::filesystem::path& path, std::string_view text) {
        std::ofstream(path, std::ios::binary) << text;
    };
    write(folder / "es.po", "msgid \"home\"\nmsgstr \"Inicio\"\n");
    write(folder / "en.po", "msgid \"home\"\nmsgstr \"Home\"\n");
    write(folder / "gn.po", "");
    write(folder / "board" / "es.po", "msgid \"plan\"\nmsgstr \"Plan de acción\"\n");
    write(folder / "board" / "en.po", "msgid \"plan\"\nmsgstr \"Action plan\"\n");
    auto catalogs = load_catalogs(folder);
    ASSERT_TRUE(catalogs.ok()) << describe(catalogs.error());
    EXPECT_EQ(catalogs->lookup(i18n::Language::en, "plan"), "Action plan");
    EXPECT_EQ(catalogs->lookup(i18n::Language::en, "home"), "Home");
    EXPECT_EQ(catalogs->lookup(i18n::Language::gn, "plan"), "Plan de acción");

    write(folder / "board" / "en.po", "msgid \"home\"\nmsgstr \"Again\"\n");
    auto twice = load_catalogs(folder);
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().where, (folder / "board" / "en.po").string());
    EXPECT_NE(twice.error().message.find("'home'"), std::string::npos) << twice.error().message;

    std::filesystem::remove(folder / "board" / "es.po");
    auto no_spanish = load_catalogs(folder);
    ASSERT_FALSE(no_spanish.ok());
    EXPECT_EQ(no_spanish.error().where, (folder / "board" / "es.po").string());
    std::filesystem::remove_all(folder);
}

TEST(Catalogs, LoadingNamesAMissingFile)
{
    auto catalogs = load_catalogs("/no/such/locales");
    ASSERT_FALSE(catalogs.ok());
    EXPECT_EQ(catalogs.error().where, "/no/such/locales/es.po");
}

}  // namespace
}  // namespace tablero::web

namespace tablero::web {
namespace {

TEST(Renderer, RendersFromManyThreadsAtOnce)
{
    auto catalogs = load_catalogs(testing::source_dir() / "locales");
    ASSERT_TRUE(catalogs.ok());
    auto renderer = Renderer::load(testing::source_dir() / "templates", *catalogs, fake_asset_url);
    ASSERT_TRUE(renderer.ok());
    std::vector<std::string> expected;
    for (i18n::Language language : i18n::all_languages) {
        RenderContext context;
        context.language = language;
        expected.push_back((*renderer)->render("home/index", {}, context));
    }
    std::vector<std::thread> threads;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                RenderContext context;
                context.language = i18n::all_languages[static_cast<std::size_t>((t + i) % 3)];
                if ((*renderer)->render("home/index", {}, context) !=
                    expected[static_cast<std::size_t>((t + i) % 3)])
                    ++mismatches;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace tablero::web
