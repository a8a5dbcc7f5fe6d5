-- The statistics' facts of closed days, materialised (issue 16, stats3):
-- GET /statistics over a year streamed ~666,000 raw facts out of the
-- covering indexes on every request. Now each closed day of a tenant (two
-- days old or more, Europe/Amsterdam) is built once, by the statistics
-- worker (reports/statistics_days.c), into stat_day_groups: per day, per
-- grouping (0 none, 1 category, 2 district, 3 officer) and group key, the
-- counts of the inflow, outflow and feedback and the values of each
-- percentile (hours, float8, as the raw SQL computes them) sorted and
-- packed big-endian into a bytea. The reader takes the fresh days from
-- here and reads every other day (today, yesterday, a day not built or
-- made stale) from the raw rows, all in one REPEATABLE READ snapshot.
--
-- Staleness: a change to a fact of a day that may be built (a late change
-- to an old case: reopened, resolved again, reassigned, its district
-- anonymised, a late first contact; an answer of old feedback; a deleted
-- case; an import of old cases) marks the day not fresh in the writer's
-- own transaction (row triggers whose WHEN lets a filing, and any change
-- to a case of the last ~20 hours, pass without a call). Only a fresh day
-- is written: a day never built or already stale is left as it is, no
-- row written or locked, so writers do not queue on one another. What
-- keeps a fresh day true is a table lock: the touch is an UPDATE of
-- stat_days (ROW EXCLUSIVE until the writer commits, even when it matches
-- no row), and the builder takes SHARE ROW EXCLUSIVE before its
-- REPEATABLE READ snapshot (stat_day_build checks). The builder thus waits
-- for every writer that touched a day, which is then in its snapshot; a
-- writer that touches a day while a build runs waits for it, then finds
-- the day fresh and marks it stale.
CREATE TABLE stat_days (
    tenant_id  uuid        NOT NULL,
    day        date        NOT NULL,
    fresh      boolean     NOT NULL,
    built_at   timestamptz,
    PRIMARY KEY (tenant_id, day)
);

CREATE TABLE stat_day_groups (
    tenant_id              uuid     NOT NULL,
    day                    date     NOT NULL,
    dim                    smallint NOT NULL CHECK (dim BETWEEN 0 AND 3),
    key                    text,
    cases_in               integer  NOT NULL DEFAULT 0,
    first_contact          bytea,
    cases_out              integer  NOT NULL DEFAULT 0,
    resolution             bytea,
    with_due               integer  NOT NULL DEFAULT 0,
    in_time                integer  NOT NULL DEFAULT 0,
    agreed                 integer  NOT NULL DEFAULT 0,
    partly                 integer  NOT NULL DEFAULT 0,
    refused                integer  NOT NULL DEFAULT 0,
    lead_assigned          bytea,
    lead_closed            bytea,
    lead_in_progress       bytea,
    lead_received          bytea,
    lead_resolved          bytea,
    lead_solution_proposed bytea,
    lead_waiting           bytea,
    fb_n                   integer  NOT NULL DEFAULT 0,
    fb_sum                 integer  NOT NULL DEFAULT 0,
    fb_equal               integer  NOT NULL DEFAULT 0
);
CREATE INDEX stat_day_groups_day ON stat_day_groups (tenant_id, dim, day);
-- sorted float8s do not compress: no pglz attempt on each read
ALTER TABLE stat_day_groups
    ALTER COLUMN first_contact SET STORAGE EXTERNAL,
    ALTER COLUMN resolution SET STORAGE EXTERNAL,
    ALTER COLUMN lead_assigned SET STORAGE EXTERNAL,
    ALTER COLUMN lead_closed SET STORAGE EXTERNAL,
    ALTER COLUMN lead_in_progress SET STORAGE EXTERNAL,
    ALTER COLUMN lead_received SET STORAGE EXTERNAL,
    ALTER COLUMN lead_resolved SET STORAGE EXTERNAL,
    ALTER COLUMN lead_solution_proposed SET STORAGE EXTERNAL,
    ALTER COLUMN lead_waiting SET STORAGE EXTERNAL;

