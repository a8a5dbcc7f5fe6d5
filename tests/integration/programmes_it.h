#ifndef KOERS_PROGRAMMES_IT_H
#define KOERS_PROGRAMMES_IT_H

/* Shared set-up of the programmes integration tests (test_programmes_*.c):
 * a fresh programmes schema per test program with its resources prepared,
 * one pool, and the rows a test needs from parts whose API it does not
 * test (programmes, phases, steps, people, groups and their members,
 * building blocks, proposals and actions, activities and their
 * participants, programme values, manifests with their statements,
 * consultation rounds and views, goals and indicators), put in with plain
 * SQL. Each test program works in tenants of its own. Header-only,
 * static. */

#include "it.h"
#include "koers/idempotency.h"
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

/* Creates a row of res from body (stolen) as p through the resource kit,
 * without an idempotency key; KC_OK puts its id into id (when not NULL).
 * Returns the kit's status, pb filled as the kit left it. */
static inline kc_status create_as(const kc_principal *p, const kc_resource *res, json_t *body,
                                  char *id, kc_problem *pb)
{
    static const kc_idem no_idem;
    json_t *row = NULL;
    long long version;
    int replayed;
    kc_status st;

    st = kc_resource_create(pool, res, p, &no_idem, body, &row, &version, &replayed, pb);
    if (st == KC_OK && id != NULL)
        strcpy(id, json_string_value(json_object_get(row, "id")));
    json_decref(row);
    json_decref(body);
    return st;
}

/* ---- rows by plain SQL (ids are the test's; NULL: an SQL NULL) -------------- */

/* A programme in status ("draft", "running", ...). */
static inline void insert_programme(const char *tenant, const char *id, const char *name,
                                    const char *status)
{

    IT_SQL("INSERT INTO programmes.programmes (id, tenant_id, name, status)\n"
           "VALUES ($1, $2, $3, $4)",
           id, tenant, name, status);
}

static inline void insert_phase(const char *tenant, const char *programme, const char *id,
                                int position, const char *name)
{
    char pos[16];

    snprintf(pos, sizeof(pos), "%d", position);
    IT_SQL("INSERT INTO programmes.phases (id, tenant_id, programme_id, position, name)\n"
           "VALUES ($1, $2, $3, $4, $5)",
           id, tenant, programme, pos, name);
}

/* A step of kind ("work", "group_session", ...) in status; position 0: none
 * (a removed step); an active step started now, a completed one started
 * and completed now. */
static inline void insert_step(const char *tenant, const char *programme, const char *phase,
                               const char *id, int position, const char *name, const char *status,
                               const char *kind)
{
    char pos[16];

    snprintf(pos, sizeof(pos), "%d", position);
    IT_SQL("INSERT INTO programmes.steps\n"
           "    (id, tenant_id, programme_id, phase_id, position, name, status, kind, started_at,\n"
           "     completed_at)\n"
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8,\n"
           "        CASE WHEN $7 IN ('active', 'completed') THEN now() END,\n"
           "        CASE WHEN $7 = 'completed' THEN now() END)",
           id, tenant, programme, phase, position > 0 ? pos : NULL, name, status, kind);
}

/* Links the programme to the surveys (an array literal: "{id,id}"). */
static inline void link_surveys(const char *programme, const char *surveys)
{

    IT_SQL("UPDATE programmes.programmes\n"
           "   SET survey_ids = $1\n"
           " WHERE id = $2",
           surveys, programme);
}

/* A person signing in as user_sub (NULL: none) of role_type. */
static inline void insert_person(const char *tenant, const char *id, const char *name,
                                 const char *user_sub, const char *role_type)
{

    IT_SQL("INSERT INTO programmes.people (id, tenant_id, name, user_sub, role_type)\n"
           "VALUES ($1, $2, $3, $4, $5)",
           id, tenant, name, user_sub, role_type);
}

/* A group of kind ("steering", "project", "working") of the programme. */
static inline void insert_group(const char *tenant, const char *programme, const char *id,
                                const char *kind, const char *name)
{

    IT_SQL("INSERT INTO programmes.groups (id, tenant_id, programme_id, kind, name)\n"
           "VALUES ($1, $2, $3, $4, $5)",
           id, tenant, programme, kind, name);
}

