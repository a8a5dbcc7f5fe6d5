#include "subscriptions/subscription_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"

void sub_repo_row_free(sub_repo_row *r)
{
    if (r == NULL)
        return;
    free(r->callback_url);
    free(r->auth_sealed);
    json_decref(r->kanalen);
    memset(r, 0, sizeof(*r));
}

kc_status sub_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *id,
                          const char *callback_url, const char *auth_sealed,
                          const char *auth_key_id, const json_t *kanalen, int signing,
                          const char *created_by, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO notifications.subscriptions\n"
        "       (id, tenant_id, callback_url, auth_sealed, auth_key_id, kanalen, signing, created_by)\n"
        "VALUES ($1::uuid, $2::uuid, $3, $4::bytea, $5, $6::jsonb, $7::boolean, $8)";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, id);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, callback_url);
    kc_params_text(&p, auth_sealed);
    kc_params_text(&p, auth_key_id);
    kc_params_json(&p, kanalen);
    kc_params_bool(&p, signing);
    kc_params_text(&p, created_by);
    return kc_pg_exec_params(conn, "notifications_sub_insert", sql, &p, pb);
}

static void row_from(const PGresult *r, int row, void *out)
{
    sub_repo_row *s = out;

    s->version = atoll(PQgetvalue(r, row, 0));
    s->callback_url = kc_pg_strdup(r, row, 1);
    s->auth_sealed = kc_pg_strdup(r, row, 2);
    kc_pg_copy(r, row, 3, s->auth_key_id, sizeof(s->auth_key_id));
    s->kanalen = kc_pg_json(r, row, 4);
    s->signing = kc_pg_bool(r, row, 5);
    s->active = kc_pg_bool(r, row, 6);
    s->failing = kc_pg_bool(r, row, 7);
    s->has_secret = kc_pg_bool(r, row, 8);
}

