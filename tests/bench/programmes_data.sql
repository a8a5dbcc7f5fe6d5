-- The programmes benchmark's data, for one tenant in the programmes schema
-- the service migrated (tests/bench/programmes.sh). :programmes programmes
-- of :people people; the first programme (by name) is the heavy one, as a
-- large municipality's culture programme would be after two years:
--   its 2,000 people in 200 groups (steering, project, 198 working groups
--   of 10), 400 building blocks with 5 improvement proposals each (every
--   status; the approved ones became actions, some derived from a split or
--   a merge), :activities activities over two years with :participants
--   invitations each (attendance of the completed ones, e-learning
--   progress), two manifests (the first adopted and superseded, 80
--   statements, a closed round; the second in consultation, 100 statements,
--   a closed and an open round with :views views per statement each, over
--   20 departments), 200 goals with 2 indicators each (the first goal one
--   of every kind), relapse signals, coaching entries;
-- every other programme: 30 people, 10 groups, 20 building blocks, 50
-- proposals, 50 activities with 20 invitations, a manifest of 20
-- statements with a closed round of 25 views each, 6 goals.
-- Tenant-wide: the pulse surveys' question results (10 series of 48
-- monthly waves, 20 questions, 3 audiences), :feedback casedesk feedback
-- answers over two years and :lessons lessons. The indicators' values are
-- computed by the service's own function (indicator_refresh), so a trend
-- read finds them as a refresh would leave them. psql variables: tenant,
-- programmes, people, activities, participants, views, feedback, lessons.
SET search_path TO programmes;

-- ---- people, programmes, the approach -------------------------------------------
CREATE TEMP TABLE bench_person AS
SELECT g AS n, gen_random_uuid() AS id
  FROM generate_series(1, :people) g;
INSERT INTO people (id, tenant_id, name, email, user_sub, role_type, organisation, created_at)
SELECT id, :'tenant', 'Medewerker ' || lpad(n::text, 5, '0'), 'm' || n || '@bench.example',
       'bench-' || n,
       (ARRAY['manager', 'employee', 'employee', 'employee', 'policy_officer', 'council_member',
              'external'])[1 + n % 7],
       'Afdeling ' || (1 + n % 20), now() - interval '1 minute' * n
  FROM bench_person;

CREATE TEMP TABLE bench_prog AS
SELECT g AS n, gen_random_uuid() AS id
  FROM generate_series(1, :programmes) g;
INSERT INTO programmes (id, tenant_id, name, question, vision, facilitator, starts_on, status,
                        created_at)
SELECT id, :'tenant', 'Programma ' || lpad(n::text, 3, '0'),
       'Hoe worden we een gemeente die de burger als gelijkwaardige partij behandelt?',
       'Samen met inwoners, vanuit vertrouwen.', 'Cyber', current_date - 730, 'running',
       now() - interval '800 days' + interval '1 hour' * n
  FROM bench_prog;
-- a programme's people: the heavy one the first 2,000, another a window of 30
CREATE TEMP TABLE bench_member AS
SELECT p.n AS pn, k, pe.id AS person_id, pe.n AS person_n
  FROM bench_prog p
 CROSS JOIN LATERAL generate_series(0, CASE WHEN p.n = 1 THEN 1999 ELSE 29 END) k
  JOIN bench_person pe
    ON pe.n = CASE WHEN p.n = 1 THEN k + 1
                   ELSE 2001 + (p.n * 61 + k) % (:people - 2000) END;
CREATE UNIQUE INDEX ON bench_member (pn, k);

CREATE TEMP TABLE bench_phase AS
SELECT p.n AS pn, p.id AS programme_id, k AS position, gen_random_uuid() AS id
  FROM bench_prog p, generate_series(1, 3) k;
INSERT INTO phases (id, tenant_id, programme_id, position, name, description)
SELECT id, :'tenant', programme_id, position, 'Fase ' || position, 'Wat deze fase oplevert.'
  FROM bench_phase;
