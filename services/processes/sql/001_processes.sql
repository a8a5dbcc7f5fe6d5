-- processes: the tenant's teams and staff (the small directory), processes
-- with their owner, manager, teams and core team and their status, the
-- interviews and working sessions they came from, and the tenant's
-- settings (the coverage target). Names are unqualified: kc_migrate sets
-- search_path to the processes schema. Every table carries tenant_id and
-- every query filters on it. References between rows (a team's manager, a
-- staff member's team, a process's owner, ...) are checked by the resource
-- kit in the write's transaction, within the tenant; deletes of a row that
-- is referred to answer 409.

CREATE TABLE settings (
    tenant_id        uuid    PRIMARY KEY,
    -- how many team managers should own a process; NULL: all of them
    coverage_target  integer CHECK (coverage_target BETWEEN 0 AND 10000)
);

CREATE TABLE teams (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL,
    name           text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    manager_id     uuid,
    members_count  integer     NOT NULL DEFAULT 0 CHECK (members_count BETWEEN 0 AND 100000),
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teams_list ON teams (tenant_id, created_at, id);
CREATE INDEX teams_manager ON teams (tenant_id, manager_id);

CREATE TABLE staff (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    email       text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    team_id     uuid,
    user_sub    text        CHECK (char_length(user_sub) BETWEEN 1 AND 128),
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_list ON staff (tenant_id, created_at, id);
CREATE INDEX staff_team ON staff (tenant_id, team_id);
CREATE UNIQUE INDEX staff_user_sub ON staff (tenant_id, user_sub) WHERE user_sub IS NOT NULL;

CREATE TABLE processes (
    id                 uuid        PRIMARY KEY,
    tenant_id          uuid        NOT NULL,
    name               text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    purpose            text        NOT NULL DEFAULT '' CHECK (char_length(purpose) <= 2000),
    chain              text        CHECK (char_length(chain) BETWEEN 1 AND 200),
    service_delivered  text        NOT NULL DEFAULT '' CHECK (char_length(service_delivered) <= 1000),
    owner_id           uuid        NOT NULL,
    manager_id         uuid,
    team_ids           uuid[]      NOT NULL DEFAULT '{}',
    core_team_ids      uuid[]      NOT NULL DEFAULT '{}',
    status             text        NOT NULL DEFAULT 'selected'
                       CHECK (status IN ('selected', 'analysing', 'improving', 'monitoring',
                                         'archived')),
    selected_by        text        CHECK (char_length(selected_by) BETWEEN 1 AND 200),
    -- the day of the board's selection, YYYY-MM-DD (validated by the service)
    selected_on        text        CHECK (selected_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    archived_at        timestamptz,
    version            integer     NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processes_list ON processes (tenant_id, created_at, id);
CREATE INDEX processes_owner ON processes (tenant_id, owner_id);
CREATE INDEX processes_manager ON processes (tenant_id, manager_id);
CREATE INDEX processes_teams ON processes USING gin (team_ids);
CREATE INDEX processes_core_team ON processes USING gin (core_team_ids);

-- interviews and working sessions; process_ids: the processes they fed
CREATE TABLE sessions (
    id                 uuid        PRIMARY KEY,
    tenant_id          uuid        NOT NULL,
    kind               text        NOT NULL CHECK (kind IN ('interview', 'working_session')),
    held_on            text        NOT NULL CHECK (held_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    title              text        NOT NULL DEFAULT '' CHECK (char_length(title) <= 200),
    participant_roles  text[]      NOT NULL DEFAULT '{}',
    themes             text[]      NOT NULL DEFAULT '{}',
    insights           text[]      NOT NULL DEFAULT '{}',
    process_ids        uuid[]      NOT NULL DEFAULT '{}',
    version            integer     NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_list ON sessions (tenant_id, created_at, id);
CREATE INDEX sessions_processes ON sessions USING gin (process_ids);
