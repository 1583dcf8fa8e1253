// PlanCache over a fake store that counts its loads: a plan is loaded once and then shared, a
// committed write reloads only the plans whose revision it moved (and forgets deleted plans and
// loads it overtook), errors are not kept, concurrent requests for a plan wait for one load, and
// capacity evicts the plan used least recently.
#include "storage/plan_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace tablero::storage {
namespace {

// load_plan returns a plan whose title counts the loads so far; plan_revision and list_plans
// give the revisions a test sets (0 for a code first asked for).
class CountingStore : public PlanStore {
public:
    std::atomic<int> loads = 0;
    std::atomic<int> revision_reads = 0;
    std::atomic<bool> list_fails = false;

    void bump(const std::string& code)
    {
        std::lock_guard lock(m_mutex);
        ++m_revisions[code];
    }
    void remove(const std::string& code)
    {
        std::lock_guard lock(m_mutex);
        m_revisions.erase(code);
    }
    // While closed, load_plan waits (to hold a load open while other requests arrive).
    void close_gate()
    {
        std::lock_guard lock(m_mutex);
        m_gate_open = false;
    }
    void open_gate()
    {
        {
            std::lock_guard lock(m_mutex);
            m_gate_open = true;
        }
        m_changed.notify_all();
    }

    Result<plans::Plan> load_plan(const std::string& code) override
    {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return m_gate_open; });
        }
        const int count = ++loads;
        if (code == "MISSING")
            return fail(ErrorCode::not_found, "no plan MISSING");
        plans::Plan plan;
        plan.code = code;
        plan.title = "load " + std::to_string(count);
        // One leaf with three reports, so that a cut plan shows what it kept.
        plans::Node leaf;
        leaf.code = "1.1";
        for (const Date as_of : {Date{2015, 1, 31}, Date{2015, 6, 30}, Date{2016, 1, 31}}) {
            plans::ProgressUpdate update;
            update.as_of = as_of;
            update.progress = plans::Progress::of(10);
            leaf.updates.push_back(update);
        }
        plans::Commitment commitment;
        commitment.code = "1";
        commitment.results = {leaf};
        plan.commitments = {commitment};
        return plan;
    }

    Result<void> put_organisation(const plans::Organisation&) override { return unused(); }
    Result<void> put_plan(const plans::Plan&) override { return unused(); }
    Result<plans::ImportSummary> apply_import(
        const plans::ImportedPlan&, const std::string&, const std::string&) override
    {
        return unused();
    }
    Result<void> put_commitment_details(const std::string&, const plans::Commitment&) override
    {
        return unused();
    }
    Result<void> add_assessment(
        const std::string&, const std::string&, const plans::Assessment&) override
    {
        return unused();
    }
    Result<void> add_progress_update(const std::string&, const std::string&, const std::string&,
        const plans::ProgressUpdate&) override
    {
        return unused();
    }
    Result<std::vector<PlanSummary>> list_plans() override
    {
        if (list_fails)
            return fail(ErrorCode::unavailable, "database down");
        std::lock_guard lock(m_mutex);
        std::vector<PlanSummary> summaries;
        for (const auto& [code, revision] : m_revisions) {
            PlanSummary summary;
            summary.code = code;
            summary.revision = revision;
            summaries.push_back(summary);
        }
        return summaries;
    }
    Result<std::int64_t> plan_revision(const std::string& code) override
    {
        ++revision_reads;
        if (code == "MISSING")
            return fail(ErrorCode::not_found, "no plan MISSING");
        std::lock_guard lock(m_mutex);
        return m_revisions[code];
    }
    Result<plans::Plan> load_commitment(const std::string&, const std::string&) override
    {
        return unused();
    }

private:
    static Error unused() { return fail(ErrorCode::internal, "not used by PlanCache"); }
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_gate_open = true;
    std::map<std::string, std::int64_t> m_revisions;
};