-- phase 1 completed, the first step of phase 2 completed, its second active
INSERT INTO steps (id, tenant_id, programme_id, phase_id, position, name, kind, status,
                   started_at, completed_at, completed_by)
SELECT gen_random_uuid(), :'tenant', ph.programme_id, ph.id, k, 'Stap ' || ph.position || '.' || k,
       (ARRAY['workshop', 'staff_meeting', 'group_session'])[k], x.status,
       CASE WHEN x.status <> 'planned' THEN now() - interval '1 day' * (700 - ph.position * 200 - k * 50) END,
       CASE WHEN x.status = 'completed' THEN now() - interval '1 day' * (680 - ph.position * 200 - k * 50) END,
       CASE WHEN x.status = 'completed' THEN 'bench' END
  FROM bench_phase ph
 CROSS JOIN generate_series(1, 3) k
 CROSS JOIN LATERAL (SELECT CASE WHEN ph.position = 1 OR (ph.position = 2 AND k = 1) THEN 'completed'
                                 WHEN ph.position = 2 AND k = 2 THEN 'active'
                                 ELSE 'planned' END AS status) x;

-- ---- groups, building blocks, proposals, decisions, actions ----------------------
CREATE TEMP TABLE bench_group AS
SELECT p.n AS pn, p.id AS programme_id, k, gen_random_uuid() AS id,
       CASE k WHEN 1 THEN 'steering' WHEN 2 THEN 'project' ELSE 'working' END AS kind
  FROM bench_prog p
 CROSS JOIN LATERAL generate_series(1, CASE WHEN p.n = 1 THEN 200 ELSE 10 END) k;
INSERT INTO groups (id, tenant_id, programme_id, kind, name, subject, created_at)
SELECT id, :'tenant', programme_id, kind,
       CASE kind WHEN 'steering' THEN 'Stuurgroep' WHEN 'project' THEN 'Projectgroep'
                 ELSE 'Werkgroep ' || k END,
       CASE WHEN kind = 'working' THEN 'Bouwsteen ' || k ELSE '' END,
       now() - interval '790 days' + interval '1 minute' * (pn * 1000 + k)
  FROM bench_group;
INSERT INTO group_members (tenant_id, group_id, person_id, role)
SELECT :'tenant', g.id, m.person_id, CASE WHEN j = 0 THEN 'chair' ELSE 'member' END
  FROM bench_group g
 CROSS JOIN generate_series(0, 9) j
  JOIN bench_member m
    ON m.pn = g.pn
   AND m.k = CASE WHEN g.pn = 1 THEN ((g.k - 1) * 10 + j) % 2000 ELSE (g.k * 3 + j) % 30 END;

CREATE TEMP TABLE bench_block AS
SELECT p.n AS pn, p.id AS programme_id, b.k, gen_random_uuid() AS id,
       (SELECT g.id
          FROM bench_group g
         WHERE g.pn = p.n
           AND g.k = 3 + (b.k - 1) % (CASE WHEN p.n = 1 THEN 198 ELSE 8 END)) AS group_id
  FROM bench_prog p
 CROSS JOIN LATERAL generate_series(1, CASE WHEN p.n = 1 THEN 400 ELSE 20 END) b (k);
INSERT INTO building_blocks (id, tenant_id, programme_id, working_group_id, title, description,
                             due_on, status, created_at)
SELECT id, :'tenant', programme_id, group_id, 'Bouwsteen ' || k, 'Wat ontwikkeld moet worden.',
       current_date - 300 + k % 400, (ARRAY['open', 'in_progress', 'done', 'dropped'])[1 + k % 4],
       now() - interval '780 days' + interval '1 minute' * (pn * 1000 + k)
  FROM bench_block;

