#include "storage/plan_cache.h"

#include "domain/plans/history.h"

#include <algorithm>
#include <future>
#include <mutex>
#include <unordered_map>

namespace tablero::storage {

namespace {

// A whole plan and the revision read before its rows.
struct Fetched {
    PlanCache::PlanPtr plan;
    std::int64_t revision = 0;
};
using Loaded = Result<Fetched>;

struct Entry {
    // Ready once the load is done; the requests that found it loading wait on it.
    std::shared_future<Loaded> plan;
    std::uint64_t last_used = 0;
    // Which load filled it: a failed load removes its own entry, never a later one.
    std::uint64_t load = 0;
    // Set when the load finished and the entry was kept; until then refresh() drops it.
    bool done = false;
};

// What was made of a plan for a day: the plan cut to the figures of that day and later
// (plans::cut_history), or its digest for that day (plans::digest_of).
template <typename Made> struct DayEntry {
    std::shared_ptr<const Made> made;
    Date day;
    // The revision of the plan it was made from.
    std::int64_t revision = 0;
    std::uint64_t last_used = 0;
};
template <typename Made> using DayEntries = std::unordered_map<std::string, DayEntry<Made>>;

// Drops the entries used least recently beyond capacity; returns how many.
template <typename Map> std::uint64_t evict_beyond(Map& entries, std::size_t capacity)
{
    std::uint64_t evicted = 0;
    while (entries.size() > capacity) {
        auto oldest = std::min_element(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; });
        entries.erase(oldest);
        ++evicted;
    }
    return evicted;
}

}  // namespace

struct PlanCache::Impl {
    Impl(PlanStore& plan_store, Capacity most)
        : store(plan_store),
          whole_capacity(std::max<std::size_t>(most.whole, 1)),
          current_capacity(std::max<std::size_t>(most.current, 1))
    {
    }

    PlanStore& store;
    std::size_t whole_capacity;
    std::size_t current_capacity;
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    DayEntries<plans::Plan> cuts;
    DayEntries<plans::PlanDigest> digests;
    std::uint64_t tick = 0;
    // Bumped by every refresh() and clear(): what was made from a plan fetched before one is
    // not kept.
    std::uint64_t generation = 0;
    Stats stats{};

    Loaded fetch(const std::string& code);
    // Keeps made under code unless a refresh() or clear() came after `since` (a generation).
    template <typename Made>
    void keep(
        DayEntries<Made>& kept, const std::string& code, DayEntry<Made> made, std::uint64_t since);
};

template <typename Made>
void PlanCache::Impl::keep(
    DayEntries<Made>& kept, const std::string& code, DayEntry<Made> made, std::uint64_t since)
{
    if (generation != since)
        return;
    made.last_used = ++tick;
    kept[code] = std::move(made);
    stats.evictions += evict_beyond(kept, current_capacity);
}

Loaded PlanCache::Impl::fetch(const std::string& code)
{
    std::unique_lock lock(mutex);
    if (auto found = entries.find(code); found != entries.end()) {
        found->second.last_used = ++tick;
        std::shared_future<Loaded> future = found->second.plan;
        const bool ready = future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
        ++(ready ? stats.hits : stats.misses);
        // Wait outside the lock: a large plan takes most of a second to load.
        lock.unlock();
        return future.get();
    }
    ++stats.misses;
    ++stats.loads;
    std::promise<Loaded> promise;
    const std::uint64_t load = ++tick;
    entries[code] = Entry{promise.get_future().share(), load, load, false};
    stats.evictions += evict_beyond(entries, whole_capacity);
    lock.unlock();

    // The revision first: a write committed while the rows are read leaves the plan tagged
    // older than its rows, and the next refresh drops it; never the other way round.
    Loaded loaded = [&]() -> Loaded {
        auto revision = store.plan_revision(code);
        if (!revision.ok())
            return std::move(revision).error();
        auto plan = store.load_plan(code);
        if (!plan.ok())
            return std::move(plan).error();
        return Fetched{std::make_shared<const plans::Plan>(std::move(plan).value()), *revision};
    }();
    promise.set_value(loaded);

    // Errors are not kept. (A plan a write overtook is not kept either: refresh() dropped its
    // entry already, and a later request may have started another load under the same code.)
    lock.lock();
    if (auto found = entries.find(code); found != entries.end() && found->second.load == load) {
        if (loaded.ok())
            found->second.done = true;
        else
            entries.erase(found);
    }
    return loaded;
}

