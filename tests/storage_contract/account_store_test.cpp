// The account store on both backends: accounts with their institutions, one account per address,
// disabling and password changes ending sessions, sessions that expire, failed sign-ins counted
// per key, and an audit entry written with every change (never a password hash).
#include "backend_fixture.h"
#include "storage/account_store.h"
#include "storage/audit_log.h"
#include "storage/postgres/postgres_connection.h"
#include "storage/sqlite/sqlite_connection.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace tablero::storage {
namespace {

class AccountStoreContract : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        BackendFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_database = open_migrated();
        m_store = make_account_store(*m_database);
    }

    Account create(
        const std::string& email, accounts::Role role, std::set<std::string> institutions = {})
    {
        NewAccount account{
            email, "Nombre " + email, role, std::move(institutions), "", "$hash-" + email};
        auto created =
            m_store->create_account(account, AuditActor::system("test"), "2026-01-01T00:00:00Z");
        if (!created.ok())
            throw std::runtime_error(created.error().message);
        return *created;
    }

    std::unique_ptr<Database> m_database;
    std::unique_ptr<AccountStore> m_store;
};
TABLERO_INSTANTIATE_BACKENDS(AccountStoreContract);

TEST_P(AccountStoreContract, CreatesAndFindsAccountsWithTheirInstitutions)
{
    const Account officer = create("ana@example.org", accounts::Role::officer, {"MJ", "SENATICs"});
    EXPECT_GT(officer.id, 0);
    EXPECT_EQ(officer.institutions, (std::set<std::string>{"MJ", "SENATICs"}));
    create("beto@example.org", accounts::Role::citizen);

    auto found = m_store->find_account_by_email("ana@example.org");
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    const Account& ana = **found;
    EXPECT_EQ(ana.id, officer.id);
    EXPECT_EQ(ana.role, accounts::Role::officer);
    EXPECT_EQ(ana.display_name, "Nombre ana@example.org");
    EXPECT_EQ(ana.password_hash, "$hash-ana@example.org");
    EXPECT_EQ(ana.institutions, (std::set<std::string>{"MJ", "SENATICs"}));
    EXPECT_FALSE(ana.disabled);
    EXPECT_EQ(ana.created_at, "2026-01-01T00:00:00Z");

    auto by_id = m_store->find_account(officer.id);
    ASSERT_TRUE(by_id.ok() && by_id->has_value());
    EXPECT_EQ((*by_id)->email, "ana@example.org");
    EXPECT_FALSE(m_store->find_account_by_email("nadie@example.org")->has_value());
    EXPECT_FALSE(m_store->find_account(999999)->has_value());

    auto all = m_store->list_accounts();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].email, "ana@example.org");
    EXPECT_EQ((*all)[0].institutions.size(), 2u);
    EXPECT_EQ((*all)[1].email, "beto@example.org");
}

TEST_P(AccountStoreContract, OneAccountPerAddress)
{
    create("ana@example.org", accounts::Role::citizen);
    NewAccount again{"ana@example.org", "Otra", accounts::Role::administrator, {}, "", "$x"};
    auto refused =
        m_store->create_account(again, AuditActor::system("test"), "2026-01-02T00:00:00Z");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::already_exists);
    EXPECT_EQ(refused.error().where, "email");
    EXPECT_EQ((*m_store->find_account_by_email("ana@example.org"))->role, accounts::Role::citizen);
    // The refused attempt left no audit entry.
    EXPECT_EQ(AuditLog(*m_database).entries("account")->size(), 1u);
}

