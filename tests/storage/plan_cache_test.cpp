// PlanCache over a fake store that counts its loads: a plan is loaded once and then shared, a
// committed write makes the next request load it again, errors are not kept, concurrent requests
// for a plan wait for one load, and capacity evicts the plan used least recently.
#include "storage/plan_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace tablero::storage {
namespace {

// Only load_plan is used; it returns a plan whose title counts the loads of its code so far.
class CountingStore : public PlanStore {
public:
    std::atomic<int> loads = 0;
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
    Result<std::vector<PlanSummary>> list_plans() override { return unused(); }
    Result<plans::Plan> load_commitment(const std::string&, const std::string&) override
    {
        return unused();
    }

private:
    static Error unused() { return fail(ErrorCode::internal, "not used by PlanCache"); }
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_gate_open = true;
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

    std::filesystem::path m_folder;
    std::unique_ptr<Database> m_database;
    CountingStore m_store;
};

TEST_F(PlanCacheTest, LoadsOncePerWriteAndSharesThePlan)
{
    PlanCache cache(m_store, *m_database);
    auto first = cache.plan("A");
    auto second = cache.plan("A");
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->get(), second->get());
    EXPECT_EQ((*second)->title, "load 1");
    EXPECT_EQ(m_store.loads, 1);

    commit_a_write();
    auto after = cache.plan("A");
    ASSERT_TRUE(after.ok());
    EXPECT_EQ((*after)->title, "load 2");
    // What a request already holds stays valid.
    EXPECT_EQ((*first)->title, "load 1");

    const auto stats = cache.stats();
    EXPECT_EQ(stats.hits, 1u);
    EXPECT_EQ(stats.misses, 2u);
    EXPECT_EQ(stats.loads, 2u);
    EXPECT_EQ(stats.entries, 1u);
}

TEST_F(PlanCacheTest, ErrorsAreNotKept)
{
    PlanCache cache(m_store, *m_database);
    auto missing = cache.plan("MISSING");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
    EXPECT_FALSE(cache.plan("MISSING").ok());
    EXPECT_EQ(m_store.loads, 2);
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
    PlanCache cache(m_store, *m_database, /*capacity=*/2);
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

}  // namespace
}  // namespace tablero::storage