-- five proposals per block: statuses by number (40 % approved; every
-- twentieth split, the one after it merged, the next approved one derived
-- from both)
CREATE TEMP TABLE bench_proposal AS
SELECT b.pn, b.programme_id, b.id AS block_id, b.group_id, (b.k - 1) * 5 + j AS k,
       gen_random_uuid() AS id,
       CASE ((b.k - 1) * 5 + j) % 20
            WHEN 0 THEN 'split' WHEN 1 THEN 'merged'
            WHEN 3 THEN 'draft' WHEN 4 THEN 'draft' WHEN 5 THEN 'draft'
            WHEN 6 THEN 'submitted' WHEN 7 THEN 'submitted' WHEN 8 THEN 'submitted'
            WHEN 9 THEN 'rejected' WHEN 10 THEN 'rejected'
            WHEN 11 THEN 'returned' WHEN 12 THEN 'returned'
            ELSE 'approved' END AS status
  FROM bench_block b
 CROSS JOIN generate_series(1, 5) j;
CREATE UNIQUE INDEX ON bench_proposal (pn, k);
INSERT INTO proposals (id, tenant_id, programme_id, building_block_id, working_group_id, title,
                       proposal, reasoning, expected_effect, cost_euros, effort, status,
                       derived_from, submitted_at, created_by, created_at)
SELECT p.id, :'tenant', p.programme_id, p.block_id, p.group_id, 'Verbetervoorstel ' || p.k,
       'Wat we voorstellen te doen.', 'Waarom dit helpt.', 'Wat het oplevert.',
       (p.k % 50) * 1000, (ARRAY['small', 'medium', 'large'])[1 + p.k % 3], p.status,
       ARRAY(SELECT x.id
               FROM bench_proposal x
              WHERE p.k % 20 = 2
                AND x.pn = p.pn
                AND x.k IN (p.k - 2, p.k - 1)
              ORDER BY x.k),
       CASE WHEN p.status <> 'draft' THEN now() - interval '700 days' + interval '1 minute' * p.k END,
       'bench', now() - interval '760 days' + interval '1 minute' * (p.pn * 10000 + p.k)
  FROM bench_proposal p;
CREATE TEMP TABLE bench_decision AS
SELECT p.*, gen_random_uuid() AS decision_id
  FROM bench_proposal p
 WHERE p.status NOT IN ('draft', 'submitted');
INSERT INTO proposal_decisions (id, tenant_id, proposal_id, outcome, reason, group_id, result_ids,
                                decided_by, decided_at)
SELECT d.decision_id, :'tenant', d.id, d.status, 'Besproken in de projectgroep.',
       (SELECT g.id FROM bench_group g WHERE g.pn = d.pn AND g.kind = 'project'),
       ARRAY(SELECT x.id
               FROM bench_proposal x
              WHERE d.status IN ('split', 'merged')
                AND x.pn = d.pn
                AND x.k = d.k - d.k % 20 + 2),
       'bench', now() - interval '690 days' + interval '1 minute' * d.k
  FROM bench_decision d;
INSERT INTO actions (id, tenant_id, programme_id, proposal_id, decision_id, title, owner_id, due_on,
                     status, result, completed_at, created_at)
SELECT gen_random_uuid(), :'tenant', d.programme_id, d.id, d.decision_id, 'Actie ' || d.k,
       (SELECT m.person_id FROM bench_member m
         WHERE m.pn = d.pn AND m.k = d.k % CASE WHEN d.pn = 1 THEN 2000 ELSE 30 END),
       current_date - 300 + d.k % 500, (ARRAY['planned', 'in_progress', 'done', 'cancelled'])[1 + d.k % 4],
       CASE WHEN d.k % 4 = 2 THEN 'Uitgevoerd.' ELSE '' END,
       CASE WHEN d.k % 4 = 2 THEN now() - interval '100 days' + interval '1 minute' * d.k END,
       now() - interval '690 days' + interval '1 minute' * (d.pn * 10000 + d.k)
  FROM bench_decision d
 WHERE d.status = 'approved';

