#include "subscriptions/kanaal_repo.h"

#include "koers/pg.h"

static void json_from(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

kc_status kanaal_repo_list(kc_db_conn *conn, const char *naam, json_t **items, kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(json_agg(json_build_object(\n"
                              "           'id', k.id,\n"
                              "           'naam', k.naam,\n"
                              "           'documentatieLink', k.documentatie_link,\n"
                              "           'filters', to_json(k.filters),\n"
                              "           'description', k.description)\n"
                              "         ORDER BY k.naam), '[]')::text\n"
                              "  FROM notifications.kanalen k\n"
                              " WHERE ($1::text IS NULL OR k.naam = $1::text)";
    const char *params[1] = {naam};
    kc_status st;

    *items = NULL;
    st = kc_pg_one(conn, "notifications_kanaal_list", sql, 1, params, json_from, items, pb,
                   "no answer");
    if (st == KC_OK && *items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

kc_status kanaal_repo_get(kc_db_conn *conn, const char *id, json_t **doc, kc_problem *pb)
{
    static const char sql[] = "SELECT json_build_object(\n"
                              "           'id', k.id,\n"
                              "           'naam', k.naam,\n"
                              "           'documentatieLink', k.documentatie_link,\n"
                              "           'filters', to_json(k.filters),\n"
                              "           'description', k.description)::text\n"
                              "  FROM notifications.kanalen k\n"
                              " WHERE k.id = $1::uuid";
    const char *params[1] = {id};
    kc_status st;

    *doc = NULL;
    st = kc_pg_one(conn, "notifications_kanaal_get", sql, 1, params, json_from, doc, pb,
                   "kanaal %s not found", id);
    if (st == KC_OK && *doc == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}
