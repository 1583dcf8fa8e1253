#include "storage/plan_cache.h"

#include <algorithm>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace tablero::storage {

namespace {

using Loaded = Result<PlanCache::PlanPtr>;

struct Entry {
    // Ready once the load is done; the requests that found it loading wait on it.
    std::shared_future<Loaded> plan;
    std::uint64_t last_used = 0;
    // Which load filled it: a failed load removes its own entry, never a later one.
    std::uint64_t load = 0;
    // The plan's revision read before its rows; unset until the load is done.
    std::optional<std::int64_t> revision;
};

}  // namespace

struct PlanCache::Impl {
    Impl(PlanStore& plan_store, std::size_t most)
        : store(plan_store), capacity(std::max<std::size_t>(most, 1))
    {
    }

    PlanStore& store;
    std::size_t capacity;
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    std::uint64_t tick = 0;
    Stats stats{};

    // Called with the mutex held.
    void evict_beyond_capacity()
    {
        while (entries.size() > capacity) {
            auto oldest =
                std::min_element(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
                    return a.second.last_used < b.second.last_used;
                });
            entries.erase(oldest);
            ++stats.evictions;
        }
    }
};

PlanCache::PlanCache(PlanStore& store, Database& database, std::size_t capacity)
    : m_impl(std::make_unique<Impl>(store, capacity))
{
    database.on_change([this] { refresh(); });
}

PlanCache::~PlanCache() = default;

Result<PlanCache::PlanPtr> PlanCache::plan(const std::string& code)
{
    std::unique_lock lock(m_impl->mutex);
    if (auto found = m_impl->entries.find(code); found != m_impl->entries.end()) {
        found->second.last_used = ++m_impl->tick;
        std::shared_future<Loaded> future = found->second.plan;
        const bool ready = future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
        ++(ready ? m_impl->stats.hits : m_impl->stats.misses);
        // Wait outside the lock: a large plan takes most of a second to load.
        lock.unlock();
        return future.get();
    }
    ++m_impl->stats.misses;
    ++m_impl->stats.loads;
    std::promise<Loaded> promise;
    const std::uint64_t load = ++m_impl->tick;
    m_impl->entries[code] = Entry{promise.get_future().share(), load, load, std::nullopt};
    m_impl->evict_beyond_capacity();
    lock.unlock();

    // The revision first: a write committed while the rows are read leaves the plan tagged
    // older than its rows, and the next refresh drops it; never the other way round.
    std::int64_t revision = 0;
    Loaded loaded = [&]() -> Loaded {
        auto read = m_impl->store.plan_revision(code);
        if (!read.ok())
            return std::move(read).error();
        revision = *read;
        auto plan = m_impl->store.load_plan(code);
        if (!plan.ok())
            return std::move(plan).error();
        return std::make_shared<const plans::Plan>(std::move(plan).value());
    }();
    promise.set_value(loaded);

    // Errors are not kept. (A plan a write overtook is not kept either: refresh() dropped its
    // entry already, and a later request may have started another load under the same code.)
    lock.lock();
    if (auto found = m_impl->entries.find(code);
        found != m_impl->entries.end() && found->second.load == load) {
        if (loaded.ok())
            found->second.revision = revision;
        else
            m_impl->entries.erase(found);
    }
    return loaded;
}

void PlanCache::refresh()
{
    auto summaries = m_impl->store.list_plans();
    if (!summaries.ok()) {
        clear();
        return;
    }
    std::unordered_map<std::string, std::int64_t> revisions;
    for (const auto& summary : *summaries)
        revisions.emplace(summary.code, summary.revision);
    std::lock_guard lock(m_impl->mutex);
    for (auto entry = m_impl->entries.begin(); entry != m_impl->entries.end();) {
        const auto now = revisions.find(entry->first);
        const bool current = entry->second.revision && now != revisions.end() &&
            now->second == *entry->second.revision;
        if (current) {
            ++entry;
            continue;
        }
        entry = m_impl->entries.erase(entry);
        ++m_impl->stats.dropped;
    }
}

void PlanCache::clear()
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->entries.clear();
}

PlanCache::Stats PlanCache::stats() const
{
    std::lock_guard lock(m_impl->mutex);
    Stats stats = m_impl->stats;
    stats.entries = m_impl->entries.size();
    return stats;
}

}  // namespace tablero::storage
