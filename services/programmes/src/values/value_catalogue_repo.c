#include "values/value_catalogue_repo.h"

#include <stdlib.h>
#include "koers/params.h"
#include "koers/pg.h"

kc_status value_catalogue_repo_upsert(kc_db_conn *conn, const char *tenant_id, const char *value_id,
                                      const char *name, const char *active, const char *event_id,
                                      kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.value_catalogue (tenant_id, value_id, name, active, event_id)\n"
        "VALUES ($1, $2::uuid, $3, $4::boolean, $5)\n"
        "    ON CONFLICT (tenant_id, value_id) DO UPDATE\n"
        "   SET name = EXCLUDED.name,\n"
        "       active = EXCLUDED.active,\n"
        "       event_id = EXCLUDED.event_id,\n"
        "       updated_at = now()";
    const char *params[5] = {tenant_id, value_id, name, active, event_id};

    return kc_db_exec(conn, "programmes_catalogue_upsert", sql, 5, params, NULL, pb);
}

kc_status value_catalogue_repo_deactivate(kc_db_conn *conn, const char *tenant_id,
                                          const char *value_id, const char *event_id,
                                          kc_problem *pb)
{
    static const char sql[] = "UPDATE programmes.value_catalogue\n"
                              "   SET active = false,\n"
                              "       event_id = $3,\n"
                              "       updated_at = now()\n"
                              " WHERE tenant_id = $1\n"
                              "   AND value_id = $2::uuid";
    const char *params[3] = {tenant_id, value_id, event_id};

    return kc_db_exec(conn, "programmes_catalogue_deactivate", sql, 3, params, NULL, pb);
}

kc_status value_catalogue_repo_promotion(kc_db_conn *conn, const char *tenant_id,
                                         const char *session_id, const char *value_id,
                                         const char *name, const char *event_id, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.brainstorm_promotions (tenant_id, session_id, value_id, name,\n"
        "                                              event_id)\n"
        "VALUES ($1, $2::uuid, $3::uuid, $4, $5)\n"
        "    ON CONFLICT (tenant_id, session_id, value_id) DO NOTHING";
    const char *params[5] = {tenant_id, session_id, value_id, name, event_id};

    return kc_db_exec(conn, "programmes_promotion_insert", sql, 5, params, NULL, pb);
}

typedef struct catalogue_row {
    json_t *doc;
} catalogue_row;

enum { COL_ID, COL_KEY, COL_DOC };

static void catalogue_from_row(const PGresult *r, int row, void *item)
{
    ((catalogue_row *)item)->doc = kc_pg_json(r, row, COL_DOC);
}

kc_status value_catalogue_repo_list(kc_db_conn *conn, const char *tenant_id, const char *active,
                                    const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                    kc_problem *pb)
{
    static const char sql[] =
        "SELECT c.value_id, c.created_at::text,\n"
        "       json_build_object('valueId', c.value_id, 'name', c.name,\n"
        "                         'active', c.active)::text\n"
        "  FROM programmes.value_catalogue c\n"
        " WHERE c.tenant_id = $1\n"
        "   AND ($2::boolean IS NULL OR c.active = $2::boolean)\n"
        "   AND ($3::timestamptz IS NULL OR (c.created_at, c.value_id) > ($3::timestamptz, $4::uuid))\n"
        " ORDER BY c.created_at, c.value_id\n"
        " LIMIT $5";
    char limit[16];
    catalogue_row *rows = NULL;
    size_t n = 0, i;
    kc_params p;
    kc_status st;

    *items = NULL;
    kc_pg_page_limit(page, limit, sizeof(limit));
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, active);
    kc_params_text(&p, page->after_key);
    kc_params_text(&p, page->after_id);
    kc_params_text(&p, limit);
    st = kc_pg_list(conn, "programmes_catalogue_list", sql, kc_params_count(&p),
                    kc_params_values(&p), page, COL_KEY, sizeof(catalogue_row), catalogue_from_row,
                    (void **)&rows, &n, next, pb);
    if (st == KC_OK) {
        *items = json_array();
        for (i = 0; *items != NULL && i < n; i++) {
            if (rows[i].doc == NULL || json_array_append(*items, rows[i].doc) != 0) {
                json_decref(*items);
                *items = NULL;
            }
        }
        if (*items == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    for (i = 0; i < n; i++)
        json_decref(rows[i].doc);
    free(rows);
    kc_params_free(&p);
    return st;
}