static inline void insert_member(const char *tenant, const char *group, const char *person,
                                 const char *role)
{

    IT_SQL("INSERT INTO programmes.group_members (tenant_id, group_id, person_id, role)\n"
           "VALUES ($1, $2, $3, $4)",
           tenant, group, person, role);
}

/* A building block of the programme; step and working_group may be NULL. */
static inline void insert_building_block(const char *tenant, const char *programme, const char *id,
                                         const char *step, const char *working_group,
                                         const char *title)
{

    IT_SQL("INSERT INTO programmes.building_blocks\n"
           "    (id, tenant_id, programme_id, step_id, working_group_id, title)\n"
           "VALUES ($1, $2, $3, $4, $5, $6)",
           id, tenant, programme, step, working_group, title);
}

/* A proposal of the building block by its working group, in status. */
static inline void insert_proposal(const char *tenant, const char *programme, const char *block,
                                   const char *group, const char *status)
{

    IT_SQL("INSERT INTO programmes.proposals\n"
           "    (id, tenant_id, programme_id, building_block_id, working_group_id, title, status,\n"
           "     created_by)\n"
           "VALUES (gen_random_uuid(), $1, $2, $3, $4, 'Voorstel', $5, 'it')",
           tenant, programme, block, group, status);
}

/* An action (id NULL: a new id) in status with the approved proposal of
 * the building block by its working group and the decision it came from;
 * linked to the process improvement (NULL: none); a done action completed
 * at 2026-05-01T08:00:00Z. */
static inline void insert_action(const char *tenant, const char *programme, const char *group,
                                 const char *block, const char *id, const char *status,
                                 const char *improvement)
{

    IT_SQL(
        "WITH p AS (\n"
        "    INSERT INTO programmes.proposals\n"
        "        (id, tenant_id, programme_id, building_block_id, working_group_id, title,\n"
        "         status, created_by)\n"
        "    VALUES (gen_random_uuid(), $1, $2, $3, $4, 'Voorstel', 'approved', 'it')\n"
        "    RETURNING id),\n"
        "decision AS (\n"
        "    INSERT INTO programmes.proposal_decisions\n"
        "        (id, tenant_id, proposal_id, outcome, decided_by)\n"
        "    SELECT gen_random_uuid(), $1::uuid, p.id, 'approved', 'it'\n"
        "      FROM p\n"
        "    RETURNING id, proposal_id)\n"
        "INSERT INTO programmes.actions\n"
        "    (id, tenant_id, programme_id, proposal_id, decision_id, title, status,\n"
        "     process_improvement_id, completed_at)\n"
        "SELECT coalesce($5::uuid, gen_random_uuid()), $1::uuid, $2::uuid, d.proposal_id, d.id,\n"
        "       'Actie', $6::text, $7::uuid,\n"
        "       CASE WHEN $6::text = 'done' THEN timestamptz '2026-05-01T08:00:00Z' END\n"
        "  FROM decision d",
        tenant, programme, block, group, id, status, improvement);
}

/* An activity of kind ("workshop", ...) of the programme in status
 * ("planned", "completed", "cancelled"); starts_at and completed_at
 * (RFC 3339) may be NULL. */
static inline void insert_activity(const char *tenant, const char *programme, const char *id,
                                   const char *kind, const char *title, const char *status,
                                   const char *starts_at, const char *completed_at)
{

    IT_SQL("INSERT INTO programmes.activities\n"
           "    (id, tenant_id, programme_id, kind, title, status, starts_at, completed_at)\n"
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
           id, tenant, programme, kind, title, status, starts_at, completed_at);
}

/* A participant of the activity; invited and attended are "true", "false"
 * or (attended, not known yet) NULL. */
static inline void insert_participant(const char *tenant, const char *activity, const char *person,
                                      const char *invited, const char *attended)
{

    IT_SQL("INSERT INTO programmes.activity_participants\n"
           "    (tenant_id, activity_id, person_id, invited, attended)\n"
           "VALUES ($1, $2, $3, $4, $5)",
           tenant, activity, person, invited, attended);
}

