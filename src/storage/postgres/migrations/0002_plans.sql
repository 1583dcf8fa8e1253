-- Action plans (storage/plan_store.h): organisations, plans, areas, commitments with the OGP
-- template fields, results/milestones/activities nested through parent_id, their progress
-- updates and evidence, and assessments. The same tables as sqlite/migrations/0002_plans.sql.
--
-- Dates are TEXT 'YYYY-MM-DD' on both backends: they sort in calendar order as text and come
-- back exactly as written. recorded_at is ISO 8601 UTC text (to_sql_timestamp). Enumerations are
-- their snake_case codes (domain/plans/model.h). Nothing below a plan is ever deleted by an
-- import; deleting a plan removes everything under it through ON DELETE CASCADE.

CREATE TABLE organisations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    -- NULL until the plan is given to an organisation.
    organisation_code TEXT REFERENCES organisations (code) ON UPDATE CASCADE ON DELETE SET NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    lifecycle TEXT NOT NULL
);
CREATE INDEX plans_organisation ON plans (organisation_code);

CREATE TABLE areas (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (plan_id, code)
);

CREATE TABLE commitments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    -- The code of its area in the same plan, or empty.
    area_code TEXT NOT NULL,
    weight DOUBLE PRECISION,
    lead_institution TEXT NOT NULL,
    responsible_name TEXT NOT NULL,
    responsible_position TEXT NOT NULL,
    responsible_email TEXT NOT NULL,
    responsible_phone TEXT NOT NULL,
    main_goal TEXT NOT NULL,
    brief_description TEXT NOT NULL,
    public_problem TEXT NOT NULL,
    ambition TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    next_steps TEXT NOT NULL,
    additional_information TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (plan_id, code)
);

CREATE TABLE commitment_values (
    commitment_id BIGINT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (commitment_id, value)
);

CREATE TABLE commitment_challenges (
    commitment_id BIGINT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    challenge TEXT NOT NULL,
    PRIMARY KEY (commitment_id, challenge)
);

CREATE TABLE commitment_actors (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id BIGINT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    -- The actor's place in the commitment's list.
    position INTEGER NOT NULL
);
CREATE INDEX commitment_actors_commitment ON commitment_actors (commitment_id);

CREATE TABLE nodes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id BIGINT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    -- NULL for a result directly under its commitment.
    parent_id BIGINT REFERENCES nodes (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    weight DOUBLE PRECISION,
    start_date TEXT,
    due_date TEXT,
    -- Among its siblings.
    position INTEGER NOT NULL,
    UNIQUE (commitment_id, code)
);
CREATE INDEX nodes_parent ON nodes (parent_id);

CREATE TABLE progress_updates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    as_of TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('value', 'not_applicable')),
    -- 0-100 when kind is 'value', NULL otherwise.
    percent DOUBLE PRECISION,
    author TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX progress_updates_node ON progress_updates (node_id, as_of);

-- Evidence of a node (update_id NULL) or of one of its progress updates.
CREATE TABLE evidence (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    update_id BIGINT REFERENCES progress_updates (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    date TEXT NOT NULL
);
CREATE INDEX evidence_node ON evidence (node_id);
CREATE INDEX evidence_update ON evidence (update_id);

CREATE TABLE assessments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id BIGINT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    assessor TEXT NOT NULL,
    level TEXT NOT NULL,
    date TEXT NOT NULL,
    justification TEXT NOT NULL
);
CREATE INDEX assessments_commitment ON assessments (commitment_id);
