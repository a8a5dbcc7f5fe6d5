#include "processes/process_repo.h"

#include <stdio.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

kc_status process_repo_people(kc_db_conn *conn, const char *tenant_id,
                              const process_people_input *in, process_people_check *out,
                              kc_problem *pb)
{
    static const char sql[] =
        "WITH cur AS (\n"
        "    SELECT owner_id, manager_id, team_ids\n"
        "      FROM processes.processes\n"
        "     WHERE tenant_id = $1\n"
        "       AND id = $2::uuid\n"
        "), v AS (\n"
        "    SELECT CASE WHEN $3::boolean THEN $4::uuid ELSE (SELECT owner_id FROM cur) END AS owner_id,\n"
        "           CASE WHEN $5::boolean THEN $6::uuid ELSE (SELECT manager_id FROM cur) END AS manager_id,\n"
        "           CASE WHEN $7::boolean THEN ARRAY(SELECT json_array_elements_text($8::json))::uuid[]\n"
        "                ELSE coalesce((SELECT team_ids FROM cur), '{}') END AS team_ids)\n"
        "SELECT v.owner_id IS NULL\n"
        "       OR EXISTS (SELECT 1 FROM processes.teams t WHERE t.tenant_id = $1 AND t.manager_id = v.owner_id),\n"
        "       v.manager_id IS NULL\n"
        "       OR EXISTS (SELECT 1 FROM processes.staff s\n"
        "                   WHERE s.tenant_id = $1 AND s.id = v.manager_id AND s.team_id = ANY (v.team_ids))\n"
        "  FROM v";
    kc_params p;
    PGresult *res = NULL;
    json_t *empty = NULL;
    kc_status st;

    out->owner_is_team_manager = 0;
    out->manager_in_teams = 0;
    empty = json_array();
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, in->id);
    kc_params_bool(&p, in->has_owner);
    kc_params_text(&p, in->has_owner ? in->owner_id : NULL);
    kc_params_bool(&p, in->has_manager);
    kc_params_text(&p, in->has_manager ? in->manager_id : NULL);
    kc_params_bool(&p, in->has_teams);
    kc_params_json(&p, in->has_teams && in->team_ids != NULL ? in->team_ids : empty);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, "processes_people_check", sql, kc_params_count(&p),
                        kc_params_values(&p), &res, pb);
    if (st == KC_OK && PQntuples(res) == 1) {
        out->owner_is_team_manager = kc_pg_bool(res, 0, 0);
        out->manager_in_teams = kc_pg_bool(res, 0, 1);
    }
    PQclear(res);
    kc_params_free(&p);
    json_decref(empty);
    return st;
}

static void lock_from_row(const PGresult *r, int row, void *out)
{
    process_lock *l = out;

    kc_pg_copy(r, row, 0, l->status, sizeof(l->status));
    l->version = kc_pg_int(r, row, 1);
    kc_pg_copy(r, row, 2, l->owner_sub, sizeof(l->owner_sub));
    kc_pg_copy(r, row, 3, l->manager_sub, sizeof(l->manager_sub));
}

kc_status process_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                            process_lock *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT p.status, p.version, o.user_sub, m.user_sub\n"
        "  FROM processes.processes p\n"
        "  LEFT JOIN processes.staff o ON o.tenant_id = p.tenant_id AND o.id = p.owner_id\n"
        "  LEFT JOIN processes.staff m ON m.tenant_id = p.tenant_id AND m.id = p.manager_id\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id = $2\n"
        "   FOR UPDATE OF p";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, "processes_lock", sql, 2, params, lock_from_row, out, pb,
                     "process %s not found", id);
}

static void relation_from_row(const PGresult *r, int row, void *out)
{
    process_relation *rel = out;

    rel->is_owner = kc_pg_bool(r, row, 0);
    rel->is_manager = kc_pg_bool(r, row, 1);
    rel->in_core_team = kc_pg_bool(r, row, 2);
}

kc_status process_repo_relation(kc_db_conn *conn, const char *tenant_id, const char *id,
                                const char *subject, process_relation *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT coalesce(s.id = p.owner_id, false),\n"
        "       coalesce(s.id = p.manager_id, false),\n"
        "       coalesce(s.id = ANY (p.core_team_ids), false)\n"
        "  FROM processes.processes p\n"
        "  LEFT JOIN processes.staff s ON s.tenant_id = p.tenant_id AND s.user_sub = $3\n"
        " WHERE p.tenant_id = $1\n"
        "   AND p.id = $2";
    const char *params[3] = {tenant_id, id, subject};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "processes_relation", sql, 3, params, relation_from_row, out, pb,
                     "process %s not found", id);
}

static void version_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status process_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  const char *status, int *version, kc_problem *pb)
{
    static const char sql[] = "UPDATE processes.processes\n"
                              "   SET status = $3,\n"
                              "       archived_at = CASE WHEN $3 = 'archived' THEN now() END,\n"
                              "       version = version + 1,\n"
                              "       updated_at = now()\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "RETURNING version";
    const char *params[3] = {tenant_id, id, status};

    return kc_pg_one(conn, "processes_set_status", sql, 3, params, version_from_row, version, pb,
                     "process %s not found", id);
}
