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
-- change the officer's version or updated_at (its ETag), and its row lock
-- is taken by routing's pick (FOR UPDATE) without blocking edits of the
-- officer.
CREATE TABLE officer_load (
    tenant_id   uuid    NOT NULL,
    officer_id  uuid    NOT NULL,
    open_cases  integer NOT NULL DEFAULT 0 CHECK (open_cases >= 0),
    PRIMARY KEY (tenant_id, officer_id),
    FOREIGN KEY (tenant_id, officer_id) REFERENCES liaison_officers (tenant_id, id)
        ON DELETE CASCADE
);

INSERT INTO officer_load (tenant_id, officer_id, open_cases)
SELECT o.tenant_id, o.id,
       (SELECT count(*)
          FROM cases c
         WHERE c.tenant_id = o.tenant_id
           AND c.officer_id = o.id
           AND c.status NOT IN ('resolved', 'closed'))
  FROM liaison_officers o;

-- Every officer has its row from its creation on.
CREATE FUNCTION officer_load_new_officer() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO casedesk.officer_load (tenant_id, officer_id)
    VALUES (NEW.tenant_id, NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER officer_load_new_officer AFTER INSERT ON liaison_officers
    FOR EACH ROW EXECUTE FUNCTION officer_load_new_officer();

-- A new open case with an officer: one more for the officer.
CREATE FUNCTION officer_load_case_filed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE casedesk.officer_load
       SET open_cases = open_cases + 1
     WHERE tenant_id = NEW.tenant_id AND officer_id = NEW.officer_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER officer_load_case_filed AFTER INSERT ON cases
    FOR EACH ROW
    WHEN (NEW.officer_id IS NOT NULL AND NEW.status NOT IN ('resolved', 'closed'))
    EXECUTE FUNCTION officer_load_case_filed();

-- A case that changes officer or opens/closes: minus one for the officer it
-- counted for, plus one for the officer it counts for now. Both rows in
-- one statement: an index scan over a sorted key list locks them in key
-- order, so two reassignments between the same officers cannot deadlock.
CREATE FUNCTION officer_load_case_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was uuid := CASE WHEN OLD.status NOT IN ('resolved', 'closed') THEN OLD.officer_id END;
    now_ uuid := CASE WHEN NEW.status NOT IN ('resolved', 'closed') THEN NEW.officer_id END;
BEGIN
    IF was IS NOT DISTINCT FROM now_ THEN
        RETURN NULL;
    END IF;
    UPDATE casedesk.officer_load
       SET open_cases = open_cases + CASE WHEN officer_id = now_ THEN 1 ELSE -1 END
     WHERE tenant_id = NEW.tenant_id
       AND officer_id = ANY (ARRAY[was, now_]);
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
    SELECT coalesce((SELECT l.open_cases
                       FROM casedesk.officer_load l
                      WHERE l.tenant_id = tenant
                        AND l.officer_id = officer), 0)
$$;
