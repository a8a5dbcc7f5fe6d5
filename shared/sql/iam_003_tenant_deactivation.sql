-- Tenant deactivation, and the invalidation events of the authenticators'
-- caches. A deactivated tenant (deactivated_at set) keeps its data, but
-- none of its API keys or staff tokens is accepted until it is activated
-- again (koers-admin tenant-deactivate / tenant-activate).
ALTER TABLE koers_iam.tenants ADD COLUMN IF NOT EXISTS deactivated_at timestamptz;

-- Every service process keeps one connection LISTENing on koers_iam_auth
-- and drops what it cached of a key or tenant named here. The payload is
-- "api_key:<id>" or "tenant:<id>": an id, never a key or its hash. A
-- trigger rather than the revoking statement, so that a change made by
-- hand (psql) is announced too; PostgreSQL delivers it when the change
-- commits, and not at all when it rolls back.
CREATE OR REPLACE FUNCTION koers_iam.announce_auth_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('koers_iam_auth', TG_ARGV[0] || ':' || OLD.id::text);
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS api_keys_announce_change ON koers_iam.api_keys;
CREATE TRIGGER api_keys_announce_change
    AFTER UPDATE OR DELETE ON koers_iam.api_keys
    FOR EACH ROW EXECUTE FUNCTION koers_iam.announce_auth_change('api_key');

DROP TRIGGER IF EXISTS tenants_announce_change ON koers_iam.tenants;
CREATE TRIGGER tenants_announce_change
    AFTER UPDATE OR DELETE ON koers_iam.tenants
    FOR EACH ROW EXECUTE FUNCTION koers_iam.announce_auth_change('tenant');
