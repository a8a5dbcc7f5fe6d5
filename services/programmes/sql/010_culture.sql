-- programmes 010: the culture work (seeds 001 steps 1-4 and 6, 003, 004):
-- core values into example behaviour, the manifest and its consultation,
-- behaviour agreements, the activities of a blended programme with their
-- attendance, cohorts with buddies and change agents, behavioural goals
-- with indicators measured by pulse surveys and other figures, relapse
-- coaching and the lessons teams share. Tables are named without the
-- schema here (kc_migrate sets search_path); a function names its tables
-- with the schema (it runs with the caller's search_path).

-- ---- the tenant's settings ---------------------------------------------------

-- min_group_size: figures of a group smaller than this are withheld (as in
-- surveys): the consultation's support per department and the comments
-- that would name a department.
CREATE TABLE settings (
    tenant_id       uuid    PRIMARY KEY,
    min_group_size  integer NOT NULL DEFAULT 5 CHECK (min_group_size BETWEEN 1 AND 1000),
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- ---- core values and example behaviour ---------------------------------------

-- The tenant's core-value catalogue as the surveys service holds it: a
-- copy fed by its events (core_value.created|updated|deleted with the
-- name, brainstorm.value.promoted), never edited by hand here.
CREATE TABLE value_catalogue (
    tenant_id   uuid        NOT NULL,
    value_id    uuid        NOT NULL,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    active      boolean     NOT NULL DEFAULT true,
    event_id    text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, value_id)
);

-- A programme's core values, each with where it came from: the catalogue,
-- a survey's results (source_ref: the survey id) or a brainstorm session
-- (source_ref: the session id). value_id is the catalogue's id.
CREATE TABLE programme_values (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        NOT NULL REFERENCES programmes (id),
    value_id      uuid        NOT NULL,
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    source        text        NOT NULL CHECK (source IN ('catalogue', 'survey', 'brainstorm')),
    source_ref    uuid,
    position      integer     NOT NULL DEFAULT 1 CHECK (position BETWEEN 1 AND 100),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (programme_id, value_id),
    CHECK ((source = 'catalogue') = (source_ref IS NULL))
);
CREATE INDEX programme_values_list ON programme_values (tenant_id, created_at, id);

-- Example behaviour: a concrete, observable statement for a value ("I call
-- a citizen back the same day"), written in a workshop (an activity) by a
-- group.
CREATE TABLE example_behaviours (
    id                  uuid        PRIMARY KEY,
    tenant_id           uuid        NOT NULL,
    programme_id        uuid        NOT NULL REFERENCES programmes (id),
    programme_value_id  uuid        NOT NULL REFERENCES programme_values (id),
    statement           text        NOT NULL CHECK (char_length(statement) BETWEEN 1 AND 1000),
    workshop_id         uuid,       -- an activity of kind workshop (activities below)
    group_id            uuid        REFERENCES groups (id),
    created_by          text        NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 200),
    version             integer     NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX example_behaviours_list ON example_behaviours (tenant_id, created_at, id);
CREATE INDEX example_behaviours_value ON example_behaviours (programme_value_id);

-- ---- the manifest and its consultation ---------------------------------------------

-- A manifest (manifest cultuurvernieuwing): numbered per programme; draft
-- -> consultation -> adopted (-> superseded when a later one is adopted).
-- At most one draft or consultation per programme; an adopted manifest and
-- its statements never change.
CREATE TABLE manifests (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL,
    programme_id   uuid        NOT NULL REFERENCES programmes (id),
    number         integer     NOT NULL CHECK (number >= 1),
    title          text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    preamble       text        NOT NULL DEFAULT '' CHECK (char_length(preamble) <= 8000),
    status         text        NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'consultation', 'adopted', 'superseded')),
    based_on_id    uuid        REFERENCES manifests (id),
    adopted_at     timestamptz,
    adopted_by     text        CHECK (char_length(adopted_by) BETWEEN 1 AND 200),
    superseded_by  uuid        REFERENCES manifests (id),
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (programme_id, number)
);
CREATE INDEX manifests_list ON manifests (tenant_id, created_at, id);
CREATE UNIQUE INDEX manifests_one_open ON manifests (programme_id)
    WHERE status IN ('draft', 'consultation');

