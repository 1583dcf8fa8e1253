-- Consultations (storage/consultation_store.h; PRODUCT.md module 4): processes with phases, the
-- drafts published for comment and their numbered paragraphs, threaded comments and their
-- endorsements, proposals, votes, flags and moderation, the unit's answers, and the identity
-- numbers a consultation may require. The same tables as postgres/migrations/0009_consultations.sql.
--
-- Times are ISO 8601 UTC text (to_sql_timestamp); flags are INTEGER 0/1. Hidden content stays,
-- with its text, its reason and who hid it: nothing here is deleted by the program.

CREATE TABLE consultations (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    -- The plan it co-creates, or NULL for a consultation of its own.
    plan_id INTEGER REFERENCES plans (id),
    results TEXT NOT NULL CHECK (results IN ('live', 'after_close')),
    requires_identity INTEGER NOT NULL DEFAULT 0,
    -- 16 random bytes in hex, made at creation: the salt identity numbers are hashed with.
    identity_salt TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- At most one phase of each kind; open from opens_at (included) until closes_at (excluded).
CREATE TABLE consultation_phases (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('proposals', 'comments', 'voting')),
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    PRIMARY KEY (consultation_id, kind),
    CHECK (closes_at > opens_at)
);

CREATE TABLE consultation_documents (
    id INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    markdown TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by INTEGER REFERENCES accounts (id)
);
CREATE INDEX consultation_documents_consultation ON consultation_documents (consultation_id);

-- Sections numbered from 1 (0 before the first heading), paragraphs from 1 within a section.
CREATE TABLE consultation_paragraphs (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES consultation_documents (id) ON DELETE CASCADE,
    section INTEGER NOT NULL,
    number INTEGER NOT NULL,
    section_title TEXT NOT NULL,
    markdown TEXT NOT NULL,
    UNIQUE (document_id, section, number)
);

-- Threads at most three deep (consultations::max_comment_depth): depth = the parent's + 1.
CREATE TABLE consultation_comments (
    id INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES consultation_documents (id) ON DELETE CASCADE,
    -- NULL for a comment on the whole document.
    paragraph_id INTEGER REFERENCES consultation_paragraphs (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES consultation_comments (id) ON DELETE CASCADE,
    depth INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 3),
    author_id INTEGER NOT NULL REFERENCES accounts (id),
    stance TEXT NOT NULL CHECK (stance IN ('', 'in_favour', 'neutral', 'against')),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    hidden_reason TEXT NOT NULL DEFAULT '',
    hidden_at TEXT NOT NULL DEFAULT '',
    hidden_by INTEGER REFERENCES accounts (id)
);
CREATE INDEX consultation_comments_consultation ON consultation_comments (consultation_id, id);
CREATE INDEX consultation_comments_parent ON consultation_comments (parent_id);

-- One endorsement per account per comment.
CREATE TABLE consultation_endorsements (
    comment_id INTEGER NOT NULL REFERENCES consultation_comments (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    endorsed_at TEXT NOT NULL,
    PRIMARY KEY (comment_id, account_id)
);

CREATE TABLE consultation_proposals (
    id INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES accounts (id),
    title TEXT NOT NULL,
    problem TEXT NOT NULL,
    proposal TEXT NOT NULL,
    institution TEXT NOT NULL,
    created_at TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    hidden_reason TEXT NOT NULL DEFAULT '',
    hidden_at TEXT NOT NULL DEFAULT '',
    hidden_by INTEGER REFERENCES accounts (id)
);
CREATE INDEX consultation_proposals_consultation ON consultation_proposals (consultation_id, id);

-- The unit's current answer to an input (a proposal or a comment); the audit log keeps the
-- earlier ones.
CREATE TABLE consultation_responses (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    content_kind TEXT NOT NULL CHECK (content_kind IN ('proposal', 'comment')),
    content_id INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'merged', 'not_accepted')),
    justification TEXT NOT NULL,
    -- "<plan>/<commitment>", or empty.
    commitment TEXT NOT NULL,
    merged_into INTEGER REFERENCES consultation_proposals (id),
    answered_by INTEGER REFERENCES accounts (id),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (content_kind, content_id)
);
CREATE INDEX consultation_responses_consultation ON consultation_responses (consultation_id);

-- One vote per account per item: a later vote replaces the earlier (an upsert on the UNIQUE
-- key). item_key is a proposal's id in decimal or a commitment's code. The UNIQUE index also
-- serves the counts per consultation and item.
CREATE TABLE consultation_votes (
    id INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    item_kind TEXT NOT NULL CHECK (item_kind IN ('proposal', 'commitment')),
    item_key TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    choice TEXT NOT NULL CHECK (choice IN ('in_favour', 'against', 'abstain')),
    cast_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    UNIQUE (consultation_id, item_kind, item_key, account_id)
);
CREATE INDEX consultation_votes_account ON consultation_votes (consultation_id, account_id);

-- One flag per account per content.
CREATE TABLE consultation_flags (
    id INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    content_kind TEXT NOT NULL CHECK (content_kind IN ('proposal', 'comment')),
    content_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    reason TEXT NOT NULL,
    flagged_at TEXT NOT NULL,
    UNIQUE (content_kind, content_id, account_id)
);
CREATE INDEX consultation_flags_consultation ON consultation_flags (consultation_id);

-- The identity numbers a consultation requires, hashed with its salt: one account per number
-- and one number per account in each consultation.
CREATE TABLE consultation_identities (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    identity_hash TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    PRIMARY KEY (consultation_id, account_id),
    UNIQUE (consultation_id, identity_hash)
);
