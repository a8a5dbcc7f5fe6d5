-- The backlog of a process: bottlenecks (knelpunten) with impact, effort
-- and frequency, scored and placed in a quadrant with the tenant's
-- weights; improvements (verbeterpunten) that solve them; KPIs and their
-- measurements. A bottleneck or improvement may point at a step of a
-- published flow version of the same process (checked by the service).

-- The scoring weights of the tenant (the formula: api-spec/processes.yaml,
-- Bottleneck.score); NULL in a row means the default.
ALTER TABLE settings
    ADD COLUMN weight_impact    numeric(6, 3) CHECK (weight_impact BETWEEN 0 AND 100),
    ADD COLUMN weight_effort    numeric(6, 3) CHECK (weight_effort BETWEEN 0 AND 100),
    ADD COLUMN weight_frequency numeric(6, 3) CHECK (weight_frequency BETWEEN 0 AND 100);

CREATE TABLE bottlenecks (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    process_id       uuid        NOT NULL,
    step_id          uuid        REFERENCES flow_steps (id),
    description      text        NOT NULL CHECK (char_length(description) BETWEEN 1 AND 2000),
    source           text        NOT NULL
                     CHECK (source IN ('interview', 'session', 'staff', 'citizens_cases')),
    -- the interview or working session it was raised in
    session_id       uuid,
    impact           smallint    NOT NULL CHECK (impact BETWEEN 1 AND 5),
    effort           smallint    NOT NULL CHECK (effort BETWEEN 1 AND 5),
    -- how often it occurs: frequency times per frequency_unit
    frequency        integer     CHECK (frequency BETWEEN 0 AND 100000),
    frequency_unit   text        CHECK (frequency_unit IN ('week', 'month')),
    raised_by        text        CHECK (char_length(raised_by) BETWEEN 1 AND 200),
    -- proposed: put forward from citizens' cases, not yet taken up by the
    -- core team; open: on the backlog; solved: all its improvements done;
    -- dismissed: the core team decided not to act on it
    status           text        NOT NULL DEFAULT 'open'
                     CHECK (status IN ('proposed', 'open', 'solved', 'dismissed')),
    solved_at        timestamptz,
    -- from citizens' cases: how many cases named this step as root cause,
    -- and their days over the SLA together (the proposal's ranking)
    case_count       integer     NOT NULL DEFAULT 0 CHECK (case_count >= 0),
    case_days_over   numeric(12, 2) NOT NULL DEFAULT 0 CHECK (case_days_over >= 0),
    version          integer     NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((frequency IS NULL) = (frequency_unit IS NULL))
);
CREATE INDEX bottlenecks_list ON bottlenecks (tenant_id, created_at, id);
CREATE INDEX bottlenecks_process ON bottlenecks (tenant_id, process_id, status);
CREATE INDEX bottlenecks_step ON bottlenecks (step_id) WHERE step_id IS NOT NULL;
-- one proposal from citizens' cases per step (the root-cause tally)
CREATE UNIQUE INDEX bottlenecks_citizens_step ON bottlenecks (tenant_id, process_id, step_id)
    WHERE source = 'citizens_cases' AND status IN ('proposed', 'open');

CREATE TABLE kpis (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    process_id   uuid        NOT NULL,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    unit         text        NOT NULL CHECK (char_length(unit) BETWEEN 1 AND 50),
    direction    text        NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    target       numeric(14, 4) NOT NULL,
    frequency    text        NOT NULL CHECK (frequency IN ('week', 'month', 'quarter', 'year')),
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kpis_list ON kpis (tenant_id, created_at, id);
CREATE INDEX kpis_process ON kpis (tenant_id, process_id);

CREATE TABLE kpi_measurements (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    kpi_id        uuid        NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    -- the period measured, first and last day
    period_start  date        NOT NULL,
    period_end    date        NOT NULL,
    value         numeric(14, 4) NOT NULL,
    -- judged against the KPI's target and direction when recorded
    on_target     boolean     NOT NULL,
    source        text        CHECK (char_length(source) BETWEEN 1 AND 200),
    note          text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
    created_by    text        CHECK (char_length(created_by) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end >= period_start),
    UNIQUE (kpi_id, period_start, period_end)
);
CREATE INDEX kpi_measurements_kpi ON kpi_measurements (kpi_id, period_end DESC);

CREATE TABLE improvements (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    process_id      uuid        NOT NULL,
    title           text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description     text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    kind            text        NOT NULL
                    CHECK (kind IN ('uniform_working_method', 'agreement_between_teams',
                                    'small_system_change', 'other')),
    bottleneck_ids  uuid[]      NOT NULL DEFAULT '{}',
    owner_id        uuid,
    due_on          date,
    status          text        NOT NULL DEFAULT 'proposed'
                    CHECK (status IN ('proposed', 'planned', 'in_progress', 'done', 'dropped')),
    drop_reason     text        CHECK (char_length(drop_reason) BETWEEN 1 AND 2000),
    result          text        NOT NULL DEFAULT '' CHECK (char_length(result) <= 2000),
    -- the measured effect: a KPI of the process, its value before and after
    kpi_id          uuid        REFERENCES kpis (id),
    kpi_before      numeric(14, 4),
    kpi_after       numeric(14, 4),
    completed_at    timestamptz,
    version         integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'dropped') = (drop_reason IS NOT NULL))
);
CREATE INDEX improvements_list ON improvements (tenant_id, created_at, id);
CREATE INDEX improvements_process ON improvements (tenant_id, process_id, status);
CREATE INDEX improvements_bottlenecks ON improvements USING gin (bottleneck_ids);

