#include "web/page_cache.h"

#include "http/gzip.h"
#include "http/metrics.h"
#include "web/language.h"

#include <array>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace tablero::web {

namespace {

// Lets the maps be searched with the request's string_view target without building a string.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const
    {
        return std::hash<std::string_view>{}(text);
    }
};

using PageMap = std::unordered_map<std::string, PageCache::PagePtr, StringHash, std::equal_to<>>;

// Cache-Control "no-cache": browsers keep the page but ask again each time; the ETag makes the
// answer a small 304 while the data has not changed.
constexpr std::string_view cache_control = "no-cache";
// The page differs by encoding and by language, and the language comes from the Accept-Language
// header or the cookie (RFC 9110 section 12.5.5).
constexpr std::string_view vary = "Accept-Encoding, Accept-Language, Cookie";

std::string make_etag(std::string_view body, std::string_view suffix)
{
    std::string etag = "\"" + http::content_hash(body) + "-";
    etag += std::to_string(body.size());
    etag += suffix;
    etag += '"';
    return etag;
}

std::size_t index_of(i18n::Language language)
{
    return static_cast<std::size_t>(language);
}

bool is_cacheable_method(http::Verb method)
{
    return method == http::Verb::get || method == http::Verb::head;
}

}  // namespace

struct PageCache::Shard {
    mutable std::shared_mutex mutex;
    std::array<PageMap, 3> maps;
    // Insertion order, oldest first, for eviction: each stored key appears exactly once.
    std::deque<std::pair<std::size_t, std::string>> order;
    std::size_t bytes = 0;
};

std::size_t PageCache::Page::bytes() const
{
    return body.size() + gzip_body.size() + content_type.size() + etag.size() + gzip_etag.size() +
        sizeof(Page);
}

PageCache::PageCache() : PageCache(PageCacheOptions{})
{
}

PageCache::PageCache(PageCacheOptions options) : m_options(options)
{
    if (m_options.shards == 0)
        m_options.shards = 1;
    m_shards.reserve(m_options.shards);
    for (std::size_t i = 0; i < m_options.shards; ++i)
        m_shards.push_back(std::make_unique<Shard>());
}

PageCache::~PageCache() = default;

PageCache::PagePtr PageCache::make_page(std::string body, std::string content_type)
{
    auto page = std::make_shared<Page>();
    if (body.size() >= http::gzip_min_bytes && http::is_compressible(content_type)) {
        page->gzip_body = http::gzip_compress(body);
        page->gzip_etag = make_etag(body, "-gz");
    }
    page->etag = make_etag(body, "");
    page->body = std::move(body);
    page->content_type = std::move(content_type);
    return page;
}

PageCache::Shard& PageCache::shard_for(std::string_view target) const
{
    return *m_shards[StringHash{}(target) % m_shards.size()];
}

PageCache::PagePtr PageCache::find(std::string_view target, i18n::Language language)
{
    if (m_options.clock) {
        const long today = days_since_epoch(m_options.clock->today());
        // One thread wins the exchange and clears; the others see the new day.
        long seen = m_day.load(std::memory_order_relaxed);
        if (seen != today && m_day.compare_exchange_strong(seen, today))
            clear();
    }
    const Shard& shard = shard_for(target);
    {
        std::shared_lock lock(shard.mutex);
        const PageMap& map = shard.maps[index_of(language)];
        const auto found = map.find(target);
        if (found != map.end()) {
            m_hits.fetch_add(1, std::memory_order_relaxed);
            return found->second;
        }
    }
    m_misses.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
}

