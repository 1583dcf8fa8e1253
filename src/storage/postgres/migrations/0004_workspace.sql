-- The institution workspace (storage/workspace_store.h; PRODUCT.md module 3): whether a plan's
-- progress updates wait for the Open Government Unit's validation, and the updates officers
-- submitted that are waiting, were approved (then also in progress_updates) or were returned.
-- The same tables as sqlite/migrations/0004_workspace.sql.

ALTER TABLE plans ADD COLUMN updates_need_validation INTEGER NOT NULL DEFAULT 0;

CREATE TABLE submitted_updates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    as_of TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('value', 'not_applicable')),
    percent DOUBLE PRECISION,
    note TEXT NOT NULL,
    -- [{"title", "url", "date"}] as JSON.
    evidence_json TEXT NOT NULL,
    submitted_by BIGINT NOT NULL REFERENCES accounts (id),
    submitted_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'returned')),
    reviewed_by BIGINT REFERENCES accounts (id),
    reviewed_at TEXT,
    review_comment TEXT NOT NULL DEFAULT '',
    -- The published row, once approved.
    published_update_id BIGINT REFERENCES progress_updates (id) ON DELETE SET NULL
);
CREATE INDEX submitted_updates_state ON submitted_updates (state, node_id);