-- A statement of the manifest: for a value, often from an example
-- behaviour. revision counts its texts (1 = as drafted); every revision is
-- kept in statement_revisions.
CREATE TABLE manifest_statements (
    id                    uuid        PRIMARY KEY,
    tenant_id             uuid        NOT NULL,
    manifest_id           uuid        NOT NULL REFERENCES manifests (id) ON DELETE CASCADE,
    programme_value_id    uuid        NOT NULL REFERENCES programme_values (id),
    example_behaviour_id  uuid        REFERENCES example_behaviours (id),
    position              integer     NOT NULL CHECK (position BETWEEN 1 AND 500),
    text                  text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 2000),
    revision              integer     NOT NULL DEFAULT 1 CHECK (revision >= 1),
    version               integer     NOT NULL DEFAULT 1,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (manifest_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX manifest_statements_manifest ON manifest_statements (tenant_id, manifest_id, position);

-- Every text a statement had: revision 1 as drafted, later ones with the
-- reason and the consultation round and comments (views) that caused them.
CREATE TABLE statement_revisions (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    statement_id  uuid        NOT NULL REFERENCES manifest_statements (id) ON DELETE CASCADE,
    revision      integer     NOT NULL CHECK (revision >= 1),
    text          text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 2000),
    reason        text        NOT NULL DEFAULT '' CHECK (char_length(reason) <= 4000),
    round_id      uuid,
    view_ids      uuid[]      NOT NULL DEFAULT '{}',
    created_by    text        NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (statement_id, revision)
);