// A real database only for its on_change: a committed write must clear the cache.
class PlanCacheTest : public ::testing::Test {
protected:
    PlanCacheTest()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "tablero-plan-cache-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        m_folder = pattern;
        auto location = parse_database_location((m_folder / "t.db").string()).value();
        m_database = Database::open(location).value();
    }
    ~PlanCacheTest() override
    {
        m_database.reset();
        std::error_code ignored;
        std::filesystem::remove_all(m_folder, ignored);
    }

    void commit_a_write()
    {
        auto written = m_database->write([](soci::session& session) -> Result<void> {
            session << "CREATE TABLE IF NOT EXISTS t (x INTEGER)";
            session << "INSERT INTO t VALUES (1)";
            return {};
        });
        ASSERT_TRUE(written.ok());
    }

    // Runs request on a thread, holds plan A's load open after its revision is read, commits a
    // write that changes A meanwhile, lets the load finish and gives the title request got.
    // (request gives a plan or a digest: both have a title.)
    template <typename Request> std::string title_of_a_load_a_write_overtakes(Request request)
    {
        m_store.close_gate();
        std::string title;
        std::thread requesting([&] {
            auto plan = request();
            title = plan.ok() ? (*plan)->title : plan.error().message;
        });
        while (m_store.revision_reads < 1)
            std::this_thread::yield();
        m_store.bump("A");
        commit_a_write();
        m_store.open_gate();
        requesting.join();
        return title;
    }

    std::filesystem::path m_folder;
    std::unique_ptr<Database> m_database;
    CountingStore m_store;
};

TEST_F(PlanCacheTest, LoadsOnceAndSharesThePlan)
{
    PlanCache cache(m_store, *m_database);
    auto first = cache.plan("A");
    auto second = cache.plan("A");
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->get(), second->get());
    EXPECT_EQ((*second)->title, "load 1");
    EXPECT_EQ(m_store.loads, 1);
    const auto stats = cache.stats();
    EXPECT_EQ(stats.hits, 1u);
    EXPECT_EQ(stats.misses, 1u);
    EXPECT_EQ(stats.loads, 1u);
    EXPECT_EQ(stats.entries, 1u);
}

TEST_F(PlanCacheTest, AWriteReloadsOnlyThePlansItChanged)
{
    PlanCache cache(m_store, *m_database);
    auto a = cache.plan("A");
    auto b = cache.plan("B");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(m_store.loads, 2);

    // A write that changed no plan (a comment, say) keeps both.
    commit_a_write();
    EXPECT_EQ(cache.plan("A")->get(), a->get());
    EXPECT_EQ(cache.plan("B")->get(), b->get());
    EXPECT_EQ(m_store.loads, 2);

    m_store.bump("B");
    commit_a_write();
    EXPECT_EQ(cache.plan("A")->get(), a->get());
    auto b_after = cache.plan("B");
    ASSERT_TRUE(b_after.ok());
    EXPECT_NE(b_after->get(), b->get());
    EXPECT_EQ((*b_after)->title, "load 3");
    // What a request already holds stays valid.
    EXPECT_EQ((*b)->title, "load 2");
    EXPECT_EQ(m_store.loads, 3);
    EXPECT_EQ(cache.stats().dropped, 1u);
}

TEST_F(PlanCacheTest, AWriteForgetsDeletedPlans)
{
    PlanCache cache(m_store, *m_database);
    ASSERT_TRUE(cache.plan("A").ok());
    ASSERT_TRUE(cache.plan("B").ok());
    m_store.remove("A");
    commit_a_write();
    EXPECT_EQ(cache.stats().entries, 1u);
    EXPECT_EQ(cache.stats().dropped, 1u);
}

TEST_F(PlanCacheTest, ForgetsEverythingWhenTheRevisionsCannotBeRead)
{
    PlanCache cache(m_store, *m_database);
    ASSERT_TRUE(cache.plan("A").ok());
    ASSERT_TRUE(cache.plan("B").ok());
    m_store.list_fails = true;
    commit_a_write();
    EXPECT_EQ(cache.stats().entries, 0u);
    m_store.list_fails = false;
    ASSERT_TRUE(cache.plan("A").ok());
    EXPECT_EQ(m_store.loads, 3);
}

