-- casedesk, the whole Connections Bureau: tenant settings (calendar, SLA
-- warnings, escalation, reopen, retention), the directory of departments and
-- officials, SLA deadlines and suspension on cases, outcome, lead time per
-- status, notes and messages, referrals with their escalation steps, citizen
-- feedback and reopen requests, encrypted citizen data, privacy requests.
-- Design: services/casedesk/README.md.

CREATE TABLE settings (
    tenant_id                 uuid        PRIMARY KEY,
    good_friday               boolean     NOT NULL DEFAULT false,
    liberation_day            text        NOT NULL DEFAULT 'lustrum'
        CHECK (liberation_day IN ('every_year', 'lustrum', 'never')),
    closing_days              date[]      NOT NULL DEFAULT '{}',
    sla_warning_hours         integer     NOT NULL DEFAULT 24 CHECK (sla_warning_hours BETWEEN 1 AND 720),
    referral_acknowledge_days integer     NOT NULL DEFAULT 1 CHECK (referral_acknowledge_days BETWEEN 1 AND 60),
    referral_answer_days      integer     NOT NULL DEFAULT 5 CHECK (referral_answer_days BETWEEN 1 AND 120),
    referral_reminder_hours   integer     NOT NULL DEFAULT 8 CHECK (referral_reminder_hours BETWEEN 1 AND 720),
    escalation_ladder         text[]      NOT NULL DEFAULT '{team_manager,process_owner}',
    escalation_interval_days  integer     NOT NULL DEFAULT 2 CHECK (escalation_interval_days BETWEEN 1 AND 60),
    reopen_satisfaction_max   integer     NOT NULL DEFAULT 2 CHECK (reopen_satisfaction_max BETWEEN 0 AND 5),
    reopen_on_not_equal       boolean     NOT NULL DEFAULT true,
    retention_days            integer     NOT NULL DEFAULT 730 CHECK (retention_days BETWEEN 30 AND 3650),
    version                   integer     NOT NULL DEFAULT 1,
    updated_at                timestamptz NOT NULL DEFAULT now()
);

-- The directory: departments with their team manager, officials in them.
CREATE TABLE departments (
    id               uuid        NOT NULL,
    tenant_id        uuid        NOT NULL,
    name             text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    team_manager_id  uuid,
    version          integer     NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX departments_list ON departments (tenant_id, created_at, id);

CREATE TABLE officials (
    id             uuid        NOT NULL,
    tenant_id      uuid        NOT NULL,
    name           text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    email          text        NOT NULL,
    department_id  uuid,
    -- the JWT "sub" of this official when they sign in as staff (role official)
    user_sub       text        CHECK (user_sub IS NULL OR char_length(user_sub) BETWEEN 1 AND 128),
    active         boolean     NOT NULL DEFAULT true,
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_sub),
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id)
);
CREATE INDEX officials_list ON officials (tenant_id, created_at, id);
ALTER TABLE departments ADD FOREIGN KEY (tenant_id, team_manager_id)
    REFERENCES officials (tenant_id, id);

-- SLA per category: first contact and resolution, working or calendar days;
-- sla_days (of 001) is the resolution term.
ALTER TABLE categories
    ADD COLUMN first_contact_days integer NOT NULL DEFAULT 2
        CHECK (first_contact_days BETWEEN 1 AND 365),
    ADD COLUMN sla_unit text NOT NULL DEFAULT 'working_days'
        CHECK (sla_unit IN ('working_days', 'calendar_days')),
    ADD COLUMN process_owner_id uuid,
    ADD FOREIGN KEY (tenant_id, process_owner_id) REFERENCES officials (tenant_id, id);

-- liaison officers sign in as staff: their JWT "sub" finds their work list
ALTER TABLE liaison_officers
    ADD COLUMN user_sub text CHECK (user_sub IS NULL OR char_length(user_sub) BETWEEN 1 AND 128),
    ADD UNIQUE (tenant_id, user_sub);

