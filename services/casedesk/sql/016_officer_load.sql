-- Each liaison officer's open cases as a maintained number (issue 16):
-- routing picked the least-loaded officer of a pool by counting every open
-- case of each pool officer on every filing (an index scan growing with the
-- officers' load). officer_load holds the count; triggers on cases change
-- it in the same statement as every change that opens, closes or
-- reassigns a case (a filing, an assignment or reassignment, a status
-- change to or from resolved/closed, a reopen), so no code path can miss
-- it. Open = assigned to the officer and neither resolved nor closed, as
-- officer_open_cases() and the worklist count from the rows
-- (tests/integration/test_casedesk_officer_load.c compares them).
-- A table of its own, not a column of liaison_officers: a filing must not
-- change the officer's version or updated_at (its ETag). Striped: each
-- officer's number is the sum of up to 8 rows (slot = the backend's pid
-- modulo 8), so concurrent filings to the same least-loaded officer do not
-- queue on one row lock held until their commits (measured: with one row
-- per officer the insert's time tripled at 8 connections); a slot may go
-- below zero, the sum cannot.
CREATE TABLE officer_load (
    tenant_id   uuid     NOT NULL,
    officer_id  uuid     NOT NULL,
    slot        smallint NOT NULL CHECK (slot BETWEEN 0 AND 7),
    open_cases  integer  NOT NULL,
    PRIMARY KEY (tenant_id, officer_id, slot),
    FOREIGN KEY (tenant_id, officer_id) REFERENCES liaison_officers (tenant_id, id)
        ON DELETE CASCADE
);

INSERT INTO officer_load (tenant_id, officer_id, slot, open_cases)
SELECT c.tenant_id, c.officer_id, 0, count(*)
  FROM cases c
 WHERE c.officer_id IS NOT NULL
   AND c.status NOT IN ('resolved', 'closed')
 GROUP BY c.tenant_id, c.officer_id;

-- Adds delta to officer's number in this backend's slot.
CREATE FUNCTION officer_load_add(tenant uuid, officer uuid, delta integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO casedesk.officer_load AS l (tenant_id, officer_id, slot, open_cases)
    VALUES (tenant, officer, (pg_backend_pid() % 8)::smallint, delta)
    ON CONFLICT (tenant_id, officer_id, slot)
    DO UPDATE SET open_cases = l.open_cases + EXCLUDED.open_cases
$$;

-- A new open case with an officer: one more for the officer.
CREATE FUNCTION officer_load_case_filed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM casedesk.officer_load_add(NEW.tenant_id, NEW.officer_id, 1);
    RETURN NULL;
END
$$;
CREATE TRIGGER officer_load_case_filed AFTER INSERT ON cases
    FOR EACH ROW
    WHEN (NEW.officer_id IS NOT NULL AND NEW.status NOT IN ('resolved', 'closed'))
    EXECUTE FUNCTION officer_load_case_filed();

-- A case that changes officer or opens/closes: minus one for the officer it
-- counted for, plus one for the officer it counts for now, in officer id
-- order (two reassignments between the same officers lock alike).
CREATE FUNCTION officer_load_case_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was uuid := CASE WHEN OLD.status NOT IN ('resolved', 'closed') THEN OLD.officer_id END;
    now_ uuid := CASE WHEN NEW.status NOT IN ('resolved', 'closed') THEN NEW.officer_id END;
BEGIN
    IF was IS NOT DISTINCT FROM now_ THEN
        RETURN NULL;
    END IF;
    PERFORM casedesk.officer_load_add(NEW.tenant_id, d.officer, d.delta)
       FROM (VALUES (was, -1), (now_, 1)) AS d(officer, delta)
      WHERE d.officer IS NOT NULL
      ORDER BY d.officer;
    RETURN NULL;
END
$$;
CREATE TRIGGER officer_load_case_changed AFTER UPDATE OF officer_id, status ON cases
    FOR EACH ROW
    WHEN (OLD.officer_id IS DISTINCT FROM NEW.officer_id
          OR (OLD.status IN ('resolved', 'closed')) <> (NEW.status IN ('resolved', 'closed')))
    EXECUTE FUNCTION officer_load_case_changed();

-- The liaison officers resource's openCases reads the maintained number.
CREATE OR REPLACE FUNCTION officer_open_cases(tenant uuid, officer uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(l.open_cases), 0)::integer
      FROM casedesk.officer_load l
     WHERE l.tenant_id = tenant
       AND l.officer_id = officer
$$;
