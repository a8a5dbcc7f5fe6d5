-- The citizens' side of a process: casedesk categories mapped to processes
-- (and optionally a step of their flow), the facts of each citizen's case
-- as the casedesk's events tell them (ids, instants, numbers and booleans
-- only: no personal data, no free text), and the cases that named a
-- process step as root cause of a proposed bottleneck.

-- A casedesk category (an id of the casedesk: it cannot be checked here)
-- feeds one process of the tenant. A deleted process takes its mappings
-- along; a deleted flow step leaves the mapping at process level.
CREATE TABLE category_mappings (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    category_id  uuid        NOT NULL,
    process_id   uuid        NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    step_id      uuid        REFERENCES flow_steps (id) ON DELETE SET NULL,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX category_mappings_category ON category_mappings (tenant_id, category_id);
CREATE INDEX category_mappings_list ON category_mappings (tenant_id, created_at, id);
CREATE INDEX category_mappings_process ON category_mappings (tenant_id, process_id);

-- One row per casedesk case of the tenant, kept up to date by the
-- consumer of the casedesk's events (citizens/citizen_events.c).
--   received_at      filed (createdAt)
--   resolved_at      resolved; NULL while open or after a reopen
--   closed_at        closed; NULL while open or after a reopen
--   resolution_due   the resolution deadline (at resolution)
--   lead_days        received -> closed in days (fractional)
--   sla_breached     a deadline was missed at some time
--   reopen_count     how often the case was reopened
--   rating           the satisfaction (1..5) of the latest feedback round
--   equal_party      "treated as an equal party" of that round
CREATE TABLE citizen_cases (
    tenant_id              uuid        NOT NULL,
    case_id                uuid        NOT NULL,
    category_id            uuid        NOT NULL,
    received_at            timestamptz,
    resolved_at            timestamptz,
    closed_at              timestamptz,
    resolution_due         timestamptz,
    lead_days              double precision
                           GENERATED ALWAYS AS (extract(epoch FROM closed_at - received_at) / 86400)
                           STORED,
    sla_breached           boolean     NOT NULL DEFAULT false,
    reopen_count           integer     NOT NULL DEFAULT 0 CHECK (reopen_count >= 0),
    rating                 smallint    CHECK (rating BETWEEN 1 AND 5),
    equal_party            boolean,
    feedback_round         integer,
    root_cause_process_id  uuid,
    root_cause_step_id     uuid,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, case_id)
);
-- the figures of a period: the closed cases of the mapped categories, read
-- from the index alone
CREATE INDEX citizen_cases_closed ON citizen_cases (tenant_id, category_id, closed_at)
    INCLUDE (lead_days, sla_breached, reopen_count, rating, equal_party)
    WHERE closed_at IS NOT NULL;

-- The cases behind a bottleneck proposed from citizens' cases (a case
-- counts once per proposal), with its days over the SLA.
CREATE TABLE citizen_root_causes (
    bottleneck_id  uuid          NOT NULL REFERENCES bottlenecks (id) ON DELETE CASCADE,
    case_id        uuid          NOT NULL,
    tenant_id      uuid          NOT NULL,
    days_over      numeric(12, 2) NOT NULL DEFAULT 0 CHECK (days_over >= 0),
    created_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (bottleneck_id, case_id)
);