TEST_P(AccountStoreContract, SessionsLiveUntilTheyExpireOrTheAccountIsDisabled)
{
    const Account ana = create("ana@example.org", accounts::Role::monitor);
    ASSERT_TRUE(m_store
                    ->create_session(ana.id, "token-hash-1", "csrf-1", "2026-01-01T10:00:00Z",
                        "2026-01-01T12:00:00Z")
                    .ok());
    auto live = m_store->find_session("token-hash-1", "2026-01-01T11:59:59Z");
    ASSERT_TRUE(live.ok());
    ASSERT_TRUE(live->has_value());
    EXPECT_EQ((*live)->account.email, "ana@example.org");
    EXPECT_EQ((*live)->csrf_token, "csrf-1");
    EXPECT_FALSE(m_store->find_session("token-hash-1", "2026-01-01T12:00:00Z")->has_value());
    EXPECT_FALSE(m_store->find_session("another", "2026-01-01T11:00:00Z")->has_value());

    ASSERT_TRUE(m_store
                    ->create_session(ana.id, "token-hash-2", "csrf-2", "2026-01-01T10:00:00Z",
                        "2026-01-02T10:00:00Z")
                    .ok());
    ASSERT_TRUE(m_store->delete_session("token-hash-2").ok());
    EXPECT_FALSE(m_store->find_session("token-hash-2", "2026-01-01T11:00:00Z")->has_value());

    ASSERT_TRUE(m_store
                    ->create_session(ana.id, "token-hash-3", "csrf-3", "2026-01-01T10:00:00Z",
                        "2026-01-02T10:00:00Z")
                    .ok());
    ASSERT_TRUE(m_store
                    ->set_disabled(
                        "ana@example.org", true, AuditActor::system("test"), "2026-01-01T10:30:00Z")
                    .ok());
    EXPECT_FALSE(m_store->find_session("token-hash-3", "2026-01-01T11:00:00Z")->has_value());
    EXPECT_TRUE((*m_store->find_account_by_email("ana@example.org"))->disabled);
    auto missing =
        m_store->set_disabled("nadie@example.org", true, AuditActor::system("test"), "x");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_P(AccountStoreContract, ChangingThePasswordEndsEverySession)
{
    const Account ana = create("ana@example.org", accounts::Role::citizen);
    ASSERT_TRUE(
        m_store->create_session(ana.id, "t", "c", "2026-01-01T10:00:00Z", "2027-01-01T00:00:00Z")
            .ok());
    ASSERT_TRUE(m_store
                    ->set_password_hash(ana.id, "$new", AuditActor{ana.id, ana.email, "citizen"},
                        "2026-01-01T11:00:00Z")
                    .ok());
    EXPECT_FALSE(m_store->find_session("t", "2026-01-01T12:00:00Z")->has_value());
    EXPECT_EQ((*m_store->find_account(ana.id))->password_hash, "$new");
}

TEST_P(AccountStoreContract, CountsFailedSignInsPerKeyAndForgetsOldOnes)
{
    const std::vector<std::string> keys = {"account:ana@example.org", "address:192.0.2.1"};
    ASSERT_TRUE(
        m_store->record_sign_in_failure(keys, "2026-01-01T10:00:00Z", "2026-01-01T09:00:00Z").ok());
    ASSERT_TRUE(
        m_store->record_sign_in_failure(keys, "2026-01-01T10:05:00Z", "2026-01-01T09:05:00Z").ok());
    ASSERT_TRUE(m_store
                    ->record_sign_in_failure(
                        {"address:192.0.2.1"}, "2026-01-01T10:10:00Z", "2026-01-01T09:10:00Z")
                    .ok());
    EXPECT_EQ(
        *m_store->count_sign_in_failures("account:ana@example.org", "2026-01-01T09:00:00Z"), 2);
    EXPECT_EQ(*m_store->count_sign_in_failures("address:192.0.2.1", "2026-01-01T09:00:00Z"), 3);
    EXPECT_EQ(*m_store->count_sign_in_failures("address:192.0.2.1", "2026-01-01T10:05:00Z"), 2);
    // A failure an hour later prunes those older than its window.
    ASSERT_TRUE(m_store
                    ->record_sign_in_failure(
                        {"address:192.0.2.9"}, "2026-01-01T11:07:00Z", "2026-01-01T10:07:00Z")
                    .ok());
    EXPECT_EQ(*m_store->count_sign_in_failures("address:192.0.2.1", ""), 1);
    ASSERT_TRUE(m_store->clear_sign_in_failures("address:192.0.2.1").ok());
    EXPECT_EQ(*m_store->count_sign_in_failures("address:192.0.2.1", ""), 0);
}

// Caches of public pages listen to committed writes; nothing an account does may empty them.
TEST_P(AccountStoreContract, AccountWritesDoNotTellTheChangeListeners)
{
    int changes = 0;
    m_database->on_change([&changes] { ++changes; });
    const Account ana = create("ana@example.org", accounts::Role::citizen);
    ASSERT_TRUE(
        m_store->create_session(ana.id, "t", "c", "2026-01-01T10:00:00Z", "2027-01-01T00:00:00Z")
            .ok());
    ASSERT_TRUE(m_store->delete_session("t").ok());
    ASSERT_TRUE(m_store->record_sign_in_failure({"account:x"}, "2026-01-01T10:00:00Z", "").ok());
    ASSERT_TRUE(m_store->clear_sign_in_failures("account:x").ok());
    ASSERT_TRUE(
        m_store
            ->set_password_hash(ana.id, "$new", AuditActor::system("test"), "2026-01-01T11:00:00Z")
            .ok());
    ASSERT_TRUE(
        m_store->set_disabled(ana.email, true, AuditActor::system("test"), "2026-01-01T12:00:00Z")
            .ok());
    EXPECT_EQ(changes, 0);
    // An ordinary write still tells them.
    ASSERT_TRUE(m_database
                    ->write([](soci::session& session) -> Result<void> {
                        session << "DELETE FROM sign_in_failures";
                        return {};
                    })
                    .ok());
    EXPECT_EQ(changes, 1);
}

TEST_P(AccountStoreContract, EveryChangeIsAuditedWithoutSecrets)
{
    const Account ana = create("ana@example.org", accounts::Role::officer, {"MJ"});
    const AuditActor admin{ana.id, "ana@example.org", "administrator"};
    ASSERT_TRUE(m_store->set_disabled("ana@example.org", true, admin, "2026-01-03T00:00:00Z").ok());
    ASSERT_TRUE(
        m_store->set_password_hash(ana.id, "$secret-hash", admin, "2026-01-04T00:00:00Z").ok());

    auto entries = AuditLog(*m_database).entries("account", "ana@example.org");
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 3u);
    const auto& created = (*entries)[0];
    EXPECT_EQ(created.action, "create_account");
    EXPECT_EQ(created.actor.role, "system");
    EXPECT_FALSE(created.actor.account_id.has_value());
    EXPECT_EQ(created.before_json, "");
    EXPECT_NE(created.after_json.find("\"institutions\":[\"MJ\"]"), std::string::npos)
        << created.after_json;
    const auto& disabled = (*entries)[1];
    EXPECT_EQ(disabled.action, "disable_account");
    EXPECT_EQ(disabled.actor.account_id, ana.id);
    EXPECT_NE(disabled.before_json.find("\"disabled\":false"), std::string::npos);
    EXPECT_NE(disabled.after_json.find("\"disabled\":true"), std::string::npos);
    EXPECT_EQ((*entries)[2].action, "change_password");
    for (const auto& entry : *entries) {
        EXPECT_EQ(entry.before_json.find("hash"), std::string::npos);
        EXPECT_EQ(entry.after_json.find("hash"), std::string::npos);
    }
    EXPECT_TRUE(AuditLog(*m_database).entries("plan")->empty());
    EXPECT_EQ(AuditLog(*m_database).entries()->size(), 3u);
}