-- The priority of a bottleneck, 20 (least) to 100 (most), with the
-- tenant's weights (defaults impact 2, effort 1, frequency 1; NULL: the
-- default):
--   score = 20 * (wi * impact + we * (6 - effort) + wf * f) / (wi + we + wf)
-- rounded to one decimal, where f is the frequency level 1..5 of the
-- occurrences per month (per week counts 52/12 per month): under 1 a month
-- 1, under 1 a week (52/12) 2, under 1 a working day (21) 3, under 5 a
-- working day (105) 4, else 5; unknown frequency 3 (neither raised nor
-- lowered until counted). The service's C twin (backlog/bottleneck_score.c)
-- computes the same; an integration test compares the two.
CREATE FUNCTION bottleneck_frequency_level(frequency integer, unit text)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
             WHEN frequency IS NULL OR unit IS NULL THEN 3
             WHEN frequency * CASE unit WHEN 'week' THEN 52.0 / 12 ELSE 1 END < 1 THEN 1
             WHEN frequency * CASE unit WHEN 'week' THEN 52.0 / 12 ELSE 1 END < 52.0 / 12 THEN 2
             WHEN frequency * CASE unit WHEN 'week' THEN 52.0 / 12 ELSE 1 END < 21 THEN 3
             WHEN frequency * CASE unit WHEN 'week' THEN 52.0 / 12 ELSE 1 END < 105 THEN 4
             ELSE 5
           END
$$;

CREATE FUNCTION bottleneck_score(impact integer, effort integer, frequency integer, unit text,
                                 wi numeric, we numeric, wf numeric)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT round(20 * (coalesce(wi, 2) * impact + coalesce(we, 1) * (6 - effort)
                       + coalesce(wf, 1) * processes.bottleneck_frequency_level(frequency, unit))
                 / nullif(coalesce(wi, 2) + coalesce(we, 1) + coalesce(wf, 1), 0), 1)
$$;

-- The quadrant: high impact is 3 or more, low effort 1 or 2.
--   quick_win (high impact, low effort), big_bet (high impact, high effort),
--   fill_in (low impact, low effort), thankless (low impact, high effort)
CREATE FUNCTION bottleneck_quadrant(impact integer, effort integer)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
             WHEN impact >= 3 AND effort <= 2 THEN 'quick_win'
             WHEN impact >= 3 THEN 'big_bet'
             WHEN effort <= 2 THEN 'fill_in'
             ELSE 'thankless'
           END
$$;
