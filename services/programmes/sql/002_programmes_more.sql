-- programmes 002: the reads of the programmes and approach part, as
-- functions so that the service's queries stay short: a template, a step
-- and the programme's approach as they are shown, and the programme's
-- timeline. Names are unqualified (kc_migrate sets search_path to the
-- programmes schema).

-- (A SQL function's body is parsed again when it is called, with the
-- caller's search_path: these functions keep the schema they were created
-- in.)

-- A time as the API shows it: RFC 3339 UTC with milliseconds (NULL stays NULL).
CREATE FUNCTION ts_text(ts timestamptz) RETURNS text
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- An approach template on the wire (the shipped ones are builtIn).
CREATE FUNCTION template_doc(a approach_templates) RETURNS jsonb
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT jsonb_build_object(
               'id', a.id, 'key', a.key, 'name', a.name, 'description', a.description,
               'openEnded', a.open_ended, 'builtIn', a.tenant_id IS NULL, 'phases', a.phases,
               'version', a.version, 'createdAt', ts_text(a.created_at),
               'updatedAt', ts_text(a.updated_at))
$$;

-- The checkpoint of a step (the decision after it), NULL while it has none.
CREATE FUNCTION step_checkpoint(t uuid, step uuid) RETURNS uuid
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT c.id
      FROM checkpoints c
     WHERE c.tenant_id = t
       AND c.step_id = step
     ORDER BY c.decided_at, c.id
     LIMIT 1
$$;

-- A step as the approach shows it.
CREATE FUNCTION step_doc(s steps) RETURNS jsonb
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT jsonb_build_object(
               'id', s.id, 'position', s.position, 'name', s.name, 'description', s.description,
               'kind', s.kind, 'startsOn', s.starts_on, 'dueOn', s.due_on, 'status', s.status,
               'startedAt', ts_text(s.started_at), 'completedAt', ts_text(s.completed_at),
               'checkpointId', step_checkpoint(s.tenant_id, s.id))
$$;

-- The programme's current approach: {programmeId, version, phases: [{...,
-- steps: [...]}]}, removed steps left out; NULL when the tenant has no
-- such programme.
CREATE FUNCTION approach_view(t uuid, programme uuid) RETURNS jsonb
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT jsonb_build_object(
               'programmeId', p.id, 'version', p.approach_version,
               'phases', COALESCE((
                   SELECT jsonb_agg(jsonb_build_object(
                              'id', ph.id, 'position', ph.position, 'name', ph.name,
                              'description', ph.description,
                              'steps', (SELECT COALESCE(jsonb_agg(step_doc(s) ORDER BY s.position),
                                                        '[]'::jsonb)
                                          FROM steps s
                                         WHERE s.phase_id = ph.id
                                           AND s.status <> 'removed'))
                          ORDER BY ph.position)
                     FROM phases ph
                    WHERE ph.tenant_id = t
                      AND ph.programme_id = p.id), '[]'::jsonb))
      FROM programmes p
     WHERE p.tenant_id = t
       AND p.id = programme
$$;

-- What happened to the programme, in time order: its status moves, its
-- steps started and completed, the checkpoints decided and the approach
-- versions made. [] for a programme without history (or none at all).
CREATE FUNCTION programme_timeline(t uuid, programme uuid) RETURNS jsonb
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT COALESCE(jsonb_agg(x.item ORDER BY x.at, x.ord), '[]'::jsonb)
      FROM (SELECT c.changed_at AS at, 1 AS ord,
                   jsonb_build_object('at', ts_text(c.changed_at), 'kind', 'status_changed',
                                      'from', c.from_status, 'to', c.to_status,
                                      'reason', c.reason) AS item
              FROM programme_status_changes c
             WHERE c.tenant_id = t
               AND c.programme_id = programme
            UNION ALL
            SELECT s.started_at, 2,
                   jsonb_build_object('at', ts_text(s.started_at), 'kind', 'step_started',
                                      'stepId', s.id, 'phaseId', s.phase_id, 'name', s.name)
              FROM steps s
             WHERE s.tenant_id = t
               AND s.programme_id = programme
               AND s.started_at IS NOT NULL
            UNION ALL
            SELECT k.decided_at, 3,
                   jsonb_build_object('at', ts_text(k.decided_at), 'kind', 'checkpoint_decided',
                                      'checkpointId', k.id, 'stepId', k.step_id,
                                      'decision', k.decision,
                                      'approachVersion', k.approach_version)
              FROM checkpoints k
             WHERE k.tenant_id = t
               AND k.programme_id = programme
            UNION ALL
            SELECT v.created_at, 4,
                   jsonb_build_object('at', ts_text(v.created_at), 'kind', 'approach_version',
                                      'number', v.number, 'checkpointId', v.checkpoint_id,
                                      'reason', v.reason)
              FROM approach_versions v
             WHERE v.tenant_id = t
               AND v.programme_id = programme
            UNION ALL
            SELECT s.completed_at, 5,
                   jsonb_build_object('at', ts_text(s.completed_at), 'kind', 'step_completed',
                                      'stepId', s.id, 'phaseId', s.phase_id, 'name', s.name)
              FROM steps s
             WHERE s.tenant_id = t
               AND s.programme_id = programme
               AND s.completed_at IS NOT NULL) x
$$;
