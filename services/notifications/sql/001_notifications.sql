-- notifications: portals, case systems and intranets are told when
-- something happens in Koers, the way the Dutch Notificaties API 1.0 (ZGW,
-- VNG-Realisatie) works: channels (kanalen), subscriptions (abonnementen)
-- with a callback URL and an auth value, information-poor messages. The
-- service follows every other service's events (koers/consumer_set.h),
-- turns each into one message on its kanaal, and delivers it to every
-- subscription of the tenant whose filters match: with retries, a log of
-- every attempt, dead letters with an alert, replay and a pull endpoint.
-- Names are unqualified: kc_migrate sets search_path to the notifications
-- schema. Every tenant's table carries tenant_id and every query filters
-- on it.

-- ---- kanalen ---------------------------------------------------------------

-- The channels, the same for every tenant (one per service resource
-- family; the mapping from event types is in intake/event_map.c). filters:
-- the kenmerken a message on the channel carries and a subscriber may
-- filter on. The uuid is fixed so GET …/kanaal/{uuid} is stable.
CREATE TABLE kanalen (
    id                uuid PRIMARY KEY,
    naam              text NOT NULL UNIQUE CHECK (naam ~ '^[a-z][a-z0-9-]{0,49}$'),
    source            text NOT NULL,
    documentatie_link text NOT NULL,
    filters           text[] NOT NULL,
    description       text NOT NULL
);
INSERT INTO kanalen (id, naam, source, documentatie_link, filters, description) VALUES
    ('5a1c7f0e-6b1d-4c1e-9f0a-000000000001', 'cases', 'casedesk',
     '/casedesk/v1/openapi.json', ARRAY['eventType', 'category', 'status', 'district', 'priority'],
     'Citizens'' cases of the Connections Bureau: received, assigned, status changes, SLA, messages, outcome, feedback, reopening'),
    ('5a1c7f0e-6b1d-4c1e-9f0a-000000000002', 'referrals', 'casedesk',
     '/casedesk/v1/openapi.json', ARRAY['eventType', 'status', 'departmentId'],
     'Referrals of a case to a department: created, acknowledged, answered, reminded, overdue, escalated, withdrawn'),
    ('5a1c7f0e-6b1d-4c1e-9f0a-000000000003', 'surveys', 'surveys',
     '/surveys/v1/openapi.json', ARRAY['eventType', 'kind', 'status'],
     'Climate monitor and core-value surveys: opened, closed with results, core values, brainstorms'),
    ('5a1c7f0e-6b1d-4c1e-9f0a-000000000004', 'processes', 'processes',
     '/processes/v1/openapi.json', ARRAY['eventType', 'processId', 'status'],
     'Processes: status, published flows, bottlenecks, improvements, KPIs'),
    ('5a1c7f0e-6b1d-4c1e-9f0a-000000000005', 'programmes', 'programmes',
     '/programmes/v1/openapi.json', ARRAY['eventType', 'programmeId', 'status'],
     'Change programmes: status, steps and checkpoints, groups, proposals and actions, the manifest, activities, goals');

-- ---- abonnementen ----------------------------------------------------------

