-- A liaison officer's open cases: assigned to them and neither resolved
-- nor closed. The liaison officers resource shows it as openCases
-- (a read-only member computed per row); inlined by the planner.
CREATE FUNCTION officer_open_cases(tenant uuid, officer uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT count(*)::integer
      FROM casedesk.cases c
     WHERE c.tenant_id = tenant
       AND c.officer_id = officer
       AND c.status NOT IN ('resolved', 'closed')
$$;
