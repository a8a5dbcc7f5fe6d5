-- casedesk: categories, liaison officers, routing rules, cases and their
-- timeline. Names are unqualified: kc_migrate sets search_path to the
-- casedesk schema. Every table carries tenant_id and every query filters
-- on it; references between tables include the tenant, so a row can never
-- point at another tenant's row.

CREATE TABLE categories (
    id          uuid        NOT NULL,
    tenant_id   uuid        NOT NULL,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    sla_days    integer     NOT NULL DEFAULT 10 CHECK (sla_days BETWEEN 1 AND 365),
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX categories_list ON categories (tenant_id, created_at, id);

CREATE TABLE liaison_officers (
    id            uuid        NOT NULL,
    tenant_id     uuid        NOT NULL,
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    email         text        NOT NULL,
    category_ids  uuid[]      NOT NULL DEFAULT '{}',
    districts     text[]      NOT NULL DEFAULT '{}',
    capacity      integer     NOT NULL DEFAULT 10 CHECK (capacity BETWEEN 1 AND 1000),
    active        boolean     NOT NULL DEFAULT true,
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX liaison_officers_list ON liaison_officers (tenant_id, created_at, id);

CREATE TABLE routing_rules (
    id           uuid        NOT NULL,
    tenant_id    uuid        NOT NULL,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    position     integer     NOT NULL CHECK (position >= 0),
    category_id  uuid,
    district     text        CHECK (district IS NULL OR char_length(district) <= 100),
    keywords     text[]      NOT NULL DEFAULT '{}',
    officer_ids  uuid[]      NOT NULL CHECK (cardinality(officer_ids) >= 1),
    active       boolean     NOT NULL DEFAULT true,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
);
CREATE INDEX routing_rules_order ON routing_rules (tenant_id, position, id);

CREATE TABLE cases (
    id           uuid        NOT NULL,
    tenant_id    uuid        NOT NULL,
    reference    text        NOT NULL,
    category_id  uuid        NOT NULL,
    description  text        NOT NULL CHECK (char_length(description) BETWEEN 1 AND 5000),
    district     text        CHECK (district IS NULL OR char_length(district) <= 100),
    location     jsonb,
    -- the citizen's personal data: never logged, never in an event
    citizen      jsonb       NOT NULL,
    channel      text        NOT NULL
        CHECK (channel IN ('web', 'app', 'phone', 'email', 'counter', 'letter')),
    priority     text        NOT NULL DEFAULT 'normal'
        CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    status       text        NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'assigned', 'in_progress', 'waiting',
                          'solution_proposed', 'resolved', 'closed')),
    officer_id   uuid,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    closed_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, reference),
    FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id),
    FOREIGN KEY (tenant_id, officer_id) REFERENCES liaison_officers (tenant_id, id)
);
-- keyset pagination and the list filters
CREATE INDEX cases_created ON cases (tenant_id, created_at DESC, id DESC);
CREATE INDEX cases_status ON cases (tenant_id, status, created_at DESC, id DESC);
CREATE INDEX cases_officer ON cases (tenant_id, officer_id, created_at DESC, id DESC);
CREATE INDEX cases_category ON cases (tenant_id, category_id, created_at DESC, id DESC);
CREATE INDEX cases_unassigned ON cases (tenant_id, created_at DESC, id DESC)
    WHERE officer_id IS NULL;
-- open load per officer, counted by routing
CREATE INDEX cases_open_per_officer ON cases (tenant_id, officer_id)
    WHERE status NOT IN ('resolved', 'closed');

CREATE TABLE case_timeline (
    id           bigserial   PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    case_id      uuid        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text        NOT NULL,
    action       text        NOT NULL
        CHECK (action IN ('received', 'assigned', 'reassigned', 'status_changed',
                          'reopened', 'closed')),
    from_status  text,
    to_status    text,
    detail       jsonb,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_timeline_case ON case_timeline (tenant_id, case_id, id);

-- BV-<year>-<number>: one counter per tenant and year
CREATE TABLE case_reference_counters (
    tenant_id  uuid    NOT NULL,
    year       integer NOT NULL,
    last_value integer NOT NULL,
    PRIMARY KEY (tenant_id, year)
);