-- ---- activities and attendance --------------------------------------------------------
-- spread over the last two years and the next two months; past ones
-- completed (one in twenty cancelled), later ones planned
CREATE TEMP TABLE bench_activity AS
SELECT p.n AS pn, p.id AS programme_id, k, gen_random_uuid() AS id,
       (ARRAY['group_session', 'workshop', 'webinar', 'intervision', 'e_learning', 'coaching',
              'staff_meeting', 'learning_on_location', 'training'])[1 + k % 9] AS kind,
       now() - interval '730 days' + interval '790 days' * (k - 0.5) / n.total AS starts_at
  FROM bench_prog p
 CROSS JOIN LATERAL (SELECT CASE WHEN p.n = 1 THEN :activities ELSE 50 END AS total) n
 CROSS JOIN LATERAL generate_series(1, n.total) k;
INSERT INTO activities (id, tenant_id, programme_id, kind, title, description, starts_at, ends_at,
                        online, place, capacity, status, completed_at, created_at)
SELECT id, :'tenant', programme_id, kind, initcap(replace(kind, '_', ' ')) || ' ' || k,
       'Wat we samen doen.', starts_at, starts_at + interval '2 hours', kind = 'webinar',
       CASE WHEN kind <> 'webinar' THEN 'Gemeentehuis' END, 60,
       CASE WHEN starts_at > now() THEN 'planned' WHEN k % 20 = 0 THEN 'cancelled' ELSE 'completed' END,
       CASE WHEN starts_at <= now() AND k % 20 <> 0 THEN starts_at + interval '2 hours' END,
       starts_at - interval '30 days'
  FROM bench_activity;
INSERT INTO activity_participants (tenant_id, activity_id, person_id, invited, registered_at,
                                   attended, progress)
SELECT :'tenant', a.id, m.person_id, true,
       CASE WHEN (a.k + j) % 5 <> 0 THEN a.starts_at - interval '7 days' END,
       CASE WHEN a.starts_at <= now() AND a.k % 20 <> 0 THEN (a.k * 7 + j) % 4 <> 0 END,
       CASE WHEN a.kind = 'e_learning'
            THEN (ARRAY['not_started', 'in_progress', 'done'])[1 + (a.k + j) % 3] END
  FROM bench_activity a
 CROSS JOIN LATERAL generate_series(0, CASE WHEN a.pn = 1 THEN :participants - 1 ELSE 19 END) j
  JOIN bench_member m
    ON m.pn = a.pn
   AND m.k = CASE WHEN a.pn = 1 THEN (a.k * 37 + j) % 2000 ELSE (a.k + j) % 30 END;

-- ---- values, manifests, consultation ------------------------------------------------
CREATE TEMP TABLE bench_value AS
SELECT p.n AS pn, p.id AS programme_id, k, gen_random_uuid() AS id
  FROM bench_prog p, generate_series(1, 8) k;
INSERT INTO programme_values (id, tenant_id, programme_id, value_id, name, source, position)
SELECT id, :'tenant', programme_id, gen_random_uuid(),
       (ARRAY['Betrouwbaar', 'Open', 'Samen', 'Gelijkwaardig', 'Wendbaar', 'Trots', 'Dichtbij',
              'Eerlijk'])[k], 'catalogue', k
  FROM bench_value;
-- manifests: (programme, number, statements, status)
CREATE TEMP TABLE bench_manifest AS
SELECT p.n AS pn, p.id AS programme_id, x.number, x.statements, x.status, gen_random_uuid() AS id
  FROM bench_prog p
 CROSS JOIN LATERAL (VALUES (1, CASE WHEN p.n = 1 THEN 80 ELSE 20 END,
                             CASE WHEN p.n = 1 THEN 'superseded' ELSE 'consultation' END),
                            (2, 100, 'consultation')) x (number, statements, status)
 WHERE p.n = 1 OR x.number = 1;
INSERT INTO manifests (id, tenant_id, programme_id, number, title, preamble, status, adopted_at,
                       adopted_by, created_at)
SELECT id, :'tenant', programme_id, number, 'Manifest cultuurvernieuwing ' || number,
       'Zo willen we werken.', status,
       CASE WHEN status = 'superseded' THEN now() - interval '350 days' END,
       CASE WHEN status = 'superseded' THEN 'bench' END,
       now() - interval '600 days' + interval '150 days' * number
  FROM bench_manifest;