ALTER TABLE cases
    -- deadlines (moved by suspension), first contact, SLA flags of the scheduler
    ADD COLUMN first_contact_due         timestamptz,
    ADD COLUMN resolution_due            timestamptz,
    ADD COLUMN first_contact_at          timestamptz,
    ADD COLUMN sla_warned_at             timestamptz,
    ADD COLUMN sla_breached_at           timestamptz,
    ADD COLUMN first_contact_breached_at timestamptz,
    -- suspension: waiting on the citizen
    ADD COLUMN suspended_since           timestamptz,
    ADD COLUMN suspension_reason         text CHECK (suspension_reason IS NULL OR char_length(suspension_reason) <= 1000),
    ADD COLUMN suspended_seconds         bigint NOT NULL DEFAULT 0,
    -- when the current status was entered (lead time per status)
    ADD COLUMN status_since              timestamptz NOT NULL DEFAULT now(),
    -- outcome
    ADD COLUMN resolved_at               timestamptz,
    ADD COLUMN outcome                   text CHECK (outcome IN ('agreed', 'partly_agreed', 'refused')),
    ADD COLUMN outcome_explanation       text CHECK (outcome_explanation IS NULL OR char_length(outcome_explanation) <= 5000),
    ADD COLUMN reopen_count              integer NOT NULL DEFAULT 0,
    -- the citizen's tracking token: SHA-256 only
    ADD COLUMN tracking_hash             bytea UNIQUE,
    -- the citizen's details sealed with AES-256-GCM (citizen_crypto.c), the
    -- key that sealed them, and keyed hashes of e-mail and phone for data
    -- subject requests. citizen (plain jsonb, as 001 kept it) is emptied
    -- by the rekey pass.
    ADD COLUMN citizen_enc               bytea,
    ADD COLUMN citizen_key_id            text,
    ADD COLUMN citizen_email_idx         bytea,
    ADD COLUMN citizen_phone_idx         bytea,
    ADD COLUMN anonymised_at             timestamptz,
    ALTER COLUMN citizen DROP NOT NULL;

-- the cases filed before this migration get deadlines in calendar days
UPDATE cases c SET resolution_due = c.created_at + make_interval(days => k.sla_days),
                   first_contact_due = c.created_at + interval '2 days'
  FROM categories k WHERE k.tenant_id = c.tenant_id AND k.id = c.category_id;

-- the scheduler's scans (across tenants)
CREATE INDEX cases_sla_due ON cases (resolution_due)
    WHERE status NOT IN ('resolved', 'closed') AND sla_breached_at IS NULL;
CREATE INDEX cases_first_contact_due ON cases (first_contact_due)
    WHERE first_contact_at IS NULL AND first_contact_breached_at IS NULL;
CREATE INDEX cases_retention ON cases (closed_at)
    WHERE closed_at IS NOT NULL AND anonymised_at IS NULL;
-- work lists and statistics
CREATE INDEX cases_officer_due ON cases (tenant_id, officer_id, resolution_due, id)
    WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX cases_resolved ON cases (tenant_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX cases_email_idx ON cases (tenant_id, citizen_email_idx) WHERE citizen_email_idx IS NOT NULL;
CREATE INDEX cases_phone_idx ON cases (tenant_id, citizen_phone_idx) WHERE citizen_phone_idx IS NOT NULL;

-- seconds spent in each status, added when a case leaves the status
CREATE TABLE case_status_time (
    tenant_id  uuid   NOT NULL,
    case_id    uuid   NOT NULL,
    status     text   NOT NULL,
    seconds    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, case_id, status),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);

-- timeline: more kinds of entry, and which entries the citizen sees
ALTER TABLE case_timeline DROP CONSTRAINT case_timeline_action_check;
ALTER TABLE case_timeline
    ADD COLUMN public boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT case_timeline_action_check CHECK (action IN (
        'received', 'assigned', 'reassigned', 'status_changed', 'reopened', 'closed',
        'first_contact', 'suspended', 'resumed', 'resolved', 'message', 'note',
        'referred', 'referral_acknowledged', 'referral_answered', 'referral_withdrawn',
        'referral_reminder', 'referral_overdue', 'referral_escalated',
        'sla_warning', 'sla_breached', 'feedback', 'reopen_requested', 'reopen_declined',
        'anonymised'));
