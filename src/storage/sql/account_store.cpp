#include "storage/account_store.h"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

namespace tablero::storage {

namespace {

using accounts::Role;

// What the audit log keeps of an account: never its password hash.
std::string account_json(const Account& account)
{
    return nlohmann::json{
        {"email", account.email},
        {"display_name", account.display_name},
        {"role", accounts::to_string(account.role)},
        {"institutions", account.institutions},
        {"organisation", account.organisation},
        {"disabled", account.disabled},
        {"email_verified_at", account.email_verified_at},
    }
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The columns every account query selects, in this order (read_account's).
constexpr const char* account_columns = "id, email, display_name, role, organisation, disabled,"
                                        " created_at, password_hash,"
                                        " COALESCE(email_verified_at, '')";

// Reads accounts: the statement is prepared with into() the fields of one row.
struct AccountRow {
    long long id = 0;
    std::string email;
    std::string display_name;
    std::string role;
    std::string organisation;
    int disabled = 0;
    std::string created_at;
    std::string password_hash;
    std::string email_verified_at;

    Account to_account() const
    {
        Account account;
        account.id = id;
        account.email = email;
        account.display_name = display_name;
        account.role = accounts::parse_role(role).value_or(Role::citizen);
        account.organisation = organisation;
        account.disabled = disabled != 0;
        account.created_at = created_at;
        account.password_hash = password_hash;
        account.email_verified_at = email_verified_at;
        return account;
    }
};

std::set<std::string> institutions_of(soci::session& session, long long account_id)
{
    std::set<std::string> out;
    std::string institution;
    soci::statement select =
        (session.prepare << "SELECT institution FROM account_institutions WHERE account_id = :id",
            soci::use(account_id), soci::into(institution));
    select.execute();
    while (select.fetch())
        out.insert(institution);
    return out;
}

// The accounts a query selects, with their institutions: `select` was prepared with
// account_columns first and is given the row to fetch into.
std::vector<Account> fetch_accounts(
    soci::session& session, soci::statement& select, const AccountRow& row)
{
    std::vector<Account> out;
    select.execute();
    while (select.fetch())
        out.push_back(row.to_account());
    for (Account& account : out)
        account.institutions = institutions_of(session, account.id);
    return out;
}

// SELECT account_columns FROM accounts <where>, with one bound value (or none). `where` is
// fixed text from this file.
template <typename Value>
std::vector<Account> select_accounts(
    soci::session& session, const std::string& where, const Value& value)
{
    AccountRow row;
    soci::statement select =
        (session.prepare << std::string("SELECT ") + account_columns + " FROM accounts " + where,
            soci::use(value), soci::into(row.id), soci::into(row.email),
            soci::into(row.display_name), soci::into(row.role), soci::into(row.organisation),
            soci::into(row.disabled), soci::into(row.created_at), soci::into(row.password_hash),
            soci::into(row.email_verified_at));
    return fetch_accounts(session, select, row);
}

std::vector<Account> select_all_accounts(soci::session& session)
{
    AccountRow row;
    soci::statement select = (session.prepare
            << std::string("SELECT ") + account_columns + " FROM accounts ORDER BY email",
        soci::into(row.id), soci::into(row.email), soci::into(row.display_name),
        soci::into(row.role), soci::into(row.organisation), soci::into(row.disabled),
        soci::into(row.created_at), soci::into(row.password_hash),
        soci::into(row.email_verified_at));
    return fetch_accounts(session, select, row);
}

std::optional<Account> first(std::vector<Account> accounts)
{
    if (accounts.empty())
        return std::nullopt;
    return std::move(accounts.front());
}

// No public page or answer shows accounts, sessions or failed sign-ins, so every write here is
// unseen (Database::write_unseen): signing up or in must not empty the caches of public pages,
// nor let anyone force their rebuilding with failed sign-ins. A page that one day shows account
// data must make the writes it shows notify.
class SqlAccountStore final : public AccountStore {
public:
    explicit SqlAccountStore(Database& database) : m_database(database) { }

    Result<Account> create_account(
        const NewAccount& account, const AuditActor& by, const std::string& at) override
    {
        return m_database.write_unseen([&](soci::session& session) -> Result<Account> {
            int taken = 0;
            session << "SELECT COUNT(*) FROM accounts WHERE email = :email",
                soci::use(account.email), soci::into(taken);
            if (taken > 0)
                return fail(ErrorCode::already_exists,
                    "there is already an account for " + account.email, "email");
            const std::string role(accounts::to_string(account.role));
            // NULL while the address is not verified.
            const std::string verified_at = account.verified ? at : "";
            soci::indicator verified_indicator = account.verified ? soci::i_ok : soci::i_null;
            session << "INSERT INTO accounts (email, display_name, role, password_hash,"
                       " organisation, disabled, created_at, password_changed_at,"
                       " email_verified_at) VALUES (:email, :name, :role, :hash, :organisation,"
                       " 0, :at, :at_again, :verified_at)",
                soci::use(account.email), soci::use(account.display_name), soci::use(role),
                soci::use(account.password_hash), soci::use(account.organisation), soci::use(at),
                soci::use(at), soci::use(verified_at, verified_indicator);
            auto created = first(select_accounts(session, "WHERE email = :email", account.email));
            if (!created)
                return fail(ErrorCode::internal, "the new account was not found");
            const long long id = created->id;
            for (const std::string& institution : account.institutions) {
                session << "INSERT INTO account_institutions (account_id, institution)"
                           " VALUES (:id, :institution)",
                    soci::use(id), soci::use(institution);
            }
            created->institutions = account.institutions;
            append_audit(session,
                {0, at, by, "create_account", "account", created->email, "",
                    account_json(*created)});
            return *created;
        });
    }

    Result<std::optional<Account>> find_account_by_email(const std::string& email) override
    {
        return m_database.read([&](soci::session& session) -> Result<std::optional<Account>> {
            return first(select_accounts(session, "WHERE email = :email", email));
        });
    }

    Result<std::optional<Account>> find_account(std::int64_t id) override
    {
        const long long key = id;
        return m_database.read([&](soci::session& session) -> Result<std::optional<Account>> {
            return first(select_accounts(session, "WHERE id = :id", key));
        });
    }

    Result<std::vector<Account>> list_accounts() override
    {
        return m_database.read([&](soci::session& session) -> Result<std::vector<Account>> {
            return select_all_accounts(session);
        });
    }

    Result<void> set_disabled(const std::string& email, bool disabled, const AuditActor& by,
        const std::string& at) override
    {
        return m_database.write_unseen([&](soci::session& session) -> Result<void> {
            auto before = first(select_accounts(session, "WHERE email = :email", email));
            if (!before)
                return fail(ErrorCode::not_found, "no account for " + email, "email");
            const int flag = disabled ? 1 : 0;
            const long long id = before->id;
            session << "UPDATE accounts SET disabled = :flag WHERE id = :id", soci::use(flag),
                soci::use(id);
            if (disabled)
                session << "DELETE FROM sessions WHERE account_id = :id", soci::use(id);
            Account after = *before;
            after.disabled = disabled;
            append_audit(session,
                {0, at, by, disabled ? "disable_account" : "enable_account", "account", email,
                    account_json(*before), account_json(after)});
            return {};
        });
    }

    Result<void> set_password_hash(std::int64_t account_id, const std::string& hash,
        const AuditActor& by, const std::string& at) override
    {
        const long long id = account_id;
        return m_database.write_unseen([&](soci::session& session) -> Result<void> {
            auto account = first(select_accounts(session, "WHERE id = :id", id));
            if (!account)
                return fail(ErrorCode::not_found, "no such account", "account");
            session << "UPDATE accounts SET password_hash = :hash, password_changed_at = :at"
                       " WHERE id = :id",
                soci::use(hash), soci::use(at), soci::use(id);
            session << "DELETE FROM sessions WHERE account_id = :id", soci::use(id);
            // The entry says the password changed, never what it is or was.
            append_audit(
                session, {0, at, by, "change_password", "account", account->email, "", ""});
            return {};
        });
    }

    Result<void> create_session(std::int64_t account_id, const std::string& token_hash,
        const std::string& csrf_token, const std::string& created_at,
        const std::string& expires_at) override
    {
        const long long id = account_id;
        return m_database.write_unseen([&](soci::session& session) -> Result<void> {
            session << "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at,"
                       " expires_at, last_seen_at) VALUES (:token_hash, :account_id, :csrf,"
                       " :created_at, :expires_at, :last_seen_at)",
                soci::use(token_hash), soci::use(id), soci::use(csrf_token), soci::use(created_at),
                soci::use(expires_at), soci::use(created_at);
            return {};
        });
    }

    Result<std::optional<SessionRecord>> find_session(
        const std::string& token_hash, const std::string& now) override
    {
        return m_database.read([&](soci::session& session) -> Result<std::optional<SessionRecord>> {
            long long account_id = 0;
            std::string csrf_token;
            std::string expires_at;
            soci::statement select =
                (session.prepare << "SELECT account_id, csrf_token, expires_at FROM sessions"
                                    " WHERE token_hash = :token_hash AND expires_at > :now",
                    soci::use(token_hash), soci::use(now), soci::into(account_id),
                    soci::into(csrf_token), soci::into(expires_at));
            if (!select.execute(true))
                return std::optional<SessionRecord>();
            auto account = first(select_accounts(session, "WHERE id = :id", account_id));
            if (!account || account->disabled)
                return std::optional<SessionRecord>();
            return std::optional<SessionRecord>(
                SessionRecord{std::move(*account), std::move(csrf_token), std::move(expires_at)});
        });
    }

    Result<void> delete_session(const std::string& token_hash) override
    {
        return m_database.write_unseen([&](soci::session& session) -> Result<void> {
            session << "DELETE FROM sessions WHERE token_hash = :token_hash", soci::use(token_hash);
            return {};
        });
    }

    Result<void> record_sign_in_failure(const std::vector<std::string>& keys, const std::string& at,
        const std::string& forget_before) override
    {
        return m_database.write_unseen([&](soci::session& session) -> Result<void> {
            session << "DELETE FROM sign_in_failures WHERE at < :before", soci::use(forget_before);
            for (const std::string& key : keys) {
                session << "INSERT INTO sign_in_failures (key, at) VALUES (:key, :at)",
                    soci::use(key), soci::use(at);
            }
            return {};
        });
    }

    Result<int> count_sign_in_failures(const std::string& key, const std::string& since) override
    {
        return m_database.read([&](soci::session& session) -> Result<int> {
            int count = 0;
            session << "SELECT COUNT(*) FROM sign_in_failures WHERE key = :key AND at >= :since",
                soci::use(key), soci::use(since), soci::into(count);
            return count;
        });
    }

    Result<void> clear_sign_in_failures(const std::string& key) override
    {
        return m_database.write_unseen([&](soci::session& session) -> Result<void> {
            session << "DELETE FROM sign_in_failures WHERE key = :key", soci::use(key);
            return {};
        });
    }

    Result<void> store_verification_token(std::int64_t account_id, const std::string& token_hash,
        const std::string& created_at, const std::string& expires_at,
        const std::string& unless_since) override
    {
        const long long id = account_id;
        return m_database.write_unseen([&](soci::session& session) -> Result<void> {
            // Locks the account's row on PostgreSQL until the transaction ends (SQLite has one
            // writer at a time anyway), so a concurrent request waits here and then sees the
            // token this one stores.
            session << "UPDATE accounts SET email = email WHERE id = :id", soci::use(id);
            int known = 0;
            session << "SELECT COUNT(*) FROM accounts WHERE id = :id", soci::use(id),
                soci::into(known);
            if (known == 0)
                return fail(ErrorCode::not_found, "no such account", "account");
            if (!unless_since.empty()) {
                int recent = 0;
                session << "SELECT COUNT(*) FROM email_verification_tokens"
                           " WHERE account_id = :id AND created_at > :since",
                    soci::use(id), soci::use(unless_since), soci::into(recent);
                if (recent > 0)
                    return fail(ErrorCode::failed_precondition,
                        "a verification link was sent after " + unless_since, "account");
            }
            session << "DELETE FROM email_verification_tokens WHERE account_id = :id",
                soci::use(id);
            session << "INSERT INTO email_verification_tokens (token_hash, account_id,"
                       " created_at, expires_at) VALUES (:token_hash, :id, :created_at,"
                       " :expires_at)",
                soci::use(token_hash), soci::use(id), soci::use(created_at), soci::use(expires_at);
            return {};
        });
    }

    Result<std::optional<std::string>> verification_token_created_at(
        std::int64_t account_id) override
    {
        const long long id = account_id;
        return m_database.read([&](soci::session& session) -> Result<std::optional<std::string>> {
            std::string created_at;
            soci::statement select =
                (session.prepare << "SELECT created_at FROM email_verification_tokens"
                                    " WHERE account_id = :id ORDER BY created_at DESC",
                    soci::use(id), soci::into(created_at));
            if (!select.execute(true))
                return std::optional<std::string>();
            return std::optional<std::string>(created_at);
        });
    }

    Result<Account> verify_email(const std::string& token_hash, const std::string& now) override
    {
        return m_database.write_unseen([&](soci::session& session) -> Result<Account> {
            long long account_id = 0;
            soci::statement select =
                (session.prepare << "SELECT account_id FROM email_verification_tokens"
                                    " WHERE token_hash = :token_hash AND expires_at > :now",
                    soci::use(token_hash), soci::use(now), soci::into(account_id));
            if (!select.execute(true))
                return fail(ErrorCode::not_found, "unknown or expired verification link", "token");
            auto before = first(select_accounts(session, "WHERE id = :id", account_id));
            if (!before || before->disabled)
                return fail(ErrorCode::not_found, "unknown or expired verification link", "token");
            // Single use: the link (and any other the account had) stops working now.
            session << "DELETE FROM email_verification_tokens WHERE account_id = :id",
                soci::use(account_id);
            Account after = *before;
            if (!before->email_verified()) {
                session << "UPDATE accounts SET email_verified_at = :now WHERE id = :id",
                    soci::use(now), soci::use(account_id);
                after.email_verified_at = now;
                append_audit(session,
                    {0, now,
                        AuditActor{before->id, before->email,
                            std::string(accounts::to_string(before->role))},
                        "verify_email", "account", before->email, account_json(*before),
                        account_json(after)});
            }
            return after;
        });
    }

private:
    Database& m_database;
};

}  // namespace

std::unique_ptr<AccountStore> make_account_store(Database& database)
{
    return std::make_unique<SqlAccountStore>(database);
}

}  // namespace tablero::storage
