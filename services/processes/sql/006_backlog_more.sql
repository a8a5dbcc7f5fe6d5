-- The backlog as it is served: each bottleneck's priority score stored in
-- a column (so that one index serves the ranked backlog of a tenant and of
-- a process: the weights are per tenant, the order cannot be an index on
-- the formula alone), kept current by a trigger when the row's impact,
-- effort or frequency change, and by the settings service when the
-- tenant's weights change (in the same transaction); the core team's
-- last decision on a bottleneck (take up, dismiss, reopen) and its reason.

-- Weights that are all zero leave the score undefined (a division by
-- zero): refused here as the API refuses them (422).
ALTER TABLE settings
    ADD CONSTRAINT settings_weights_not_all_zero
    CHECK (coalesce(weight_impact, 2) + coalesce(weight_effort, 1)
           + coalesce(weight_frequency, 1) > 0);

ALTER TABLE bottlenecks
    ADD COLUMN score           numeric(4, 1),
    -- the last decision of the core team, why, and when
    ADD COLUMN decision        text CHECK (decision IN ('take_up', 'dismiss', 'reopen')),
    ADD COLUMN decision_reason text CHECK (char_length(decision_reason) BETWEEN 1 AND 2000),
    ADD COLUMN decided_at      timestamptz;

-- The advisory lock of a tenant's weights: a weights change holds it
-- exclusively while it rescores the tenant's bottlenecks; a bottleneck's
-- score is computed holding it shared. So a bottleneck written while the
-- weights change waits and is scored with the new weights, or is
-- committed before the rescoring starts and is rescored with the rest.
CREATE FUNCTION bottleneck_weights_key(tenant uuid)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT hashtextextended('processes.bottleneck_weights ' || tenant::text, 0)
$$;

-- The score of a bottleneck of tenant t with the tenant's current weights
-- (processes.bottleneck_score; no settings row: the defaults).
CREATE FUNCTION bottleneck_tenant_score(t uuid, b_impact integer, b_effort integer,
                                        b_frequency integer, b_unit text)
RETURNS numeric LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    wi numeric;
    we numeric;
    wf numeric;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(processes.bottleneck_weights_key(t));
    SELECT s.weight_impact, s.weight_effort, s.weight_frequency
      INTO wi, we, wf
      FROM processes.settings s
     WHERE s.tenant_id = t;
    RETURN processes.bottleneck_score(b_impact, b_effort, b_frequency, b_unit, wi, we, wf);
END
$$;

CREATE FUNCTION bottleneck_set_score()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.score := processes.bottleneck_tenant_score(NEW.tenant_id, NEW.impact, NEW.effort,
                                                   NEW.frequency, NEW.frequency_unit);
    RETURN NEW;
END
$$;

-- Every writer of bottlenecks (the API, the citizens'-cases consumer, the
-- improvements that solve them) gets the score without knowing of it.
CREATE TRIGGER bottlenecks_score
    BEFORE INSERT OR UPDATE OF tenant_id, impact, effort, frequency, frequency_unit
    ON bottlenecks
    FOR EACH ROW EXECUTE FUNCTION bottleneck_set_score();

UPDATE bottlenecks SET impact = impact;
ALTER TABLE bottlenecks ALTER COLUMN score SET NOT NULL;

-- The ranked backlog (proposed and open bottlenecks): score descending,
-- impact descending, effort ascending, oldest first, then id. The order's
-- descending keys are negated so that one ascending row comparison,
-- (-score, -impact, effort, created_at, id) > (cursor), starts a page
-- straight from the index (the keyset of the next page).
CREATE INDEX bottlenecks_backlog
    ON bottlenecks (tenant_id, (-score), (-impact), effort, created_at, id)
    WHERE status IN ('proposed', 'open');
CREATE INDEX bottlenecks_process_backlog
    ON bottlenecks (tenant_id, process_id, (-score), (-impact), effort, created_at, id)
    WHERE status IN ('proposed', 'open');
