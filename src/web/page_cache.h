// A cache of rendered public pages, so a popular page costs one render per data change rather
// than one per request. Key: the request target (path and query) and the language. Value: the
// 200 body, its content type, a gzip copy made once and an ETag. Any committed database write
// clears it (web/routes.cpp subscribes clear() to Database::on_change).
//
// Reads take a shared lock on one of several shards, so parallel hits do not contend; writes
// lock one shard. The byte budget bounds memory: when full, the oldest entries go first.
#pragma once

#include "core/clock.h"
#include "domain/i18n/language.h"
#include "http/message.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::web {

struct PageCacheOptions {
    // Bodies plus gzip copies plus keys, in bytes.
    std::size_t byte_budget = 64 * 1024 * 1024;
    std::size_t shards = 16;
    // A page asked without ?as_of= shows today's figures, so a page rendered yesterday is stale
    // even if nothing was written since. With a clock, the first lookup of a new day (UTC)
    // empties the cache. Null: pages live until the next write (tests that need no day).
    const Clock* clock = nullptr;
};

class PageCache {
public:
    // One cached page, immutable once built and shared by the requests that serve it.
    struct Page {
        std::string body;
        // Empty when the body is too small or not text worth compressing.
        std::string gzip_body;
        std::string content_type;
        // A strong validator: a hash of the body, quoted ("\"1f3a...\"").
        std::string etag;
        // The gzip variant's validator: another representation needs another ETag (RFC 9110
        // section 8.8.3).
        std::string gzip_etag;
        std::size_t bytes() const;
    };
    using PagePtr = std::shared_ptr<const Page>;

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::uint64_t stores = 0;
        std::uint64_t evictions = 0;
        std::uint64_t dropped_stale = 0;
        std::size_t entries = 0;
        std::size_t bytes = 0;
        std::size_t byte_budget = 0;
    };

    PageCache();
    explicit PageCache(PageCacheOptions options);
    ~PageCache();
    PageCache(const PageCache&) = delete;
    PageCache& operator=(const PageCache&) = delete;

    // Builds a page: computes its ETag and, for compressible text, its gzip copy.
    static PagePtr make_page(std::string body, std::string content_type);

    // The cached page, or nullptr. Counts a hit or a miss. Empties the cache first when the
    // clock's day has changed since the last lookup.
    PagePtr find(std::string_view target, i18n::Language language);

    // Read before rendering and passed to store(): a render that began before a clear() must
    // not put its (possibly stale) page in the cache after it.
    std::uint64_t generation() const { return m_generation.load(); }

    // Stores page unless clear() ran since `generation` was read, or the page alone would take
    // more than an eighth of the budget. Returns whether it was stored.
    bool store(
        std::string_view target, i18n::Language language, std::uint64_t generation, PagePtr page);

    // Forgets every page and bumps the generation.
    void clear();

    Stats stats() const;
    // Prometheus text: tablero_page_cache_{hits,misses,stores,evictions}_total and
    // tablero_page_cache_{entries,bytes,budget_bytes}.
    void append_metrics(std::string& out) const;

    // The response for a cached page: the gzip variant when the client accepts it, 304 when
    // If-None-Match names the variant's ETag.
    static http::Response respond(const http::Request& request, const Page& page);

private:
    struct Shard;
    Shard& shard_for(std::string_view target) const;
    void evict_over_budget();

    PageCacheOptions m_options;
    std::vector<std::unique_ptr<Shard>> m_shards;
    std::atomic<std::uint64_t> m_generation{0};
    // The day of the last lookup (days since 1970-01-01), with options.clock.
    std::atomic<long> m_day{0};
    std::atomic<std::size_t> m_bytes{0};
    std::atomic<std::size_t> m_entries{0};
    std::atomic<std::size_t> m_evict_cursor{0};
    mutable std::atomic<std::uint64_t> m_hits{0};
    mutable std::atomic<std::uint64_t> m_misses{0};
    std::atomic<std::uint64_t> m_stores{0};
    std::atomic<std::uint64_t> m_evictions{0};
    std::atomic<std::uint64_t> m_dropped_stale{0};
};

// A page handler that is told the request's language. Like any handler it may answer with an
// Error, which the pipeline renders.
using PageHandler = std::function<Result<http::Response>(const http::Request&, i18n::Language)>;

// Wraps a public GET page: picks the language, answers from the cache when it can, and
// otherwise calls render and caches its answer when it is 200. Only the body and Content-Type
// of render's response are kept, so a cached page must not depend on other headers it sets.
// A valid ?lang= also sets the language cookie, on hits as on misses. An Error from render is
// passed on untouched and never cached.
http::Handler cached(PageCache& cache, PageHandler render);

// The same language handling without the cache, for pages that must stay fresh.
http::Handler uncached(PageHandler render);

}  // namespace tablero::web
