-- Accounts, sessions, sign-in attempts and the audit log (storage/account_store.h,
-- storage/audit_log.h; PRODUCT.md module 3). The same tables as postgres/migrations/0003_accounts.sql.
--
-- Times are ISO 8601 UTC text (to_sql_timestamp): they sort in time order as text. Flags are
-- INTEGER 0/1 on both backends. Nothing here holds a password or a session token in clear:
-- password_hash is libsodium's argon2id string, token_hash the SHA-256 of the cookie's token.

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    -- Lowercase, trimmed (domain/accounts/credentials.h): one account per address.
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'officer', 'monitor', 'citizen')),
    password_hash TEXT NOT NULL,
    -- A civil-society monitor's organisation; empty for other roles.
    organisation TEXT NOT NULL DEFAULT '',
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

-- The institutions an officer reports for, as the plans name their lead institutions.
CREATE TABLE account_institutions (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    institution TEXT NOT NULL,
    PRIMARY KEY (account_id, institution)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Sent in every form of the session and compared on every write.
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Failed sign-ins, by key ("account:<email>" or "address:<ip>"), for rate limiting; old rows
-- are pruned as new ones are written.
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);

-- Every write, in the same transaction as the write: append-only.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    -- NULL for the system (an import from the command line, a migration).
    account_id INTEGER REFERENCES accounts (id),
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    -- JSON of the entity before and after ('' when it did not exist / no longer exists).
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_key);
