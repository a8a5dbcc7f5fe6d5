-- Stored first answers of POSTs sent with an Idempotency-Key.
CREATE TABLE idempotency_keys (
    tenant_id    uuid,
    key          text,
    request_hash char(64),
    http_status  int,
    body         jsonb,
    created_at   timestamptz DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
);
