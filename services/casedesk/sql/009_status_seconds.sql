-- Statistics (statistics_repo.c): the lead time per status of the cases
-- resolved in a period without joining case_status_time. Each case keeps
-- its seconds per status on its own row as well (NULL: never left that
-- status, as no case_status_time row), booked in the same statements that
-- book case_status_time (case_repo.c); case_status_time stays for
-- GET /cases/{id}/lead-times.
ALTER TABLE cases
    ADD COLUMN secs_received bigint,
    ADD COLUMN secs_assigned bigint,
    ADD COLUMN secs_in_progress bigint,
    ADD COLUMN secs_waiting bigint,
    ADD COLUMN secs_solution_proposed bigint,
    ADD COLUMN secs_resolved bigint,
    ADD COLUMN secs_closed bigint;
UPDATE cases c
   SET secs_received = t.received, secs_assigned = t.assigned, secs_in_progress = t.in_progress,
       secs_waiting = t.waiting, secs_solution_proposed = t.solution_proposed,
       secs_resolved = t.resolved, secs_closed = t.closed
  FROM (SELECT tenant_id, case_id,
               sum(seconds) FILTER (WHERE status = 'received') AS received,
               sum(seconds) FILTER (WHERE status = 'assigned') AS assigned,
               sum(seconds) FILTER (WHERE status = 'in_progress') AS in_progress,
               sum(seconds) FILTER (WHERE status = 'waiting') AS waiting,
               sum(seconds) FILTER (WHERE status = 'solution_proposed') AS solution_proposed,
               sum(seconds) FILTER (WHERE status = 'resolved') AS resolved,
               sum(seconds) FILTER (WHERE status = 'closed') AS closed
          FROM case_status_time GROUP BY 1, 2) t
 WHERE c.tenant_id = t.tenant_id AND c.id = t.case_id;
-- cases resolved in a period, now with the seconds per status: replaces
-- 008's cases_resolved, same key
DROP INDEX cases_resolved;
CREATE INDEX cases_resolved ON cases (tenant_id, resolved_at)
    INCLUDE (id, created_at, resolution_due, outcome, status, category_id, officer_id, district,
             secs_received, secs_assigned, secs_in_progress, secs_waiting,
             secs_solution_proposed, secs_resolved, secs_closed)
    WHERE resolved_at IS NOT NULL;
