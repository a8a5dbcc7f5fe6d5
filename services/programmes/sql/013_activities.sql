-- activities and buddies: what the cohorts' API needs beyond 010.

-- How many members a cohort has, and how many of them are change agents
-- (versnellers): a cohort's read-only membersCount and changeAgentsCount.
-- Names inside a function body are qualified: the body is parsed when it
-- runs, under the caller's search_path, not the migration's.
CREATE FUNCTION cohort_members_count(t uuid, cohort uuid, change_agents boolean)
RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT count(*)::integer
      FROM programmes.cohort_members m
     WHERE m.tenant_id = t
       AND m.cohort_id = cohort
       AND (NOT change_agents OR m.change_agent)
$$;