kc_status sub_repo_read(kc_db_conn *conn, const char *tenant_id, const char *id, int for_update,
                        sub_repo_row *out, kc_problem *pb)
{
    static const char sql[] = "SELECT s.version, s.callback_url, s.auth_sealed, s.auth_key_id,\n"
                              "       s.kanalen::text, s.signing, s.status = 'active',\n"
                              "       s.failing_since IS NOT NULL,\n"
                              "       EXISTS (SELECT 1\n"
                              "                 FROM notifications.subscription_secrets x\n"
                              "                WHERE x.subscription_id = s.id\n"
                              "                  AND x.valid_until IS NULL)\n"
                              "  FROM notifications.subscriptions s\n"
                              " WHERE s.tenant_id = $1::uuid\n"
                              "   AND s.id = $2::uuid";
    static const char sql_lock[] =
        "SELECT s.version, s.callback_url, s.auth_sealed, s.auth_key_id,\n"
        "       s.kanalen::text, s.signing, s.status = 'active',\n"
        "       s.failing_since IS NOT NULL,\n"
        "       EXISTS (SELECT 1\n"
        "                 FROM notifications.subscription_secrets x\n"
        "                WHERE x.subscription_id = s.id\n"
        "                  AND x.valid_until IS NULL)\n"
        "  FROM notifications.subscriptions s\n"
        " WHERE s.tenant_id = $1::uuid\n"
        "   AND s.id = $2::uuid\n"
        "   FOR UPDATE OF s";
    const char *params[2] = {tenant_id, id};
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = kc_pg_one(conn, for_update ? "notifications_sub_lock" : "notifications_sub_read",
                   for_update ? sql_lock : sql, 2, params, row_from, out, pb,
                   "abonnement %s not found", id);
    if (st == KC_OK &&
        (out->callback_url == NULL || out->auth_sealed == NULL || out->kanalen == NULL))
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

/* The wire form (without url) of a subscription row s, as SQL builds it. */
#define SUB_DOC_SQL                                                                                                  \
    "json_build_object(\n"                                                                                           \
    "           'id', s.id,\n"                                                                                       \
    "           'callbackUrl', s.callback_url,\n"                                                                    \
    "           'kanalen', s.kanalen,\n"                                                                             \
    "           'signing', s.signing,\n"                                                                             \
    "           'status', s.status,\n"                                                                               \
    "           'disabledReason', s.disabled_reason,\n"                                                              \
    "           'failingSince', to_char(s.failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n" \
    "           'createdAt', to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"       \
    "           'updatedAt', to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"

typedef struct doc_out {
    json_t *doc;
    long long version;
} doc_out;

static void doc_from(const PGresult *r, int row, void *out)
{
    doc_out *d = out;

    d->doc = kc_pg_json(r, row, 0);
    d->version = atoll(PQgetvalue(r, row, 1));
}

kc_status sub_repo_doc(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **doc,
                       long long *version, kc_problem *pb)
{
    static const char sql[] = "SELECT " SUB_DOC_SQL "::text, s.version\n"
                              "  FROM notifications.subscriptions s\n"
                              " WHERE s.tenant_id = $1::uuid\n"
                              "   AND s.id = $2::uuid";
    const char *params[2] = {tenant_id, id};
    doc_out d = {NULL, 0};
    kc_status st;

    st = kc_pg_one(conn, "notifications_sub_doc", sql, 2, params, doc_from, &d, pb,
                   "abonnement %s not found", id);
    if (st == KC_OK && d.doc == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    *doc = d.doc;
    *version = d.version;
    return st;
}

static void json_from(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

kc_status sub_repo_list(kc_db_conn *conn, const char *tenant_id, json_t **items, kc_problem *pb)
{
    static const char sql[] = "SELECT coalesce(json_agg(" SUB_DOC_SQL "\n"
                              "         ORDER BY s.created_at, s.id), '[]')::text\n"
                              "  FROM notifications.subscriptions s\n"
                              " WHERE s.tenant_id = $1::uuid";
    const char *params[1] = {tenant_id};
    kc_status st;

    *items = NULL;
    st = kc_pg_one(conn, "notifications_sub_list", sql, 1, params, json_from, items, pb,
                   "no answer");
    if (st == KC_OK && *items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

static void version_from(const PGresult *r, int row, void *out)
{
    *(long long *)out = atoll(PQgetvalue(r, row, 0));
}

kc_status sub_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                          const char *callback_url, const char *auth_sealed,
                          const char *auth_key_id, const json_t *kanalen, int signing,
                          const char *status, const char *reason, int enable, long long *version,
                          kc_problem *pb)
{
    static const char sql[] =
        "UPDATE notifications.subscriptions\n"
        "   SET callback_url = $3,\n"
        "       auth_sealed = coalesce($4::bytea, auth_sealed),\n"
        "       auth_key_id = coalesce($5, auth_key_id),\n"
        "       kanalen = $6::jsonb,\n"
        "       signing = $7::boolean,\n"
        "       status = $8,\n"
        "       disabled_reason = CASE WHEN $8 = 'active' THEN NULL ELSE coalesce($9, disabled_reason) END,\n"
        "       failing_since = CASE WHEN $10::boolean THEN NULL ELSE failing_since END,\n"
        "       version = version + 1,\n"
        "       updated_at = now()\n"
        " WHERE tenant_id = $1::uuid\n"
        "   AND id = $2::uuid\n"
        "RETURNING version";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    kc_params_text(&p, callback_url);
    kc_params_text(&p, auth_sealed);
    kc_params_text(&p, auth_sealed != NULL ? auth_key_id : NULL);
    kc_params_json(&p, kanalen);
    kc_params_bool(&p, signing);
    kc_params_text(&p, status);
    kc_params_text(&p, reason);
    kc_params_bool(&p, enable);
    *version = 0;
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, "notifications_sub_update", sql, kc_params_count(&p),
                       kc_params_values(&p), version_from, version, pb, "abonnement %s not found",
                       id);
    kc_params_free(&p);
    return st;
}

kc_status sub_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id, kc_problem *pb)
{
    static const char sql[] = "DELETE FROM notifications.subscriptions\n"
                              " WHERE tenant_id = $1::uuid\n"
                              "   AND id = $2::uuid\n"
                              "RETURNING id";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, "notifications_sub_delete", sql, 2, params, NULL, NULL, pb,
                     "abonnement %s not found", id);
}

kc_status sub_repo_cancel_open(kc_db_conn *conn, const char *tenant_id, const char *id, int *n,
                               kc_problem *pb)
{
    static const char sql[] = "WITH cancelled AS (\n"
                              "    UPDATE notifications.deliveries\n"
                              "       SET state = 'cancelled',\n"
                              "           finished_at = now(),\n"
                              "           lease_until = NULL,\n"
                              "           leased_by = NULL\n"
                              "     WHERE tenant_id = $1::uuid\n"
                              "       AND subscription_id = $2::uuid\n"
                              "       AND state IN ('pending', 'retrying')\n"
                              " RETURNING 1)\n"
                              "SELECT count(*)::integer\n"
                              "  FROM cancelled";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    return kc_pg_one_int(conn, "notifications_sub_cancel_open", sql, &p, n, pb);
}

kc_status sub_repo_secret_insert(kc_db_conn *conn, const char *tenant_id, const char *secret_id,
                                 const char *subscription_id, const char *sealed,
                                 const char *key_id, kc_problem *pb)
{
    static const char sql[] = "INSERT INTO notifications.subscription_secrets\n"
                              "       (id, tenant_id, subscription_id, secret_sealed, key_id)\n"
                              "VALUES ($1::uuid, $2::uuid, $3::uuid, $4::bytea, $5)";
    kc_params p;

    kc_params_init(&p);
    kc_params_text(&p, secret_id);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    kc_params_text(&p, sealed);
    kc_params_text(&p, key_id);
    return kc_pg_exec_params(conn, "notifications_sub_secret_insert", sql, &p, pb);
}

kc_status sub_repo_secret_retire(kc_db_conn *conn, const char *tenant_id,
                                 const char *subscription_id, long long overlap_s,
                                 char previous_valid_until[40], kc_problem *pb)
{
    static const char expire[] = "UPDATE notifications.subscription_secrets\n"
                                 "   SET valid_until = now()\n"
                                 " WHERE tenant_id = $1::uuid\n"
                                 "   AND subscription_id = $2::uuid\n"
                                 "   AND valid_until > now()";
    static const char retire[] = "UPDATE notifications.subscription_secrets\n"
                                 "   SET valid_until = now() + make_interval(secs => $3::integer)\n"
                                 " WHERE tenant_id = $1::uuid\n"
                                 "   AND subscription_id = $2::uuid\n"
                                 "   AND valid_until IS NULL\n"
                                 "RETURNING valid_until";
    kc_params p;
    PGresult *res = NULL;
    kc_status st;

    previous_valid_until[0] = '\0';
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    st = kc_pg_exec_params(conn, "notifications_sub_secret_expire", expire, &p, pb);
    if (st != KC_OK)
        return st;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, subscription_id);
    kc_params_int(&p, overlap_s);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, "notifications_sub_secret_retire", retire, kc_params_count(&p),
                        kc_params_values(&p), &res, pb);
    if (st == KC_OK && PQntuples(res) > 0)
        kc_pg_copy(res, 0, 0, previous_valid_until, 40);
    PQclear(res);
    kc_params_free(&p);
    return st;
}

