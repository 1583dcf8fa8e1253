// Accounts, their sessions and failed sign-ins (PRODUCT.md, module 3). Passwords arrive here
// already hashed (security/secrets.h) and session tokens as their SHA-256: this store never
// sees a secret in clear. Every change to an account is written to the audit log in the same
// transaction (storage/audit_log.h).
#pragma once

#include "core/result.h"
#include "domain/accounts/authorisation.h"
#include "storage/audit_log.h"
#include "storage/database.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tablero::storage {

struct NewAccount {
    // Already normalised (accounts::normalise_email).
    std::string email;
    std::string display_name;
    accounts::Role role = accounts::Role::citizen;
    // An officer's institutions, as the plans name their lead institutions.
    std::set<std::string> institutions;
    // A monitor's organisation.
    std::string organisation;
    std::string password_hash;
    // Whether the address counts as verified from the start: accounts an administrator makes
    // on the command line and the demo accounts are (the administrator vouches for the address);
    // a person who signs up verifies theirs with the link Tablero sends.
    bool verified = false;
};

struct Account {
    std::int64_t id = 0;
    std::string email;
    std::string display_name;
    accounts::Role role = accounts::Role::citizen;
    std::set<std::string> institutions;
    std::string organisation;
    bool disabled = false;
    std::string created_at;
    std::string password_hash;
    // When the address was verified (ISO 8601 UTC); empty while it is not.
    std::string email_verified_at;

    // Participation needs a verified address (issue 6).
    bool email_verified() const { return !email_verified_at.empty(); }

    // The account as the authorisation table sees it.
    accounts::Actor actor() const { return {role, institutions, disabled}; }
};

// How long an e-mail verification link works.
inline constexpr std::chrono::hours verification_link_lifetime{48};

struct SessionRecord {
    Account account;
    std::string csrf_token;
    std::string expires_at;
};

class AccountStore {
public:
    virtual ~AccountStore() = default;

    // already_exists naming "email" when the address has an account.
    virtual Result<Account> create_account(
        const NewAccount& account, const AuditActor& by, const std::string& at) = 0;
    virtual Result<std::optional<Account>> find_account_by_email(const std::string& email) = 0;
    virtual Result<std::optional<Account>> find_account(std::int64_t id) = 0;
    // By e-mail address.
    virtual Result<std::vector<Account>> list_accounts() = 0;
    // Disabling also ends the account's sessions. not_found naming "email" for no such account.
    virtual Result<void> set_disabled(
        const std::string& email, bool disabled, const AuditActor& by, const std::string& at) = 0;
    // Also ends every session of the account.
    virtual Result<void> set_password_hash(std::int64_t account_id, const std::string& hash,
        const AuditActor& by, const std::string& at) = 0;

    virtual Result<void> create_session(std::int64_t account_id, const std::string& token_hash,
        const std::string& csrf_token, const std::string& created_at,
        const std::string& expires_at) = 0;
    // The session and its account, when the token is known, unexpired at `now` and its account
    // not disabled; nullopt otherwise.
    virtual Result<std::optional<SessionRecord>> find_session(
        const std::string& token_hash, const std::string& now) = 0;
    virtual Result<void> delete_session(const std::string& token_hash) = 0;

    // Failed sign-ins, for rate limiting: one row per key ("account:ana@example.org",
    // "address:192.0.2.1"). Rows older than `forget_before` are pruned on the way.
    virtual Result<void> record_sign_in_failure(const std::vector<std::string>& keys,
        const std::string& at, const std::string& forget_before) = 0;
    virtual Result<int> count_sign_in_failures(
        const std::string& key, const std::string& since) = 0;
    virtual Result<void> clear_sign_in_failures(const std::string& key) = 0;

    // E-mail verification. Tokens arrive as their SHA-256, like session tokens. Storing one
    // replaces the account's earlier tokens (only the latest link works). With `unless_since`,
    // an account whose current token was made after that instant keeps it and the answer is
    // failed_precondition: the check and the write are one transaction, so two requests at once
    // cannot both pass a "one link per 5 minutes" limit.
    virtual Result<void> store_verification_token(std::int64_t account_id,
        const std::string& token_hash, const std::string& created_at, const std::string& expires_at,
        const std::string& unless_since = {}) = 0;
    // When the account's current token was made (to limit how often a link is sent); nullopt
    // when it has none.
    virtual Result<std::optional<std::string>> verification_token_created_at(
        std::int64_t account_id) = 0;
    // Marks the token's account verified at `now` and uses the token up (every token of the
    // account goes); audited as verify_email by the account itself. not_found for a token that
    // is unknown, used or expired at `now`, or whose account is disabled.
    virtual Result<Account> verify_email(const std::string& token_hash, const std::string& now) = 0;
};

// The SOCI implementation, the same on both backends.
std::unique_ptr<AccountStore> make_account_store(Database& database);

}  // namespace tablero::storage
