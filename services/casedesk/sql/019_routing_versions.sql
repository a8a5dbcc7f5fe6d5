-- A filing without reading the routing data (issue 16): the service keeps
-- each tenant's active routing rules, its categories' terms and its
-- calendar settings in memory, and the filing's one statement checks that
-- they are still current. routing_versions holds a number per tenant that
-- every change of a rule, a category or the settings raises in the
-- writer's own transaction (row triggers: no code path can miss one); the
-- filing's INSERT writes nothing when the number it read with its copy is
-- no longer the one its snapshot sees, and the service then reads the
-- data again and files once more. Replicas stay exact without talking to
-- each other. A tenant that never had any of them has no row (0).
-- Liaison officers are not part of it: the filing's statement reads their
-- active flag, capacity and load itself when it picks from the pool.
CREATE TABLE routing_versions (
    tenant_id  uuid   PRIMARY KEY,
    version    bigint NOT NULL
);

-- Every tenant that has routing data already gets its row (so a TRUNCATE,
-- which raises the rows there are, reaches it too).
INSERT INTO routing_versions (tenant_id, version)
SELECT tenant_id, 1 FROM routing_rules
 UNION
SELECT tenant_id, 1 FROM categories
 UNION
SELECT tenant_id, 1 FROM settings;

CREATE FUNCTION routing_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    tenant uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
BEGIN
    INSERT INTO casedesk.routing_versions AS v (tenant_id, version)
    VALUES (tenant, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    IF TG_OP = 'UPDATE' AND OLD.tenant_id IS DISTINCT FROM NEW.tenant_id THEN
        INSERT INTO casedesk.routing_versions AS v (tenant_id, version)
        VALUES (OLD.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER routing_version_rules AFTER INSERT OR UPDATE OR DELETE ON routing_rules
    FOR EACH ROW EXECUTE FUNCTION routing_version_bump();
CREATE TRIGGER routing_version_categories AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION routing_version_bump();
CREATE TRIGGER routing_version_settings AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION routing_version_bump();

-- TRUNCATE fires no row trigger: every tenant's copy is then out of date.
CREATE FUNCTION routing_version_bump_all() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE casedesk.routing_versions SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER routing_version_rules_truncated AFTER TRUNCATE ON routing_rules
    FOR EACH STATEMENT EXECUTE FUNCTION routing_version_bump_all();
CREATE TRIGGER routing_version_categories_truncated AFTER TRUNCATE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION routing_version_bump_all();
CREATE TRIGGER routing_version_settings_truncated AFTER TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION routing_version_bump_all();

-- The officers' load triggers write their upsert themselves: through the
-- SQL function officer_load_add PostgreSQL planned the upsert again on
-- every call (a SQL function's plan is not kept between statements);
-- PL/pgSQL keeps it for the session. Same rows, same locks, same order.
CREATE OR REPLACE FUNCTION officer_load_case_filed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO casedesk.officer_load AS l (tenant_id, officer_id, slot, open_cases)
    VALUES (NEW.tenant_id, NEW.officer_id, (pg_backend_pid() % 8)::smallint, 1)
    ON CONFLICT (tenant_id, officer_id, slot)
    DO UPDATE SET open_cases = l.open_cases + EXCLUDED.open_cases;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION officer_load_case_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was uuid := CASE WHEN OLD.status NOT IN ('resolved', 'closed') THEN OLD.officer_id END;
    now_ uuid := CASE WHEN NEW.status NOT IN ('resolved', 'closed') THEN NEW.officer_id END;
BEGIN
    IF was IS NOT DISTINCT FROM now_ THEN
        RETURN NULL;
    END IF;
    INSERT INTO casedesk.officer_load AS l (tenant_id, officer_id, slot, open_cases)
    SELECT NEW.tenant_id, d.officer, (pg_backend_pid() % 8)::smallint, d.delta
      FROM (VALUES (was, -1), (now_, 1)) AS d(officer, delta)
     WHERE d.officer IS NOT NULL
     ORDER BY d.officer
    ON CONFLICT (tenant_id, officer_id, slot)
    DO UPDATE SET open_cases = l.open_cases + EXCLUDED.open_cases;
    RETURN NULL;
END
$$;
