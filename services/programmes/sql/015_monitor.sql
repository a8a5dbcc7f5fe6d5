-- programmes 015: coaching, lessons and the monitor. A lesson as the API
-- shows it (for the search's answer, which is read in one query) and the
-- monitor: a programme's whole dashboard document in one call. The bodies
-- name their tables with the schema: they run with the caller's
-- search_path.

-- A lesson (or norm) as GET /lessons/{id} shows it. The members are those
-- of the resource kit's row (monitor/lesson_resource.c): keep them in step.
CREATE FUNCTION lesson_wire(l programmes.lessons) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', l.id, 'programmeId', l.programme_id, 'team', l.team, 'kind', l.kind,
               'title', l.title, 'body', l.body, 'agreedOn', l.agreed_on,
               'tags', to_jsonb(l.tags), 'createdBy', l.created_by, 'version', l.version,
               'createdAt', programmes.proposal_ts(l.created_at),
               'updatedAt', programmes.proposal_ts(l.updated_at))
$$;

-- A share as the monitor shows it: part / whole to four decimals, NULL
-- when there is no whole.
CREATE FUNCTION monitor_share(part bigint, whole bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN whole > 0 THEN round(part::numeric / whole, 4) END
$$;

-- The programme's latest manifest (highest number) with its latest
-- consultation round and the support share of that round: (support +
-- support with a remark) / views over all its statements and departments.
-- Only the total counts here, never a department: a round with fewer
-- views than the tenant's minimum group size shows no share (withheld).
-- NULL without a manifest.
CREATE FUNCTION monitor_manifest(t uuid, programme uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', m.id, 'number', m.number, 'status', m.status,
               'latestRound', r.number,
               'supportShare', CASE WHEN v.views >= s.min_group_size
                                    THEN programmes.monitor_share(v.supported, v.views) END,
               'withheld', r.id IS NOT NULL AND v.views < s.min_group_size)
      FROM programmes.manifests m
      LEFT JOIN LATERAL (SELECT cr.id, cr.number
                           FROM programmes.consultation_rounds cr
                          WHERE cr.tenant_id = t
                            AND cr.manifest_id = m.id
                          ORDER BY cr.number DESC
                          LIMIT 1) r ON true
      LEFT JOIN LATERAL (SELECT count(*) AS views,
                                count(*) FILTER (WHERE cv.stance IN ('support',
                                                                     'support_with_remark'))
                                    AS supported
                           FROM programmes.consultation_views cv
                          WHERE cv.tenant_id = t
                            AND cv.round_id = r.id) v ON true
      CROSS JOIN (SELECT COALESCE((SELECT st.min_group_size
                                     FROM programmes.settings st
                                    WHERE st.tenant_id = t), 5) AS min_group_size) s
     WHERE m.tenant_id = t
       AND m.programme_id = programme
     ORDER BY m.number DESC
     LIMIT 1
$$;

-- The programme's goals in the order made, each indicator with its latest
-- value (the latest period measured), its target and whether the latest
-- value meets it (NULL while there is no value).
CREATE FUNCTION monitor_goals(t uuid, programme uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'id', g.id, 'name', g.name,
               'indicators', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                  'id', i.id, 'kind', i.kind, 'latest', lv.value,
                                  'period', lv.period, 'target', i.target,
                                  'direction', i.direction,
                                  'onTrack', CASE WHEN lv.value IS NULL THEN NULL
                                                  WHEN i.direction = 'at_least'
                                                  THEN lv.value >= i.target
                                                  ELSE lv.value <= i.target END)
                                  ORDER BY i.created_at, i.id), '[]'::jsonb)
                                FROM programmes.indicators i
                                LEFT JOIN LATERAL (SELECT iv.value, iv.period
                                                     FROM programmes.indicator_values iv
                                                    WHERE iv.tenant_id = t
                                                      AND iv.indicator_id = i.id
                                                    ORDER BY iv.period_start DESC NULLS LAST,
                                                             iv.measured_at DESC, iv.id
                                                    LIMIT 1) lv ON true
                               WHERE i.tenant_id = t
                                 AND i.goal_id = g.id))
               ORDER BY g.created_at, g.id), '[]'::jsonb)
      FROM programmes.goals g
     WHERE g.tenant_id = t
       AND g.programme_id = programme
$$;

