#ifndef KOERS_PROGRAMMES_IT_H
#define KOERS_PROGRAMMES_IT_H

/* Shared set-up of the programmes integration tests
 * (test_programmes_{approach,checkpoints,events,governance,proposals}.c):
 * a fresh programmes schema per test program with its resources prepared,
 * one pool, and the rows a test needs from parts whose API it does not
 * test (programmes, phases, steps, people, groups and their members,
 * building blocks), put in with plain SQL. Each test program works in
 * tenants of its own. Header-only, static. */

#include "it.h"
#include "koers/resource.h"
#include "programmes.h"
#include "programmes_resources.h"

static kc_db_pool *pool;

/* Group set-up: a fresh programmes schema, the pool, and the plain
 * resources' SQL prepared (as main.c does). Returns 0 or -1. */
static inline int programmes_setup(void)
{
    const kc_resource *const resources[] = {&programme_resource, &person_resource,
                                            &group_resource,     &building_block_resource,
                                            &proposal_resource,  &action_resource};
    size_t i;

    if (it_setup(PROGRAMMES_SCHEMA, programmes_migrations, programmes_migrations_count, &pool) != 0)
        return -1;
    for (i = 0; i < KC_NELEMS(resources); i++)
        if (kc_resource_prepare(resources[i]) != KC_OK)
            return -1;
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

/* ---- rows by plain SQL (ids are the test's; NULL: an SQL NULL) -------------- */

/* A programme in status ("draft", "running", ...). */
static inline void insert_programme(const char *tenant, const char *id, const char *name,
                                    const char *status)
{
    const char *params[] = {id, tenant, name, status};

    it_sql("INSERT INTO programmes.programmes (id, tenant_id, name, status)\n"
           "VALUES ($1, $2, $3, $4)",
           4, params);
}

static inline void insert_phase(const char *tenant, const char *programme, const char *id,
                                int position, const char *name)
{
    char pos[16];
    const char *params[] = {id, tenant, programme, pos, name};

    snprintf(pos, sizeof(pos), "%d", position);
    it_sql("INSERT INTO programmes.phases (id, tenant_id, programme_id, position, name)\n"
           "VALUES ($1, $2, $3, $4, $5)",
           5, params);
}

/* A step of kind ("work", "group_session", ...) in status; position 0: none
 * (a removed step); an active step started now. */
static inline void insert_step(const char *tenant, const char *programme, const char *phase,
                               const char *id, int position, const char *name, const char *status,
                               const char *kind)
{
    char pos[16];
    const char *params[] = {id,   tenant, programme, phase, position > 0 ? pos : NULL,
                            name, status, kind};

    snprintf(pos, sizeof(pos), "%d", position);
    it_sql("INSERT INTO programmes.steps\n"
           "    (id, tenant_id, programme_id, phase_id, position, name, status, kind, started_at)\n"
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $7 = 'active' THEN now() END)",
           8, params);
}

/* A person signing in as user_sub (NULL: none) of role_type. */
static inline void insert_person(const char *tenant, const char *id, const char *name,
                                 const char *user_sub, const char *role_type)
{
    const char *params[] = {id, tenant, name, user_sub, role_type};

    it_sql("INSERT INTO programmes.people (id, tenant_id, name, user_sub, role_type)\n"
           "VALUES ($1, $2, $3, $4, $5)",
           5, params);
}

/* A group of kind ("steering", "project", "working") of the programme. */
static inline void insert_group(const char *tenant, const char *programme, const char *id,
                                const char *kind, const char *name)
{
    const char *params[] = {id, tenant, programme, kind, name};

    it_sql("INSERT INTO programmes.groups (id, tenant_id, programme_id, kind, name)\n"
           "VALUES ($1, $2, $3, $4, $5)",
           5, params);
}

static inline void insert_member(const char *tenant, const char *group, const char *person,
                                 const char *role)
{
    const char *params[] = {tenant, group, person, role};

    it_sql("INSERT INTO programmes.group_members (tenant_id, group_id, person_id, role)\n"
           "VALUES ($1, $2, $3, $4)",
           4, params);
}

/* A building block of the programme; step and working_group may be NULL. */
static inline void insert_building_block(const char *tenant, const char *programme, const char *id,
                                         const char *step, const char *working_group,
                                         const char *title)
{
    const char *params[] = {id, tenant, programme, step, working_group, title};

    it_sql("INSERT INTO programmes.building_blocks\n"
           "    (id, tenant_id, programme_id, step_id, working_group_id, title)\n"
           "VALUES ($1, $2, $3, $4, $5, $6)",
           6, params);
}

#endif
