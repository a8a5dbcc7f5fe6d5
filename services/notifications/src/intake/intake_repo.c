#include "intake/intake_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

static void seq_from_row(const PGresult *r, int row, void *item)
{
    *(long long *)item = strtoll(PQgetvalue(r, row, 0), NULL, 10);
}

kc_status intake_repo_message_add(kc_db_conn *conn, const intake_message_in *m, long long *seq,
                                  kc_problem *pb)
{
    /* The tenant's messages take their seq one transaction at a time (the
     * lock is held until the commit, and seq is drawn after it), so seq
     * order is commit order within a tenant: a pull that asks for what
     * comes after the last seq it saw never misses a message that a
     * slower transaction was still writing. */
    static const char sql[] =
        "WITH turn AS (SELECT pg_advisory_xact_lock(2013, hashtext($2)))\n"
        "INSERT INTO notifications.messages (id, tenant_id, source, event_type, kanaal, order_key, body)\n"
        "SELECT $1::uuid, $2::uuid, $3, $4, $5, $6, $7\n"
        "  FROM turn\n"
        "    ON CONFLICT (id) DO NOTHING\n"
        "RETURNING seq";
    kc_params p;
    void *rows = NULL;
    size_t n = 0;
    kc_status st;

    *seq = 0;
    kc_params_init(&p);
    kc_params_text(&p, m->id);
    kc_params_text(&p, m->tenant_id);
    kc_params_text(&p, m->source);
    kc_params_text(&p, m->event_type);
    kc_params_text(&p, m->kanaal);
    kc_params_text(&p, m->order_key);
    kc_params_text(&p, m->body);
    st = kc_pg_rows(conn, "notifications_intake_message_add", sql, kc_params_count(&p),
                    kc_params_values(&p), 1, sizeof(long long), seq_from_row, &rows, &n, NULL, pb);
    if (st == KC_OK && n == 1)
        *seq = *(long long *)rows;
    free(rows);
    kc_params_free(&p);
    return st;
}

static void subscription_from_row(const PGresult *r, int row, void *item)
{
    intake_subscription *s = item;

    kc_pg_copy(r, row, 0, s->id, sizeof(s->id));
    s->kanalen = kc_pg_json(r, row, 1);
}

kc_status intake_repo_subscriptions(kc_db_conn *conn, const char *tenant_id, const char *kanaal,
                                    intake_subscription **items, size_t *n, kc_problem *pb)
{
    /* FOR SHARE: a subscription disabled meanwhile (410 Gone, or by hand)
     * either waits for this intake to commit, and then cancels the
     * delivery added here, or has committed, and then is re-read as
     * disabled and gets none: never a pending delivery left behind for a
     * disabled subscription */
    static const char sql[] = "SELECT id, kanalen::text\n"
                              "  FROM notifications.subscriptions\n"
                              " WHERE tenant_id = $1::uuid\n"
                              "   AND status = 'active'\n"
                              "   AND kanalen @> $2::jsonb\n"
                              " ORDER BY created_at, id\n"
                              "   FOR SHARE";
    json_t *wanted = json_pack("[{s:s}]", "naam", kanaal);
    kc_params p;
    void *rows = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_json(&p, wanted);
    st =
        wanted != NULL ? kc_params_check(&p, pb) : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st == KC_OK)
        st = kc_pg_rows(conn, "notifications_intake_subscriptions", sql, kc_params_count(&p),
                        kc_params_values(&p), -1, sizeof(intake_subscription),
                        subscription_from_row, &rows, n, NULL, pb);
    *items = rows;
    kc_params_free(&p);
    json_decref(wanted);
    return st;
}

void intake_subscriptions_free(intake_subscription *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        json_decref(items[i].kanalen);
    free(items);
}

/* "{id,id,...}": a uuid[] literal of ids (checked UUIDs: nothing to
 * quote). A new string; NULL when out of memory. */
static char *uuid_array(const char *const *ids, size_t n)
{
    char *text = malloc(n * 37 + 3);
    size_t i, at = 0;

    if (text == NULL)
        return NULL;
    text[at++] = '{';
    for (i = 0; i < n; i++) {
        if (i > 0)
            text[at++] = ',';
        memcpy(text + at, ids[i], 36);
        at += 36;
    }
    text[at++] = '}';
    text[at] = '\0';
    return text;
}

kc_status intake_repo_deliveries_add(kc_db_conn *conn, const char *tenant_id, long long seq,
                                     const char *order_key, const char *const *subscription_ids,
                                     size_t n, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO notifications.deliveries (id, tenant_id, subscription_id, message_seq, order_key)\n"
        "SELECT gen_random_uuid(), $1::uuid, s.id, $2::bigint, $3\n"
        "  FROM unnest($4::uuid[]) AS s (id)";
    char *ids = NULL;
    kc_params p;
    size_t i;
    kc_status st;

    if (n == 0)
        return KC_OK;
    for (i = 0; i < n; i++)
        if (strlen(subscription_ids[i]) != 36)
            return kc_problem_set(pb, KC_INTERNAL, "deliveries: a subscription id is no UUID");
    ids = uuid_array(subscription_ids, n);
    if (ids == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_int(&p, seq);
    kc_params_text(&p, order_key);
    kc_params_text(&p, ids);
    st = kc_pg_exec_params(conn, "notifications_intake_deliveries_add", sql, &p, pb);
    free(ids);
    return st;
}

static void pulled_from_row(const PGresult *r, int row, void *item)
{
    intake_pulled *m = item;

    m->seq = strtoll(PQgetvalue(r, row, 0), NULL, 10);
    kc_pg_copy(r, row, 1, m->id, sizeof(m->id));
    m->body = kc_pg_strdup(r, row, 2);
}

kc_status intake_repo_pull(kc_db_conn *conn, const char *tenant_id, long long after, int limit,
                           const char *kanaal, intake_pulled **items, size_t *n, int *more,
                           kc_problem *pb)
{
    static const char sql[] = "SELECT seq, id, body\n"
                              "  FROM notifications.messages\n"
                              " WHERE tenant_id = $1::uuid\n"
                              "   AND seq > $2::bigint\n"
                              "   AND ($3::text IS NULL OR kanaal = $3::text)\n"
                              " ORDER BY seq\n"
                              " LIMIT $4::integer";
    kc_params p;
    void *rows = NULL;
    size_t i;
    kc_status st;

    *items = NULL;
    *n = 0;
    *more = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_int(&p, after);
    kc_params_text(&p, kanaal);
    kc_params_int(&p, (long long)limit + 1);
    st = kc_pg_rows(conn, "notifications_intake_pull", sql, kc_params_count(&p),
                    kc_params_values(&p), limit, sizeof(intake_pulled), pulled_from_row, &rows, n,
                    more, pb);
    kc_params_free(&p);
    for (i = 0; st == KC_OK && i < *n; i++)
        if (((intake_pulled *)rows)[i].body == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st != KC_OK) {
        intake_pulled_free(rows, *n);
        rows = NULL;
        *n = 0;
    }
    *items = rows;
    return st;
}

void intake_pulled_free(intake_pulled *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        free(items[i].body);
    free(items);
}
