#include "koers/event_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "koers/pg.h"
#include "koers/validate.h"

#define EVENT_LOG_MAX_LIMIT 1000

kc_status kc_event_log_page(kc_db_conn *conn, const char *schema, const char *tenant_id,
                            long long after_seq, int limit, kc_event_log_entry **items, size_t *n,
                            int *has_more, kc_problem *pb)
{
    char name[96], sql[512], after[24], lim[16];
    const char *params[3];
    PGresult *res = NULL;
    kc_event_log_entry *list = NULL;
    int rows, take, i;
    kc_status st = KC_OK;

    *items = NULL;
    *n = 0;
    *has_more = 0;
    if (!kc_db_schema_valid(schema) || tenant_id == NULL || !kc_is_uuid(tenant_id) || limit < 1 ||
        limit > EVENT_LOG_MAX_LIMIT || after_seq < 0) {
        st = kc_problem_set(pb, KC_INVALID, "event log: bad schema, tenant, position or limit");
        goto out;
    }
    snprintf(name, sizeof(name), "kc_event_log_%s", schema);
    snprintf(sql, sizeof(sql),
             "SELECT seq, event_id, type, subject, data::text, created_at, published_at"
             " FROM %s.outbox WHERE tenant_id = $1::uuid AND seq > $2::bigint"
             " ORDER BY seq LIMIT $3::integer",
             schema);
    snprintf(after, sizeof(after), "%lld", after_seq);
    snprintf(lim, sizeof(lim), "%d", limit + 1);
    params[0] = tenant_id;
    params[1] = after;
    params[2] = lim;
    st = kc_db_exec(conn, name, sql, 3, params, &res, pb);
    if (st != KC_OK)
        goto out;
    rows = PQntuples(res);
    take = rows > limit ? limit : rows;
    if (take > 0) {
        list = calloc((size_t)take, sizeof(*list));
        if (list == NULL) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    }
    for (i = 0; i < take; i++) {
        kc_event_log_entry *e = &list[i];
        e->seq = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        kc_pg_copy(res, i, 1, e->id, sizeof(e->id));
        e->type = kc_pg_strdup(res, i, 2);
        e->subject = kc_pg_strdup(res, i, 3);
        e->data = kc_pg_json(res, i, 4);
        kc_pg_copy(res, i, 5, e->created_at, sizeof(e->created_at));
        kc_pg_copy(res, i, 6, e->published_at, sizeof(e->published_at));
        if (e->type == NULL || e->subject == NULL) {
            kc_event_log_free(list, (size_t)i + 1);
            list = NULL;
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    }
    *items = list;
    *n = (size_t)take;
    *has_more = rows > limit;
    list = NULL;
out:
    PQclear(res);
    return st;
}

void kc_event_log_free(kc_event_log_entry *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++) {
        free(items[i].type);
        free(items[i].subject);
        json_decref(items[i].data);
    }
    free(items);
}

json_t *kc_event_log_entry_to_json(const kc_event_log_entry *e)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:O, s:s, s:s}", "seq", (json_int_t)e->seq, "id", e->id,
                     "type", e->type ? e->type : "", "subject", e->subject ? e->subject : "",
                     "data", e->data != NULL ? e->data : json_null(), "createdAt", e->created_at,
                     "publishedAt", e->published_at);
}
