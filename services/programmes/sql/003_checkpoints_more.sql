-- checkpoints: one decision per step. The decision locks its programme's
-- row, so two decisions on one step cannot interleave; this index makes
-- the rule the schema's too.
CREATE UNIQUE INDEX checkpoints_one_per_step ON checkpoints (step_id);

-- The functions of 001 name their tables unqualified, which works only
-- where search_path holds this schema (the migration), not on the
-- services' connections (every query there qualifies "programmes."): a
-- call of programmes.approach_snapshot(...) from the service would find no
-- table "phases". Each function gets the search_path of the migration
-- (this schema, then public) as its own.
ALTER FUNCTION approach_snapshot(uuid, uuid) SET search_path FROM CURRENT;
ALTER FUNCTION caller_is_member(uuid, uuid, text, text[], uuid) SET search_path FROM CURRENT;
ALTER FUNCTION group_mix(uuid, uuid) SET search_path FROM CURRENT;