// The revision is read before the rows: a write that commits while a plan loads leaves that load
// unkept, so the next request reads the plan again.
TEST_F(PlanCacheTest, ALoadAWriteOvertookIsNotKept)
{
    PlanCache cache(m_store, *m_database);
    // The request that waited gets what was loaded...
    EXPECT_EQ(title_of_a_load_a_write_overtakes([&] { return cache.plan("A"); }), "load 1");
    // ...but the next one loads the plan as the write left it.
    auto next = cache.plan("A");
    ASSERT_TRUE(next.ok());
    EXPECT_EQ((*next)->title, "load 2");
}

TEST_F(PlanCacheTest, ErrorsAreNotKept)
{
    PlanCache cache(m_store, *m_database);
    auto missing = cache.plan("MISSING");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
    EXPECT_FALSE(cache.plan("MISSING").ok());
    EXPECT_EQ(m_store.revision_reads, 2);
    EXPECT_EQ(cache.stats().entries, 0u);
}

TEST_F(PlanCacheTest, ConcurrentRequestsWaitForOneLoad)
{
    PlanCache cache(m_store, *m_database);
    m_store.close_gate();
    std::vector<std::thread> requests;
    std::vector<std::string> titles(4);
    for (std::size_t i = 0; i < titles.size(); ++i) {
        requests.emplace_back([&cache, &titles, i] {
            auto plan = cache.plan("A");
            titles[i] = plan.ok() ? (*plan)->title : plan.error().message;
        });
    }
    // Every request has arrived once the cache counted four misses (one load, three waits).
    while (cache.stats().misses < 4)
        std::this_thread::yield();
    m_store.open_gate();
    for (auto& request : requests)
        request.join();
    EXPECT_EQ(m_store.loads, 1);
    for (const auto& title : titles)
        EXPECT_EQ(title, "load 1");
}

TEST_F(PlanCacheTest, EvictsThePlanUsedLeastRecently)
{
    PlanCache cache(m_store, *m_database, {.whole = 2, .current = 2});
    ASSERT_TRUE(cache.plan("A").ok());
    ASSERT_TRUE(cache.plan("B").ok());
    ASSERT_TRUE(cache.plan("A").ok());  // B is now the least recently used
    ASSERT_TRUE(cache.plan("C").ok());
    EXPECT_EQ(cache.stats().evictions, 1u);
    EXPECT_EQ(m_store.loads, 3);
    ASSERT_TRUE(cache.plan("A").ok());
    EXPECT_EQ(m_store.loads, 3);
    ASSERT_TRUE(cache.plan("B").ok());
    EXPECT_EQ(m_store.loads, 4);
}

std::size_t reports(const PlanCache::PlanPtr& plan)
{
    return plan->commitments.at(0).results.at(0).updates.size();
}

TEST_F(PlanCacheTest, CurrentPlansKeepTheHistoryFromTheirDayOn)
{
    PlanCache cache(m_store, *m_database);
    auto whole = cache.plan("A");
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(reports(*whole), 3u);

    auto cut = cache.current("A", Date{2015, 7, 1});
    ASSERT_TRUE(cut.ok());
    // The report in force on 1 July 2015 and the later one.
    EXPECT_EQ(reports(*cut), 2u);
    // Cut from the whole plan already loaded, and handed out again for later days.
    EXPECT_EQ(m_store.loads, 1);
    EXPECT_EQ(cache.current("A", Date{2015, 7, 1})->get(), cut->get());
    EXPECT_EQ(cache.current("A", Date{2026, 1, 1})->get(), cut->get());
    // An earlier day needs more of the history: cut again.
    auto earlier = cache.current("A", Date{2015, 2, 1});
    ASSERT_TRUE(earlier.ok());
    EXPECT_EQ(reports(*earlier), 3u);
    EXPECT_EQ(cache.stats().current_entries, 1u);
}