TEST_P(AccountStoreContract, AddressesStartVerifiedOnlyWhenAnAdministratorVouches)
{
    const Account signed_up = create("ana@example.org", accounts::Role::citizen);
    EXPECT_FALSE(signed_up.email_verified());
    EXPECT_FALSE((*m_store->find_account(signed_up.id))->email_verified());

    NewAccount vouched{"beto@example.org", "Beto", accounts::Role::citizen, {}, "", "$h"};
    vouched.verified = true;
    auto made =
        m_store->create_account(vouched, AuditActor::system("test"), "2026-01-05T00:00:00Z");
    ASSERT_TRUE(made.ok());
    EXPECT_TRUE(made->email_verified());
    auto found = m_store->find_account_by_email("beto@example.org");
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->email_verified_at, "2026-01-05T00:00:00Z");
    auto all = m_store->list_accounts();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_FALSE((*all)[0].email_verified());
    EXPECT_TRUE((*all)[1].email_verified());
}

TEST_P(AccountStoreContract, AVerificationLinkWorksOnceAndUntilItExpires)
{
    const Account ana = create("ana@example.org", accounts::Role::citizen);
    EXPECT_FALSE(m_store->verification_token_created_at(ana.id)->has_value());
    ASSERT_TRUE(m_store
                    ->store_verification_token(
                        ana.id, "link-hash-1", "2026-01-01T10:00:00Z", "2026-01-03T10:00:00Z")
                    .ok());
    EXPECT_EQ(*m_store->verification_token_created_at(ana.id),
        std::optional<std::string>("2026-01-01T10:00:00Z"));

    // Unknown token, and the right one at its expiry instant: refused, nothing changes.
    auto unknown = m_store->verify_email("another-hash", "2026-01-01T11:00:00Z");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
    auto late = m_store->verify_email("link-hash-1", "2026-01-03T10:00:00Z");
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, ErrorCode::not_found);
    EXPECT_FALSE((*m_store->find_account(ana.id))->email_verified());

    auto verified = m_store->verify_email("link-hash-1", "2026-01-03T09:59:59Z");
    ASSERT_TRUE(verified.ok()) << verified.error().message;
    EXPECT_EQ(verified->id, ana.id);
    EXPECT_TRUE(verified->email_verified());
    EXPECT_EQ((*m_store->find_account(ana.id))->email_verified_at, "2026-01-03T09:59:59Z");
    // Used up: the same link again is refused, and the account has no token left.
    auto again = m_store->verify_email("link-hash-1", "2026-01-03T09:59:59Z");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::not_found);
    EXPECT_FALSE(m_store->verification_token_created_at(ana.id)->has_value());

    auto entries = AuditLog(*m_database).entries("account", "ana@example.org");
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 2u);
    const auto& entry = (*entries)[1];
    EXPECT_EQ(entry.action, "verify_email");
    EXPECT_EQ(entry.actor.account_id, ana.id);
    EXPECT_EQ(entry.at, "2026-01-03T09:59:59Z");
    EXPECT_NE(entry.before_json.find("\"email_verified_at\":\"\""), std::string::npos)
        << entry.before_json;
    EXPECT_NE(
        entry.after_json.find("\"email_verified_at\":\"2026-01-03T09:59:59Z\""), std::string::npos)
        << entry.after_json;
    EXPECT_EQ(entry.after_json.find("link-hash"), std::string::npos);
}

