-- The data of the statistics benchmark (tests/bench/casedesk_stats.sh), for
-- one tenant in the casedesk schema the service migrated: 20 categories, 40
-- liaison officers, 12 districts and :n cases filed over the last three
-- years, with first contact, resolution, outcome, SLA flags, the seconds
-- spent in each status (no timeline; on the case rows and in
-- case_status_time) and feedback on a third of the
-- resolved cases. psql variables: tenant, n.
--
-- Also used by make bench (tests/bench/run.sh), once per tenant, with
-- optional variables: sealed_case, the id of a case of the tenant filed
-- through the API, whose sealed citizen (citizen_enc, citizen_key_id) every
-- generated case copies so reads open it (else the citizen is NULL), each
-- with an e-mail index of its own; no_vacuum, set to leave the VACUUM
-- ANALYZE to the caller (one pass after every tenant's data).
-- Routing rules: one per category (its pool four officers), then one for
-- every case with all officers, so a filing is routed.
\if :{?sealed_case}
\else
\set sealed_case ''
\endif
SET search_path TO casedesk;
-- the tenant's catalogue: categories, districts, liaison officers
INSERT INTO categories (id, tenant_id, name, sla_days, first_contact_days)
SELECT gen_random_uuid(), :'tenant', 'Categorie ' || lpad(g::text, 2, '0'), 5 + (g % 4) * 5, 2
  FROM generate_series(1, 20) g;
INSERT INTO liaison_officers (id, tenant_id, name, email, capacity, user_sub)
SELECT gen_random_uuid(), :'tenant', 'Medewerker ' || lpad(g::text, 2, '0'),
       'mw' || g || '@bench.example', 1000, 'bench-officer-' || g
  FROM generate_series(1, 40) g;
CREATE TEMP TABLE cat AS
SELECT row_number() OVER (ORDER BY name) - 1 AS n, id, sla_days FROM categories WHERE tenant_id = :'tenant';
CREATE TEMP TABLE off AS
SELECT row_number() OVER (ORDER BY name) - 1 AS n, id FROM liaison_officers WHERE tenant_id = :'tenant';
INSERT INTO routing_rules (id, tenant_id, name, position, category_id, officer_ids)
SELECT gen_random_uuid(), :'tenant', 'Regel ' || lpad((cat.n + 1)::text, 2, '0'), cat.n, cat.id,
       ARRAY(SELECT off.id FROM off WHERE off.n IN (cat.n * 2 % 40, (cat.n * 2 + 1) % 40,
                                                    (cat.n * 2 + 2) % 40, (cat.n * 2 + 3) % 40)
              ORDER BY off.n)
  FROM cat;
INSERT INTO routing_rules (id, tenant_id, name, position, officer_ids)
SELECT gen_random_uuid(), :'tenant', 'Alle meldingen', 100, ARRAY(SELECT id FROM off ORDER BY n);
CREATE TEMP TABLE sealed AS
SELECT citizen_enc, citizen_key_id FROM cases WHERE tenant_id = :'tenant' AND id::text = :'sealed_case';
-- n cases filed over the last three years; how long each took is drawn
-- per case: first contact within hours to days, resolution in days to
-- weeks; what is not yet resolved is open now, a few still in triage
CREATE TEMP TABLE g AS
SELECT g AS n,
       now() - random() * interval '1095 days' AS created_at,
       (random() * 20)::int % 20 AS cat_n,
       (random() * 40)::int % 40 AS off_n,
       (random() * 12)::int % 12 AS district_n,
       interval '1 hour' * (1 + random() ^ 2 * 120) AS to_contact,
       interval '1 hour' * (8 + random() ^ 3 * 1400) AS to_resolve,
       random() AS r1, random() AS r2, random() AS r3
  FROM generate_series(1, :n) g;
-- Generated old cases would each mark their day stale (018's row triggers,
-- one call per row: minutes for a million); the load leaves them off and
-- marks the tenant's days stale once at the end instead (nothing of a new
-- tenant is built yet, so this changes no answer).
ALTER TABLE cases DISABLE TRIGGER stat_days_case_inserted;
ALTER TABLE feedback DISABLE TRIGGER stat_days_feedback_inserted;
INSERT INTO cases (id, tenant_id, reference, category_id, description, district, citizen,
                   citizen_enc, citizen_key_id, citizen_email_idx, channel,
                   priority, status, officer_id, created_at, updated_at, closed_at,
                   first_contact_due, resolution_due, first_contact_at, status_since,
                   resolved_at, outcome, outcome_explanation, sla_breached_at, secs_received,
                   secs_assigned, secs_in_progress, secs_waiting, secs_solution_proposed)