UPDATE manifests m
   SET based_on_id = o.id
  FROM bench_manifest o, bench_manifest n
 WHERE n.id = m.id AND n.number = 2 AND o.pn = n.pn AND o.number = 1;
UPDATE manifests m
   SET superseded_by = n.id
  FROM bench_manifest o, bench_manifest n
 WHERE o.id = m.id AND o.status = 'superseded' AND n.pn = o.pn AND n.number = 2;
CREATE TEMP TABLE bench_statement AS
SELECT m.pn, m.id AS manifest_id, m.number AS manifest_number, s.k, gen_random_uuid() AS id,
       (SELECT v.id
          FROM bench_value v
         WHERE v.pn = m.pn
           AND v.k = 1 + s.k % 8) AS value_id
  FROM bench_manifest m
 CROSS JOIN LATERAL generate_series(1, m.statements) s (k);
INSERT INTO manifest_statements (id, tenant_id, manifest_id, programme_value_id, position, text)
SELECT id, :'tenant', manifest_id, value_id, k,
       'Ik bel een inwoner dezelfde dag terug (uitspraak ' || k || ').'
  FROM bench_statement;
INSERT INTO statement_revisions (id, tenant_id, statement_id, revision, text, created_by)
SELECT gen_random_uuid(), :'tenant', id, 1,
       'Ik bel een inwoner dezelfde dag terug (uitspraak ' || k || ').', 'bench'
  FROM bench_statement;
-- rounds: the heavy programme's manifest 1 one closed round, its manifest
-- 2 a closed and an open one; every other manifest one closed round
CREATE TEMP TABLE bench_round AS
SELECT m.pn, m.id AS manifest_id, m.number AS manifest_number, r AS number, gen_random_uuid() AS id,
       m.number = 2 AND r = 2 AS open,
       CASE WHEN m.pn <> 1 THEN 25 WHEN m.number = 1 THEN 150 ELSE :views END AS views
  FROM bench_manifest m
 CROSS JOIN LATERAL generate_series(1, CASE WHEN m.number = 2 THEN 2 ELSE 1 END) r;
INSERT INTO consultation_rounds (id, tenant_id, manifest_id, number, status, salt, opened_at,
                                 closed_at, opened_by)
SELECT id, :'tenant', manifest_id, number, CASE WHEN open THEN 'open' ELSE 'closed' END,
       CASE WHEN open THEN decode(md5(id::text), 'hex') END,
       now() - interval '400 days' + interval '120 days' * ((manifest_number - 1) * 2 + number - 1),
       CASE WHEN NOT open
            THEN now() - interval '386 days' + interval '120 days' * ((manifest_number - 1) * 2 + number - 1) END,
       'bench'
  FROM bench_round;
-- views: per statement and round the programme's first people (their
-- department), 60 % support, 25 % with a remark, 15 % object; half named;
-- the open round keeps the voter (one view per person)
INSERT INTO consultation_views (id, tenant_id, round_id, statement_id, department, stance, reason,
                                anonymous, person_id, voter)
SELECT gen_random_uuid(), :'tenant', r.id, s.id, 'Afdeling ' || (1 + m.person_n % 20), x.stance,
       CASE WHEN x.stance <> 'support' THEN 'Toelichting ' || (j % 7) END,
       j % 2 = 0, CASE WHEN j % 2 = 1 THEN m.person_id END,
       CASE WHEN r.open THEN decode(md5(r.id::text || m.person_id::text), 'hex') END
  FROM bench_round r
  JOIN bench_statement s
    ON s.manifest_id = r.manifest_id
 CROSS JOIN LATERAL generate_series(0, r.views - 1) j
  JOIN bench_member m
    ON m.pn = r.pn
   AND m.k = j % CASE WHEN r.pn = 1 THEN 2000 ELSE 30 END
 CROSS JOIN LATERAL (SELECT CASE WHEN (j * 7 + s.k * 3 + r.number) % 20 < 12 THEN 'support'
                                 WHEN (j * 7 + s.k * 3 + r.number) % 20 < 17 THEN 'support_with_remark'
                                 ELSE 'object' END AS stance) x;