-- GET /programmes/{id}/monitor: what a programme board looks at, in one
-- round trip. The state now: the programme, its phases' progress (steps
-- not removed, and how many completed), proposals and actions per status,
-- the latest manifest and its support share, the goals with their
-- indicators' latest values. In the period from_day..to_day (both
-- included, UTC days): the activities completed then with their
-- invitations and attendance, the casedesk's equal-party share of the
-- feedback received then (the tenant's, every programme's citizens) and
-- the relapse signals raised then. NULL when the tenant has no such
-- programme.
CREATE FUNCTION programme_monitor(t uuid, programme uuid, from_day date, to_day date)
RETURNS jsonb LANGUAGE sql STABLE AS $$
    WITH period AS (
        SELECT (from_day::timestamp AT TIME ZONE 'UTC') AS starts,
               ((to_day + 1)::timestamp AT TIME ZONE 'UTC') AS ends)
    SELECT jsonb_build_object(
        'programme', jsonb_build_object('id', p.id, 'name', p.name, 'status', p.status,
                                        'approachVersion', p.approach_version),
        'period', jsonb_build_object('from', from_day, 'to', to_day),
        'phases', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                              'id', ph.id, 'name', ph.name,
                              'steps', (SELECT count(*)
                                          FROM programmes.steps s
                                         WHERE s.phase_id = ph.id
                                           AND s.status <> 'removed'),
                              'completed', (SELECT count(*)
                                              FROM programmes.steps s
                                             WHERE s.phase_id = ph.id
                                               AND s.status = 'completed'))
                          ORDER BY ph.position), '[]'::jsonb)
                     FROM programmes.phases ph
                    WHERE ph.tenant_id = t
                      AND ph.programme_id = p.id),
        'proposals', (SELECT jsonb_build_object(
                                 'draft', count(*) FILTER (WHERE x.status = 'draft'),
                                 'submitted', count(*) FILTER (WHERE x.status = 'submitted'),
                                 'approved', count(*) FILTER (WHERE x.status = 'approved'),
                                 'rejected', count(*) FILTER (WHERE x.status = 'rejected'),
                                 'returned', count(*) FILTER (WHERE x.status = 'returned'),
                                 'split', count(*) FILTER (WHERE x.status = 'split'),
                                 'merged', count(*) FILTER (WHERE x.status = 'merged'))
                        FROM programmes.proposals x
                       WHERE x.tenant_id = t
                         AND x.programme_id = p.id),
        'actions', (SELECT jsonb_build_object(
                               'planned', count(*) FILTER (WHERE a.status = 'planned'),
                               'in_progress', count(*) FILTER (WHERE a.status = 'in_progress'),
                               'done', count(*) FILTER (WHERE a.status = 'done'),
                               'cancelled', count(*) FILTER (WHERE a.status = 'cancelled'))
                      FROM programmes.actions a
                     WHERE a.tenant_id = t
                       AND a.programme_id = p.id),
        'activities', (SELECT jsonb_build_object(
                                  'completed', count(DISTINCT ac.id),
                                  'invited', count(ap.person_id) FILTER (WHERE ap.invited),
                                  'attended', count(ap.person_id) FILTER (WHERE ap.attended),
                                  'attendanceRate', programmes.monitor_share(
                                      count(ap.person_id) FILTER (WHERE ap.invited AND ap.attended),
                                      count(ap.person_id) FILTER (WHERE ap.invited)))
                         FROM programmes.activities ac
                         LEFT JOIN programmes.activity_participants ap
                                ON ap.activity_id = ac.id
                               AND ap.tenant_id = t
                        CROSS JOIN period
                        WHERE ac.tenant_id = t
                          AND ac.programme_id = p.id
                          AND ac.status = 'completed'
                          AND ac.completed_at >= period.starts
                          AND ac.completed_at < period.ends),
        'manifest', programmes.monitor_manifest(t, p.id),
        'goals', programmes.monitor_goals(t, p.id),
        'equalPartyShare', (SELECT jsonb_build_object(
                                       'from', from_day, 'to', to_day,
                                       'answered', count(f.equal_party),
                                       'share', programmes.monitor_share(
                                           count(*) FILTER (WHERE f.equal_party),
                                           count(f.equal_party)))
                              FROM programmes.casedesk_feedback f
                             CROSS JOIN period
                             WHERE f.tenant_id = t
                               AND f.received_at >= period.starts
                               AND f.received_at < period.ends),
        'relapseSignals', (SELECT count(*)
                             FROM programmes.relapse_signals rs
                            CROSS JOIN period
                            WHERE rs.tenant_id = t
                              AND rs.programme_id = p.id
                              AND rs.raised_at >= period.starts
                              AND rs.raised_at < period.ends))
      FROM programmes.programmes p
     WHERE p.tenant_id = t
       AND p.id = programme
$$;
