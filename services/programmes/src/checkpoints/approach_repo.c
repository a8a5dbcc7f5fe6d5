#include "checkpoints/approach_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

/* "" as SQL NULL. */
static const char *or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

/* Runs sql with two parameters ($1 the tenant, $2 the programme or the
 * person ids) and hands each row to add(r, row, m); -1 from add is out of
 * memory. */
static kc_status load_rows(kc_db_conn *conn, const char *stmt, const char *sql,
                           const char *tenant_id, const char *second,
                           int (*add)(const PGresult *r, int row, approach_model *m),
                           approach_model *m, kc_problem *pb)
{
    const char *params[2] = {tenant_id, second};
    PGresult *res = NULL;
    kc_status st;
    int row;

    st = kc_db_exec(conn, stmt, sql, 2, params, &res, pb);
    for (row = 0; st == KC_OK && row < PQntuples(res); row++)
        if (add(res, row, m) != 0)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    PQclear(res);
    return st;
}

static int add_phase(const PGresult *r, int row, approach_model *m)
{
    am_phase ph = {0};

    kc_pg_copy(r, row, 0, ph.id, sizeof(ph.id));
    ph.position = kc_pg_int(r, row, 1);
    ph.orig_position = ph.position;
    return approach_model_add_phase(m, &ph);
}

static int add_step(const PGresult *r, int row, approach_model *m)
{
    am_step s = {0};

    kc_pg_copy(r, row, 0, s.id, sizeof(s.id));
    kc_pg_copy(r, row, 1, s.phase_id, sizeof(s.phase_id));
    s.position = kc_pg_int(r, row, 2);
    kc_pg_copy(r, row, 3, s.status, sizeof(s.status));
    kc_pg_copy(r, row, 4, s.starts_on, sizeof(s.starts_on));
    kc_pg_copy(r, row, 5, s.due_on, sizeof(s.due_on));
    return approach_model_add_step(m, &s);
}

static int add_block(const PGresult *r, int row, approach_model *m)
{
    am_block b = {0};

    kc_pg_copy(r, row, 0, b.id, sizeof(b.id));
    kc_pg_copy(r, row, 1, b.step_id, sizeof(b.step_id));
    kc_pg_copy(r, row, 2, b.working_group_id, sizeof(b.working_group_id));
    kc_pg_copy(r, row, 3, b.due_on, sizeof(b.due_on));
    return approach_model_add_block(m, &b);
}

static int add_group(const PGresult *r, int row, approach_model *m)
{
    am_group g = {0};

    kc_pg_copy(r, row, 0, g.id, sizeof(g.id));
    kc_pg_copy(r, row, 1, g.kind, sizeof(g.kind));
    return approach_model_add_group(m, &g);
}

static int add_member(const PGresult *r, int row, approach_model *m)
{
    am_member mb = {0};

    kc_pg_copy(r, row, 0, mb.group_id, sizeof(mb.group_id));
    kc_pg_copy(r, row, 1, mb.person_id, sizeof(mb.person_id));
    kc_pg_copy(r, row, 2, mb.role, sizeof(mb.role));
    memcpy(mb.orig_role, mb.role, sizeof(mb.role));
    return approach_model_add_member(m, &mb);
}

static int add_person(const PGresult *r, int row, approach_model *m)
{
    char id[37];

    kc_pg_copy(r, row, 0, id, sizeof(id));
    return approach_model_add_person(m, id);
}

kc_status approach_repo_load(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             const json_t *person_ids, approach_model *m, kc_problem *pb)
{
    static const char phases[] = "SELECT id, position\n"
                                 "  FROM programmes.phases\n"
                                 " WHERE tenant_id = $1\n"
                                 "   AND programme_id = $2\n"
                                 " ORDER BY position";
    static const char steps[] = "SELECT id, phase_id, coalesce(position, 0), status,\n"
                                "       coalesce(starts_on::text, ''), coalesce(due_on::text, '')\n"
                                "  FROM programmes.steps\n"
                                " WHERE tenant_id = $1\n"
                                "   AND programme_id = $2";
    static const char blocks[] = "SELECT id, step_id, working_group_id, due_on::text\n"
                                 "  FROM programmes.building_blocks\n"
                                 " WHERE tenant_id = $1\n"
                                 "   AND programme_id = $2";
    static const char groups[] = "SELECT id, kind\n"
                                 "  FROM programmes.groups\n"
                                 " WHERE tenant_id = $1\n"
                                 "   AND programme_id = $2";
    static const char members[] = "SELECT m.group_id, m.person_id, m.role\n"
                                  "  FROM programmes.group_members m\n"
                                  "  JOIN programmes.groups g ON g.id = m.group_id\n"
                                  " WHERE m.tenant_id = $1\n"
                                  "   AND g.programme_id = $2";
    static const char people[] = "SELECT id\n"
                                 "  FROM programmes.people\n"
                                 " WHERE tenant_id = $1\n"
                                 "   AND id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)";
    char *ids = NULL;
    kc_status st;

    st = load_rows(conn, "programmes_cp_load_phases", phases, tenant_id, programme_id, add_phase, m,
                   pb);
    if (st == KC_OK)
        st = load_rows(conn, "programmes_cp_load_steps", steps, tenant_id, programme_id, add_step,
                       m, pb);
    if (st == KC_OK)
        st = load_rows(conn, "programmes_cp_load_blocks", blocks, tenant_id, programme_id,
                       add_block, m, pb);
    if (st == KC_OK)
        st = load_rows(conn, "programmes_cp_load_groups", groups, tenant_id, programme_id,
                       add_group, m, pb);
    if (st == KC_OK)
        st = load_rows(conn, "programmes_cp_load_members", members, tenant_id, programme_id,
                       add_member, m, pb);
    if (st != KC_OK || json_array_size(person_ids) == 0)
        goto out;
    ids = json_dumps(person_ids, JSON_COMPACT);
    if (ids == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    else
        st =
            load_rows(conn, "programmes_cp_load_people", people, tenant_id, ids, add_person, m, pb);
out:
    free(ids);
    return st;
}

kc_status approach_repo_insert_phase(kc_db_conn *conn, const char *tenant_id,
                                     const char *programme_id, const am_phase *ph, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.phases (id, tenant_id, programme_id, position, name, description)\n"
        "VALUES ($1, $2, $3, $4::integer, $5, coalesce($6, ''))";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, ph->id);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, programme_id);
    kc_params_int(&p, ph->position);
    kc_params_text(&p, ph->name);
    kc_params_text(&p, ph->description);
    return kc_pg_exec_params(conn, "programmes_cp_insert_phase", sql, &p, pb);
}