UPDATE case_timeline SET public = true
 WHERE action IN ('received', 'status_changed', 'reopened', 'closed');

-- internal notes (staff only) and messages (between the case and the citizen)
CREATE TABLE case_messages (
    id          bigserial   PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    case_id     uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('note', 'message')),
    -- 'citizen', or the staff actor (user:<sub>, apikey:<id>)
    author      text        NOT NULL,
    body        text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_messages_case ON case_messages (tenant_id, case_id, kind, id);

CREATE TABLE referrals (
    id                      uuid        NOT NULL,
    tenant_id               uuid        NOT NULL,
    case_id                 uuid        NOT NULL,
    official_id             uuid,
    department_id           uuid,
    question                text        NOT NULL CHECK (char_length(question) BETWEEN 1 AND 5000),
    acknowledge_by          timestamptz NOT NULL,
    answer_by               timestamptz NOT NULL,
    status                  text        NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'acknowledged', 'answered', 'withdrawn')),
    acknowledged_at         timestamptz,
    answered_at             timestamptz,
    answer                  text        CHECK (answer IS NULL OR char_length(answer) <= 5000),
    answered_by             text,
    -- the escalation ladder: 0 = the addressee; who holds it now
    escalation_level        integer     NOT NULL DEFAULT 0,
    holder_official_id      uuid,
    next_escalation_at      timestamptz,
    -- the scheduler's flags: each reminder / overdue event once
    ack_reminded_at         timestamptz,
    answer_reminded_at      timestamptz,
    ack_overdue_at          timestamptz,
    answer_overdue_at       timestamptz,
    -- the signed one-time link: SHA-256 of its nonce; used when answered
    link_nonce_hash         bytea,
    link_used_at            timestamptz,
    created_by              text        NOT NULL,
    version                 integer     NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK ((official_id IS NULL) <> (department_id IS NULL)),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, official_id) REFERENCES officials (tenant_id, id),
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id),
    FOREIGN KEY (tenant_id, holder_official_id) REFERENCES officials (tenant_id, id)
);
CREATE INDEX referrals_case ON referrals (tenant_id, case_id, created_at, id);
CREATE INDEX referrals_list ON referrals (tenant_id, created_at, id);
CREATE INDEX referrals_pending ON referrals (answer_by) WHERE status IN ('open', 'acknowledged');

CREATE TABLE referral_escalations (
    id           bigserial   PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    referral_id  uuid        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    level        integer     NOT NULL,
    rung         text        NOT NULL CHECK (rung IN ('official', 'team_manager', 'process_owner')),
    official_id  uuid,
    FOREIGN KEY (tenant_id, referral_id) REFERENCES referrals (tenant_id, id),
    UNIQUE (tenant_id, referral_id, level)
);

-- feedback after each resolution (round = the case's reopen_count then)
CREATE TABLE feedback (
    tenant_id     uuid        NOT NULL,
    case_id       uuid        NOT NULL,
    round         integer     NOT NULL,
    satisfaction  smallint    NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    equal_party   boolean     NOT NULL,
    comment       text        CHECK (comment IS NULL OR char_length(comment) <= 2000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, case_id, round),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX feedback_created ON feedback (tenant_id, created_at);

CREATE TABLE reopen_requests (
    id              uuid        NOT NULL,
    tenant_id       uuid        NOT NULL,
    case_id         uuid        NOT NULL,
    round           integer     NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'declined')),
    decline_reason  text        CHECK (decline_reason IS NULL OR char_length(decline_reason) BETWEEN 1 AND 2000),
    decided_by      text,
    decided_at      timestamptz,
    version         integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, case_id, round),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX reopen_requests_list ON reopen_requests (tenant_id, status, created_at, id);

-- data subject requests: who asked what when, and how many cases; never
-- the subject's details
CREATE TABLE privacy_requests (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    tenant_id   uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('export', 'erasure')),
    actor       text        NOT NULL,
    cases       integer     NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
