#include "web/search/index.h"

namespace tablero::web::search {

SearchIndex::Entry& SearchIndex::entry_for(const PlanPtr& plan)
{
    Entry& entry = m_entries[plan->code];
    if (entry.plan.lock() != plan)
        entry = Entry{plan, nullptr, {}, nullptr};
    return entry;
}

SearchIndex::Documents SearchIndex::documents(const PlanPtr& plan)
{
    {
        std::lock_guard lock(m_mutex);
        Entry& entry = entry_for(plan);
        if (entry.documents)
            return entry.documents;
    }
    // Built outside the lock: two first searches at once may both build, which costs time
    // once but never blocks other plans' searches behind a large plan.
    auto built = std::make_shared<Prepared>();
    built->documents.reserve(plan->commitments.size());
    for (const auto& commitment : plan->commitments)
        built->documents.push_back(plans::make_search_document(commitment));
    built->words = plans::WordIndex(built->documents);
    std::lock_guard lock(m_mutex);
    Entry& entry = entry_for(plan);
    if (!entry.documents)
        entry.documents = std::move(built);
    return entry.documents;
}

SearchIndex::Snapshot SearchIndex::snapshot(const PlanPtr& plan, Date day)
{
    {
        std::lock_guard lock(m_mutex);
        Entry& entry = entry_for(plan);
        if (entry.snapshot && entry.day == day)
            return entry.snapshot;
    }
    const plans::PlanSnapshot snapshot = plans::snapshot_of(*plan, day);
    auto figures = std::make_shared<Figures>();
    figures->applicable = snapshot.applicable;
    figures->progress = snapshot.progress;
    figures->status = snapshot.status;
    figures->counts = snapshot.counts;
    figures->commitments.reserve(snapshot.commitments.size());
    for (const auto& commitment : snapshot.commitments)
        figures->commitments.push_back(
            {commitment.applicable, commitment.progress, commitment.status});
    Snapshot built = std::move(figures);
    std::lock_guard lock(m_mutex);
    Entry& entry = entry_for(plan);
    entry.day = day;
    entry.snapshot = built;
    return built;
}

}  // namespace tablero::web::search
