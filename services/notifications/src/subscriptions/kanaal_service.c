#include "subscriptions/kanaal_service.h"

#include <stdio.h>
#include "subscriptions/kanaal_repo.h"
#include "subscriptions/wire_list.h"

/* The wire form of a kanaal row (borrowed): url first, links absolute. */
static json_t *wire(const char *base, json_t *row)
{
    char url[512], doc[512];

    snprintf(url, sizeof(url), "%s/notifications/v1/kanaal/%s", base,
             json_string_value(json_object_get(row, "id")));
    snprintf(doc, sizeof(doc), "%s%s", base,
             json_string_value(json_object_get(row, "documentatieLink")));
    return json_pack("{s:s,s:O,s:s,s:O,s:O}", "url", url, "naam", json_object_get(row, "naam"),
                     "documentatieLink", doc, "filters", json_object_get(row, "filters"),
                     "description", json_object_get(row, "description"));
}

kc_status kanaal_service_list(kc_db_pool *pool, const char *base, const char *naam, json_t **items,
                              kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *rows = NULL;
    kc_status st;

    *items = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kanaal_repo_list(conn, naam, &rows, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK)
        st = wire_list_map(base, rows, wire, items, pb);
    json_decref(rows);
    return st;
}

kc_status kanaal_service_get(kc_db_pool *pool, const char *base, const char *id, json_t **doc,
                             kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *row = NULL;
    kc_status st;

    *doc = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kanaal_repo_get(conn, id, &row, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK && (*doc = wire(base, row)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    json_decref(row);
    return st;
}
