-- Statistics (statistics_repo.c) on a million cases: the figures of a
-- period are read from covering indexes alone (index-only scans) instead of
-- the wide case rows. Cases filed in a period (inflow, first contact):
CREATE INDEX cases_stats_created ON cases (tenant_id, created_at)
    INCLUDE (first_contact_at, category_id, officer_id, district);
-- cases resolved in a period (outflow, resolution time, SLA, outcomes, the
-- cases whose lead times count): replaces 002's cases_resolved, same key
DROP INDEX cases_resolved;
CREATE INDEX cases_resolved ON cases (tenant_id, resolved_at)
    INCLUDE (id, created_at, resolution_due, outcome, status, category_id, officer_id, district)
    WHERE resolved_at IS NOT NULL;
-- the seconds per status of a case, without visiting the table
CREATE INDEX case_status_time_case ON case_status_time (tenant_id, case_id)
    INCLUDE (status, seconds);