kc_status approach_repo_move_phase(kc_db_conn *conn, const char *tenant_id, const am_phase *ph,
                                   kc_problem *pb)
{
    static const char sql[] = "UPDATE programmes.phases\n"
                              "   SET position = $3::integer\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, ph->id);
    kc_params_int(&p, ph->position);
    return kc_pg_exec_params(conn, "programmes_cp_move_phase", sql, &p, pb);
}

kc_status approach_repo_insert_step(kc_db_conn *conn, const char *tenant_id,
                                    const char *programme_id, const am_step *s, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.steps\n"
        "       (id, tenant_id, programme_id, phase_id, position, name, description, kind,\n"
        "        starts_on, due_on)\n"
        "VALUES ($1, $2, $3, $4, $5::integer, $6, coalesce($7, ''), coalesce($8, 'work'),\n"
        "        $9::date, $10::date)";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, s->id);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, programme_id);
    kc_params_text(&p, s->phase_id);
    kc_params_int(&p, s->position);
    kc_params_text(&p, s->name);
    kc_params_text(&p, s->description);
    kc_params_text(&p, s->kind);
    kc_params_text(&p, or_null(s->starts_on));
    kc_params_text(&p, or_null(s->due_on));
    return kc_pg_exec_params(conn, "programmes_cp_insert_step", sql, &p, pb);
}

kc_status approach_repo_update_step(kc_db_conn *conn, const char *tenant_id, const am_step *s,
                                    kc_problem *pb)
{
    static const char sql[] = "UPDATE programmes.steps\n"
                              "   SET phase_id = $3,\n"
                              "       position = $4::integer,\n"
                              "       status = $5,\n"
                              "       starts_on = $6::date,\n"
                              "       due_on = $7::date\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, s->id);
    kc_params_text(&p, s->phase_id);
    if (s->position > 0)
        kc_params_int(&p, s->position);
    else
        kc_params_null(&p);
    kc_params_text(&p, s->status);
    kc_params_text(&p, or_null(s->starts_on));
    kc_params_text(&p, or_null(s->due_on));
    return kc_pg_exec_params(conn, "programmes_cp_update_step", sql, &p, pb);
}

kc_status approach_repo_update_block(kc_db_conn *conn, const char *tenant_id, const am_block *b,
                                     kc_problem *pb)
{
    static const char sql[] = "UPDATE programmes.building_blocks\n"
                              "   SET title = coalesce($3, title),\n"
                              "       description = coalesce($4, description),\n"
                              "       step_id = $5::uuid,\n"
                              "       working_group_id = $6::uuid,\n"
                              "       due_on = $7::date,\n"
                              "       version = version + 1,\n"
                              "       updated_at = now()\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, b->id);
    kc_params_text(&p, b->title);
    kc_params_text(&p, b->description);
    kc_params_text(&p, or_null(b->step_id));
    kc_params_text(&p, or_null(b->working_group_id));
    kc_params_text(&p, or_null(b->due_on));
    return kc_pg_exec_params(conn, "programmes_cp_update_block", sql, &p, pb);
}

kc_status approach_repo_update_group(kc_db_conn *conn, const char *tenant_id, const am_group *g,
                                     kc_problem *pb)
{
    static const char sql[] = "UPDATE programmes.groups\n"
                              "   SET name = coalesce($3, name),\n"
                              "       version = version + 1,\n"
                              "       updated_at = now()\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    const char *params[3] = {tenant_id, g->id, g->name};

    return kc_db_exec(conn, "programmes_cp_update_group", sql, 3, params, NULL, pb);
}

kc_status approach_repo_write_member(kc_db_conn *conn, const char *tenant_id, const am_member *mb,
                                     kc_problem *pb)
{
    static const char upsert[] =
        "INSERT INTO programmes.group_members (tenant_id, group_id, person_id, role)\n"
        "VALUES ($1, $2, $3, $4)\n"
        "    ON CONFLICT (group_id, person_id) DO UPDATE\n"
        "   SET role = excluded.role";
    static const char remove[] = "DELETE FROM programmes.group_members\n"
                                 " WHERE tenant_id = $1\n"
                                 "   AND group_id = $2\n"
                                 "   AND person_id = $3";
    const char *params[4] = {tenant_id, mb->group_id, mb->person_id, mb->role};

    if (mb->role[0] == '\0')
        return kc_db_exec(conn, "programmes_cp_remove_member", remove, 3, params, NULL, pb);
    return kc_db_exec(conn, "programmes_cp_upsert_member", upsert, 4, params, NULL, pb);
}
