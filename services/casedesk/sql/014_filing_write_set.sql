-- The write set of a filing (issue 16): every index a new case enters is
-- justified by a query that uses it, and no foreign-key check of a filing
-- can be planned onto another index than the primary key.
--
-- 1. The timeline and the seconds per status no longer reference cases by
-- a foreign key. Their rows are only written from a case row of the same
-- statement (the filing's and a change's INSERT ... SELECT FROM the
-- inserted or updated case, a message's from the message row whose own
-- foreign key checks the case) or, in case_repo_timeline_add, by an
-- INSERT ... SELECT from the case itself; cases are never deleted
-- (anonymising keeps the row). So the key could never fire, but its check
-- ran for each of the (up to three) rows a filing writes, and a check
-- planned while cases was empty and never analysed picked any index led by
-- tenant_id (they all cost the same then: the newest won) and kept that
-- plan for the session's life: every filing walked every case of its
-- tenant (0.6-5 ms).
ALTER TABLE case_timeline DROP CONSTRAINT case_timeline_tenant_id_case_id_fkey;
ALTER TABLE case_status_time DROP CONSTRAINT case_status_time_tenant_id_case_id_fkey;

-- 2. Indexes no query needs on its own.
-- The open cases per officer (routing, openCases of a liaison officer,
-- officer_open_cases()): cases_officer_due has the same leading columns
-- and the same predicate and serves the count as well.
DROP INDEX cases_open_per_officer;
-- The first-contact scan (sla_scan_repo.c) also asks for open cases:
-- cases_first_contact_open (007) is the one it uses; 002's index without
-- the status was left behind.
DROP INDEX cases_first_contact_due;
-- The list of cases (newest first, keyset on created_at and id; Open311's
-- list) and the statistics of cases filed in a period (index-only) read
-- one index: the statistics' with id in its key (scanned backwards for
-- the list). Same name as 008's, so what refers to it still does.
DROP INDEX cases_created;
DROP INDEX cases_stats_created;
CREATE INDEX cases_stats_created ON cases (tenant_id, created_at, id)
    INCLUDE (first_contact_at, category_id, officer_id, district);