PlanCache::PlanCache(PlanStore& store, Database& database, Capacity capacity)
    : m_impl(std::make_unique<Impl>(store, capacity))
{
    database.on_change([this] { refresh(); });
}

PlanCache::~PlanCache() = default;

Result<PlanCache::PlanPtr> PlanCache::plan(const std::string& code)
{
    auto fetched = m_impl->fetch(code);
    if (!fetched.ok())
        return std::move(fetched).error();
    return fetched->plan;
}

Result<PlanCache::PlanPtr> PlanCache::current(const std::string& code, Date day)
{
    std::unique_lock lock(m_impl->mutex);
    if (auto found = m_impl->cuts.find(code);
        found != m_impl->cuts.end() && found->second.day <= day) {
        found->second.last_used = ++m_impl->tick;
        ++m_impl->stats.hits;
        return found->second.made;
    }
    const std::uint64_t generation = m_impl->generation;
    lock.unlock();

    auto fetched = m_impl->fetch(code);
    if (!fetched.ok())
        return std::move(fetched).error();
    auto cut = std::make_shared<const plans::Plan>(plans::cut_history(*fetched->plan, day));

    lock.lock();
    m_impl->keep(m_impl->cuts, code, {cut, day, fetched->revision}, generation);
    return cut;
}

Result<PlanCache::DigestPtr> PlanCache::digest(const std::string& code, Date day)
{
    std::unique_lock lock(m_impl->mutex);
    if (auto found = m_impl->digests.find(code);
        found != m_impl->digests.end() && found->second.day == day) {
        found->second.last_used = ++m_impl->tick;
        ++m_impl->stats.hits;
        return found->second.made;
    }
    const std::uint64_t generation = m_impl->generation;
    Fetched source;
    if (auto cut = m_impl->cuts.find(code); cut != m_impl->cuts.end() && cut->second.day <= day)
        source = {cut->second.made, cut->second.revision};
    lock.unlock();

    if (!source.plan) {
        auto fetched = m_impl->fetch(code);
        if (!fetched.ok())
            return std::move(fetched).error();
        source = std::move(fetched).value();
    }
    auto digest = std::make_shared<const plans::PlanDigest>(plans::digest_of(*source.plan, day));

    lock.lock();
    m_impl->keep(m_impl->digests, code, {digest, day, source.revision}, generation);
    return digest;
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
    auto standing = [&](const std::string& code, std::int64_t revision) {
        const auto now = revisions.find(code);
        return now != revisions.end() && now->second == revision;
    };
    std::lock_guard lock(m_impl->mutex);
    ++m_impl->generation;
    for (auto entry = m_impl->entries.begin(); entry != m_impl->entries.end();) {
        if (entry->second.done && standing(entry->first, entry->second.plan.get()->revision)) {
            ++entry;
            continue;
        }
        entry = m_impl->entries.erase(entry);
        ++m_impl->stats.dropped;
    }
    auto drop_overtaken = [&](auto& kept) {
        for (auto entry = kept.begin(); entry != kept.end();) {
            if (standing(entry->first, entry->second.revision)) {
                ++entry;
                continue;
            }
            entry = kept.erase(entry);
            ++m_impl->stats.dropped;
        }
    };
    drop_overtaken(m_impl->cuts);
    drop_overtaken(m_impl->digests);
}

void PlanCache::clear()
{
    std::lock_guard lock(m_impl->mutex);
    ++m_impl->generation;
    m_impl->entries.clear();
    m_impl->cuts.clear();
    m_impl->digests.clear();
}

PlanCache::Stats PlanCache::stats() const
{
    std::lock_guard lock(m_impl->mutex);
    Stats stats = m_impl->stats;
    stats.entries = m_impl->entries.size();
    stats.current_entries = m_impl->cuts.size();
    stats.digest_entries = m_impl->digests.size();
    return stats;
}

}  // namespace tablero::storage