TEST_P(AccountStoreContract, ANewLinkReplacesTheEarlierOnes)
{
    const Account ana = create("ana@example.org", accounts::Role::citizen);
    const Account beto = create("beto@example.org", accounts::Role::citizen);
    ASSERT_TRUE(m_store
                    ->store_verification_token(
                        ana.id, "ana-1", "2026-01-01T10:00:00Z", "2026-01-03T10:00:00Z")
                    .ok());
    ASSERT_TRUE(m_store
                    ->store_verification_token(
                        beto.id, "beto-1", "2026-01-01T10:00:00Z", "2026-01-03T10:00:00Z")
                    .ok());
    ASSERT_TRUE(m_store
                    ->store_verification_token(
                        ana.id, "ana-2", "2026-01-01T10:10:00Z", "2026-01-03T10:10:00Z")
                    .ok());
    EXPECT_EQ(*m_store->verification_token_created_at(ana.id),
        std::optional<std::string>("2026-01-01T10:10:00Z"));

    auto old = m_store->verify_email("ana-1", "2026-01-01T11:00:00Z");
    ASSERT_FALSE(old.ok());
    EXPECT_EQ(old.error().code, ErrorCode::not_found);
    EXPECT_FALSE((*m_store->find_account(ana.id))->email_verified());
    // Another account's link is untouched by Ana's.
    auto beto_verified = m_store->verify_email("beto-1", "2026-01-01T11:00:00Z");
    ASSERT_TRUE(beto_verified.ok());
    EXPECT_EQ(beto_verified->email, "beto@example.org");
    EXPECT_FALSE((*m_store->find_account(ana.id))->email_verified());
    auto ana_verified = m_store->verify_email("ana-2", "2026-01-01T11:00:00Z");
    ASSERT_TRUE(ana_verified.ok());
    EXPECT_EQ(ana_verified->email, "ana@example.org");

    auto missing = m_store->store_verification_token(
        999999, "x", "2026-01-01T10:00:00Z", "2026-01-03T10:00:00Z");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_P(AccountStoreContract, ADisabledAccountCannotVerify)
{
    const Account ana = create("ana@example.org", accounts::Role::citizen);
    ASSERT_TRUE(m_store
                    ->store_verification_token(
                        ana.id, "ana-1", "2026-01-01T10:00:00Z", "2026-01-03T10:00:00Z")
                    .ok());
    ASSERT_TRUE(
        m_store->set_disabled(ana.email, true, AuditActor::system("test"), "2026-01-01T10:30:00Z")
            .ok());
    auto refused = m_store->verify_email("ana-1", "2026-01-01T11:00:00Z");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::not_found);
    EXPECT_FALSE((*m_store->find_account(ana.id))->email_verified());
}