-- A subscription: where to deliver (callback_url), the Authorization
-- header to send (auth, sealed: AES-256-GCM under
-- KOERS_NOTIFICATIONS_SECRET_KEYS, AAD tenant_id|id, delivery/secret_box.h)
-- and which messages: kanalen [{"naam", "filters": {kenmerk: value|"*"}}]
-- as the subscriber gave them. status: active, or disabled (a 410 Gone
-- from the callback, or by hand) with the reason. failing_since: the
-- first dead letter since the last delivered message (NULL while healthy);
-- last_alert_at: the last alert sent about it (at most one per
-- KOERS_NOTIFICATIONS_ALERT_EVERY_S).
CREATE TABLE subscriptions (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    callback_url    text        NOT NULL CHECK (char_length(callback_url) BETWEEN 8 AND 2000),
    auth_sealed     bytea       NOT NULL,
    auth_key_id     text        NOT NULL,
    kanalen         jsonb       NOT NULL CHECK (jsonb_typeof(kanalen) = 'array'),
    signing         boolean     NOT NULL DEFAULT false,
    status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    disabled_reason text        CHECK (char_length(disabled_reason) <= 200),
    failing_since   timestamptz,
    last_alert_at   timestamptz,
    created_by      text        NOT NULL DEFAULT '',
    version         integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_list ON subscriptions (tenant_id, created_at, id);
-- the intake's question: the tenant's active subscriptions to a kanaal
CREATE INDEX subscriptions_kanalen ON subscriptions USING gin (kanalen jsonb_path_ops)
    WHERE status = 'active';

-- The signing secrets of a subscription (Standard Webhooks, "whsec_" +
-- base64 of 32 random bytes), sealed like auth. The current one has
-- valid_until NULL; after a rotation the previous one stays valid (and is
-- signed with too) until valid_until.
CREATE TABLE subscription_secrets (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    subscription_id uuid        NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    secret_sealed   bytea       NOT NULL,
    key_id          text        NOT NULL,
    valid_until     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_secrets_of ON subscription_secrets (subscription_id, created_at);

-- ---- messages ----------------------------------------------------------------

-- One message per event of another service (id: the event's id, so an
-- event seen twice makes one message; it is also the webhook-id), as sent
-- to every subscriber: body is the exact JSON text (the signature covers
-- these bytes, and GET …/notificaties returns them). seq orders the pull
-- endpoint. order_key: the hoofdObject; a subscriber gets a later message
-- about it only after the earlier ones are delivered or failed. Kept
-- KOERS_NOTIFICATIONS_KEEP_DAYS (at least 30).
CREATE TABLE messages (
    seq        bigserial   PRIMARY KEY,
    id         uuid        NOT NULL UNIQUE,
    tenant_id  uuid        NOT NULL,
    source     text        NOT NULL,
    event_type text        NOT NULL,
    kanaal     text        NOT NULL REFERENCES kanalen (naam),
    order_key  text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_pull ON messages (tenant_id, seq);
CREATE INDEX messages_age ON messages (created_at);

-- ---- deliveries --------------------------------------------------------------

-- A message to one subscription. state: pending (not tried yet), retrying
-- (tried, failed, next try at next_attempt_at), delivered (a 2xx),
-- failed (the last retry failed: a dead letter), cancelled (the
-- subscription was disabled or deleted first). A worker claims a due
-- delivery with FOR UPDATE SKIP LOCKED and sets lease_until/leased_by for
-- the length of its attempt: another replica skips it until the lease
-- runs out (a crashed worker's delivery is taken up again then). replay:
-- made by hand (POST …/replay), not by the intake.
CREATE TABLE deliveries (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    subscription_id uuid        NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    message_seq     bigint      NOT NULL REFERENCES messages (seq) ON DELETE CASCADE,
    order_key       text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending'
                                CHECK (state IN ('pending', 'retrying', 'delivered', 'failed', 'cancelled')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    leased_by       text,
    last_status     integer,
    last_error      text        CHECK (char_length(last_error) <= 200),
    replay          boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
-- due work, oldest first
CREATE INDEX deliveries_due ON deliveries (next_attempt_at)
    WHERE state IN ('pending', 'retrying');
-- order per subject: is an earlier message about the same object still open?
CREATE INDEX deliveries_open_order ON deliveries (subscription_id, order_key, message_seq)
    WHERE state IN ('pending', 'retrying');
-- the deliveries log of a subscription
CREATE INDEX deliveries_log ON deliveries (tenant_id, subscription_id, created_at, id);
CREATE INDEX deliveries_message ON deliveries (message_seq);

-- Every attempt of a delivery: when, how long, the answer's status code or
-- what went wrong instead ("timeout", "connection refused", "unsafe
-- address", ...: never the URL, the auth value or the answer's body).
CREATE TABLE delivery_attempts (
    id          bigserial   PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    delivery_id uuid        NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    number      integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    duration_ms integer     NOT NULL,
    status_code integer,
    error       text        CHECK (char_length(error) <= 200),
    UNIQUE (delivery_id, number)
);

-- ---- settings ----------------------------------------------------------------

-- Per tenant: where the alert about a failing subscription goes.
CREATE TABLE settings (
    tenant_id   uuid        PRIMARY KEY,
    alert_email text        CHECK (char_length(alert_email) BETWEEN 3 AND 254),
    version     integer     NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
