-- governance: what the groups' and building blocks' API needs beyond 001.

-- How many members a group has (a group's read-only membersCount).
-- Names inside a function body are qualified: the body is parsed when it
-- runs, under the caller's search_path, not the migration's.
CREATE FUNCTION group_members_count(t uuid, grp uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT count(*)::integer
      FROM programmes.group_members m
     WHERE m.tenant_id = t
       AND m.group_id = grp
$$;
