-- Each plan's revision, bumped by every change to what PlanStore::load_plan reads of it, so the
-- plan cache (storage/plan_cache.h) drops only the plans a write touched instead of all of them
-- (issue 7: after a progress update, home took 4 s at scale 1.0 reloading 200 plans). Triggers,
-- not the stores, keep it: an import from the command line, another server or a store written
-- later bumps it too. The same rule as postgres/migrations/0011_plan_revisions.sql, which bumps
-- once per statement instead of once per row.
ALTER TABLE plans ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- The plan's own fields (the inner UPDATE below changes only revision, so it does not recurse).
CREATE TRIGGER plans_update_revision AFTER UPDATE ON plans WHEN NEW.revision = OLD.revision BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = NEW.id;
END;
-- An organisation's name is not part of a loaded plan (list_plans joins it), and consultations,
-- accounts and the audit log are not either.
CREATE TRIGGER areas_insert_revision AFTER INSERT ON areas BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = NEW.plan_id;
END;
CREATE TRIGGER areas_update_revision AFTER UPDATE ON areas BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN (NEW.plan_id, OLD.plan_id);
END;
CREATE TRIGGER areas_delete_revision AFTER DELETE ON areas BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = OLD.plan_id;
END;
CREATE TRIGGER commitments_insert_revision AFTER INSERT ON commitments BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = NEW.plan_id;
END;
CREATE TRIGGER commitments_update_revision AFTER UPDATE ON commitments BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN (NEW.plan_id, OLD.plan_id);
END;
CREATE TRIGGER commitments_delete_revision AFTER DELETE ON commitments BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = OLD.plan_id;
END;
CREATE TRIGGER commitment_values_insert_revision AFTER INSERT ON commitment_values BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = NEW.commitment_id);
END;
CREATE TRIGGER commitment_values_update_revision AFTER UPDATE ON commitment_values BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN ((SELECT plan_id FROM commitments WHERE id = NEW.commitment_id), (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id));
END;
CREATE TRIGGER commitment_values_delete_revision AFTER DELETE ON commitment_values BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id);
END;
CREATE TRIGGER commitment_challenges_insert_revision AFTER INSERT ON commitment_challenges BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = NEW.commitment_id);
END;
CREATE TRIGGER commitment_challenges_update_revision AFTER UPDATE ON commitment_challenges BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN ((SELECT plan_id FROM commitments WHERE id = NEW.commitment_id), (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id));
END;
CREATE TRIGGER commitment_challenges_delete_revision AFTER DELETE ON commitment_challenges BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id);
END;
CREATE TRIGGER commitment_actors_insert_revision AFTER INSERT ON commitment_actors BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = NEW.commitment_id);
END;
CREATE TRIGGER commitment_actors_update_revision AFTER UPDATE ON commitment_actors BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN ((SELECT plan_id FROM commitments WHERE id = NEW.commitment_id), (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id));
END;
CREATE TRIGGER commitment_actors_delete_revision AFTER DELETE ON commitment_actors BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id);
END;
CREATE TRIGGER nodes_insert_revision AFTER INSERT ON nodes BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = NEW.commitment_id);
END;
CREATE TRIGGER nodes_update_revision AFTER UPDATE ON nodes BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN ((SELECT plan_id FROM commitments WHERE id = NEW.commitment_id), (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id));
END;
CREATE TRIGGER nodes_delete_revision AFTER DELETE ON nodes BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id);
END;
CREATE TRIGGER assessments_insert_revision AFTER INSERT ON assessments BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = NEW.commitment_id);
END;
CREATE TRIGGER assessments_update_revision AFTER UPDATE ON assessments BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN ((SELECT plan_id FROM commitments WHERE id = NEW.commitment_id), (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id));
END;
CREATE TRIGGER assessments_delete_revision AFTER DELETE ON assessments BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id);
END;
CREATE TRIGGER dissents_insert_revision AFTER INSERT ON dissents BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = NEW.commitment_id);
END;
CREATE TRIGGER dissents_update_revision AFTER UPDATE ON dissents BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN ((SELECT plan_id FROM commitments WHERE id = NEW.commitment_id), (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id));
END;
CREATE TRIGGER dissents_delete_revision AFTER DELETE ON dissents BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT plan_id FROM commitments WHERE id = OLD.commitment_id);
END;
CREATE TRIGGER progress_updates_insert_revision AFTER INSERT ON progress_updates BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE n.id = NEW.node_id);
END;
CREATE TRIGGER progress_updates_update_revision AFTER UPDATE ON progress_updates BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN ((SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE n.id = NEW.node_id), (SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE n.id = OLD.node_id));
END;
CREATE TRIGGER progress_updates_delete_revision AFTER DELETE ON progress_updates BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE n.id = OLD.node_id);
END;
CREATE TRIGGER evidence_insert_revision AFTER INSERT ON evidence BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE n.id = NEW.node_id);
END;
CREATE TRIGGER evidence_update_revision AFTER UPDATE ON evidence BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id IN ((SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE n.id = NEW.node_id), (SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE n.id = OLD.node_id));
END;
CREATE TRIGGER evidence_delete_revision AFTER DELETE ON evidence BEGIN
    UPDATE plans SET revision = revision + 1 WHERE id = (SELECT c.plan_id FROM nodes n JOIN commitments c ON c.id = n.commitment_id WHERE n.id = OLD.node_id);
END;
