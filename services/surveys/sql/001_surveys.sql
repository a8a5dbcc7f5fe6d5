-- surveys: settings, core values, surveys with sections and questions,
-- invitation tokens, anonymous responses and answers, brainstorm sessions.
-- Names are unqualified: kc_migrate sets search_path to the surveys schema.
-- Every table carries tenant_id and every query filters on it.
--
-- Anonymity: invitation_tokens has no timestamp and no link to a response;
-- responses have no token reference and only the day of submission.

CREATE TABLE settings (
    tenant_id       uuid    PRIMARY KEY,
    min_group_size  integer NOT NULL DEFAULT 5 CHECK (min_group_size BETWEEN 2 AND 100)
);

CREATE TABLE core_values (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    description  text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX core_values_name ON core_values (tenant_id, lower(name));
CREATE INDEX core_values_list ON core_values (tenant_id, created_at, id);

CREATE TABLE surveys (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    title       text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    kind        text        NOT NULL
                CHECK (kind IN ('climate_monitor', 'core_values', 'satisfaction', 'pulse')),
    audiences   text[]      NOT NULL
                CHECK (cardinality(audiences) >= 1 AND audiences <@
                       ARRAY['citizens', 'employees', 'managers', 'council_members']),
    status      text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    series_id   uuid        NOT NULL,
    wave        integer     NOT NULL DEFAULT 1 CHECK (wave >= 1),
    closes_at   timestamptz,
    opened_at   timestamptz,
    closed_at   timestamptz,
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, series_id, wave)
);
CREATE INDEX surveys_list ON surveys (tenant_id, created_at, id);
CREATE INDEX surveys_due ON surveys (closes_at) WHERE status = 'open' AND closes_at IS NOT NULL;

CREATE TABLE sections (
    id         uuid    PRIMARY KEY,
    tenant_id  uuid    NOT NULL,
    survey_id  uuid    NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    title      text    NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    position   integer NOT NULL CHECK (position >= 0)
);
CREATE INDEX sections_survey ON sections (tenant_id, survey_id, position);

CREATE TABLE questions (
    id          uuid    PRIMARY KEY,
    tenant_id   uuid    NOT NULL,
    survey_id   uuid    NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    section_id  uuid    REFERENCES sections (id) ON DELETE SET NULL,
    position    integer NOT NULL CHECK (position >= 0),
    code        text    NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
    text        text    NOT NULL CHECK (char_length(text) BETWEEN 1 AND 1000),
    type        text    NOT NULL CHECK (type IN ('likert5', 'likert7', 'nps', 'single_choice',
                                                 'multiple_choice', 'ranking', 'open_text',
                                                 'value_selection')),
    required    boolean NOT NULL DEFAULT true,
    options     jsonb   NOT NULL DEFAULT '{}',
    UNIQUE (survey_id, code)
);
CREATE INDEX questions_survey ON questions (tenant_id, survey_id, position);

-- no timestamps, no response reference: a token only knows it was used
CREATE TABLE invitation_tokens (
    token_hash  char(64) PRIMARY KEY,
    tenant_id   uuid     NOT NULL,
    survey_id   uuid     NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    audience    text     NOT NULL,
    used        boolean  NOT NULL DEFAULT false
);
CREATE INDEX invitation_tokens_survey ON invitation_tokens (tenant_id, survey_id);

-- no token reference, no time finer than the day
CREATE TABLE responses (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL,
    survey_id     uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    audience      text NOT NULL,
    submitted_on  date NOT NULL DEFAULT current_date
);
CREATE INDEX responses_survey ON responses (tenant_id, survey_id, audience);

CREATE TABLE answers (
    response_id  uuid    NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id  uuid    NOT NULL,
    tenant_id    uuid    NOT NULL,
    survey_id    uuid    NOT NULL,
    audience     text    NOT NULL,
    num_value    integer,
    choice       text,
    choices      text[],
    ranking      text[],
    text_value   text,
    value_ids    uuid[],
    PRIMARY KEY (response_id, question_id)
);
CREATE INDEX answers_question ON answers (tenant_id, survey_id, question_id, audience);

CREATE TABLE brainstorm_sessions (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    title        text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    held_on      date        NOT NULL,
    group_name   text        NOT NULL DEFAULT '',
    facilitator  text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX brainstorm_sessions_list ON brainstorm_sessions (tenant_id, created_at, id);

CREATE TABLE brainstorm_items (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL,
    session_id     uuid        NOT NULL REFERENCES brainstorm_sessions (id) ON DELETE CASCADE,
    kind           text        NOT NULL CHECK (kind IN ('idea', 'value')),
    text           text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 500),
    tags           text[]      NOT NULL DEFAULT '{}',
    votes          integer     NOT NULL DEFAULT 0,
    core_value_id  uuid,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX brainstorm_items_session ON brainstorm_items (tenant_id, session_id, created_at);