-- ---- pulse surveys, casedesk feedback --------------------------------------------------
CREATE TEMP TABLE bench_series AS
SELECT g AS n, gen_random_uuid() AS id
  FROM generate_series(1, 10) g;
INSERT INTO survey_question_results (tenant_id, survey_id, series_id, wave, code, audience, mean, n,
                                     closed_at)
SELECT :'tenant', w.survey_id, w.series_id, w.wave, 'Q' || c, a, round((3 + random() * 1.5)::numeric, 4),
       20 + (random() * 200)::int, w.closed_at
  FROM (SELECT s.id AS series_id, wave, gen_random_uuid() AS survey_id,
               now() - interval '1 month' * (48 - wave) AS closed_at
          FROM bench_series s, generate_series(1, 48) wave) w
 CROSS JOIN generate_series(1, 20) c
 CROSS JOIN unnest(ARRAY['employees', 'managers', 'citizens']) a;
INSERT INTO casedesk_feedback (tenant_id, case_id, round, equal_party, satisfaction, received_at)
SELECT :'tenant', gen_random_uuid(), 1, CASE WHEN g % 10 <> 0 THEN random() < 0.7 END,
       1 + (random() * 4)::int, now() - interval '730 days' * random()
  FROM generate_series(1, :feedback) g;

-- ---- goals, indicators and their values, relapse signals --------------------------------
CREATE TEMP TABLE bench_goal AS
SELECT p.n AS pn, p.id AS programme_id, k, gen_random_uuid() AS id
  FROM bench_prog p
 CROSS JOIN LATERAL generate_series(1, CASE WHEN p.n = 1 THEN 200 ELSE 6 END) k;
INSERT INTO goals (id, tenant_id, programme_id, name, description, theme, created_at)
SELECT id, :'tenant', programme_id, 'Doel ' || k, 'Wat we willen zien.',
       (ARRAY['facilitating_role', 'proactive_behaviour', 'pride', 'working_outside', 'talents',
              'reframing', 'meeting_citizens', 'values_over_rules', 'other'])[1 + k % 9],
       now() - interval '700 days' + interval '1 minute' * (pn * 1000 + k)
  FROM bench_goal;
-- two indicators per goal (pulse questions); the first goal of each
-- programme one of every kind, every tenth goal an attendance rate
CREATE TEMP TABLE bench_indicator AS
SELECT g.pn, g.programme_id, g.id AS goal_id, g.k AS goal_k, x.j, gen_random_uuid() AS id,
       CASE WHEN g.k = 1 THEN (ARRAY['pulse_question', 'attendance_rate', 'manifest_support',
                                     'equal_party_share'])[x.j]
            WHEN g.k % 10 = 0 AND x.j = 2 THEN 'attendance_rate'
            ELSE 'pulse_question' END AS kind
  FROM bench_goal g
 CROSS JOIN LATERAL generate_series(1, CASE WHEN g.k = 1 THEN 4 ELSE 2 END) x (j);
INSERT INTO indicators (id, tenant_id, goal_id, kind, params, target, direction, relapse_margin,
                        created_at)
SELECT i.id, :'tenant', i.goal_id, i.kind,
       CASE i.kind
            WHEN 'pulse_question'
            THEN jsonb_build_object('seriesId', s.id, 'questionCode', 'Q' || (1 + (i.goal_k * 2 + i.j) % 20))
            ELSE '{}' END,
       CASE WHEN i.kind = 'pulse_question' THEN 3.8 ELSE 0.7 END, 'at_least', 0.1,
       now() - interval '700 days' + interval '1 minute' * (i.pn * 1000 + i.goal_k) + interval '1 second' * i.j
  FROM bench_indicator i
  JOIN bench_series s
    ON s.n = 1 + (i.pn + i.goal_k) % 10;
SELECT count(programmes.indicator_refresh(:'tenant', id)) FROM bench_indicator;
-- the heavy programme's off-track periods of the last two years, some of
-- them also a relapse
INSERT INTO relapse_signals (id, tenant_id, programme_id, goal_id, indicator_id, kind, period, value,
                             reference, raised_at)