TEST_F(PlanCacheTest, AWriteDropsTheCurrentPlansItChanged)
{
    PlanCache cache(m_store, *m_database);
    const Date day{2016, 2, 1};
    auto a = cache.current("A", day);
    auto b = cache.current("B", day);
    ASSERT_TRUE(a.ok() && b.ok());
    m_store.bump("A");
    commit_a_write();
    EXPECT_EQ(cache.current("B", day)->get(), b->get());
    auto a_after = cache.current("A", day);
    ASSERT_TRUE(a_after.ok());
    EXPECT_NE(a_after->get(), a->get());
    EXPECT_EQ((*a_after)->title, "load 3");
    // The whole A and the cut A.
    EXPECT_EQ(cache.stats().dropped, 2u);
}

TEST_F(PlanCacheTest, ACutAWriteOvertookIsNotKept)
{
    PlanCache cache(m_store, *m_database);
    EXPECT_EQ(title_of_a_load_a_write_overtakes([&] {
        return cache.current("A", Date{2016, 2, 1});
    }),
        "load 1");
    EXPECT_EQ(cache.stats().current_entries, 0u);
    EXPECT_EQ((*cache.current("A", Date{2016, 2, 1}))->title, "load 2");
}

TEST_F(PlanCacheTest, DigestsAreKeptForTheirDay)
{
    PlanCache cache(m_store, *m_database);
    const Date day{2016, 2, 1};
    auto digest = cache.digest("A", day);
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ((*digest)->code, "A");
    EXPECT_EQ((*digest)->as_of, day);
    EXPECT_EQ(cache.digest("A", day)->get(), digest->get());
    EXPECT_EQ(m_store.loads, 1);
    // Another day's figures are another digest, made from the whole plan still kept.
    auto next_day = cache.digest("A", Date{2016, 2, 2});
    ASSERT_TRUE(next_day.ok());
    EXPECT_EQ((*next_day)->as_of, (Date{2016, 2, 2}));
    EXPECT_EQ(m_store.loads, 1);
    EXPECT_EQ(cache.stats().digest_entries, 1u);
}

TEST_F(PlanCacheTest, DigestsAreMadeFromTheCutPlanWhenItIsKept)
{
    // One whole plan kept at most: after B's load, A is left only cut to the day.
    PlanCache cache(m_store, *m_database, {.whole = 1, .current = 8});
    const Date day{2016, 2, 1};
    ASSERT_TRUE(cache.current("A", day).ok());
    ASSERT_TRUE(cache.plan("B").ok());
    ASSERT_EQ(m_store.loads, 2);
    auto digest = cache.digest("A", day);
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ((*digest)->title, "load 1");
    EXPECT_EQ(m_store.loads, 2);
    // An earlier day than the cut's needs the whole plan again.
    ASSERT_TRUE(cache.digest("A", Date{2015, 2, 1}).ok());
    EXPECT_EQ(m_store.loads, 3);
}

TEST_F(PlanCacheTest, AWriteDropsTheDigestsItChanged)
{
    PlanCache cache(m_store, *m_database);
    const Date day{2016, 2, 1};
    auto a = cache.digest("A", day);
    auto b = cache.digest("B", day);
    ASSERT_TRUE(a.ok() && b.ok());
    m_store.bump("A");
    commit_a_write();
    EXPECT_EQ(cache.digest("B", day)->get(), b->get());
    auto a_after = cache.digest("A", day);
    ASSERT_TRUE(a_after.ok());
    EXPECT_EQ((*a_after)->title, "load 3");
    // The whole A and A's digest.
    EXPECT_EQ(cache.stats().dropped, 2u);
}

TEST_F(PlanCacheTest, ADigestAWriteOvertookIsNotKept)
{
    PlanCache cache(m_store, *m_database);
    EXPECT_EQ(title_of_a_load_a_write_overtakes([&] {
        return cache.digest("A", Date{2016, 2, 1});
    }),
        "load 1");
    EXPECT_EQ(cache.stats().digest_entries, 0u);
    EXPECT_EQ((*cache.digest("A", Date{2016, 2, 1}))->title, "load 2");
}

}  // namespace
}  // namespace tablero::storage
