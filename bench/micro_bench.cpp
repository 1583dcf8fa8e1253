// Micro-benchmarks of the code every request runs through: routing, target parsing, the page
// cache's lookup and response, language negotiation, number formatting and gzip. Run with
// `make bench-micro` (or build/bench/micro_bench); figures in bench/README.md.
#include "domain/i18n/format.h"
#include "domain/i18n/language.h"
#include "http/gzip.h"
#include "http/message.h"
#include "http/router.h"
#include "web/page_cache.h"

#include <benchmark/benchmark.h>

#include <string>

namespace tablero {
namespace {

http::RawRequest raw_request(std::string target)
{
    http::RawRequest raw{http::Verb::get, target, 11};
    raw.set(http::Field::host, "localhost");
    raw.set(http::Field::accept_language, "es-PY,es;q=0.9,en;q=0.8");
    raw.set(http::Field::cookie, "lang=es; session=abc");
    return raw;
}

// A router the size later modules will give it: a few dozen routes with parameters.
void BM_RouterMatch(benchmark::State& state)
{
    http::Router router;
    const char* features[] = {"plans", "consultations", "reports", "requests", "parliament",
        "institutions", "evidence", "assessments"};
    for (const char* feature : features) {
        std::string base = std::string("/") + feature;
        auto ok = [](const http::Request&) { return http::Response{}; };
        router.get(base, ok);
        router.get(base + "/{code}", ok);
        router.get(base + "/{code}/feed.atom", ok);
        router.get(base + "/{code}/items/{item}", ok);
        router.post(base + "/{code}/items/{item}", ok);
    }
    for (auto _ : state) {
        auto match = router.match(http::Verb::get, "/plans/PY-2014/items/C7");
        benchmark::DoNotOptimize(match);
    }
}
BENCHMARK(BM_RouterMatch);

void BM_RequestParse(benchmark::State& state)
{
    auto raw = raw_request("/plans/PY-2014?lang=en&as_of=2015-06-30&area=transparencia");
    for (auto _ : state) {
        auto request = http::Request::from_raw(raw, "127.0.0.1");
        benchmark::DoNotOptimize(request);
    }
}
BENCHMARK(BM_RequestParse);

// A hit: look the page up and build the response from its bytes (20 KB, as in bench/).
void BM_PageCacheHit(benchmark::State& state)
{
    web::PageCache cache;
    auto page = web::PageCache::make_page(std::string(20 * 1024, 'x'), "text/html; charset=utf-8");
    cache.store("/", i18n::Language::es, cache.generation(), page);
    auto request = http::Request::from_raw(raw_request("/"), "127.0.0.1");
    for (auto _ : state) {
        auto found = cache.find(request->target(), i18n::Language::es);
        auto response = web::PageCache::respond(*request, *found);
        benchmark::DoNotOptimize(response);
    }
}
BENCHMARK(BM_PageCacheHit);

void BM_NegotiateLanguage(benchmark::State& state)
{
    for (auto _ : state) {
        auto language = i18n::negotiate_language(
            {std::nullopt, std::nullopt, "de-DE,de;q=0.9,gn;q=0.8,es;q=0.7"});
        benchmark::DoNotOptimize(language);
    }
}
BENCHMARK(BM_NegotiateLanguage);

void BM_FormatPercent(benchmark::State& state)
{
    double value = 66.25;
    for (auto _ : state) {
        auto text = i18n::format_percent(i18n::Language::es, value);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(BM_FormatPercent);

// What a page costs when it is compressed on every request instead of once in the cache.
void BM_Gzip20KB(benchmark::State& state)
{
    std::string html;
    while (html.size() < 20 * 1024)
        html += "<tr><td>Compromiso 7</td><td class=\"progress\">66,3 %</td></tr>\n";
    for (auto _ : state) {
        auto compressed = http::gzip_compress(html);
        benchmark::DoNotOptimize(compressed);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * html.size()));
}
BENCHMARK(BM_Gzip20KB);

}  // namespace
}  // namespace tablero
