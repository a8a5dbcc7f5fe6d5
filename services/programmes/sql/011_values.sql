-- programmes 011: core values and example behaviour (the part "values and
-- behaviour"). Tables named without the schema (kc_migrate sets
-- search_path).

-- The brainstorm sessions of the surveys service that promoted a value
-- (brainstorm.value.promoted): a programme value with source brainstorm
-- names such a session. name as the event carried it.
CREATE TABLE brainstorm_promotions (
    tenant_id    uuid        NOT NULL,
    session_id   uuid        NOT NULL,
    value_id     uuid        NOT NULL,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    event_id     text        NOT NULL,
    promoted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, session_id, value_id)
);

-- The catalogue lists in the order its values arrived (keyset pages).
ALTER TABLE value_catalogue ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX value_catalogue_list ON value_catalogue (tenant_id, created_at, value_id);
