#include "koers/idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "koers/log.h"
#include "koers/pg.h"

static kc_status bad_schema(kc_problem *pb)
{
    kc_log(KC_LOG_ERROR, NULL, "idempotency: invalid schema name");
    return kc_problem_set(pb, KC_INTERNAL, "internal error");
}

/* See idempotency.h. A key used before for a different request (another
 * hash) is KC_INVALID. Nothing is looked up when idem->active is 0. */
kc_status kc_idem_lookup(kc_db_conn *conn, const char *schema, const kc_idem *idem, int *found,
                         int *http_status, json_t **body, kc_problem *pb)
{
    char name[96], sql[256];
    const char *params[2] = {idem->tenant_id, idem->key};
    PGresult *res = NULL;
    json_error_t jerr;
    kc_status st = KC_OK;

    *found = 0;
    *body = NULL;
    if (!idem->active)
        goto out;
    if (!kc_db_schema_valid(schema)) {
        st = bad_schema(pb);
        goto out;
    }
    snprintf(name, sizeof(name), "kc_idem_lookup_%s", schema);
    snprintf(sql, sizeof(sql),
             "SELECT request_hash, http_status, body::text FROM %s.idempotency_keys"
             " WHERE tenant_id = $1 AND key = $2",
             schema);
    st = kc_db_exec(conn, name, sql, 2, params, &res, pb);
    if (st != KC_OK || PQntuples(res) == 0)
        goto out;
    if (strcmp(PQgetvalue(res, 0, 0), idem->request_hash) != 0) {
        st = kc_problem_set(pb, KC_INVALID,
                            "the Idempotency-Key was already used for a different request");
        goto out;
    }
    *body = json_loads(PQgetvalue(res, 0, 2), JSON_DECODE_ANY, &jerr);
    if (*body == NULL) {
        kc_log(KC_LOG_ERROR, NULL, "idempotency: stored body unreadable: %s", jerr.text);
        st = kc_problem_set(pb, KC_INTERNAL, "internal error");
        goto out;
    }
    *http_status = atoi(PQgetvalue(res, 0, 1));
    *found = 1;
out:
    PQclear(res);
    return st;
}

/* See idempotency.h. body is borrowed. A concurrent request that stored the
 * same key first makes this KC_CONFLICT (unique violation); the caller may
 * roll back and answer with the stored one. */
kc_status kc_idem_store(kc_db_conn *conn, const char *schema, const kc_idem *idem, int http_status,
                        const json_t *body, kc_problem *pb)
{
    char name[96], sql[256], status_txt[16];
    char *json = NULL;
    kc_status st = KC_OK;

    if (!idem->active)
        goto out;
    if (!kc_db_schema_valid(schema)) {
        st = bad_schema(pb);
        goto out;
    }
    json = body != NULL ? json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY) : strdup("null");
    if (json == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "internal error");
        goto out;
    }
    snprintf(status_txt, sizeof(status_txt), "%d", http_status);
    snprintf(name, sizeof(name), "kc_idem_store_%s", schema);
    snprintf(sql, sizeof(sql),
             "INSERT INTO %s.idempotency_keys (tenant_id, key, request_hash, http_status, body)"
             " VALUES ($1, $2, $3, $4::int, $5::jsonb)",
             schema);
    {
        const char *params[5] = {idem->tenant_id, idem->key, idem->request_hash, status_txt, json};
        st = kc_db_exec(conn, name, sql, 5, params, NULL, pb);
    }
    if (st == KC_CONFLICT)
        kc_problem_set(pb, KC_CONFLICT, "a request with this Idempotency-Key is in progress");
out:
    free(json);
    return st;
}

/* Looks the key up and opens its stored answer with the codec; *found = 1
 * with *body (new reference) when the key was used before for this
 * request. The stored status is not needed: kc_idem_create keeps 201s. */
static kc_status idem_replay(kc_db_conn *conn, const char *schema, const kc_idem *idem,
                             const kc_idem_codec *codec, int *found, json_t **body, kc_problem *pb)
{
    json_t *stored = NULL;
    int http_status = 0;
    kc_status st;

    *body = NULL;
    st = kc_idem_lookup(conn, schema, idem, found, &http_status, &stored, pb);
    if (st != KC_OK || !*found)
        goto out;
    if (codec == NULL || codec->open == NULL) {
        *body = stored;
        stored = NULL;
        goto out;
    }
    st = codec->open(idem->tenant_id, stored, body, pb);
    if (st == KC_OK && *body == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st != KC_OK) {
        json_decref(*body);
        *body = NULL;
    }
out:
    json_decref(stored);
    return st;
}

/* See idempotency.h. */
kc_status kc_idem_create(kc_db_conn *conn, const char *schema, const kc_idem *idem,
                         const kc_idem_codec *codec, kc_idem_create_fn fn, void *arg, json_t **body,
                         int *replayed, kc_problem *pb)
{
    json_t *answer = NULL, *kept = NULL;
    int found = 0;
    kc_status st;

    *body = NULL;
    *replayed = 0;
    st = idem_replay(conn, schema, idem, codec, &found, body, pb);
    if (st != KC_OK || found) {
        *replayed = found;
        goto out;
    }
    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    st = fn(conn, arg, &answer, pb);
    if (st == KC_OK && answer == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st == KC_OK && idem->active && codec != NULL && codec->seal != NULL)
        st = codec->seal(idem->tenant_id, answer, &kept, pb);
    if (st == KC_OK)
        st = kc_idem_store(conn, schema, idem, 201, kept != NULL ? kept : answer, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    if (st == KC_CONFLICT && idem->active && answer != NULL) {
        /* the same key committed by a concurrent request: answer as it did
         * (or the creation itself conflicted, which the replay tells apart:
         * then the conflict stands) */
        kc_problem again;

        kc_db_rollback(conn);
        kc_problem_init(&again);
        st = idem_replay(conn, schema, idem, codec, &found, body, &again);
        if (st == KC_OK && !found) {
            st = KC_CONFLICT; /* pb still says which */
        } else if (pb != NULL) {
            kc_problem_clear(pb);
            *pb = again; /* the replay's answer (or why it cannot be given) */
            kc_problem_init(&again);
        }
        *replayed = st == KC_OK;
        kc_problem_clear(&again);
        goto out;
    }
    if (st != KC_OK) {
        kc_db_rollback(conn);
        goto out;
    }
    *body = answer;
    answer = NULL;
out:
    json_decref(kept);
    json_decref(answer);
    return st;
}

kc_status kc_idem_run(kc_db_pool *pool, const char *schema, const kc_idem *idem,
                      const kc_idem_codec *codec, kc_idem_create_fn fn, void *arg, json_t **body,
                      int *replayed, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *body = NULL;
    *replayed = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_idem_create(conn, schema, idem, codec, fn, arg, body, replayed, pb);
    kc_db_release(pool, conn);
    return st;
}