-- The days from..to of tenant that are not fresh, as [t0, t1) in time (the
-- days of Europe/Amsterdam, 23 or 25 hours on a DST change): what the
-- reader reads from the raw rows.
CREATE FUNCTION stat_raw_days(tenant uuid, d_from date, d_to date)
RETURNS TABLE (t0 timestamptz, t1 timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT (d.day::timestamp AT TIME ZONE 'Europe/Amsterdam'),
           ((d.day + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
      FROM (SELECT g::date AS day FROM generate_series(d_from, d_to, interval '1 day') g) d
     WHERE NOT EXISTS (SELECT 1
                         FROM casedesk.stat_days s
                        WHERE s.tenant_id = tenant
                          AND s.day = d.day
                          AND s.fresh)
$$;

-- Marks the days of the given instants stale for tenant where they are
-- fresh; a day not fresh is not written. Instants of the last 20 hours
-- are left out as the triggers' WHEN leaves them out (no builder takes
-- their day, see below): with none left it returns at once (a case
-- resolved now). Otherwise it runs its UPDATE even when no day matches:
-- the ROW EXCLUSIVE lock it holds until the writer commits is what the
-- builder waits for (see above). PL/pgSQL: its plan is kept per session.
CREATE FUNCTION stat_days_touch(tenant uuid, VARIADIC instants timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    days date[] := ARRAY(SELECT (i AT TIME ZONE 'Europe/Amsterdam')::date
                           FROM unnest(instants) i
                          WHERE i < now() - interval '20 hours');
BEGIN
    IF cardinality(days) = 0 THEN
        RETURN;
    END IF;
    UPDATE casedesk.stat_days s
       SET fresh = false
     WHERE s.tenant_id = tenant
       AND s.day = ANY (days)
       AND s.fresh;
END
$$;

-- A case whose facts changed: its created day (inflow) and resolved day
-- (outflow), old and new, and, when its group keys changed, the days of
-- its answers (the grouped feedback counts in the case's group).
CREATE FUNCTION stat_days_case_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk.stat_days_touch(OLD.tenant_id, OLD.created_at, OLD.resolved_at);
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM casedesk.stat_days_touch(NEW.tenant_id, NEW.created_at, NEW.resolved_at);
        RETURN NULL;
    END IF;
    IF (OLD.created_at, OLD.first_contact_at, OLD.category_id, OLD.district, OLD.officer_id)
       IS DISTINCT FROM
       (NEW.created_at, NEW.first_contact_at, NEW.category_id, NEW.district, NEW.officer_id) THEN
        PERFORM casedesk.stat_days_touch(NEW.tenant_id, OLD.created_at, NEW.created_at);
    END IF;
    IF (OLD.resolved_at IS NOT NULL OR NEW.resolved_at IS NOT NULL)
       AND (OLD.created_at, OLD.resolved_at, OLD.resolution_due, OLD.outcome, OLD.category_id,
            OLD.district, OLD.officer_id, OLD.secs_assigned, OLD.secs_closed,
            OLD.secs_in_progress, OLD.secs_received, OLD.secs_resolved,
            OLD.secs_solution_proposed, OLD.secs_waiting)
           IS DISTINCT FROM
           (NEW.created_at, NEW.resolved_at, NEW.resolution_due, NEW.outcome, NEW.category_id,
            NEW.district, NEW.officer_id, NEW.secs_assigned, NEW.secs_closed,
            NEW.secs_in_progress, NEW.secs_received, NEW.secs_resolved,
            NEW.secs_solution_proposed, NEW.secs_waiting) THEN
        PERFORM casedesk.stat_days_touch(NEW.tenant_id, OLD.resolved_at, NEW.resolved_at);
    END IF;
    IF (OLD.category_id, OLD.district, OLD.officer_id)
       IS DISTINCT FROM (NEW.category_id, NEW.district, NEW.officer_id) THEN
        PERFORM casedesk.stat_days_touch(NEW.tenant_id, VARIADIC ARRAY(
                    SELECT f.created_at
                      FROM casedesk.feedback f
                     WHERE f.tenant_id = NEW.tenant_id
                       AND f.case_id = NEW.id));
    END IF;
    RETURN NULL;
END
$$;

-- The WHEN clauses let every change to a case filed and resolved (if at
-- all) within the last 20 hours pass without a call: a filing (created_at
-- = now()), its routing, today's work. A day that may be built is two days
-- old, so each of its instants lies more than 20 hours back.
CREATE TRIGGER stat_days_case_inserted AFTER INSERT ON cases
    FOR EACH ROW
    WHEN (NEW.created_at < now() - interval '20 hours'
          OR NEW.resolved_at < now() - interval '20 hours')
    EXECUTE FUNCTION stat_days_case_changed();
CREATE TRIGGER stat_days_case_updated AFTER UPDATE ON cases
    FOR EACH ROW
    WHEN ((OLD.created_at < now() - interval '20 hours'
           OR NEW.created_at < now() - interval '20 hours'
           OR OLD.resolved_at < now() - interval '20 hours'
           OR NEW.resolved_at < now() - interval '20 hours')
          AND (OLD.created_at, OLD.first_contact_at, OLD.category_id, OLD.district,
               OLD.officer_id, OLD.resolved_at, OLD.resolution_due, OLD.outcome,
               OLD.secs_assigned, OLD.secs_closed, OLD.secs_in_progress, OLD.secs_received,
               OLD.secs_resolved, OLD.secs_solution_proposed, OLD.secs_waiting)
              IS DISTINCT FROM
              (NEW.created_at, NEW.first_contact_at, NEW.category_id, NEW.district,
               NEW.officer_id, NEW.resolved_at, NEW.resolution_due, NEW.outcome,
               NEW.secs_assigned, NEW.secs_closed, NEW.secs_in_progress, NEW.secs_received,
               NEW.secs_resolved, NEW.secs_solution_proposed, NEW.secs_waiting))
    EXECUTE FUNCTION stat_days_case_changed();
CREATE TRIGGER stat_days_case_deleted AFTER DELETE ON cases
    FOR EACH ROW
    WHEN (OLD.created_at < now() - interval '20 hours'
          OR OLD.resolved_at < now() - interval '20 hours')
    EXECUTE FUNCTION stat_days_case_changed();

-- An answer given, changed or removed on an old day.
CREATE FUNCTION stat_days_feedback_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM casedesk.stat_days_touch(NEW.tenant_id, NEW.created_at);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM casedesk.stat_days_touch(OLD.tenant_id, OLD.created_at);
    ELSE
        PERFORM casedesk.stat_days_touch(OLD.tenant_id, OLD.created_at);
        PERFORM casedesk.stat_days_touch(NEW.tenant_id, NEW.created_at);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER stat_days_feedback_inserted AFTER INSERT ON feedback
    FOR EACH ROW
    WHEN (NEW.created_at < now() - interval '20 hours')
    EXECUTE FUNCTION stat_days_feedback_changed();
CREATE TRIGGER stat_days_feedback_updated AFTER UPDATE ON feedback
    FOR EACH ROW
    WHEN ((OLD.created_at < now() - interval '20 hours'
           OR NEW.created_at < now() - interval '20 hours')
          AND (OLD.tenant_id, OLD.case_id, OLD.satisfaction, OLD.equal_party, OLD.created_at)
              IS DISTINCT FROM
              (NEW.tenant_id, NEW.case_id, NEW.satisfaction, NEW.equal_party, NEW.created_at))
    EXECUTE FUNCTION stat_days_feedback_changed();
CREATE TRIGGER stat_days_feedback_deleted AFTER DELETE ON feedback
    FOR EACH ROW
    WHEN (OLD.created_at < now() - interval '20 hours')
    EXECUTE FUNCTION stat_days_feedback_changed();

-- TRUNCATE of either table: nothing built stays fresh.
CREATE FUNCTION stat_days_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE casedesk.stat_days SET fresh = false WHERE fresh;
    RETURN NULL;
END
$$;
CREATE TRIGGER stat_days_cases_truncated AFTER TRUNCATE ON cases
    FOR EACH STATEMENT EXECUTE FUNCTION stat_days_truncated();
CREATE TRIGGER stat_days_feedback_truncated AFTER TRUNCATE ON feedback
    FOR EACH STATEMENT EXECUTE FUNCTION stat_days_truncated();

-- Builds day of tenant from the raw rows, as the reader would read them,
-- and marks it fresh. Run in REPEATABLE READ after
--   LOCK TABLE casedesk.stat_days IN SHARE ROW EXCLUSIVE MODE
-- as the transaction's first statement (before its snapshot: refused
-- without the lock), one transaction per batch of days; a day not yet two
-- days old is refused.
CREATE FUNCTION stat_day_build(p_tenant uuid, p_day date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := p_day::timestamp AT TIME ZONE 'Europe/Amsterdam';
    t1 timestamptz := (p_day + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam';
BEGIN
    IF current_setting('transaction_isolation') NOT IN ('repeatable read', 'serializable') THEN
        RAISE EXCEPTION 'stat_day_build runs in REPEATABLE READ';
    END IF;
    IF NOT EXISTS (SELECT 1
                     FROM pg_locks l
                    WHERE l.locktype = 'relation'
                      AND l.relation = 'casedesk.stat_days'::regclass
                      AND l.pid = pg_backend_pid()
                      AND l.granted
                      AND l.mode IN ('ShareRowExclusiveLock', 'ExclusiveLock',
                                     'AccessExclusiveLock')) THEN
        RAISE EXCEPTION 'stat_day_build: LOCK TABLE casedesk.stat_days IN SHARE ROW EXCLUSIVE MODE first';
    END IF;
    IF p_day > (now() AT TIME ZONE 'Europe/Amsterdam')::date - 2 THEN
        RAISE EXCEPTION 'stat_day_build: % is not closed', p_day;
    END IF;
    INSERT INTO casedesk.stat_days AS s (tenant_id, day, fresh, built_at)
    VALUES (p_tenant, p_day, true, now())
    ON CONFLICT (tenant_id, day) DO UPDATE SET fresh = true, built_at = now();
    DELETE FROM casedesk.stat_day_groups g
     WHERE g.tenant_id = p_tenant
       AND g.dim IN (0, 1, 2, 3)
       AND g.day = p_day;
    -- (HAVING: the empty grouping set makes a row even of no rows)
    -- inflow: cases filed that day, first contact in hours
    INSERT INTO casedesk.stat_day_groups (tenant_id, day, dim, key, cases_in, first_contact)
    SELECT p_tenant, p_day,
           CASE WHEN grouping(x.cat) = 0 THEN 1 WHEN grouping(x.dist) = 0 THEN 2
                WHEN grouping(x.off) = 0 THEN 3 ELSE 0 END,
           CASE WHEN grouping(x.cat) = 0 THEN x.cat WHEN grouping(x.dist) = 0 THEN x.dist
                WHEN grouping(x.off) = 0 THEN x.off ELSE 'all' END,
           count(*), string_agg(float8send(x.h), ''::bytea ORDER BY x.h)
      FROM (SELECT c.category_id::text AS cat, c.district AS dist, c.officer_id::text AS off,
                   extract(epoch FROM c.first_contact_at - c.created_at)::float8 / 3600 AS h
              FROM casedesk.cases c
             WHERE c.tenant_id = p_tenant
               AND c.created_at >= t0
               AND c.created_at < t1) x
     GROUP BY GROUPING SETS ((), (x.cat), (x.dist), (x.off))
    HAVING count(*) > 0;
    -- outflow: cases resolved that day
    INSERT INTO casedesk.stat_day_groups (tenant_id, day, dim, key, cases_out, resolution,
                                          with_due, in_time, agreed, partly, refused,
                                          lead_assigned, lead_closed, lead_in_progress,
                                          lead_received, lead_resolved, lead_solution_proposed,
                                          lead_waiting)
    SELECT p_tenant, p_day,
           CASE WHEN grouping(x.cat) = 0 THEN 1 WHEN grouping(x.dist) = 0 THEN 2
                WHEN grouping(x.off) = 0 THEN 3 ELSE 0 END,
           CASE WHEN grouping(x.cat) = 0 THEN x.cat WHEN grouping(x.dist) = 0 THEN x.dist
                WHEN grouping(x.off) = 0 THEN x.off ELSE 'all' END,
           count(*), string_agg(float8send(x.h), ''::bytea ORDER BY x.h),
           count(*) FILTER (WHERE x.resolution_due IS NOT NULL),
           count(*) FILTER (WHERE x.resolved_at <= x.resolution_due),
           count(*) FILTER (WHERE x.outcome = 'agreed'),
           count(*) FILTER (WHERE x.outcome = 'partly_agreed'),
           count(*) FILTER (WHERE x.outcome = 'refused'),
           string_agg(float8send(x.l1), ''::bytea ORDER BY x.l1),
           string_agg(float8send(x.l2), ''::bytea ORDER BY x.l2),
           string_agg(float8send(x.l3), ''::bytea ORDER BY x.l3),
           string_agg(float8send(x.l4), ''::bytea ORDER BY x.l4),
           string_agg(float8send(x.l5), ''::bytea ORDER BY x.l5),
           string_agg(float8send(x.l6), ''::bytea ORDER BY x.l6),
           string_agg(float8send(x.l7), ''::bytea ORDER BY x.l7)
      FROM (SELECT c.category_id::text AS cat, c.district AS dist, c.officer_id::text AS off,
                   extract(epoch FROM c.resolved_at - c.created_at)::float8 / 3600 AS h,
                   c.resolved_at, c.resolution_due, c.outcome,
                   c.secs_assigned::float8 / 3600 AS l1, c.secs_closed::float8 / 3600 AS l2,
                   c.secs_in_progress::float8 / 3600 AS l3, c.secs_received::float8 / 3600 AS l4,
                   c.secs_resolved::float8 / 3600 AS l5,
                   c.secs_solution_proposed::float8 / 3600 AS l6,
                   c.secs_waiting::float8 / 3600 AS l7
              FROM casedesk.cases c
             WHERE c.tenant_id = p_tenant
               AND c.resolved_at >= t0
               AND c.resolved_at < t1) x
     GROUP BY GROUPING SETS ((), (x.cat), (x.dist), (x.off))
    HAVING count(*) > 0;
    -- feedback given that day, in the group of its case
    INSERT INTO casedesk.stat_day_groups (tenant_id, day, dim, key, fb_n, fb_sum, fb_equal)
    SELECT p_tenant, p_day,
           CASE WHEN grouping(x.cat) = 0 THEN 1 WHEN grouping(x.dist) = 0 THEN 2
                WHEN grouping(x.off) = 0 THEN 3 ELSE 0 END,
           CASE WHEN grouping(x.cat) = 0 THEN x.cat WHEN grouping(x.dist) = 0 THEN x.dist
                WHEN grouping(x.off) = 0 THEN x.off ELSE 'all' END,
           count(*), sum(x.satisfaction), count(*) FILTER (WHERE x.equal_party)
      FROM (SELECT c.category_id::text AS cat, c.district AS dist, c.officer_id::text AS off,
                   f.satisfaction, f.equal_party
              FROM casedesk.feedback f
              JOIN casedesk.cases c ON c.tenant_id = f.tenant_id AND c.id = f.case_id
             WHERE f.tenant_id = p_tenant
               AND f.created_at >= t0
               AND f.created_at < t1) x
     GROUP BY GROUPING SETS ((), (x.cat), (x.dist), (x.off))
    HAVING count(*) > 0;
END
$$;

-- Builds up to max_days closed days that are not fresh, of every tenant
-- with cases, from its first case's day (newest first); returns how many.
-- One REPEATABLE READ transaction, stat_days locked first (see
-- stat_day_build).
CREATE FUNCTION stat_days_refresh(max_days integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    r record;
    n integer := 0;
BEGIN
    FOR r IN
        SELECT t.tenant_id, d::date AS day
          FROM (SELECT DISTINCT k.tenant_id FROM casedesk.categories k) t
          CROSS JOIN LATERAL (SELECT min(c.created_at) AS first
                                FROM casedesk.cases c
                               WHERE c.tenant_id = t.tenant_id) m
          CROSS JOIN LATERAL generate_series(
                    (m.first AT TIME ZONE 'Europe/Amsterdam')::date,
                    (now() AT TIME ZONE 'Europe/Amsterdam')::date - 2, interval '1 day') d
         WHERE m.first IS NOT NULL
           AND NOT EXISTS (SELECT 1
                             FROM casedesk.stat_days s
                            WHERE s.tenant_id = t.tenant_id
                              AND s.day = d::date
                              AND s.fresh)
         ORDER BY d DESC, t.tenant_id
         LIMIT max_days
    LOOP
        PERFORM casedesk.stat_day_build(r.tenant_id, r.day);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
