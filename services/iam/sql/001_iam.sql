-- The iam service keeps its data in the platform schema: the tenants'
-- identity providers are koers_iam.identity_providers
-- (shared/sql/iam_004_identity_providers.sql), read by every service's
-- authenticator. This schema holds only what every service has of its
-- own: the outbox of its events and the idempotency keys of its creates
-- (shared/sql/svc_*.sql, applied before this file).
COMMENT ON SCHEMA iam IS 'the iam service: outbox and idempotency keys; its data is koers_iam.identity_providers';