static void secret_from(const PGresult *r, int row, void *item)
{
    sub_repo_secret *s = item;

    kc_pg_copy(r, row, 0, s->id, sizeof(s->id));
    s->sealed = kc_pg_strdup(r, row, 1);
    kc_pg_copy(r, row, 2, s->key_id, sizeof(s->key_id));
}

kc_status sub_repo_secrets_valid(kc_db_conn *conn, const char *tenant_id,
                                 const char *subscription_id, sub_repo_secret **secrets, size_t *n,
                                 kc_problem *pb)
{
    static const char sql[] = "SELECT id, secret_sealed, key_id\n"
                              "  FROM notifications.subscription_secrets\n"
                              " WHERE tenant_id = $1::uuid\n"
                              "   AND subscription_id = $2::uuid\n"
                              "   AND (valid_until IS NULL OR valid_until > now())\n"
                              " ORDER BY valid_until IS NULL DESC, created_at DESC, id\n"
                              " LIMIT 2";
    const char *params[2] = {tenant_id, subscription_id};
    void *items = NULL;
    kc_status st;
    size_t i;

    st = kc_pg_rows(conn, "notifications_sub_secrets_valid", sql, 2, params, 2,
                    sizeof(sub_repo_secret), secret_from, &items, n, NULL, pb);
    *secrets = items;
    for (i = 0; st == KC_OK && i < *n; i++)
        if ((*secrets)[i].sealed == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}