-- A consultation round (the staff meetings of steps 3 and 4): numbered per
-- manifest, open while views are given, then closed. salt makes the
-- one-view-per-person rule work for anonymous views (voter below) and is
-- erased when the round closes, so afterwards nobody can link a view to
-- a person, not even with the database.
CREATE TABLE consultation_rounds (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    manifest_id  uuid        NOT NULL REFERENCES manifests (id),
    number       integer     NOT NULL CHECK (number >= 1),
    step_id      uuid        REFERENCES steps (id),
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    salt         bytea,
    opened_at    timestamptz NOT NULL DEFAULT now(),
    closed_at    timestamptz,
    opened_by    text        NOT NULL CHECK (char_length(opened_by) BETWEEN 1 AND 200),
    UNIQUE (manifest_id, number),
    CHECK ((status = 'open') = (salt IS NOT NULL)),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX consultation_rounds_one_open ON consultation_rounds (manifest_id)
    WHERE status = 'open';

-- An employee's view of a statement in a round: support, support with a
-- remark, or object (remark and objection carry a reason). department is
-- the employee's department as they give it. A named view keeps the
-- person; an anonymous one does not. voter (HMAC of the round's salt and
-- the caller's subject) allows one view per person per statement and
-- round, and a change of mind, without knowing who; it is erased with the
-- salt when the round closes. No created_at: the time of a view would let
-- the one who saw someone type tell who it was.
CREATE TABLE consultation_views (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    round_id      uuid        NOT NULL REFERENCES consultation_rounds (id),
    statement_id  uuid        NOT NULL REFERENCES manifest_statements (id),
    department    text        NOT NULL CHECK (char_length(department) BETWEEN 1 AND 200),
    stance        text        NOT NULL CHECK (stance IN ('support', 'support_with_remark', 'object')),
    reason        text        CHECK (char_length(reason) BETWEEN 1 AND 4000),
    anonymous     boolean     NOT NULL,
    person_id     uuid        REFERENCES people (id),
    voter         bytea,
    CHECK (anonymous = (person_id IS NULL)),
    CHECK ((stance = 'support') OR reason IS NOT NULL)
);
CREATE INDEX consultation_views_round ON consultation_views (tenant_id, round_id, statement_id);
CREATE UNIQUE INDEX consultation_views_one_per_voter ON consultation_views (round_id, statement_id, voter)
    WHERE voter IS NOT NULL;

-- Behaviour agreements per team, derived from an adopted manifest (seed
-- 000: agreements with all staff about attitude and behaviour).
CREATE TABLE behaviour_agreements (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL,
    programme_id   uuid        NOT NULL REFERENCES programmes (id),
    manifest_id    uuid        NOT NULL REFERENCES manifests (id),
    team           text        NOT NULL CHECK (char_length(team) BETWEEN 1 AND 200),
    statement_ids  uuid[]      NOT NULL DEFAULT '{}',
    agreements     text[]      NOT NULL DEFAULT '{}',
    agreed_on      date,
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX behaviour_agreements_list ON behaviour_agreements (tenant_id, created_at, id);

-- ---- activities of a blended programme ------------------------------------------------

CREATE TABLE activities (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    programme_id    uuid        NOT NULL REFERENCES programmes (id),
    step_id         uuid        REFERENCES steps (id),
    kind            text        NOT NULL CHECK (kind IN ('group_session', 'workshop', 'webinar',
                                                         'intervision', 'e_learning', 'coaching',
                                                         'staff_meeting', 'learning_on_location',
                                                         'training')),
    title           text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description     text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    starts_at       timestamptz,
    ends_at         timestamptz,
    online          boolean     NOT NULL DEFAULT false,
    place           text        CHECK (char_length(place) BETWEEN 1 AND 200),
    capacity        integer     CHECK (capacity BETWEEN 1 AND 100000),
    facilitator_id  uuid        REFERENCES people (id),
    -- [{"title", "url"}]
    materials       jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(materials) = 'array'),
    status          text        NOT NULL DEFAULT 'planned'
                    CHECK (status IN ('planned', 'completed', 'cancelled')),
    completed_at    timestamptz,
    version         integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX activities_list ON activities (tenant_id, created_at, id);
CREATE INDEX activities_programme ON activities (tenant_id, programme_id, starts_at);

-- Who was invited, registered, attended; for an e-learning theme their
-- progress.
CREATE TABLE activity_participants (
    tenant_id      uuid        NOT NULL,
    activity_id    uuid        NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    person_id      uuid        NOT NULL REFERENCES people (id),
    invited        boolean     NOT NULL DEFAULT true,
    registered_at  timestamptz,
    attended       boolean,
    progress       text        CHECK (progress IN ('not_started', 'in_progress', 'done')),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_participants_person ON activity_participants (tenant_id, person_id);

-- A cohort: the participants who travel together (seed 003's volunteers);
-- change agents (versnellers, seed 004) are marked.
CREATE TABLE cohorts (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        NOT NULL REFERENCES programmes (id),
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cohorts_list ON cohorts (tenant_id, created_at, id);

CREATE TABLE cohort_members (
    tenant_id     uuid        NOT NULL,
    cohort_id     uuid        NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    person_id     uuid        NOT NULL REFERENCES people (id),
    change_agent  boolean     NOT NULL DEFAULT false,
    joined_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cohort_id, person_id)
);

-- Buddy pairs within a cohort: person_a < person_b; a pair is formed once
-- per cohort (ended pairs stay, so "no repeated pairs" can be kept).
CREATE TABLE buddy_pairs (
    id         uuid        PRIMARY KEY,
    tenant_id  uuid        NOT NULL,
    cohort_id  uuid        NOT NULL REFERENCES cohorts (id),
    person_a   uuid        NOT NULL REFERENCES people (id),
    person_b   uuid        NOT NULL REFERENCES people (id),
    formed_by  text        NOT NULL CHECK (formed_by IN ('hand', 'proposal')),
    ended_at   timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (person_a < person_b),
    UNIQUE (cohort_id, person_a, person_b)
);
CREATE INDEX buddy_pairs_cohort ON buddy_pairs (tenant_id, cohort_id);

-- A buddy check-in; its note is seen only by the pair and programme leads.
CREATE TABLE buddy_checkins (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    pair_id     uuid        NOT NULL REFERENCES buddy_pairs (id),
    held_on     date        NOT NULL,
    note        text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 4000),
    created_by  text        NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX buddy_checkins_pair ON buddy_checkins (tenant_id, pair_id, held_on);

-- ---- goals, indicators, measurements ---------------------------------------------------

-- A behavioural goal (seed 003's list as theme) of a programme.
CREATE TABLE goals (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        NOT NULL REFERENCES programmes (id),
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description   text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    theme         text        NOT NULL DEFAULT 'other'
                  CHECK (theme IN ('facilitating_role', 'proactive_behaviour', 'pride',
                                   'working_outside', 'talents', 'reframing',
                                   'meeting_citizens', 'values_over_rules', 'other')),
    programme_value_id  uuid  REFERENCES programme_values (id),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX goals_list ON goals (tenant_id, created_at, id);

-- An indicator of a goal and its target: kind pulse_question (params
-- {seriesId, questionCode, audience?}: the mean of that question per wave
-- of the survey series), attendance_rate (params {activityKind?}: attended
-- / invited of the programme's completed activities per month),
-- manifest_support (params {manifestId?}: the support share per
-- consultation round), equal_party_share (params {}: the share of the
-- casedesk's feedback that felt treated as an equal party, per month).
CREATE TABLE indicators (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    goal_id     uuid        NOT NULL REFERENCES goals (id),
    kind        text        NOT NULL CHECK (kind IN ('pulse_question', 'attendance_rate',
                                                     'manifest_support', 'equal_party_share')),
    params      jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
    target      numeric(14, 4) NOT NULL,
    direction   text        NOT NULL DEFAULT 'at_least' CHECK (direction IN ('at_least', 'at_most')),
    -- off track when the latest value misses the target; a relapse when it
    -- falls back by more than this from the best value so far
    relapse_margin numeric(14, 4) NOT NULL DEFAULT 0 CHECK (relapse_margin >= 0),
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicators_list ON indicators (tenant_id, created_at, id);
CREATE INDEX indicators_goal ON indicators (tenant_id, goal_id);

-- An indicator's value per period (a survey wave "wave:2", a month
-- "2027-03", a consultation round "round:1"), kept once per period; n: how
-- many answers or people it rests on.
CREATE TABLE indicator_values (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    indicator_id  uuid        NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    period        text        NOT NULL CHECK (char_length(period) BETWEEN 1 AND 40),
    period_start  date,
    value         numeric(14, 4) NOT NULL,
    n             integer     NOT NULL DEFAULT 0 CHECK (n >= 0),
    source_ref    text        CHECK (char_length(source_ref) <= 200),
    measured_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (indicator_id, period)
);

-- The surveys service's survey.closed: per question code and audience the
-- mean and the number of answers (groups of at least the surveys' minimum
-- size only), per wave of the survey's series.
CREATE TABLE survey_question_results (
    tenant_id   uuid        NOT NULL,
    survey_id   uuid        NOT NULL,
    series_id   uuid        NOT NULL,
    wave        integer     NOT NULL CHECK (wave >= 1),
    code        text        NOT NULL CHECK (char_length(code) BETWEEN 1 AND 40),
    audience    text        NOT NULL CHECK (char_length(audience) BETWEEN 1 AND 40),
    mean        numeric(14, 4) NOT NULL,
    n           integer     NOT NULL CHECK (n >= 0),
    closed_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, survey_id, code, audience)
);
CREATE INDEX survey_question_results_series ON survey_question_results (tenant_id, series_id, code);

-- The casedesk's case.feedback.received: did the citizen feel treated as
-- an equal party (no personal data: the case id, the round, two answers).
CREATE TABLE casedesk_feedback (
    tenant_id     uuid        NOT NULL,
    case_id       uuid        NOT NULL,
    round         integer     NOT NULL CHECK (round >= 1),
    equal_party   boolean,
    satisfaction  integer,
    received_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, case_id, round)
);
CREATE INDEX casedesk_feedback_time ON casedesk_feedback (tenant_id, received_at);

-- A relapse signal: an indicator fell back (goal.off_track when it misses
-- its target, relapse.signalled when it falls back by more than its
-- margin from its best value).
CREATE TABLE relapse_signals (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    programme_id    uuid        NOT NULL REFERENCES programmes (id),
    goal_id         uuid        NOT NULL REFERENCES goals (id),
    indicator_id    uuid        NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    kind            text        NOT NULL CHECK (kind IN ('off_track', 'relapse')),
    period          text        NOT NULL,
    value           numeric(14, 4) NOT NULL,
    reference       numeric(14, 4) NOT NULL,
    raised_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (indicator_id, kind, period)
);
CREATE INDEX relapse_signals_programme ON relapse_signals (tenant_id, programme_id, raised_at);

-- ---- relapse prevention, coaching, lessons ---------------------------------------------

-- The coaching log (seed 001 step 6: half a day a week of guidance).
CREATE TABLE coaching_entries (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        NOT NULL REFERENCES programmes (id),
    held_on       date        NOT NULL,
    coach_id      uuid        REFERENCES people (id),
    team          text        CHECK (char_length(team) BETWEEN 1 AND 200),
    person_id     uuid        REFERENCES people (id),
    signals       text[]      NOT NULL DEFAULT '{}',
    intervention  text        NOT NULL DEFAULT '' CHECK (char_length(intervention) <= 4000),
    follow_up     text        NOT NULL DEFAULT '' CHECK (char_length(follow_up) <= 4000),
    follow_up_on  date,
    relapse_signal_id uuid    REFERENCES relapse_signals (id),
    created_by    text        NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 200),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (team IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX coaching_entries_list ON coaching_entries (tenant_id, created_at, id);

-- Lessons learnt and norms agreed per team (seed 004), searchable across
-- the tenant.
CREATE TABLE lessons (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        REFERENCES programmes (id),
    team          text        NOT NULL CHECK (char_length(team) BETWEEN 1 AND 200),
    kind          text        NOT NULL CHECK (kind IN ('lesson', 'norm')),
    title         text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    body          text        NOT NULL DEFAULT '' CHECK (char_length(body) <= 8000),
    agreed_on     date,
    tags          text[]      NOT NULL DEFAULT '{}',
    search        tsvector    GENERATED ALWAYS AS
                  (to_tsvector('dutch', title || ' ' || body || ' ' || team)) STORED,
    created_by    text        NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 200),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lessons_list ON lessons (tenant_id, created_at, id);
CREATE INDEX lessons_search ON lessons USING gin (search);
