-- E-mail verification (storage/account_store.h; issue 6): participation needs an account whose
-- address is verified. The same tables as sqlite/migrations/0008_email_verification.sql.

-- When the address was verified (ISO 8601 UTC text); NULL while it is not. Accounts made before
-- this migration by an administrator (every role but citizen) count as verified: the
-- administrator vouched for the address; citizens verify theirs from /account.
ALTER TABLE accounts ADD COLUMN email_verified_at TEXT;
UPDATE accounts SET email_verified_at = created_at WHERE role <> 'citizen';

-- The links sent: only the SHA-256 of the token (the link holds the token itself), so the
-- database never holds a working link. One row per account at most (a new link replaces the
-- earlier one); a row is deleted when its link is used.
CREATE TABLE email_verification_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX email_verification_tokens_account ON email_verification_tokens (account_id);