TEST_P(AccountStoreContract, ANewLinkCanWaitForTheLastOneToAge)
{
    const Account ana = create("ana@example.org", accounts::Role::citizen);
    ASSERT_TRUE(m_store
                    ->store_verification_token(ana.id, "ana-1", "2026-01-01T10:00:00Z",
                        "2026-01-03T10:00:00Z", "2026-01-01T09:55:00Z")
                    .ok());
    // Within 5 minutes of the last: refused, and the first link still works.
    auto refused = m_store->store_verification_token(
        ana.id, "ana-2", "2026-01-01T10:04:59Z", "2026-01-03T10:04:59Z", "2026-01-01T09:59:59Z");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::failed_precondition);
    EXPECT_EQ(*m_store->verification_token_created_at(ana.id),
        std::optional<std::string>("2026-01-01T10:00:00Z"));
    // Exactly 5 minutes later it may be replaced.
    ASSERT_TRUE(m_store
                    ->store_verification_token(ana.id, "ana-3", "2026-01-01T10:05:00Z",
                        "2026-01-03T10:05:00Z", "2026-01-01T10:00:00Z")
                    .ok());
    EXPECT_FALSE(m_store->verify_email("ana-1", "2026-01-01T10:06:00Z").ok());
    EXPECT_TRUE(m_store->verify_email("ana-3", "2026-01-01T10:06:00Z").ok());
}

// Two requests for a new link at once: the limit holds, one link is stored.
TEST_P(AccountStoreContract, ConcurrentRequestsForALinkStoreOne)
{
    const Account ana = create("ana@example.org", accounts::Role::citizen);
    for (int round = 0; round < 5; ++round) {
        SCOPED_TRACE(round);
        const std::string at = "2026-01-0" + std::to_string(round + 1) + "T10:00:00Z";
        const std::string since = "2026-01-0" + std::to_string(round + 1) + "T09:55:00Z";
        std::atomic<int> stored = 0;
        std::atomic<int> refused = 0;
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&, i] {
                auto result = m_store->store_verification_token(ana.id,
                    "hash-" + std::to_string(round) + "-" + std::to_string(i), at,
                    "2026-02-01T00:00:00Z", since);
                if (result.ok())
                    ++stored;
                else if (result.error().code == ErrorCode::failed_precondition)
                    ++refused;
            });
        }
        for (std::thread& thread : threads)
            thread.join();
        EXPECT_EQ(stored.load(), 1);
        EXPECT_EQ(refused.load(), 3);
    }
}

// Migration 0008 on an installation that already has accounts: those an administrator made
// (every role but citizen) count as verified from their creation; citizens verify from /account.
class AccountMigrationContract : public contract::BackendFixture { };
TABLERO_INSTANTIATE_BACKENDS(AccountMigrationContract);

TEST_P(AccountMigrationContract, AccountsAnAdministratorMadeBeforeAreVerified)
{
    if (IsSkipped() || HasFatalFailure())
        return;
    auto database = open();
    const auto all = GetParam() == Backend::sqlite ? sqlite_migrations() : postgres_migrations();
    ASSERT_GE(all.size(), 8u);
    ASSERT_EQ(all[7].number, 8);
    auto before = database->migrate(all.subspan(0, 7));
    ASSERT_TRUE(before.ok()) << before.error().message;
    ASSERT_TRUE(database
                    ->write([](soci::session& session) -> Result<void> {
                        for (const char* row :
                            {"'ana@example.org', 'Ana', 'officer', '2025-01-01T00:00:00Z'",
                                "'beto@example.org', 'Beto', 'citizen', '2025-02-01T00:00:00Z'",
                                "'ogu@example.org', 'OGU', 'administrator', "
                                "'2025-03-01T00:00:00Z'"})
                            session << std::string("INSERT INTO accounts (email, display_name, "
                                                   "role, created_at, password_hash, "
                                                   "password_changed_at) VALUES (") +
                                    row + ", '$h', '2025-01-01T00:00:00Z')";
                        return {};
                    })
                    .ok());
    auto rest = database->migrate();
    ASSERT_TRUE(rest.ok()) << rest.error().message;
    auto store = make_account_store(*database);
    auto officer = store->find_account_by_email("ana@example.org");
    ASSERT_TRUE(officer.ok() && officer->has_value());
    EXPECT_EQ((*officer)->email_verified_at, "2025-01-01T00:00:00Z");
    auto citizen = store->find_account_by_email("beto@example.org");
    ASSERT_TRUE(citizen.ok() && citizen->has_value());
    EXPECT_FALSE((*citizen)->email_verified());
    auto administrator = store->find_account_by_email("ogu@example.org");
    ASSERT_TRUE(administrator.ok() && administrator->has_value());
    EXPECT_TRUE((*administrator)->email_verified());
}

}  // namespace
}  // namespace tablero::storage