SELECT gen_random_uuid(), :'tenant', i.programme_id, i.goal_id, i.id, k.kind, v.period, v.value,
       CASE WHEN k.kind = 'off_track' THEN ind.target ELSE v.value + 0.2 END,
       coalesce(v.period_start::timestamptz, now() - interval '30 days') + interval '1 day'
  FROM bench_indicator i
  JOIN indicators ind
    ON ind.id = i.id
  JOIN indicator_values v
    ON v.indicator_id = i.id
 CROSS JOIN (VALUES ('off_track'), ('relapse')) k (kind)
 WHERE v.value < ind.target
   AND (k.kind = 'off_track' OR hashtext(v.id::text) % 3 = 0)
   AND i.pn = 1;
INSERT INTO relapse_signals (id, tenant_id, programme_id, goal_id, indicator_id, kind, period, value,
                             reference, raised_at)
SELECT gen_random_uuid(), :'tenant', i.programme_id, i.goal_id, i.id, 'off_track', v.period, v.value,
       ind.target, coalesce(v.period_start::timestamptz, now() - interval '30 days') + interval '1 day'
  FROM bench_indicator i
  JOIN indicators ind
    ON ind.id = i.id
  JOIN indicator_values v
    ON v.indicator_id = i.id
 WHERE v.value < ind.target
   AND i.pn <> 1
   AND hashtext(v.id::text) % 10 = 0;

-- ---- coaching, lessons ------------------------------------------------------------------
INSERT INTO coaching_entries (id, tenant_id, programme_id, held_on, coach_id, team, person_id,
                              signals, intervention, follow_up, created_by, created_at)
SELECT gen_random_uuid(), :'tenant', p.id, current_date - (k * 700 / n.total),
       (SELECT m.person_id FROM bench_member m WHERE m.pn = p.n AND m.k = 0),
       'Team ' || (1 + k % 20), NULL, ARRAY['terugval', 'weerstand'],
       'Een gesprek over de afspraken.', 'Over twee weken opnieuw.', 'bench',
       now() - interval '700 days' + interval '700 days' * k / n.total
  FROM bench_prog p
 CROSS JOIN LATERAL (SELECT CASE WHEN p.n = 1 THEN 3000 ELSE 50 END AS total) n
 CROSS JOIN LATERAL generate_series(1, n.total) k;
-- lessons: words from a small vocabulary, so a search finds some (a rare
-- word) or many (a common one)
INSERT INTO lessons (id, tenant_id, programme_id, team, kind, title, body, agreed_on, tags,
                     created_by, created_at)
SELECT gen_random_uuid(), :'tenant', p.id, 'Team ' || (1 + g % 20),
       CASE WHEN g % 4 = 0 THEN 'norm' ELSE 'lesson' END,
       initcap(w[1 + g % 12]) || ' ' || w[1 + (g / 12) % 12] || ' en ' || w[1 + (g / 144) % 12],
       'We merkten dat ' || w[1 + (g * 7) % 12] || ' beter werkt wanneer we ' || w[1 + (g * 5) % 12] ||
       ' vooraf bespreken. Daarom spraken we af: ' || w[1 + (g * 3) % 12] || ' komt elke week terug, '
       || 'en bij twijfel bellen we de inwoner dezelfde dag terug.',
       current_date - g % 700, ARRAY[w[1 + g % 12]], 'bench',
       now() - interval '700 days' + interval '1 minute' * g
  FROM generate_series(1, :lessons) g
  JOIN bench_prog p
    ON p.n = 1 + g % :programmes
 CROSS JOIN (SELECT ARRAY['terugbellen', 'samenwerking', 'vertrouwen', 'feedback', 'inwoners',
                          'keukentafelgesprek', 'buurtteam', 'klachten', 'wachttijd', 'intervisie',
                          'mandaat', 'ontschotten'] AS w) v;

VACUUM ANALYZE;
