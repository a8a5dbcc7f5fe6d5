#include "monitor/monitor_repo.h"

#include "koers/pg.h"

static void doc_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

kc_status monitor_repo_doc(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                           const char *from_day, const char *to_day, json_t **doc, kc_problem *pb)
{
    static const char sql[] = "SELECT d\n"
                              "  FROM programmes.programme_monitor($1, $2, $3::date, $4::date) d\n"
                              " WHERE d IS NOT NULL";
    const char *params[4] = {tenant_id, programme_id, from_day, to_day};
    kc_status st;

    *doc = NULL;
    st = kc_pg_one(conn, "programmes_monitor_doc", sql, 4, params, doc_from_row, doc, pb,
                   "programme %s not found", programme_id);
    if (st == KC_OK && *doc == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "the monitor of programme %s is not JSON",
                            programme_id);
    return st;
}
