-- Staff sign in through their municipality's own OpenID Connect provider
-- (Entra ID, ADFS, Keycloak, ...). One row per provider; an issuer belongs
-- to exactly one tenant, so a token's tenant is the tenant of its issuer
-- whatever claims the token carries. Public clients only (authorization
-- code with PKCE): no client secret is stored.
CREATE TABLE IF NOT EXISTS koers_iam.identity_providers (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL REFERENCES koers_iam.tenants,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- the token's "iss", exactly (no trailing slash added or removed)
    issuer        text NOT NULL UNIQUE CHECK (length(issuer) BETWEEN 8 AND 500),
    -- NULL: issuer || '/.well-known/openid-configuration'
    discovery_url text CHECK (length(discovery_url) <= 500),
    -- the "aud" every accepted token must carry
    audience      text NOT NULL CHECK (length(audience) BETWEEN 1 AND 200),
    -- the workplace's public client at the provider
    client_id     text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
    scopes        text NOT NULL DEFAULT 'openid profile email'
                  CHECK (length(scopes) BETWEEN 6 AND 500),
    -- dotted path of the claim holding the user's roles or groups:
    -- "roles", "realm_access.roles", "groups"
    roles_claim   text NOT NULL DEFAULT 'roles'
                  CHECK (roles_claim ~ '^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$'),
    -- provider role or group name -> Koers role or roles:
    -- {"koers-coordinators": "coordinator", "g-1234": ["official", "employee"]}
    role_map      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(role_map) = 'object'),
    name_claim    text CHECK (length(name_claim) BETWEEN 1 AND 100),
    email_claim   text CHECK (length(email_claim) BETWEEN 1 AND 100),
    -- where the provider may send the browser back after sign-in and
    -- sign-out; the workplace only uses a URI listed here
    redirect_uris             text[] NOT NULL DEFAULT '{}',
    post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
    enabled       boolean NOT NULL DEFAULT true,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS identity_providers_tenant_idx
    ON koers_iam.identity_providers (tenant_id);

-- The authenticators cache providers by issuer: every change, insert
-- included (an issuer cached as unknown), is announced on koers_iam_auth
-- as "identity_provider:<id>".
CREATE OR REPLACE FUNCTION koers_iam.announce_identity_provider_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pg_notify('koers_iam_auth', 'identity_provider:' || NEW.id::text);
    ELSE
        PERFORM pg_notify('koers_iam_auth', 'identity_provider:' || OLD.id::text);
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS identity_providers_announce_change ON koers_iam.identity_providers;
CREATE TRIGGER identity_providers_announce_change
    AFTER INSERT OR UPDATE OR DELETE ON koers_iam.identity_providers
    FOR EACH ROW EXECUTE FUNCTION koers_iam.announce_identity_provider_change();
