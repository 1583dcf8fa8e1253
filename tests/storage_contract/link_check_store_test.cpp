// The link check store on both backends: the addresses to check come from the public evidence
// and from pending submissions (only http and https, each once), an outcome replaces the
// previous one, latest() answers for the addresses asked about, and recording a check empties
// no cache.
#include "backend_fixture.h"
#include "storage/account_store.h"
#include "storage/link_check_store.h"
#include "storage/plan_store.h"
#include "storage/workspace_store.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace tablero::storage {
namespace {

using namespace std::chrono_literals;
using evidence::LinkOutcome;

class LinkCheckStoreContract : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        BackendFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_database = open_migrated();
        m_plans = make_plan_store(*m_database);
        m_accounts = make_account_store(*m_database);
        m_workspace = make_workspace_store(*m_database);
        m_links = make_link_check_store(*m_database);

        // Results 1.1, 1.2 and 1.3, the first two imported with progress and an evidence link.
        plans::ImportedPlan plan{"TP", "Plan de prueba", {}};
        plans::ImportedCommitment commitment{
            "1", "Ley de acceso", "Transparencia", "Ministerio de Justicia", {}, {}};
        auto result = [](std::string code, std::string evidence_url) {
            plans::ImportedResult row;
            row.code = std::move(code);
            row.title = "Resultado " + row.code;
            if (!evidence_url.empty()) {
                row.progress = plans::Progress::of(50);
                row.as_of = Date{2020, 3, 31};
                row.evidence_url = std::move(evidence_url);
            }
            return row;
        };
        commitment.results = {result("1.1", "HTTPS://example.org/Informe.pdf"),
            result("1.2", "ftp://example.org/acta.pdf"), result("1.3", "")};
        plan.commitments.push_back(commitment);
        ASSERT_TRUE(m_plans->apply_import(plan, "test", "2020-04-01T00:00:00Z").ok());

        auto created =
            m_accounts->create_account({"ana@example.org", "Ana", accounts::Role::officer,
                                           {"Ministerio de Justicia"}, "", "$hash"},
                AuditActor::system("test"), "2020-01-01T00:00:00Z");
        ASSERT_TRUE(created.ok()) << describe(created.error());
        m_officer = {created->id, "ana@example.org", "officer"};
        auto admin = m_accounts->create_account(
            {"ogu@example.org", "OGU", accounts::Role::administrator, {}, "", "$hash"},
            AuditActor::system("test"), "2020-01-01T00:00:00Z");
        ASSERT_TRUE(admin.ok()) << describe(admin.error());
        m_admin = {admin->id, "ogu@example.org", "administrator"};
    }

    Result<SubmittedUpdate> submit(std::string node, std::vector<std::string> urls)
    {
        UpdateSubmission update{
            "TP", "1", std::move(node), Date{2020, 6, 30}, plans::Progress::of(80), "Nota", {}};
        for (auto& url : urls)
            update.evidence.push_back({"Prueba", std::move(url), Date{2020, 6, 29}});
        return m_workspace->submit_update(update, m_officer, "2020-07-01T10:00:00Z");
    }

    // links_to_check, sorted by address for comparison.
    std::vector<evidence::LinkSeen> links()
    {
        auto found = m_links->links_to_check();
        if (!found.ok())
            throw std::runtime_error(found.error().message);
        auto out = *found;
        std::sort(
            out.begin(), out.end(), [](const auto& a, const auto& b) { return a.url < b.url; });
        return out;
    }

    static std::vector<std::string> urls_of(const std::vector<evidence::LinkSeen>& seen)
    {
        std::vector<std::string> out;
        for (const auto& each : seen)
            out.push_back(each.url);
        return out;
    }

    std::unique_ptr<Database> m_database;
    std::unique_ptr<PlanStore> m_plans;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<WorkspaceStore> m_workspace;
    std::unique_ptr<LinkCheckStore> m_links;
    AuditActor m_officer;
    AuditActor m_admin;
};
TABLERO_INSTANTIATE_BACKENDS(LinkCheckStoreContract);

