-- Civil society beside the government (storage/monitoring_store.h; PRODUCT.md module 3):
-- assessments now say which organisation and account recorded them, and monitors can record
-- dissent on a commitment. Neither ever replaces the government's figures. The same tables as
-- sqlite/migrations/0006_civil_society.sql.

-- '' and NULL for assessments that came from a CSV import.
ALTER TABLE assessments ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN recorded_by BIGINT REFERENCES accounts (id);
ALTER TABLE assessments ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';

CREATE TABLE dissents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id BIGINT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    organisation TEXT NOT NULL,
    statement TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES accounts (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX dissents_commitment ON dissents (commitment_id);
