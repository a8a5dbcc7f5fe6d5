-- The flow, continued (003_flow.sql): a published version is immutable in
-- the database too, not only in the API. A published version row cannot
-- be changed or deleted, and the steps of a published version cannot be
-- added, changed or removed; the draft is free until it is published (the
-- UPDATE that publishes it starts from a draft row, so it passes). Any such
-- write is a bug of the service: the error is raised as SQLSTATE 55000
-- (object not in prerequisite state).

CREATE FUNCTION flow_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'published' THEN
        RAISE EXCEPTION 'flow version % is published and cannot change', OLD.id
            USING ERRCODE = '55000';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER flow_versions_immutable
    BEFORE UPDATE OR DELETE ON flow_versions
    FOR EACH ROW EXECUTE FUNCTION flow_versions_immutable();

CREATE FUNCTION flow_steps_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
           SELECT 1 FROM processes.flow_versions v
            WHERE v.id = OLD.flow_version_id AND v.state = 'published') THEN
        RAISE EXCEPTION 'the steps of published flow version % cannot change', OLD.flow_version_id
            USING ERRCODE = '55000';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
           SELECT 1 FROM processes.flow_versions v
            WHERE v.id = NEW.flow_version_id AND v.state = 'published') THEN
        RAISE EXCEPTION 'the steps of published flow version % cannot change', NEW.flow_version_id
            USING ERRCODE = '55000';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER flow_steps_immutable
    BEFORE INSERT OR UPDATE OR DELETE ON flow_steps
    FOR EACH ROW EXECUTE FUNCTION flow_steps_immutable();

-- the markers of a picture follow an activity (its step key) across
-- versions
CREATE INDEX flow_steps_key ON flow_steps (tenant_id, step_key);
