-- Bottlenecks for the processes benchmark, after tests/bench/processes_data.sql
-- made the tenant's processes: :bottlenecks of them spread over the
-- processes (the first process gets a tenth, so its backlog is heavy),
-- impact, effort and frequency at random, raised in the last two years;
-- 80 % open, 5 % proposed, the rest solved or dismissed. The score is set
-- by the table's trigger with the tenant's weights, as in the service.
-- psql variables: tenant, bottlenecks.
SET search_path TO processes;
CREATE TEMP TABLE bench_bproc AS
SELECT row_number() OVER (ORDER BY name) - 1 AS n, id
  FROM processes
 WHERE tenant_id = :'tenant';
INSERT INTO bottlenecks (id, tenant_id, process_id, description, source, impact, effort,
                         frequency, frequency_unit, raised_by, status, created_at)
SELECT gen_random_uuid(), :'tenant', p.id, 'Knelpunt ' || x.g,
       (ARRAY['interview', 'session', 'staff'])[1 + x.g % 3],
       1 + (x.r1 * 5)::int % 5, 1 + (x.r2 * 5)::int % 5,
       CASE WHEN x.r3 < 0.2 THEN NULL ELSE (x.r3 * 40)::int END,
       CASE WHEN x.r3 < 0.2 THEN NULL WHEN x.r3 < 0.6 THEN 'week' ELSE 'month' END,
       'kernteam',
       CASE WHEN x.r4 < 0.80 THEN 'open' WHEN x.r4 < 0.85 THEN 'proposed'
            WHEN x.r4 < 0.95 THEN 'solved' ELSE 'dismissed' END,
       now() - interval '730 days' * x.r5
  FROM (SELECT g,
               CASE WHEN g % 10 = 0 THEN 0 ELSE 1 + g % ((SELECT count(*) FROM bench_bproc) - 1) END
                   AS proc_n,
               random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
          FROM generate_series(1, :bottlenecks) g) x
  JOIN bench_bproc p ON p.n = x.proc_n;
VACUUM ANALYZE bottlenecks;
