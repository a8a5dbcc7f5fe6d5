-- programmes 012: the manifest and its consultation (issue 12, part [K]):
-- the wire forms of manifests' statements, their revisions and the
-- consultation rounds as functions (one place that says what the API
-- shows), the tenant's minimum group size with its default, and the
-- indexes the reads need. Functions name their tables with the schema
-- (they run with the caller's search_path).

-- The tenant's minimum group size: figures of a smaller group are
-- withheld (010's settings, 5 when the tenant set none).
CREATE FUNCTION manifest_min_group_size(t uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT s.min_group_size
                       FROM programmes.settings s
                      WHERE s.tenant_id = t), 5)
$$;

-- How many statements a manifest has.
CREATE FUNCTION manifest_statement_count(t uuid, manifest_key uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT count(*)::integer
      FROM programmes.manifest_statements s
     WHERE s.tenant_id = t
       AND s.manifest_id = manifest_key
$$;

-- A statement as the API shows it (with its value's name).
CREATE FUNCTION manifest_statement_wire(t uuid, statement_key uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', s.id, 'manifestId', s.manifest_id,
               'programmeValueId', s.programme_value_id, 'valueName', v.name,
               'exampleBehaviourId', s.example_behaviour_id, 'position', s.position,
               'text', s.text, 'revision', s.revision, 'version', s.version,
               'createdAt', programmes.proposal_ts(s.created_at),
               'updatedAt', programmes.proposal_ts(s.updated_at))
      FROM programmes.manifest_statements s
      JOIN programmes.programme_values v
        ON v.id = s.programme_value_id
     WHERE s.tenant_id = t
       AND s.id = statement_key
$$;

-- A consultation round as the API shows it (never its salt).
CREATE FUNCTION manifest_round_wire(t uuid, round_key uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', r.id, 'manifestId', r.manifest_id, 'number', r.number,
               'stepId', r.step_id, 'status', r.status,
               'openedAt', programmes.proposal_ts(r.opened_at),
               'closedAt', programmes.proposal_ts(r.closed_at))
      FROM programmes.consultation_rounds r
     WHERE r.tenant_id = t
       AND r.id = round_key
$$;

-- A statement's revisions, oldest first, each with the round and the
-- views that caused it (their stance and reason only: no department, no
-- person).
CREATE FUNCTION manifest_statement_revisions(t uuid, statement_key uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'revision', sr.revision, 'text', sr.text, 'reason', sr.reason,
               'roundId', sr.round_id,
               'roundNumber', (SELECT r.number
                                 FROM programmes.consultation_rounds r
                                WHERE r.tenant_id = t
                                  AND r.id = sr.round_id),
               'viewIds', to_jsonb(sr.view_ids),
               'views', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                             'viewId', cv.id, 'stance', cv.stance,
                                             'reason', cv.reason)
                                         ORDER BY cv.stance, cv.reason, cv.id)
                                    FROM programmes.consultation_views cv
                                   WHERE cv.tenant_id = t
                                     AND cv.id = ANY (sr.view_ids)), '[]'),
               'createdAt', programmes.proposal_ts(sr.created_at))
               ORDER BY sr.revision), '[]')
      FROM programmes.statement_revisions sr
     WHERE sr.tenant_id = t
       AND sr.statement_id = statement_key
$$;

CREATE INDEX manifests_programme ON manifests (tenant_id, programme_id, number);
CREATE INDEX consultation_rounds_manifest ON consultation_rounds (tenant_id, manifest_id, number);
CREATE INDEX consultation_views_statement ON consultation_views (tenant_id, statement_id);
CREATE INDEX behaviour_agreements_programme ON behaviour_agreements (tenant_id, programme_id, team);

-- A manifest as the API shows it (the same members as the resource kit's
-- manifest_resource), for the answers made inside a write's transaction.
CREATE FUNCTION manifest_wire(t uuid, manifest_key uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', m.id, 'programmeId', m.programme_id, 'number', m.number,
               'title', m.title, 'preamble', m.preamble, 'status', m.status,
               'basedOnId', m.based_on_id,
               'adoptedAt', programmes.proposal_ts(m.adopted_at),
               'supersededBy', m.superseded_by,
               'statementCount', programmes.manifest_statement_count(t, m.id),
               'version', m.version,
               'createdAt', programmes.proposal_ts(m.created_at),
               'updatedAt', programmes.proposal_ts(m.updated_at))
      FROM programmes.manifests m
     WHERE m.tenant_id = t
       AND m.id = manifest_key
$$;
