-- The background checks of evidence links (storage/link_check_store.h; PRODUCT.md module 3):
-- the latest outcome per address, shown to officers beside their evidence. The same table as
-- sqlite/migrations/0007_link_checks.sql.

CREATE TABLE link_checks (
    url TEXT PRIMARY KEY,
    -- ok (2xx after redirects), broken (an HTTP error status) or unreachable (no answer).
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'broken', 'unreachable')),
    -- The last HTTP status, 0 when there was none.
    http_status INTEGER NOT NULL,
    -- Why, in a few words ("timeout", "404 Not Found"); never personal data.
    detail TEXT NOT NULL,
    checked_at TEXT NOT NULL
);
CREATE INDEX link_checks_checked_at ON link_checks (checked_at);
