-- The root cause a liaison officer may name when resolving a case: a
-- process of the processes service and optionally a step of its flow
-- (ids only; they live in another service and are not checked here). Set
-- on the move to resolved, kept on closing, cleared (like the outcome)
-- when the case is reopened. Carried in case.resolved and case.closed.
ALTER TABLE cases
    ADD COLUMN root_cause_process_id uuid,
    ADD COLUMN root_cause_step_id    uuid,
    ADD CHECK (root_cause_step_id IS NULL OR root_cause_process_id IS NOT NULL);
