-- Proposals, decisions and actions as the API shows them, for the answers
-- that are read in one query (a proposal's decisions, an action's trace
-- back to the proposals it came from). The members are those of the
-- resource kit's rows (proposals/proposal_resource.c,
-- actions/action_resource.c): keep them in step. The bodies name their
-- tables with the schema: they run with the caller's search_path.

-- A time as the API writes it: RFC 3339 in UTC with milliseconds.
CREATE FUNCTION proposal_ts(at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The action an approved proposal became (NULL: none).
CREATE FUNCTION proposal_action_id(t uuid, proposal_key uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT a.id
      FROM programmes.actions a
     WHERE a.tenant_id = t AND a.proposal_id = proposal_key
$$;

-- A decision on a proposal (approved, rejected, returned, split, merged),
-- with the action an approval made (actionId, NULL otherwise).
CREATE FUNCTION decision_wire(t uuid, decision_key uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', d.id, 'proposalId', d.proposal_id, 'outcome', d.outcome,
               'reason', d.reason, 'groupId', d.group_id,
               'presentIds', to_jsonb(d.present_ids), 'resultIds', to_jsonb(d.result_ids),
               'decidedBy', d.decided_by, 'decidedAt', programmes.proposal_ts(d.decided_at),
               'actionId', (SELECT a.id
                              FROM programmes.actions a
                             WHERE a.tenant_id = t
                               AND a.decision_id = d.id))
      FROM programmes.proposal_decisions d
     WHERE d.tenant_id = t AND d.id = decision_key
$$;

-- A proposal as GET /proposals/{id} shows it.
CREATE FUNCTION proposal_wire(t uuid, proposal_key uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', p.id, 'programmeId', p.programme_id, 'buildingBlockId', p.building_block_id,
               'workingGroupId', p.working_group_id, 'title', p.title, 'proposal', p.proposal,
               'reasoning', p.reasoning, 'expectedEffect', p.expected_effect,
               'costEuros', p.cost_euros, 'effort', p.effort, 'status', p.status,
               'derivedFrom', to_jsonb(p.derived_from),
               'submittedAt', programmes.proposal_ts(p.submitted_at), 'createdBy', p.created_by,
               'actionId', programmes.proposal_action_id(t, p.id),
               'version', p.version, 'createdAt', programmes.proposal_ts(p.created_at),
               'updatedAt', programmes.proposal_ts(p.updated_at))
      FROM programmes.proposals p
     WHERE p.tenant_id = t AND p.id = proposal_key
$$;

-- An action as GET /actions/{id} shows it.
CREATE FUNCTION action_wire(t uuid, action_key uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
               'id', a.id, 'programmeId', a.programme_id, 'proposalId', a.proposal_id,
               'decisionId', a.decision_id, 'title', a.title, 'ownerId', a.owner_id,
               'dueOn', a.due_on, 'status', a.status, 'result', a.result,
               'processImprovementId', a.process_improvement_id,
               'improvementCompletedAt', programmes.proposal_ts(a.improvement_completed_at),
               'completedAt', programmes.proposal_ts(a.completed_at),
               'version', a.version, 'createdAt', programmes.proposal_ts(a.created_at),
               'updatedAt', programmes.proposal_ts(a.updated_at))
      FROM programmes.actions a
     WHERE a.tenant_id = t AND a.id = action_key
$$;

-- The decisions of a proposal in the order they were taken.
CREATE INDEX proposal_decisions_order ON proposal_decisions (proposal_id, decided_at, id);
CREATE INDEX actions_decision ON actions (decision_id);
