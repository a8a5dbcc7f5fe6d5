-- Tenants: one per municipality. Shared by every service (schema koers_iam).
CREATE TABLE IF NOT EXISTS koers_iam.tenants (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL,
    slug       text UNIQUE NOT NULL CHECK (slug ~ '^[a-z0-9-]{2,63}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);
