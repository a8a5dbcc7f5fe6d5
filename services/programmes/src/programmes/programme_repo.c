#include "programmes/programme_repo.h"

#include <string.h>
#include "koers/pg.h"

static void lock_from_row(const PGresult *r, int row, void *out)
{
    programme_lock *l = out;

    kc_pg_copy(r, row, 0, l->status, sizeof(l->status));
    l->version = kc_pg_int(r, row, 1);
    kc_pg_copy(r, row, 2, l->template_id, sizeof(l->template_id));
    l->approach_version = kc_pg_int(r, row, 3);
    kc_pg_copy(r, row, 4, l->starts_on, sizeof(l->starts_on));
    kc_pg_copy(r, row, 5, l->ends_on, sizeof(l->ends_on));
}

kc_status programme_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                              programme_lock *out, kc_problem *pb)
{
    static const char sql[] = "SELECT p.status, p.version, p.template_id, p.approach_version,\n"
                              "       p.starts_on::text, p.ends_on::text\n"
                              "  FROM programmes.programmes p\n"
                              " WHERE p.tenant_id = $1\n"
                              "   AND p.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "programmes_programme_lock", sql, 2, params, lock_from_row, out, pb,
                     "programme %s not found", id);
}

kc_status programme_repo_set_template(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      const char *template_id, kc_problem *pb)
{
    static const char sql[] = "UPDATE programmes.programmes\n"
                              "   SET template_id = $3\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2\n"
                              "RETURNING id";
    const char *params[3] = {tenant_id, id, template_id};

    return kc_pg_one(conn, "programmes_programme_set_template", sql, 3, params, NULL, NULL, pb,
                     "programme %s not found", id);
}

static void version_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

kc_status programme_repo_move(kc_db_conn *conn, const char *tenant_id, const char *id,
                              const char *from, const char *to, const char *reason, const char *sub,
                              int *version, kc_problem *pb)
{
    static const char move_sql[] = "UPDATE programmes.programmes\n"
                                   "   SET status = $3,\n"
                                   "       status_reason = $4,\n"
                                   "       version = version + 1,\n"
                                   "       updated_at = now()\n"
                                   " WHERE tenant_id = $1\n"
                                   "   AND id = $2\n"
                                   "RETURNING version";
    static const char log_sql[] =
        "INSERT INTO programmes.programme_status_changes\n"
        "       (id, tenant_id, programme_id, from_status, to_status, reason, changed_by)\n"
        "VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)";
    const char *move_params[4] = {tenant_id, id, to, reason};
    const char *log_params[6] = {tenant_id, id, from, to, reason, sub};
    kc_status st;

    st = kc_pg_one(conn, "programmes_programme_move", move_sql, 4, move_params, version_from_row,
                   version, pb, "programme %s not found", id);
    if (st == KC_OK)
        st = kc_db_exec(conn, "programmes_programme_move_log", log_sql, 6, log_params, NULL, pb);
    return st;
}

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

kc_status programme_repo_timeline(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  json_t **items, kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.programme_timeline(p.tenant_id, p.id)::text\n"
                              "  FROM programmes.programmes p\n"
                              " WHERE p.tenant_id = $1\n"
                              "   AND p.id = $2";
    const char *params[2] = {tenant_id, id};
    kc_status st;

    *items = NULL;
    st = kc_pg_one(conn, "programmes_programme_timeline", sql, 2, params, json_from_row, items, pb,
                   "programme %s not found", id);
    if (st == KC_OK && *items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}