SELECT x.*,
       -- time spent per status of the resolved ones (no timeline): received
       -- and assigned until first contact, the rest in progress, some of it
       -- waiting or with a proposal (also in case_status_time below)
       CASE WHEN x.status IN ('resolved', 'closed') THEN y.contact / 10 END,
       CASE WHEN x.status IN ('resolved', 'closed') THEN y.contact - y.contact / 10 END,
       CASE WHEN x.status IN ('resolved', 'closed') THEN CASE WHEN y.h % 3 = 0 THEN y.work / 2 ELSE y.work END END,
       CASE WHEN x.status IN ('resolved', 'closed') AND y.h % 3 = 0 THEN y.work / 4 END,
       CASE WHEN x.status IN ('resolved', 'closed') AND y.h % 3 = 0 THEN y.work - y.work / 2 - y.work / 4 END
  FROM (
SELECT gen_random_uuid(), :'tenant'::uuid,
       'BV-' || extract(year FROM g.created_at)::int || '-' || lpad(g.n::text, 7, '0') AS reference,
       cat.id, 'Melding ' || g.n, 'Wijk ' || g.district_n, NULL::jsonb,
       sealed.citizen_enc, sealed.citizen_key_id,
       CASE WHEN sealed.citizen_enc IS NOT NULL THEN sha256(convert_to(:'tenant' || g.n, 'UTF8')) END,
       (ARRAY['web', 'app', 'phone', 'email', 'counter', 'letter'])[1 + (g.r1 * 5)::int],
       (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + (g.r2 * 4)::int],
       CASE WHEN g.created_at + g.to_resolve < now() - interval '14 days' THEN 'closed'
            WHEN g.created_at + g.to_resolve < now() THEN 'resolved'
            WHEN g.created_at > now() - interval '1 day' AND g.r3 < 0.3 THEN 'received'
            WHEN g.created_at + g.to_contact > now() THEN 'assigned'
            ELSE (ARRAY['in_progress', 'in_progress', 'waiting', 'solution_proposed'])[1 + (g.r3 * 3)::int] END AS status,
       CASE WHEN g.created_at > now() - interval '1 day' AND g.r3 < 0.3
             AND g.created_at + g.to_resolve >= now() THEN NULL ELSE off.id END,
       g.created_at, g.created_at AS updated_at,
       CASE WHEN g.created_at + g.to_resolve < now() - interval '14 days'
            THEN g.created_at + g.to_resolve + interval '14 days' END,
       g.created_at + interval '2 days', g.created_at + make_interval(days => cat.sla_days),
       CASE WHEN g.created_at + g.to_contact < now() THEN g.created_at + g.to_contact END AS first_contact_at,
       least(now(), g.created_at + g.to_resolve) AS status_since,
       CASE WHEN g.created_at + g.to_resolve < now() THEN g.created_at + g.to_resolve END,
       CASE WHEN g.created_at + g.to_resolve < now()
            THEN (ARRAY['agreed', 'agreed', 'agreed', 'partly_agreed', 'refused'])[1 + (g.r1 * 4)::int] END,
       CASE WHEN g.created_at + g.to_resolve < now() THEN 'Toelichting bij het besluit' END,
       CASE WHEN least(now(), g.created_at + g.to_resolve) > g.created_at + make_interval(days => cat.sla_days)
            THEN g.created_at + make_interval(days => cat.sla_days) END
  FROM g JOIN cat ON cat.n = g.cat_n JOIN off ON off.n = g.off_n LEFT JOIN sealed ON true) x,
       LATERAL (SELECT extract(epoch FROM coalesce(x.first_contact_at, x.status_since) - x.created_at)::bigint AS contact,
                       extract(epoch FROM x.status_since - coalesce(x.first_contact_at, x.status_since))::bigint AS work,
                       hashtext(x.reference) AS h) y;
-- the same seconds per status in case_status_time
INSERT INTO case_status_time (tenant_id, case_id, status, seconds)
SELECT c.tenant_id, c.id, s.status, s.seconds
  FROM cases c,
       LATERAL (VALUES ('received', c.secs_received), ('assigned', c.secs_assigned),
                       ('in_progress', c.secs_in_progress), ('waiting', c.secs_waiting),
                       ('solution_proposed', c.secs_solution_proposed)) s(status, seconds)
 WHERE c.tenant_id = :'tenant' AND s.seconds IS NOT NULL;
-- feedback on a third of the resolved cases, within days of resolution
INSERT INTO feedback (tenant_id, case_id, round, satisfaction, equal_party, created_at)
SELECT c.tenant_id, c.id, 0, 1 + (random() * 4)::int, random() < 0.85,
       least(now(), c.resolved_at + random() * interval '5 days')
  FROM cases c WHERE c.tenant_id = :'tenant' AND c.resolved_at IS NOT NULL AND random() < 0.33;
ALTER TABLE cases ENABLE TRIGGER stat_days_case_inserted;
ALTER TABLE feedback ENABLE TRIGGER stat_days_feedback_inserted;
UPDATE stat_days SET fresh = false WHERE tenant_id = :'tenant';
\if :{?no_vacuum}
\else
VACUUM ANALYZE cases;
VACUUM ANALYZE case_status_time;
VACUUM ANALYZE feedback;
\endif
