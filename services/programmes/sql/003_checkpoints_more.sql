-- checkpoints: one decision per step. The decision locks its programme's
-- row, so two decisions on one step cannot interleave; this index makes
-- the rule the schema's too.
CREATE UNIQUE INDEX checkpoints_one_per_step ON checkpoints (step_id);