TEST_P(LinkCheckStoreContract, AddressesComeFromEvidenceAndPendingSubmissions)
{
    // The import's http link is there, the ftp one is not.
    EXPECT_EQ(urls_of(links()), std::vector<std::string>{"HTTPS://example.org/Informe.pdf"});

    // Published at once: into the public evidence; the same address twice counts once.
    ASSERT_TRUE(submit("1.3",
        {"https://example.org/a", "https://example.org/a", "mailto:ana@example.org",
            "https://example.org/b"})
                    .ok());
    // Pending: still listed, so the officer hears of a broken link before the review.
    ASSERT_TRUE(
        m_workspace->set_updates_need_validation("TP", true, m_admin, "2020-07-01T11:00:00Z").ok());
    auto pending = submit("1.2", {"http://pending.example.org/x", "https://example.org/b"});
    ASSERT_TRUE(pending.ok());
    // Returned: no longer listed.
    auto returned = submit("1.1", {"https://returned.example.org/"});
    ASSERT_TRUE(returned.ok());
    ASSERT_TRUE(
        m_workspace
            ->return_to_officer(returned->id, "Falta el acta", m_admin, "2020-07-02T09:00:00Z")
            .ok());

    const auto seen = links();
    EXPECT_EQ(urls_of(seen),
        (std::vector<std::string>{"HTTPS://example.org/Informe.pdf", "http://pending.example.org/x",
            "https://example.org/a", "https://example.org/b"}));
    for (const auto& each : seen)
        EXPECT_EQ(each.last_checked, std::nullopt) << each.url;
}

TEST_P(LinkCheckStoreContract, AnOutcomeReplacesThePreviousOne)
{
    const auto url = std::string("HTTPS://example.org/Informe.pdf");
    const auto first = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + 12h;
    ASSERT_TRUE(m_links->record(url, {LinkOutcome::broken, 404, "404 Not Found"}, first).ok());
    EXPECT_EQ(links().at(0).last_checked, first);
    auto latest = m_links->latest({url});
    ASSERT_TRUE(latest.ok()) << describe(latest.error());
    EXPECT_EQ(latest->at(url),
        (LinkCheck{LinkOutcome::broken, 404, "404 Not Found", "2024-05-01T12:00:00Z"}));

    const auto second = first + 24h + 5min + 7s;
    ASSERT_TRUE(m_links->record(url, {LinkOutcome::unreachable, 0, "timeout"}, second).ok());
    EXPECT_EQ(links().at(0).last_checked, second);
    latest = m_links->latest({url});
    ASSERT_TRUE(latest.ok());
    EXPECT_EQ(latest->at(url),
        (LinkCheck{LinkOutcome::unreachable, 0, "timeout", "2024-05-02T12:05:07Z"}));

    auto rows = m_database->read([](soci::session& session) -> Result<int> {
        int count = 0;
        session << "SELECT COUNT(*) FROM link_checks", soci::into(count);
        return count;
    });
    EXPECT_EQ(*rows, 1);
}

TEST_P(LinkCheckStoreContract, LatestAnswersOnlyForCheckedAddresses)
{
    const auto at = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + 0h;
    ASSERT_TRUE(m_links->record("https://a.example/", {LinkOutcome::ok, 200, "200 OK"}, at).ok());
    ASSERT_TRUE(m_links
                    ->record("https://b.example/",
                        {LinkOutcome::broken, 500, "500 Internal Server Error"}, at + 1h)
                    .ok());

    auto none = m_links->latest({});
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());

    auto some = m_links->latest({"https://a.example/", "https://never.example/",
        "https://a.example/", "https://b.example/"});
    ASSERT_TRUE(some.ok()) << describe(some.error());
    ASSERT_EQ(some->size(), 2u);
    EXPECT_EQ(some->at("https://a.example/"),
        (LinkCheck{LinkOutcome::ok, 200, "200 OK", "2024-05-01T00:00:00Z"}));
    EXPECT_EQ(some->at("https://b.example/"),
        (LinkCheck{LinkOutcome::broken, 500, "500 Internal Server Error", "2024-05-01T01:00:00Z"}));
    EXPECT_FALSE(some->contains("https://never.example/"));
    // The address is matched exactly, as the evidence stores it.
    EXPECT_TRUE(m_links->latest({"https://A.example/"})->empty());
}

TEST_P(LinkCheckStoreContract, RecordingACheckEmptiesNoCache)
{
    int changes = 0;
    m_database->on_change([&changes] { ++changes; });
    ASSERT_TRUE(m_links
                    ->record("https://a.example/", {LinkOutcome::ok, 200, "200 OK"},
                        std::chrono::sys_days{std::chrono::year{2024} / 5 / 1})
                    .ok());
    EXPECT_EQ(changes, 0) << "a link check changes no public page";
}

}  // namespace
}  // namespace tablero::storage
