-- API keys of portals and systems: only the SHA-256 of a key is stored.
CREATE TABLE IF NOT EXISTS koers_iam.api_keys (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL REFERENCES koers_iam.tenants,
    name       text NOT NULL,
    key_hash   char(64) UNIQUE NOT NULL,
    scopes     text[] NOT NULL DEFAULT '{}',
    created_at timestamptz DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX IF NOT EXISTS api_keys_tenant_idx ON koers_iam.api_keys (tenant_id);
