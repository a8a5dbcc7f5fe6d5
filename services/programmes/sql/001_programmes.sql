-- programmes: change programmes (seeds 000, 001, 003, 004). A programme is
-- a trajectory of organisation and culture change that the organisation
-- leads itself, with an outside party facilitating. It follows an approach
-- (phases with ordered steps) copied from a template; after that the
-- approach changes only through a checkpoint, a recorded decision, and
-- every change makes a new numbered approach version (a snapshot kept for
-- ever). Names are unqualified: kc_migrate sets search_path to the
-- programmes schema. Every table carries tenant_id and every query filters
-- on it.

-- ---- people and groups -----------------------------------------------------

-- The people who take part: the tenant's staff (user_sub: their sign-in
-- subject, which is how a caller is recognised as a group member) or
-- outsiders (the facilitating party, a council member). role_type describes
-- the person's place in the organisation, so a group's mix can be checked
-- ("mixed groups: managers, employees, policy staff, council members").
CREATE TABLE people (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    email         text        CHECK (char_length(email) BETWEEN 3 AND 254),
    user_sub      text        CHECK (char_length(user_sub) BETWEEN 1 AND 128),
    role_type     text        NOT NULL CHECK (role_type IN ('manager', 'employee', 'policy_officer',
                                                            'council_member', 'external')),
    -- the department or, for an outsider, the organisation ("Cyber")
    organisation  text        NOT NULL DEFAULT '' CHECK (char_length(organisation) <= 200),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_list ON people (tenant_id, created_at, id);
CREATE UNIQUE INDEX people_user_sub ON people (tenant_id, user_sub) WHERE user_sub IS NOT NULL;

-- ---- approach templates ------------------------------------------------------

-- An approach template: phases, each with ordered steps, as JSON
-- [{"name", "description", "steps": [{"name", "description", "kind"}]}]
-- (kind: one of step_kinds below). The three shipped templates have
-- tenant_id NULL and a key; a tenant's own have a tenant and no key.
CREATE TABLE approach_templates (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid,
    key          text        UNIQUE CHECK (key ~ '^[a-z0-9-]{1,64}$'),
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description  text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    -- no planned end (an expedition)
    open_ended   boolean     NOT NULL DEFAULT false,
    phases       jsonb       NOT NULL CHECK (jsonb_typeof(phases) = 'array'),
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((tenant_id IS NULL) = (key IS NOT NULL))
);
CREATE INDEX approach_templates_list ON approach_templates (tenant_id, created_at, id);

-- ---- programmes ------------------------------------------------------------------

CREATE TABLE programmes (
    id                  uuid        PRIMARY KEY,
    tenant_id           uuid        NOT NULL,
    name                text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    -- the question behind it ("a future-proof outdoor service?")
    question            text        NOT NULL DEFAULT '' CHECK (char_length(question) <= 2000),
    vision              text        NOT NULL DEFAULT '' CHECK (char_length(vision) <= 4000),
    -- the municipalities / organisation units it is for (Dinkelland, Tubbergen)
    organisation_units  text[]      NOT NULL DEFAULT '{}',
    -- the outside party that facilitates, monitors and adjusts ("Cyber")
    facilitator         text        NOT NULL DEFAULT '' CHECK (char_length(facilitator) <= 200),
    starts_on           date,
    ends_on             date,
    status              text        NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'running', 'completed', 'stopped')),
    status_reason       text        CHECK (char_length(status_reason) <= 2000),
    -- the template the approach was copied from (NULL: the programme's own)
    template_id         uuid        REFERENCES approach_templates (id),
    -- the number of the current approach version (approach_versions)
    approach_version    integer     NOT NULL DEFAULT 1 CHECK (approach_version >= 1),
    -- surveys (of the surveys service) whose results feed the programme
    survey_ids          uuid[]      NOT NULL DEFAULT '{}',
    version             integer     NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX programmes_list ON programmes (tenant_id, created_at, id);
CREATE INDEX programmes_surveys ON programmes USING gin (survey_ids);

-- Every status move of a programme, for its timeline.
CREATE TABLE programme_status_changes (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    from_status   text        NOT NULL,
    to_status     text        NOT NULL,
    reason        text        CHECK (char_length(reason) <= 2000),
    changed_by    text        NOT NULL CHECK (char_length(changed_by) BETWEEN 1 AND 200),
    changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX programme_status_changes_programme
    ON programme_status_changes (tenant_id, programme_id, changed_at);

-- ---- the programme's approach: phases and steps (current state) ---------------

CREATE TABLE phases (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position      integer     NOT NULL CHECK (position BETWEEN 1 AND 100),
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description   text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    UNIQUE (programme_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX phases_programme ON phases (tenant_id, programme_id, position);

-- A step of a phase. kind says what happens in it (a group session, a
-- workshop, a webinar, ...). A removed step stays (checkpoints and building
-- blocks may point at it) with status 'removed' and no position.
CREATE TABLE steps (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    phase_id      uuid        NOT NULL REFERENCES phases (id) ON DELETE CASCADE,
    position      integer     CHECK (position BETWEEN 1 AND 200),
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description   text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    kind          text        NOT NULL DEFAULT 'work'
                  CHECK (kind IN ('work', 'survey', 'brainstorm', 'workshop', 'staff_meeting',
                                  'group_session', 'webinar', 'intervision', 'e_learning',
                                  'coaching', 'setup')),
    starts_on     date,
    due_on        date,
    status        text        NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'active', 'completed', 'removed')),
    started_at    timestamptz,
    completed_at  timestamptz,
    completed_by  text        CHECK (char_length(completed_by) BETWEEN 1 AND 200),
    UNIQUE (phase_id, position) DEFERRABLE INITIALLY DEFERRED,
    CHECK ((status = 'removed') = (position IS NULL)),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
    CHECK (due_on IS NULL OR starts_on IS NULL OR due_on >= starts_on)
);
CREATE INDEX steps_programme ON steps (tenant_id, programme_id);
CREATE INDEX steps_phase ON steps (phase_id, position);

-- The approach as it was: version 1 when the programme was created (from
-- its template or its own phases), one more for every checkpoint that
-- adjusted it. A snapshot (approach_snapshot below) is never changed.
CREATE TABLE approach_versions (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL,
    programme_id   uuid        NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    number         integer     NOT NULL CHECK (number >= 1),
    -- {"phases": [{"id", "position", "name", "description", "steps": [...]}]}
    snapshot       jsonb       NOT NULL,
    -- NULL for version 1; else the checkpoint that made it
    checkpoint_id  uuid,
    -- why: "copied from template X", or the checkpoint's rationale
    reason         text        NOT NULL DEFAULT '' CHECK (char_length(reason) <= 4000),
    -- the changes applied (the checkpoint's list), [] for version 1
    changes        jsonb       NOT NULL DEFAULT '[]',
    created_by     text        NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 200),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (programme_id, number)
);

-- ---- groups ----------------------------------------------------------------------

-- A programme's steering group, project group (one of each at most) and
-- working groups. A working group has a subject (what it knows about).
CREATE TABLE groups (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    programme_id  uuid        NOT NULL REFERENCES programmes (id),
    kind          text        NOT NULL CHECK (kind IN ('steering', 'project', 'working')),
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    subject       text        NOT NULL DEFAULT '' CHECK (char_length(subject) <= 2000),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX groups_list ON groups (tenant_id, created_at, id);
CREATE INDEX groups_programme ON groups (tenant_id, programme_id, kind);
CREATE UNIQUE INDEX groups_one_steering_project ON groups (programme_id, kind)
    WHERE kind IN ('steering', 'project');

CREATE TABLE group_members (
    tenant_id   uuid        NOT NULL,
    group_id    uuid        NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    person_id   uuid        NOT NULL REFERENCES people (id),
    role        text        NOT NULL CHECK (role IN ('chair', 'secretary', 'member', 'advisor',
                                                     'facilitator')),
    joined_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX group_members_person ON group_members (tenant_id, person_id);

-- ---- building blocks, proposals, decisions, actions ---------------------------------

-- A building block (ontwikkelpunt): what needs developing, in which step,
-- given to a working group with a due date.
CREATE TABLE building_blocks (
    id                uuid        PRIMARY KEY,
    tenant_id         uuid        NOT NULL,
    programme_id      uuid        NOT NULL REFERENCES programmes (id),
    step_id           uuid        REFERENCES steps (id),
    working_group_id  uuid        REFERENCES groups (id),
    title             text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description       text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    due_on            date,
    status            text        NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    version           integer     NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX building_blocks_list ON building_blocks (tenant_id, created_at, id);
CREATE INDEX building_blocks_programme ON building_blocks (tenant_id, programme_id);
CREATE INDEX building_blocks_group ON building_blocks (tenant_id, working_group_id);

-- An improvement proposal (verbeterpunt) of a working group for a
-- building block. draft -> submitted -> approved | rejected | returned;
-- returned -> submitted again after changes; a draft, submitted or
-- returned proposal may be split (into new ones) or merged (several into
-- one new one): it ends as 'split' or 'merged', and derived_from of the new
-- proposals keeps where they came from.
CREATE TABLE proposals (
    id                 uuid        PRIMARY KEY,
    tenant_id          uuid        NOT NULL,
    programme_id       uuid        NOT NULL REFERENCES programmes (id),
    building_block_id  uuid        NOT NULL REFERENCES building_blocks (id),
    working_group_id   uuid        NOT NULL REFERENCES groups (id),
    title              text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    proposal           text        NOT NULL DEFAULT '' CHECK (char_length(proposal) <= 8000),
    reasoning          text        NOT NULL DEFAULT '' CHECK (char_length(reasoning) <= 8000),
    expected_effect    text        NOT NULL DEFAULT '' CHECK (char_length(expected_effect) <= 4000),
    -- estimated cost in euros, and the effort in words
    cost_euros         numeric(14, 2) CHECK (cost_euros >= 0),
    effort             text        CHECK (effort IN ('small', 'medium', 'large')),
    status             text        NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'returned',
                                         'split', 'merged')),
    derived_from       uuid[]      NOT NULL DEFAULT '{}',
    submitted_at       timestamptz,
    created_by         text        NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 200),
    version            integer     NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposals_list ON proposals (tenant_id, created_at, id);
CREATE INDEX proposals_block ON proposals (tenant_id, building_block_id);
CREATE INDEX proposals_derived ON proposals USING gin (derived_from);

-- The project group's decision on a proposal: approved, rejected or
-- returned for changes, with the reason, the group, who decided, when.
-- Also a split or a merge is recorded here (outcome split | merged), so a
-- proposal's history is its decisions in order.
CREATE TABLE proposal_decisions (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    proposal_id   uuid        NOT NULL REFERENCES proposals (id),
    outcome       text        NOT NULL CHECK (outcome IN ('approved', 'rejected', 'returned',
                                                          'split', 'merged')),
    reason        text        NOT NULL DEFAULT '' CHECK (char_length(reason) <= 4000),
    group_id      uuid        REFERENCES groups (id),
    present_ids   uuid[]      NOT NULL DEFAULT '{}',
    -- the proposals a split or merge made
    result_ids    uuid[]      NOT NULL DEFAULT '{}',
    decided_by    text        NOT NULL CHECK (char_length(decided_by) BETWEEN 1 AND 200),
    decided_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposal_decisions_proposal ON proposal_decisions (tenant_id, proposal_id, decided_at);

-- An approved proposal becomes an action: owner, due date, status, result.
-- process_improvement_id links it to an improvement of the processes
-- service; its improvement.completed event completes the action.
CREATE TABLE actions (
    id                         uuid        PRIMARY KEY,
    tenant_id                  uuid        NOT NULL,
    programme_id               uuid        NOT NULL REFERENCES programmes (id),
    proposal_id                uuid        NOT NULL REFERENCES proposals (id),
    decision_id                uuid        NOT NULL REFERENCES proposal_decisions (id),
    title                      text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    owner_id                   uuid        REFERENCES people (id),
    due_on                     date,
    status                     text        NOT NULL DEFAULT 'planned'
                               CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
    result                     text        NOT NULL DEFAULT '' CHECK (char_length(result) <= 4000),
    process_improvement_id     uuid,
    improvement_completed_at   timestamptz,
    completed_at               timestamptz,
    version                    integer     NOT NULL DEFAULT 1,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actions_list ON actions (tenant_id, created_at, id);
CREATE UNIQUE INDEX actions_proposal ON actions (proposal_id);
CREATE INDEX actions_improvement ON actions (tenant_id, process_improvement_id)
    WHERE process_improvement_id IS NOT NULL;

-- ---- checkpoints --------------------------------------------------------------------

-- After a step the project team weighs what it learnt: "does the planned
-- approach still fit what we know now?" The record of that decision:
-- continue as planned, or adjust (with the changes, applied in the same
-- transaction, making approach version approach_version). Never changed.
CREATE TABLE checkpoints (
    id                uuid        PRIMARY KEY,
    tenant_id         uuid        NOT NULL,
    programme_id      uuid        NOT NULL REFERENCES programmes (id),
    step_id           uuid        NOT NULL REFERENCES steps (id),
    question          text        NOT NULL CHECK (char_length(question) BETWEEN 1 AND 2000),
    insights          text[]      NOT NULL DEFAULT '{}',
    decision          text        NOT NULL CHECK (decision IN ('continue', 'adjust')),
    rationale         text        NOT NULL CHECK (char_length(rationale) BETWEEN 1 AND 4000),
    changes           jsonb       NOT NULL DEFAULT '[]',
    -- the deciding group (the project or steering group) and who was there
    group_id          uuid        NOT NULL REFERENCES groups (id),
    present_ids       uuid[]      NOT NULL DEFAULT '{}',
    -- the approach version after the decision (adjust: a new one)
    approach_version  integer     NOT NULL CHECK (approach_version >= 1),
    decided_by        text        NOT NULL CHECK (char_length(decided_by) BETWEEN 1 AND 200),
    decided_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((decision = 'continue') = (changes = '[]'::jsonb))
);
CREATE INDEX checkpoints_programme ON checkpoints (tenant_id, programme_id, decided_at);
CREATE INDEX checkpoints_step ON checkpoints (step_id);

-- ---- from the other services' events ---------------------------------------------------

-- The surveys service's survey.closed: the top values per audience of a
-- survey, kept whether or not a programme links the survey yet; a
-- programme's candidate core values are those of its survey_ids.
CREATE TABLE closed_surveys (
    tenant_id    uuid        NOT NULL,
    survey_id    uuid        NOT NULL,
    -- {audience: [{valueId, name, count}]}, as the event carries it
    top_values   jsonb       NOT NULL,
    closed_at    timestamptz NOT NULL,
    event_id     text        NOT NULL,
    PRIMARY KEY (tenant_id, survey_id)
);

-- ---- functions ------------------------------------------------------------------------

-- (Tables are named with their schema here: a function runs with the
-- caller's search_path, not the migration's.)

-- The programme's current approach: its phases in order with their steps
-- (removed ones left out), as stored in approach_versions.snapshot.
CREATE FUNCTION approach_snapshot(t uuid, programme uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('phases', COALESCE(jsonb_agg(
               jsonb_build_object(
                   'id', ph.id, 'position', ph.position, 'name', ph.name,
                   'description', ph.description,
                   'steps', (SELECT COALESCE(jsonb_agg(
                                 jsonb_build_object(
                                     'id', s.id, 'position', s.position, 'name', s.name,
                                     'description', s.description, 'kind', s.kind,
                                     'startsOn', s.starts_on, 'dueOn', s.due_on)
                                 ORDER BY s.position), '[]'::jsonb)
                               FROM programmes.steps s
                              WHERE s.phase_id = ph.id AND s.status <> 'removed'))
               ORDER BY ph.position), '[]'::jsonb))
      FROM programmes.phases ph
     WHERE ph.tenant_id = t AND ph.programme_id = programme
$$;

-- Is the signed-in user (sub) a member of one of the programme's groups of
-- these kinds ('steering', 'project', 'working')? With group_id set: of
-- that group only (which must be of the programme and of one of the kinds).
CREATE FUNCTION caller_is_member(t uuid, programme uuid, sub text, kinds text[], one_group uuid)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1
          FROM programmes.group_members m
          JOIN programmes.groups g ON g.id = m.group_id
          JOIN programmes.people p ON p.id = m.person_id
         WHERE m.tenant_id = t AND g.tenant_id = t AND p.tenant_id = t
           AND g.programme_id = programme
           AND g.kind = ANY (kinds)
           AND (one_group IS NULL OR g.id = one_group)
           AND p.user_sub = sub)
$$;

-- How many members of a group have each role type
-- ({"manager": 2, "employee": 3}), so a workshop's mix can be checked.
CREATE FUNCTION group_mix(t uuid, grp uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(jsonb_object_agg(role_type, n), '{}'::jsonb)
      FROM (SELECT p.role_type, count(*) AS n
              FROM programmes.group_members m
              JOIN programmes.people p ON p.id = m.person_id
             WHERE m.tenant_id = t AND m.group_id = grp
             GROUP BY p.role_type) x
$$;

-- ---- the shipped templates --------------------------------------------------------------

INSERT INTO approach_templates (id, tenant_id, key, name, description, open_ended, phases) VALUES
('7c1f5a40-0000-4000-8000-000000000001', NULL, 'three-phases',
 'Three phases: course, building blocks, plan of action',
 'Houden wat goed is, verbeteren wat nodig is (seed 000): the organisation leads, an outside party '
 'facilitates, monitors and adjusts; working groups develop the building blocks themselves and the '
 'project group adopts their improvement proposals; after every step the project team weighs '
 'whether the approach still fits.',
 false,
 '[{"name": "Start and course", "description": "Start the project and work out the course.",
    "steps": [{"name": "Kick-off with steering and project group", "description": "Set up the steering group, the project group and the working groups.", "kind": "work"},
              {"name": "Work out the course", "description": "Work the development scenario out into a course: how, with whom and when.", "kind": "workshop"}]},
   {"name": "Building blocks", "description": "The working groups work out the development points (building blocks).",
    "steps": [{"name": "Working groups compose themselves", "description": "Staff who know the subject of each building block form its working group.", "kind": "work"},
              {"name": "Work out the building blocks", "description": "The working groups work out their building blocks into improvement proposals.", "kind": "group_session"},
              {"name": "Project group adopts the improvement proposals", "description": "The project group approves, rejects or returns the proposals.", "kind": "work"}]},
   {"name": "Plan of action and next steps", "description": "The adopted improvements become a plan of action.",
    "steps": [{"name": "Plan of action", "description": "Write the plan of action from the adopted proposals.", "kind": "work"},
              {"name": "Next steps", "description": "Agree on attitude and behaviour with all staff and plan what follows.", "kind": "staff_meeting"}]}]'),
('7c1f5a40-0000-4000-8000-000000000002', NULL, 'connected-municipality',
 'The Connected Municipality: six steps',
 'De Verbonden Gemeente (seed 001): gather core values, concretise them into example behaviour, two '
 'rounds of staff meetings on the manifest, set up the Connections Bureau, relapse prevention and '
 'coaching.',
 false,
 '[{"name": "Core values", "description": "What do citizens find important, and does it match what staff think they stand for?",
    "steps": [{"name": "Gather core values", "description": "The organisational climate monitor among citizens and staff, and brainstorm sessions in the municipality.", "kind": "survey"}]},
   {"name": "Example behaviour", "description": "Core values into behaviour.",
    "steps": [{"name": "Concretise the core values into example behaviour", "description": "Mixed groups (managers, employees, policy staff, council members) turn the core values into example behaviour, recorded in the manifest.", "kind": "workshop"}]},
   {"name": "The manifest among all staff", "description": "Support for the renewal.",
    "steps": [{"name": "Staff meetings, first round", "description": "All staff discuss and comment on the manifest.", "kind": "staff_meeting"},
              {"name": "Staff meetings, second round", "description": "All staff discuss the revised manifest.", "kind": "staff_meeting"}]},
   {"name": "Connections Bureau", "description": "Show that the renewal works.",
    "steps": [{"name": "Set up the Connections Bureau", "description": "Liaison officers treat citizens as an equal party.", "kind": "setup"}]},
   {"name": "Relapse prevention", "description": "Keep the renewal going.",
    "steps": [{"name": "Coaching and ad hoc training", "description": "Half a day a week of coaching and training during the project.", "kind": "coaching"}]}]'),
('7c1f5a40-0000-4000-8000-000000000003', NULL, 'expedition',
 'Expedition: blended learning without a fixed end',
 'Op reis naar een nieuwe overheid (seed 003): volunteers travel together with no dot on the '
 'horizon; group sessions, webinars, intervision and e-learning themes; colleagues become each '
 'other''s buddies.',
 true,
 '[{"name": "Expedition", "description": "A blended learning programme with no fixed end point.",
    "steps": [{"name": "Group sessions", "description": "Change and progress at the individual level; buddies keep each other sharp.", "kind": "group_session"},
              {"name": "Webinars", "description": "", "kind": "webinar"},
              {"name": "Intervision", "description": "", "kind": "intervision"},
              {"name": "E-learning themes", "description": "To study during and after the expedition.", "kind": "e_learning"}]}]');
