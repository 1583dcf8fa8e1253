-- Files uploaded as evidence (storage/file_store.h; PRODUCT.md module 3): the bytes live in the
-- data folder under their SHA-256, so a file uploaded twice is kept once and stays available
-- when the site it came from disappears; this table says what each one is. The same table as
-- sqlite/migrations/0005_evidence_files.sql.

CREATE TABLE evidence_files (
    -- Lowercase hex SHA-256 of the content: also the file's name in the data folder.
    sha256 TEXT PRIMARY KEY,
    -- Decided from the content, never from the name ("application/pdf").
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    -- The name it was uploaded with, for the download's file name only (never a path).
    original_name TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES accounts (id),
    uploaded_at TEXT NOT NULL
);
