-- The flow of a process: its ordered main activities (steps), each with
-- the team or role responsible, inputs and outputs and an optional norm
-- time. A flow is edited as a draft and published; published versions are
-- immutable and kept (who, when, why), numbered 1, 2, ... per process. A
-- process has at most one draft. A step keeps its step_key across
-- versions (a new draft copies the published steps with new ids and the
-- same keys), so "the same activity" can be followed from version to
-- version while a bottleneck points at the step of one version.

CREATE TABLE flow_versions (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    process_id    uuid        NOT NULL,
    state         text        NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
    -- NULL while a draft; 1, 2, ... per process once published
    number        integer     CHECK (number >= 1),
    -- the published version this draft was started from (NULL: from nothing)
    based_on_id   uuid        REFERENCES flow_versions (id),
    -- why this version (required to publish)
    note          text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
    published_by  text        CHECK (char_length(published_by) BETWEEN 1 AND 200),
    published_at  timestamptz,
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'draft') = (number IS NULL)),
    CHECK ((state = 'published') = (published_at IS NOT NULL))
);
CREATE UNIQUE INDEX flow_versions_number ON flow_versions (tenant_id, process_id, number)
    WHERE number IS NOT NULL;
CREATE UNIQUE INDEX flow_versions_one_draft ON flow_versions (tenant_id, process_id)
    WHERE state = 'draft';

CREATE TABLE flow_steps (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    flow_version_id  uuid        NOT NULL REFERENCES flow_versions (id) ON DELETE CASCADE,
    step_key         uuid        NOT NULL,
    position         integer     NOT NULL CHECK (position BETWEEN 1 AND 200),
    name             text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    -- responsible: a team of the tenant, or a role in words, or both
    team_id          uuid,
    role             text        CHECK (char_length(role) BETWEEN 1 AND 200),
    inputs           text[]      NOT NULL DEFAULT '{}',
    outputs          text[]      NOT NULL DEFAULT '{}',
    -- the norm time of the activity in working hours (NULL: no norm)
    norm_hours       numeric(8, 2) CHECK (norm_hours > 0),
    UNIQUE (flow_version_id, position) DEFERRABLE INITIALLY DEFERRED,
    UNIQUE (flow_version_id, step_key)
);
CREATE INDEX flow_steps_version ON flow_steps (flow_version_id, position);
CREATE INDEX flow_steps_team ON flow_steps (tenant_id, team_id);
