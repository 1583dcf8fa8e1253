#include "http/gzip.h"
#include "web/page_cache.h"
#include "web_test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace tablero::web {
namespace {

using testing::header;
using testing::make_request;
using testing::unwrap;

const std::string big_body = "<!doctype html><p>" + std::string(2000, 'x') + "</p>";
constexpr std::string_view html_type = "text/html; charset=utf-8";

// A page handler that counts its renders and says which language it rendered for.
struct CountingPage {
    std::atomic<int> renders{0};
    http::Status status = http::Status::ok;
    PageHandler handler()
    {
        return [this](const http::Request& request, i18n::Language language) {
            ++renders;
            return http::html_response(
                request, status, std::string(i18n::code(language)) + ":" + big_body);
        };
    }
};

TEST(PageCache, MissThenHit)
{
    PageCache cache;
    CountingPage page;
    const http::Handler handler = cached(cache, page.handler());

    const http::Response first = unwrap(handler(make_request("/")));
    const http::Response second = unwrap(handler(make_request("/")));
    EXPECT_EQ(page.renders, 1);
    EXPECT_EQ(first.result(), http::Status::ok);
    EXPECT_EQ(second.body(), first.body());
    EXPECT_EQ(second.body(), "es:" + big_body);
    EXPECT_EQ(header(second, http::Field::content_type), html_type);
    EXPECT_FALSE(header(second, http::Field::etag).empty());
    EXPECT_EQ(header(second, http::Field::etag), header(first, http::Field::etag));
    EXPECT_EQ(header(second, http::Field::cache_control), "no-cache");
    EXPECT_NE(header(second, http::Field::vary).find("Accept-Encoding"), std::string::npos);
    const auto stats = cache.stats();
    EXPECT_EQ(stats.hits, 1u);
    EXPECT_EQ(stats.misses, 1u);
    EXPECT_EQ(stats.entries, 1u);
    EXPECT_GT(stats.bytes, big_body.size());
}

TEST(PageCache, KeyIncludesTargetAndLanguage)
{
    PageCache cache;
    CountingPage page;
    const http::Handler handler = cached(cache, page.handler());
    struct Row {
        const char* name;
        std::string target;
        std::vector<std::pair<http::Field, std::string>> headers;
        const char* expected_prefix;
        int renders_after;
    };
    const Row rows[] = {
        {"Spanish default", "/", {}, "es:", 1},
        {"English by header", "/", {{http::Field::accept_language, "en"}}, "en:", 2},
        {"English again", "/", {{http::Field::accept_language, "en-GB"}}, "en:", 2},
        {"Guaraní by cookie", "/", {{http::Field::cookie, "lang=gn"}}, "gn:", 3},
        {"query is another key", "/?lang=en", {}, "en:", 4},
        {"Spanish still cached", "/", {}, "es:", 4},
        {"other path", "/other", {}, "es:", 5},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const http::Response response = unwrap(handler(make_request(row.target, row.headers)));
        EXPECT_TRUE(response.body().starts_with(row.expected_prefix))
            << response.body().substr(0, 5);
        EXPECT_EQ(page.renders, row.renders_after);
    }
}

TEST(PageCache, ServesTheGzipCopyToClientsThatAcceptIt)
{
    PageCache cache;
    CountingPage page;
    const http::Handler handler = cached(cache, page.handler());
    const auto gzip_request = [] {
        return make_request("/", {{http::Field::accept_encoding, "gzip, deflate, br"}});
    };
    for (int attempt = 0; attempt < 2; ++attempt) {
        SCOPED_TRACE(attempt == 0 ? "miss" : "hit");
        const http::Response response = unwrap(handler(gzip_request()));
        EXPECT_EQ(header(response, http::Field::content_encoding), "gzip");
        EXPECT_EQ(response.body(), http::gzip_compress("es:" + big_body));
        EXPECT_LT(response.body().size(), big_body.size());
        EXPECT_EQ(
            header(response, http::Field::content_length), std::to_string(response.body().size()));
    }
    const http::Response plain =
        unwrap(handler(make_request("/", {{http::Field::accept_encoding, "gzip;q=0"}})));
    EXPECT_TRUE(header(plain, http::Field::content_encoding).empty());
    EXPECT_EQ(plain.body(), "es:" + big_body);
    EXPECT_NE(header(plain, http::Field::etag),
        header(unwrap(handler(gzip_request())), http::Field::etag));
    EXPECT_EQ(page.renders, 1);
}

TEST(PageCache, SmallBodiesAreNotCompressed)
{
    auto page = PageCache::make_page("<p>hi</p>", "text/html; charset=utf-8");
    EXPECT_TRUE(page->gzip_body.empty());
    const http::Response response =
        PageCache::respond(make_request("/", {{http::Field::accept_encoding, "gzip"}}), *page);
    EXPECT_TRUE(header(response, http::Field::content_encoding).empty());
    EXPECT_EQ(response.body(), "<p>hi</p>");
}

TEST(PageCache, IfNoneMatchAnswers304)
{
    PageCache cache;
    CountingPage page;
    const http::Handler handler = cached(cache, page.handler());
    const std::string etag = header(unwrap(handler(make_request("/"))), http::Field::etag);
    const std::string gzip_etag =
        header(unwrap(handler(make_request("/", {{http::Field::accept_encoding, "gzip"}}))),
            http::Field::etag);
    struct Row {
        const char* name;
        std::string if_none_match;
        bool gzip;
        http::Status expected;
    };
    const Row rows[] = {
        {"same tag", etag, false, http::Status::not_modified},
        {"weak form", "W/" + etag, false, http::Status::not_modified},
        {"in a list", "\"other\", " + etag, false, http::Status::not_modified},
        {"star", "*", false, http::Status::not_modified},
        {"gzip tag for gzip", gzip_etag, true, http::Status::not_modified},
        {"plain tag for gzip", etag, true, http::Status::ok},
        {"other tag", "\"nope\"", false, http::Status::ok},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        std::vector<std::pair<http::Field, std::string>> headers = {
            {http::Field::if_none_match, row.if_none_match}};
        if (row.gzip)
            headers.emplace_back(http::Field::accept_encoding, "gzip");
        const http::Response response = unwrap(handler(make_request("/", headers)));
        EXPECT_EQ(response.result(), row.expected);
        if (row.expected == http::Status::not_modified) {
            EXPECT_TRUE(response.body().empty());
            EXPECT_FALSE(header(response, http::Field::etag).empty());
        }
    }
    EXPECT_EQ(page.renders, 1);
}

TEST(PageCache, OnlyOkResponsesAreCached)
{
    PageCache cache;
    CountingPage page;
    page.status = http::Status::service_unavailable;
    const http::Handler handler = cached(cache, page.handler());
    EXPECT_EQ(unwrap(handler(make_request("/"))).result(), http::Status::service_unavailable);
    EXPECT_EQ(unwrap(handler(make_request("/"))).result(), http::Status::service_unavailable);
    EXPECT_EQ(page.renders, 2);
    EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(PageCache, ErrorsPassThroughUntouchedAndUncached)
{
    PageCache cache;
    int renders = 0;
    const PageHandler failing = [&renders](const http::Request&,
                                    i18n::Language) -> Result<http::Response> {
        ++renders;
        return fail(ErrorCode::unavailable, "database is locked", "site settings");
    };
    struct Row {
        const char* name;
        http::Handler handler;
        http::Verb method;
    };
    const Row rows[] = {
        {"cached GET", cached(cache, failing), http::Verb::get},
        {"cached POST", cached(cache, failing), http::Verb::post},
        {"uncached", uncached(failing), http::Verb::get},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        renders = 0;
        for (int attempt = 0; attempt < 2; ++attempt) {
            // ?lang= would set the cookie on a response; an error has none to set it on.
            const Result<http::Response> result =
                row.handler(make_request("/?lang=en", {}, row.method));
            ASSERT_FALSE(result.ok());
            EXPECT_EQ(result.error().code, ErrorCode::unavailable);
            EXPECT_EQ(result.error().message, "database is locked");
            EXPECT_EQ(result.error().where, "site settings");
        }
        EXPECT_EQ(renders, 2);
    }
    EXPECT_EQ(cache.stats().entries, 0u);
    EXPECT_EQ(cache.stats().stores, 0u);
}

TEST(PageCache, ClearInvalidates)
{
    PageCache cache;
    CountingPage page;
    const http::Handler handler = cached(cache, page.handler());
    unwrap(handler(make_request("/")));
    unwrap(handler(make_request("/?lang=en")));
    EXPECT_EQ(cache.stats().entries, 2u);
    cache.clear();
    EXPECT_EQ(cache.stats().entries, 0u);
    EXPECT_EQ(cache.stats().bytes, 0u);
    unwrap(handler(make_request("/")));
    EXPECT_EQ(page.renders, 3);
}

TEST(PageCache, ARenderThatRacesAClearIsNotStored)
{
    PageCache cache;
    // The render sees the data before a write; the write commits and clears the cache while the
    // render is still running; the render's (stale) page must not land in the cache.
    const http::Handler handler =
        cached(cache, [&cache](const http::Request& request, i18n::Language) {
            cache.clear();
            return http::html_response(request, http::Status::ok, "stale " + big_body);
        });
    const http::Response response = unwrap(handler(make_request("/")));
    EXPECT_EQ(response.result(), http::Status::ok);
    EXPECT_EQ(response.body(), "stale " + big_body);
    EXPECT_EQ(cache.stats().entries, 0u);
    EXPECT_EQ(cache.stats().dropped_stale, 1u);
    EXPECT_EQ(cache.find("/", i18n::Language::es), nullptr);

    // Directly: a generation read before clear() is refused afterwards, a fresh one accepted.
    const std::uint64_t before = cache.generation();
    cache.clear();
    auto page = PageCache::make_page(big_body, "text/html");
    EXPECT_FALSE(cache.store("/x", i18n::Language::es, before, page));
    EXPECT_TRUE(cache.store("/x", i18n::Language::es, cache.generation(), page));
}

TEST(PageCache, StaysWithinItsByteBudget)
{
    PageCacheOptions options;
    options.byte_budget = 64 * 1024;
    options.shards = 4;
    PageCache cache(options);
    auto page = PageCache::make_page(std::string(4000, 'y'), "text/plain");
    const std::size_t entry_bytes = page->bytes();
    for (int i = 0; i < 100; ++i) {
        EXPECT_TRUE(cache.store(
            "/page/" + std::to_string(i), i18n::Language::es, cache.generation(), page));
        EXPECT_LE(cache.stats().bytes, options.byte_budget);
    }
    const auto stats = cache.stats();
    EXPECT_GT(stats.evictions, 0u);
    EXPECT_GE(stats.entries, options.byte_budget / (entry_bytes + 16) / 2);
    EXPECT_EQ(stats.entries + stats.evictions, 100u);
    // The newest page survives; the oldest went first.
    EXPECT_NE(cache.find("/page/99", i18n::Language::es), nullptr);
    EXPECT_EQ(cache.find("/page/0", i18n::Language::es), nullptr);
    // A page larger than an eighth of the budget is not worth keeping.
    EXPECT_FALSE(cache.store("/huge", i18n::Language::es, cache.generation(),
        PageCache::make_page(std::string(options.byte_budget / 4, 'z'), "text/plain")));
}

TEST(PageCache, ReplacingAnEntryKeepsTheAccountsRight)
{
    PageCache cache;
    auto small = PageCache::make_page("a", "text/plain");
    auto large = PageCache::make_page(std::string(1000, 'b'), "text/plain");
    ASSERT_TRUE(cache.store("/", i18n::Language::es, cache.generation(), small));
    ASSERT_TRUE(cache.store("/", i18n::Language::es, cache.generation(), large));
    EXPECT_EQ(cache.stats().entries, 1u);
    EXPECT_EQ(cache.stats().bytes, large->bytes() + 1);
    EXPECT_EQ(cache.find("/", i18n::Language::es)->body, large->body);
}

TEST(PageCache, ParallelHitsMissesAndClears)
{
    PageCacheOptions options;
    options.byte_budget = 256 * 1024;
    PageCache cache(options);
    CountingPage page;
    const http::Handler handler = cached(cache, page.handler());
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 300; ++i) {
                const auto response = unwrap(handler(make_request("/p" + std::to_string(i % 40))));
                EXPECT_EQ(response.result(), http::Status::ok);
                if (t == 0 && i % 50 == 0)
                    cache.clear();
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    const auto stats = cache.stats();
    EXPECT_EQ(stats.hits + stats.misses, 8u * 300u);
    EXPECT_LE(stats.bytes, options.byte_budget);
}

TEST(PageCache, LanguageCookieOnHitsAndMisses)
{
    PageCache cache;
    CountingPage page;
    const http::Handler handler = cached(cache, page.handler());
    for (int attempt = 0; attempt < 2; ++attempt) {
        const http::Response response = unwrap(handler(make_request("/?lang=en")));
        EXPECT_EQ(header(response, http::Field::set_cookie),
            "lang=en; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
    }
    EXPECT_TRUE(header(unwrap(handler(make_request("/"))), http::Field::set_cookie).empty());
    EXPECT_TRUE(
        header(unwrap(handler(make_request("/?lang=xx"))), http::Field::set_cookie).empty());
}

TEST(PageCache, MetricsText)
{
    PageCache cache;
    CountingPage page;
    const http::Handler handler = cached(cache, page.handler());
    unwrap(handler(make_request("/")));
    unwrap(handler(make_request("/")));
    std::string out;
    cache.append_metrics(out);
    EXPECT_NE(
        out.find("# TYPE tablero_page_cache_hits_total counter\ntablero_page_cache_hits_total 1\n"),
        std::string::npos)
        << out;
    EXPECT_NE(out.find("\ntablero_page_cache_misses_total 1\n"), std::string::npos);
    EXPECT_NE(out.find("\ntablero_page_cache_entries 1\n"), std::string::npos);
    EXPECT_NE(out.find("# TYPE tablero_page_cache_bytes gauge"), std::string::npos);
}

}  // namespace
}  // namespace tablero::web

namespace tablero::web {
namespace {

// A page without ?as_of= shows today's figures: with a clock, a new day empties the cache, and
// the same day keeps it.
TEST(PageCache, ANewDayEmptiesTheCache)
{
    FakeClock clock{
        std::chrono::sys_days{std::chrono::year{2020} / 6 / 30} + std::chrono::hours{23}};
    PageCache cache({.clock = &clock});
    int renders = 0;
    const http::Handler handler =
        cached(cache, [&renders](const http::Request& request, i18n::Language) {
            ++renders;
            return http::html_response(
                request, http::Status::ok, "render " + std::to_string(renders));
        });
    EXPECT_EQ(testing::unwrap(handler(testing::make_request("/"))).body(), "render 1");
    clock.advance(std::chrono::minutes{59});  // 23:59, the same day
    EXPECT_EQ(testing::unwrap(handler(testing::make_request("/"))).body(), "render 1");
    clock.advance(std::chrono::minutes{1});  // midnight: 1 July
    EXPECT_EQ(testing::unwrap(handler(testing::make_request("/"))).body(), "render 2");
    EXPECT_EQ(testing::unwrap(handler(testing::make_request("/"))).body(), "render 2");
    EXPECT_EQ(cache.stats().entries, 1u);
}

}  // namespace
}  // namespace tablero::web
