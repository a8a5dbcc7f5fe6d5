-- Citizens' cases for the processes benchmark, for one tenant in the
-- processes schema the service migrated: :processes processes (an owner id
-- each; no directory), two casedesk categories mapped to each, and :cases
-- closed citizens' cases over the last two years (the facts the casedesk
-- events consumer keeps). Lead times run from hours to months (most within
-- weeks), 8 % missed a deadline, 5 % were reopened, a third gave feedback.
-- So that one figure is heavy, the first process also gets a tenth of all
-- cases (its categories hold :cases / 10 of them). psql variables: tenant,
-- processes, cases.
SET search_path TO processes;
INSERT INTO processes (id, tenant_id, name, owner_id, created_at)
SELECT gen_random_uuid(), :'tenant', 'Proces ' || lpad(g::text, 5, '0'), gen_random_uuid(),
       now() - interval '1 second' * g
  FROM generate_series(1, :processes) g;
CREATE TEMP TABLE bench_proc AS
SELECT row_number() OVER (ORDER BY name) - 1 AS n, id
  FROM processes
 WHERE tenant_id = :'tenant';
-- two categories per process: category n*2 and n*2+1
CREATE TEMP TABLE bench_cat AS
SELECT p.n * 2 + k AS n, p.id AS process_id, gen_random_uuid() AS category_id
  FROM bench_proc p, generate_series(0, 1) k;
INSERT INTO category_mappings (id, tenant_id, category_id, process_id)
SELECT gen_random_uuid(), :'tenant', category_id, process_id
  FROM bench_cat;
-- the cases: a tenth in the first process's two categories, the rest spread
INSERT INTO citizen_cases (tenant_id, case_id, category_id, received_at, resolved_at, closed_at,
                           resolution_due, sla_breached, reopen_count, rating, equal_party,
                           feedback_round)
SELECT :'tenant', gen_random_uuid(), c.category_id, x.received_at,
       x.received_at + x.lead - interval '1 hour', x.received_at + x.lead,
       x.received_at + interval '14 days', x.breached, x.reopened,
       CASE WHEN x.r3 < 0.33 THEN 1 + (x.r4 * 5)::int % 5 END,
       CASE WHEN x.r3 < 0.33 THEN x.r4 > 0.3 END,
       CASE WHEN x.r3 < 0.33 THEN x.reopened END
  FROM (SELECT g,
               CASE WHEN g % 10 = 0 THEN g % 2
                    ELSE 2 + (g % (2 * :processes - 2)) END AS cat_n,
               now() - interval '730 days' * random() AS received_at,
               interval '1 hour' * (2 + random() ^ 3 * 2000) AS lead,
               random() < 0.08 AS breached,
               CASE WHEN random() < 0.05 THEN 1 ELSE 0 END AS reopened,
               random() AS r3, random() AS r4
          FROM generate_series(1, :cases) g) x
  JOIN bench_cat c ON c.n = x.cat_n;
VACUUM ANALYZE category_mappings;
VACUUM ANALYZE citizen_cases;
