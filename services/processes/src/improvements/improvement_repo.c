#include "improvements/improvement_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

void improvement_lock_clear(improvement_lock *l)
{
    if (l == NULL)
        return;
    json_decref(l->bottleneck_ids);
    memset(l, 0, sizeof(*l));
}

static void lock_from_row(const PGresult *r, int row, void *out)
{
    improvement_lock *l = out;

    kc_pg_copy(r, row, 0, l->process_id, sizeof(l->process_id));
    kc_pg_copy(r, row, 1, l->status, sizeof(l->status));
    l->version = kc_pg_int(r, row, 2);
    l->bottleneck_ids = kc_pg_json(r, row, 3);
    kc_pg_copy(r, row, 4, l->kpi_id, sizeof(l->kpi_id));
    l->has_kpi_before = !PQgetisnull(r, row, 5);
    l->kpi_before = l->has_kpi_before ? strtod(PQgetvalue(r, row, 5), NULL) : 0;
    l->has_kpi_after = !PQgetisnull(r, row, 6);
    l->kpi_after = l->has_kpi_after ? strtod(PQgetvalue(r, row, 6), NULL) : 0;
}

kc_status improvement_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                improvement_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT i.process_id, i.status, i.version,\n"
                              "       array_to_json(i.bottleneck_ids)::text,\n"
                              "       i.kpi_id, i.kpi_before::float8, i.kpi_after::float8\n"
                              "  FROM processes.improvements i\n"
                              " WHERE i.tenant_id = $1\n"
                              "   AND i.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};
    kc_status st;

    improvement_lock_clear(out);
    st = kc_pg_one(conn, "processes_improvement_lock", sql, 2, params, lock_from_row, out, pb,
                   "improvement %s not found", id);
    if (st == KC_OK && out->bottleneck_ids == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

static void outside_from_row(const PGresult *r, int row, void *out)
{
    int *n = out;

    n[0] = kc_pg_int(r, row, 0);
    n[1] = kc_pg_int(r, row, 1);
}

kc_status improvement_repo_outside(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                   const json_t *bottleneck_ids, const char *kpi_id,
                                   int *bottlenecks_outside, int *kpi_outside, kc_problem *pb)
{
    static const char sql[] =
        "SELECT (SELECT count(*)\n"
        "          FROM processes.bottlenecks b\n"
        "         WHERE b.tenant_id = $1\n"
        "           AND b.process_id <> $2\n"
        "           AND b.id IN (SELECT v::uuid FROM json_array_elements_text($3::json) v))::integer,\n"
        "       (SELECT count(*)\n"
        "          FROM processes.kpis k\n"
        "         WHERE k.tenant_id = $1\n"
        "           AND k.process_id <> $2\n"
        "           AND k.id = $4::uuid)::integer";
    json_t *none = NULL;
    int n[2] = {0, 0};
    kc_params p;
    kc_status st;

    none = json_array();
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, process_id);
    kc_params_json(&p,
                   bottleneck_ids != NULL && json_is_array(bottleneck_ids) ? bottleneck_ids : none);
    kc_params_text(&p, kpi_id);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "processes_improvement_outside", sql, kc_params_count(&p),
                       kc_params_values(&p), outside_from_row, n, pb, "no answer");
    *bottlenecks_outside = n[0];
    *kpi_outside = n[1];
    kc_params_free(&p);
    json_decref(none);
    return st;
}

static void version_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status improvement_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      const char *status, const char *drop_reason, int *version,
                                      kc_problem *pb)
{
    static const char sql[] = "UPDATE processes.improvements\n"
                              "   SET status = $3,\n"
                              "       drop_reason = $4,\n"
                              "       completed_at = CASE WHEN $3 = 'done' THEN now() END,\n"
                              "       version = version + 1,\n"
                              "       updated_at = now()\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "RETURNING version";
    const char *params[4] = {tenant_id, id, status, drop_reason};

    return kc_pg_one(conn, "processes_improvement_set_status", sql, 4, params, version_from_row,
                     version, pb, "improvement %s not found", id);
}

static void solved_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

kc_status improvement_repo_solve_bottlenecks(kc_db_conn *conn, const char *tenant_id,
                                             const json_t *bottleneck_ids, json_t **solved,
                                             kc_problem *pb)
{
    static const char lock_sql[] =
        "SELECT b.id\n"
        "  FROM processes.bottlenecks b\n"
        " WHERE b.tenant_id = $1\n"
        "   AND b.id IN (SELECT v::uuid FROM json_array_elements_text($2::json) v)\n"
        " ORDER BY b.id\n"
        "   FOR UPDATE";
    static const char solve_sql[] =
        "WITH s AS (\n"
        "    UPDATE processes.bottlenecks b\n"
        "       SET status = 'solved',\n"
        "           solved_at = now(),\n"
        "           version = b.version + 1,\n"
        "           updated_at = now()\n"
        "     WHERE b.tenant_id = $1\n"
        "       AND b.id IN (SELECT v::uuid FROM json_array_elements_text($2::json) v)\n"
        "       AND b.status IN ('proposed', 'open')\n"
        "       AND EXISTS (SELECT 1\n"
        "                     FROM processes.improvements i\n"
        "                    WHERE i.tenant_id = $1\n"
        "                      AND i.bottleneck_ids @> ARRAY[b.id]\n"
        "                      AND i.status = 'done')\n"
        "       AND NOT EXISTS (SELECT 1\n"
        "                         FROM processes.improvements i\n"
        "                        WHERE i.tenant_id = $1\n"
        "                          AND i.bottleneck_ids @> ARRAY[b.id]\n"
        "                          AND i.status IN ('proposed', 'planned', 'in_progress'))\n"
        "    RETURNING b.id)\n"
        "SELECT coalesce(json_agg(s.id ORDER BY s.id), '[]')::text\n"
        "  FROM s";
    PGresult *res = NULL;
    kc_params p;
    kc_status st;

    *solved = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_json(&p, bottleneck_ids);
    st = kc_params_check(&p, pb);
    /* the locks first: a statement that had to wait for them would judge
     * with the snapshot it took before it waited */
    if (st == KC_OK)
        st = kc_db_exec(conn, "processes_bottlenecks_lock", lock_sql, kc_params_count(&p),
                        kc_params_values(&p), &res, pb);
    PQclear(res);
    if (st == KC_OK)
        st = kc_pg_one(conn, "processes_bottlenecks_solve", solve_sql, kc_params_count(&p),
                       kc_params_values(&p), solved_from_row, solved, pb, "no answer");
    if (st == KC_OK && *solved == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    kc_params_free(&p);
    return st;
}
