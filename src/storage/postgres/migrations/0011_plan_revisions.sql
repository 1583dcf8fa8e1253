-- Each plan's revision, bumped by every change to what PlanStore::load_plan reads of it, so the
-- plan cache (storage/plan_cache.h) drops only the plans a write touched instead of all of them
-- (issue 7: after a progress update, home took 4-6 s at scale 1.0 reloading 200 plans).
-- Triggers, not the stores, keep it: an import from the command line, another server or a store
-- written later bumps it too. The same rule as sqlite/migrations/0011_plan_revisions.sql, here
-- once per statement over its transition table, so a COPY of 50,000 progress updates bumps each
-- plan once instead of updating the plan's row 50,000 times.
ALTER TABLE plans ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

-- The plan's own fields; the bump by the triggers below changes revision and is left alone.
CREATE FUNCTION tablero_plan_revision_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.revision = OLD.revision THEN
        NEW.revision := OLD.revision + 1;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER plans_revision BEFORE UPDATE ON plans
    FOR EACH ROW EXECUTE FUNCTION tablero_plan_revision_own();

-- Rows that name their plan.
CREATE FUNCTION tablero_plan_revision_by_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN (SELECT plan_id FROM changed_rows);
    RETURN NULL;
END $$;

-- Rows that name their commitment.
CREATE FUNCTION tablero_plan_revision_by_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN (
        SELECT c.plan_id FROM commitments c WHERE c.id IN (SELECT commitment_id FROM changed_rows));
    RETURN NULL;
END $$;

-- Rows that name their node.
CREATE FUNCTION tablero_plan_revision_by_node() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN (
        SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id
        WHERE n.id IN (SELECT node_id FROM changed_rows));
    RETURN NULL;
END $$;

-- A trigger per table and event, each naming its transition table changed_rows (an UPDATE
-- bumps the plan its rows name now; no store moves rows between plans).
CREATE TRIGGER areas_insert_revision AFTER INSERT ON areas
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_plan();
CREATE TRIGGER areas_update_revision AFTER UPDATE ON areas
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_plan();
CREATE TRIGGER areas_delete_revision AFTER DELETE ON areas
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_plan();
CREATE TRIGGER commitments_insert_revision AFTER INSERT ON commitments
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_plan();
CREATE TRIGGER commitments_update_revision AFTER UPDATE ON commitments
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_plan();
CREATE TRIGGER commitments_delete_revision AFTER DELETE ON commitments
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_plan();
CREATE TRIGGER commitment_values_insert_revision AFTER INSERT ON commitment_values
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER commitment_values_update_revision AFTER UPDATE ON commitment_values
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER commitment_values_delete_revision AFTER DELETE ON commitment_values
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER commitment_challenges_insert_revision AFTER INSERT ON commitment_challenges
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER commitment_challenges_update_revision AFTER UPDATE ON commitment_challenges
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER commitment_challenges_delete_revision AFTER DELETE ON commitment_challenges
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER commitment_actors_insert_revision AFTER INSERT ON commitment_actors
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER commitment_actors_update_revision AFTER UPDATE ON commitment_actors
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER commitment_actors_delete_revision AFTER DELETE ON commitment_actors
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER nodes_insert_revision AFTER INSERT ON nodes
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER nodes_update_revision AFTER UPDATE ON nodes
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER nodes_delete_revision AFTER DELETE ON nodes
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER assessments_insert_revision AFTER INSERT ON assessments
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER assessments_update_revision AFTER UPDATE ON assessments
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER assessments_delete_revision AFTER DELETE ON assessments
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER dissents_insert_revision AFTER INSERT ON dissents
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER dissents_update_revision AFTER UPDATE ON dissents
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER dissents_delete_revision AFTER DELETE ON dissents
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_commitment();
CREATE TRIGGER progress_updates_insert_revision AFTER INSERT ON progress_updates
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_node();
CREATE TRIGGER progress_updates_update_revision AFTER UPDATE ON progress_updates
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_node();
CREATE TRIGGER progress_updates_delete_revision AFTER DELETE ON progress_updates
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_node();
CREATE TRIGGER evidence_insert_revision AFTER INSERT ON evidence
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_node();
CREATE TRIGGER evidence_update_revision AFTER UPDATE ON evidence
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_node();
CREATE TRIGGER evidence_delete_revision AFTER DELETE ON evidence
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tablero_plan_revision_by_node();