/* A core value of the programme from the catalogue (value: the
 * catalogue's id of it). */
static inline void insert_programme_value(const char *tenant, const char *programme, const char *id,
                                          const char *value, const char *name)
{

    IT_SQL("INSERT INTO programmes.programme_values\n"
           "    (id, tenant_id, programme_id, value_id, name, source)\n"
           "VALUES ($1, $2, $3, $4, $5, 'catalogue')",
           id, tenant, programme, value, name);
}

/* Manifest number of the programme in status ("draft", "consultation",
 * "adopted", ...), based on another (NULL: none); an adopted one adopted
 * now by "it". */
static inline void insert_manifest(const char *tenant, const char *programme, const char *id,
                                   int number, const char *title, const char *status,
                                   const char *based_on)
{
    char no[16];

    snprintf(no, sizeof(no), "%d", number);
    IT_SQL("INSERT INTO programmes.manifests\n"
           "    (id, tenant_id, programme_id, number, title, status, based_on_id, adopted_at,\n"
           "     adopted_by)\n"
           "VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 = 'adopted' THEN now() END,\n"
           "        CASE WHEN $6 = 'adopted' THEN 'it' END)",
           id, tenant, programme, no, title, status, based_on);
}

/* A statement of the manifest at position, on the programme value. */
static inline void insert_statement(const char *tenant, const char *manifest, const char *id,
                                    const char *programme_value, int position, const char *text)
{
    char pos[16];

    snprintf(pos, sizeof(pos), "%d", position);
    IT_SQL("INSERT INTO programmes.manifest_statements\n"
           "    (id, tenant_id, manifest_id, programme_value_id, position, text)\n"
           "VALUES ($1, $2, $3, $4, $5, $6)",
           id, tenant, manifest, programme_value, pos, text);
}

/* Consultation round number of the manifest, opened by "it", in status:
 * an open one with a salt, a closed one (without) closed at closed_at
 * (RFC 3339; NULL: now). */
static inline void insert_round(const char *tenant, const char *manifest, const char *id,
                                int number, const char *status, const char *closed_at)
{
    char no[16];

    snprintf(no, sizeof(no), "%d", number);
    IT_SQL("INSERT INTO programmes.consultation_rounds\n"
           "    (id, tenant_id, manifest_id, number, status, salt, closed_at, opened_by)\n"
           "VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'open' THEN bytea '\\x01' END,\n"
           "        CASE WHEN $5 = 'closed' THEN coalesce($6::timestamptz, now()) END, 'it')",
           id, tenant, manifest, no, status, closed_at);
}

/* An anonymous view of department on the statement in the round; stance
 * "support", "support_with_remark" or "object"; reason may be NULL. */
static inline void insert_view(const char *tenant, const char *round, const char *statement,
                               const char *department, const char *stance, const char *reason)
{

    IT_SQL("INSERT INTO programmes.consultation_views\n"
           "    (id, tenant_id, round_id, statement_id, department, stance, reason, anonymous)\n"
           "VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, true)",
           tenant, round, statement, department, stance, reason);
}

/* A goal of the programme on theme ("pride", ...), created at created_at
 * (RFC 3339; NULL: now). */
static inline void insert_goal(const char *tenant, const char *programme, const char *id,
                               const char *name, const char *theme, const char *created_at)
{

    IT_SQL("INSERT INTO programmes.goals (id, tenant_id, programme_id, name, theme, created_at)\n"
           "VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()))",
           id, tenant, programme, name, theme, created_at);
}

/* An indicator of kind ("pulse_question", ...) of the goal: params (a JSON
 * object), target and direction ("at_least", "at_most"), relapse margin,
 * created at created_at (RFC 3339; NULL: now). */
static inline void insert_indicator(const char *tenant, const char *goal, const char *id,
                                    const char *kind, const char *params_json, const char *target,
                                    const char *direction, const char *margin,
                                    const char *created_at)
{

    IT_SQL("INSERT INTO programmes.indicators\n"
           "    (id, tenant_id, goal_id, kind, params, target, direction, relapse_margin,\n"
           "     created_at)\n"
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()))",
           id, tenant, goal, kind, params_json, target, direction, margin, created_at);
}

#endif