bool PageCache::store(
    std::string_view target, i18n::Language language, std::uint64_t generation, PagePtr page)
{
    const std::size_t size = page->bytes() + target.size();
    if (size > m_options.byte_budget / 8)
        return false;
    Shard& shard = shard_for(target);
    {
        std::unique_lock lock(shard.mutex);
        // Checked under the shard's lock: clear() bumps the generation before it empties the
        // shards, so either this sees the new generation and drops the page, or the page is in
        // the shard before clear() gets to it and is removed with the rest.
        if (generation != m_generation.load()) {
            m_dropped_stale.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        PageMap& map = shard.maps[index_of(language)];
        const auto found = map.find(target);
        if (found != map.end()) {
            const std::size_t old_size = found->second->bytes() + target.size();
            found->second = std::move(page);
            shard.bytes = shard.bytes - old_size + size;
            m_bytes.fetch_sub(old_size);
            m_bytes.fetch_add(size);
        } else {
            map.emplace(std::string(target), std::move(page));
            shard.order.emplace_back(index_of(language), std::string(target));
            shard.bytes += size;
            m_bytes.fetch_add(size);
            m_entries.fetch_add(1);
        }
    }
    m_stores.fetch_add(1, std::memory_order_relaxed);
    if (m_bytes.load() > m_options.byte_budget)
        evict_over_budget();
    return true;
}

void PageCache::evict_over_budget()
{
    // One shard at a time, oldest entries first, never holding two locks.
    for (std::size_t visited = 0; visited < m_shards.size(); ++visited) {
        if (m_bytes.load() <= m_options.byte_budget)
            return;
        Shard& shard = *m_shards[m_evict_cursor.fetch_add(1) % m_shards.size()];
        std::unique_lock lock(shard.mutex);
        while (!shard.order.empty() && m_bytes.load() > m_options.byte_budget) {
            auto [language, key] = std::move(shard.order.front());
            shard.order.pop_front();
            PageMap& map = shard.maps[language];
            const auto found = map.find(key);
            if (found == map.end())
                continue;
            const std::size_t size = found->second->bytes() + key.size();
            map.erase(found);
            shard.bytes -= size;
            m_bytes.fetch_sub(size);
            m_entries.fetch_sub(1);
            m_evictions.fetch_add(1, std::memory_order_relaxed);
        }
    }
}

void PageCache::clear()
{
    m_generation.fetch_add(1);
    for (auto& shard : m_shards) {
        std::unique_lock lock(shard->mutex);
        std::size_t entries = 0;
        for (auto& map : shard->maps) {
            entries += map.size();
            map.clear();
        }
        shard->order.clear();
        m_bytes.fetch_sub(shard->bytes);
        m_entries.fetch_sub(entries);
        shard->bytes = 0;
    }
}

PageCache::Stats PageCache::stats() const
{
    Stats stats;
    stats.hits = m_hits.load(std::memory_order_relaxed);
    stats.misses = m_misses.load(std::memory_order_relaxed);
    stats.stores = m_stores.load(std::memory_order_relaxed);
    stats.evictions = m_evictions.load(std::memory_order_relaxed);
    stats.dropped_stale = m_dropped_stale.load(std::memory_order_relaxed);
    stats.entries = m_entries.load();
    stats.bytes = m_bytes.load();
    stats.byte_budget = m_options.byte_budget;
    return stats;
}

void PageCache::append_metrics(std::string& out) const
{
    const Stats s = stats();
    const auto metric = [&out](std::string_view name, std::string_view type, std::string_view help,
                            auto value) {
        http::append_metric(out, name, type, help, static_cast<double>(value));
    };
    metric("tablero_page_cache_hits_total", "counter", "Requests answered from the page cache.",
        s.hits);
    metric("tablero_page_cache_misses_total", "counter",
        "Requests for cacheable pages that had to be rendered.", s.misses);
    metric("tablero_page_cache_stores_total", "counter", "Pages put in the cache.", s.stores);
    metric("tablero_page_cache_evictions_total", "counter",
        "Pages removed to stay within the byte budget.", s.evictions);
    metric("tablero_page_cache_stale_drops_total", "counter",
        "Renders not cached because the data changed while they ran.", s.dropped_stale);
    metric("tablero_page_cache_entries", "gauge", "Pages in the cache.", s.entries);
    metric("tablero_page_cache_bytes", "gauge", "Bytes held by the cache.", s.bytes);
    metric("tablero_page_cache_budget_bytes", "gauge", "The cache's byte budget.", s.byte_budget);
}

http::Response PageCache::respond(const http::Request& request, const Page& page)
{
    const bool gzip = !page.gzip_body.empty() && request.accepts_gzip();
    const std::string& etag = gzip ? page.gzip_etag : page.etag;
    const std::string_view if_none_match = request.header(http::Field::if_none_match);
    if (!if_none_match.empty() && http::if_none_match(if_none_match, etag)) {
        http::Response response{http::Status::not_modified, request.raw().version()};
        response.keep_alive(request.raw().keep_alive());
        response.set(http::Field::etag, etag);
        response.set(http::Field::cache_control, cache_control);
        response.set(http::Field::vary, vary);
        return response;
    }
    http::Response response = http::make_response(
        request, http::Status::ok, page.content_type, gzip ? page.gzip_body : page.body);
    response.set(http::Field::etag, etag);
    response.set(http::Field::cache_control, cache_control);
    response.set(http::Field::vary, vary);
    if (gzip)
        response.set(http::Field::content_encoding, "gzip");
    return response;
}

http::Handler cached(PageCache& cache, PageHandler render)
{
    return [&cache, render = std::move(render)](
               const http::Request& request) -> Result<http::Response> {
        const i18n::Language language = request_language(request);
        if (!is_cacheable_method(request.method())) {
            Result<http::Response> response = render(request, language);
            if (response.ok())
                remember_language(request, *response);
            return response;
        }
        if (PageCache::PagePtr page = cache.find(request.target(), language)) {
            http::Response response = PageCache::respond(request, *page);
            remember_language(request, response);
            return response;
        }
        const std::uint64_t generation = cache.generation();
        Result<http::Response> rendered = render(request, language);
        if (!rendered.ok())
            return rendered;
        if (rendered->result() != http::Status::ok) {
            remember_language(request, *rendered);
            return rendered;
        }
        PageCache::PagePtr page = PageCache::make_page(
            std::move(rendered->body()), std::string((*rendered)[http::Field::content_type]));
        cache.store(request.target(), language, generation, page);
        http::Response response = PageCache::respond(request, *page);
        remember_language(request, response);
        return response;
    };
}

http::Handler uncached(PageHandler render)
{
    return [render = std::move(render)](const http::Request& request) {
        Result<http::Response> response = render(request, request_language(request));
        if (response.ok())
            remember_language(request, *response);
        return response;
    };
}

}  // namespace tablero::web
