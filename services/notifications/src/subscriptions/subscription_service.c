#include "subscriptions/subscription_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>
#include "koers/outbox.h"
#include "koers/validate.h"
#include "notifications.h"
#include "delivery/secret_box.h"
#include "delivery/signature.h"
#include "delivery/url_safety.h"
#include "delivery/backoff.h"
#include "delivery/webhook.h"
#include "subscriptions/kanaal_repo.h"
#include "subscriptions/subscription_creds.h"
#include "subscriptions/subscription_repo.h"
#include "subscriptions/subscription_rules.h"
#include "subscriptions/wire_list.h"

#define IDEM_ROW "abonnement-idempotency"

static void wipe(char *s, size_t n)
{
    OPENSSL_cleanse(s, n);
}

/* The wire form of a row's document doc (stolen): url first, then every
 * member but the id. NULL when out of memory. */
static json_t *wire(const char *base, json_t *doc)
{
    const char *id = json_string_value(json_object_get(doc, "id"));
    json_t *out = NULL;
    char url[512];

    if (id != NULL) {
        snprintf(url, sizeof(url), "%s/notifications/v1/abonnement/%s", base, id);
        out = json_pack("{s:s}", "url", url);
    }
    if (out != NULL && (json_object_del(doc, "id") != 0 || json_object_update(out, doc) != 0)) {
        json_decref(out);
        out = NULL;
    }
    json_decref(doc);
    return out;
}

/* wire of a list's row (borrowed: wire_list_fn). */
static json_t *wire_row(const char *base, json_t *row)
{
    return wire(base, json_incref(row));
}

/* The rules' catalogue of kanalen. */
static kc_status catalogue(kc_db_pool *pool, json_t **cat, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *cat = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kanaal_repo_list(conn, NULL, cat, pb);
    kc_db_release(pool, conn);
    return st;
}

/* POSTs the test message to url with auth, signed with the secrets given:
 * KC_OK on a 2xx, else KC_INVALID naming callbackUrl and why. */
static kc_status try_callback(const char *base, const char *url, const char *auth,
                              const char *const *secrets, size_t nsecrets, kc_problem *pb)
{
    webhook_request rq;
    webhook_result res;
    char now[32], id[37], why[200];
    struct tm tm;
    time_t t = time(NULL);
    char *body = NULL;
    kc_status st;

    gmtime_r(&t, &tm);
    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
    st = kc_uuid_v4(id);
    if (st == KC_OK) {
        body = sub_rules_test_message(base, now);
        if (body == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    if (st != KC_OK)
        goto out;
    memset(&rq, 0, sizeof(rq));
    memset(&res, 0, sizeof(res));
    rq.url = url;
    rq.authorization = auth;
    rq.message_id = id;
    rq.timestamp = (long long)t;
    rq.body = body;
    rq.body_len = strlen(body);
    rq.secrets = secrets;
    rq.nsecrets = nsecrets;
    rq.timeout_s = backoff_timeout_s(); /* as every delivery */
    st = webhook_send(&rq, &res);
    if (st != KC_OK) {
        st = kc_problem_set(pb, st, "the test message could not be sent");
        goto out;
    }
    if (!sub_rules_test_accepted(&res, rq.timeout_s, why, sizeof(why))) {
        kc_problem_add_field(pb, "callbackUrl", why);
        st = kc_problem_set(pb, KC_INVALID, "the callback did not accept the test message");
    }
out:
    free(body);
    return st;
}

/* 1 when the callback URL may be called, else a fault naming it. */
static int callback_safe(const char *url, kc_problem *pb)
{
    char why[160];

    if (url_safety_check(url, why, sizeof(why)) == KC_OK)
        return 1;
    kc_problem_add_field(pb, "callbackUrl", why);
    return 0;
}

/* The end of a check: KC_INVALID when a fault was named. */
static kc_status faults(kc_problem *pb)
{
    if (pb->invalid_params != NULL && json_array_size(pb->invalid_params) > 0)
        return kc_problem_set(pb, KC_INVALID, "the abonnement is not valid");
    return KC_OK;
}

/* A new signing secret sealed for (tenant_id, a new row id). */
typedef struct new_secret {
    char plain[SIGNATURE_SECRET_MAX];
    char id[37];
    char *sealed;
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1];
} new_secret;

static void new_secret_free(new_secret *s)
{
    wipe(s->plain, sizeof(s->plain));
    free(s->sealed);
    s->sealed = NULL;
}

static kc_status new_secret_make(new_secret *s, kc_problem *pb)
{
    memset(s, 0, sizeof(*s));
    if (signature_secret_new(s->plain) != KC_OK || kc_uuid_v4(s->id) != KC_OK)
        return kc_problem_set(pb, KC_INTERNAL, "no randomness");
    return KC_OK;
}

static kc_status new_secret_store(kc_db_conn *conn, const char *tenant_id,
                                  const char *subscription_id, new_secret *s, kc_problem *pb)
{
    if (secret_box_seal(tenant_id, s->id, s->plain, &s->sealed, s->key_id) != KC_OK)
        return kc_problem_set(pb, KC_INTERNAL, "a secret could not be sealed");
    return sub_repo_secret_insert(conn, tenant_id, s->id, subscription_id, s->sealed, s->key_id,
                                  pb);
}

/* The event of a change (ids, reason only). */
static kc_status event(kc_db_conn *conn, const char *type, const char *tenant_id, const char *id,
                       const char *reason, kc_problem *pb)
{
    json_t *data = reason != NULL ? json_pack("{s:s,s:s}", "id", id, "reason", reason)
                                  : json_pack("{s:s}", "id", id);
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, NOTIFICATIONS_SCHEMA, type, tenant_id, id, data, pb);
    json_decref(data);
    return st;
}

/* ---- create ---- */

/* Replayed answers hold the secret shown once: kept sealed. */
static kc_status idem_seal(const char *tenant_id, const json_t *answer, json_t **stored,
                           kc_problem *pb)
{
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1];
    char *text = json_dumps(answer, JSON_COMPACT | JSON_PRESERVE_ORDER), *hex = NULL;
    kc_status st = KC_INTERNAL;

    *stored = NULL;
    if (text != NULL && secret_box_seal(tenant_id, IDEM_ROW, text, &hex, key_id) == KC_OK) {
        *stored = json_pack("{s:s,s:s}", "sealed", hex, "keyId", key_id);
        st = *stored != NULL ? KC_OK : KC_INTERNAL;
    }
    if (text != NULL)
        wipe(text, strlen(text));
    free(text);
    free(hex);
    return st == KC_OK ? KC_OK : kc_problem_set(pb, st, "the answer could not be kept");
}

static kc_status idem_open(const char *tenant_id, json_t *stored, json_t **answer, kc_problem *pb)
{
    char *text = NULL;
    kc_status st;

    *answer = NULL;
    st = secret_box_open(tenant_id, IDEM_ROW, json_string_value(json_object_get(stored, "sealed")),
                         json_string_value(json_object_get(stored, "keyId")), &text);
    if (st == KC_OK)
        *answer = json_loads(text, 0, NULL);
    if (text != NULL)
        wipe(text, strlen(text));
    free(text);
    if (*answer == NULL)
        return kc_problem_set(pb, KC_CONFLICT,
                              "the first answer to this Idempotency-Key can no longer be read");
    return KC_OK;
}

static const kc_idem_codec idem_codec = {idem_seal, idem_open};

/* A repeated Idempotency-Key is answered before the test message goes. */
static kc_status earlier_answer(kc_db_pool *pool, const kc_idem *idem, json_t **answer,
                                kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *stored = NULL;
    int found = 0, status = 0;
    kc_status st;

    *answer = NULL;
    if (!idem->active)
        return KC_OK;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_idem_lookup(conn, NOTIFICATIONS_SCHEMA, idem, &found, &status, &stored, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK && found)
        st = idem_open(idem->tenant_id, stored, answer, pb);
    json_decref(stored);
    return st;
}

typedef struct create_job {
    const kc_principal *p;
    const char *base;
    char id[37];
    const char *callback_url;
    const char *auth;
    json_t *kanalen;
    int signing;
    new_secret secret;
} create_job;

static kc_status create_in(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    create_job *job = arg;
    const char *tenant = job->p->tenant_id;
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1];
    char *hex = NULL;
    json_t *doc = NULL;
    long long version = 0;
    kc_status st;

    *answer = NULL;
    if (secret_box_seal(tenant, job->id, job->auth, &hex, key_id) != KC_OK) {
        st = kc_problem_set(pb, KC_INTERNAL, "the auth value could not be sealed");
        goto out;
    }
    st = sub_repo_insert(conn, tenant, job->id, job->callback_url, hex, key_id, job->kanalen,
                         job->signing, job->p->subject, pb);
    if (st == KC_OK && job->signing)
        st = new_secret_store(conn, tenant, job->id, &job->secret, pb);
    if (st == KC_OK)
        st = event(conn, "subscription.created", tenant, job->id, NULL, pb);
    if (st == KC_OK)
        st = sub_repo_doc(conn, tenant, job->id, &doc, &version, pb);
    if (st == KC_OK) {
        *answer = wire(job->base, doc);
        doc = NULL;
        if (*answer != NULL && job->signing &&
            json_object_set_new(*answer, "secret", json_string(job->secret.plain)) != 0) {
            json_decref(*answer);
            *answer = NULL;
        }
        if (*answer == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
out:
    json_decref(doc);
    free(hex);
    return st;
}

static const kc_field create_fields[] = {
    {.name = "callbackUrl", .type = KC_T_STRING, .required = 1, .min_len = 8, .max_len = 2000},
    {.name = "auth", .type = KC_T_STRING, .required = 1},
    {.name = "kanalen", .type = KC_T_ARRAY, .item_type = KC_T_OBJECT, .required = 1},
    {.name = "signing", .type = KC_T_BOOL},
    {.name = "url", .type = KC_T_STRING}, /* an NRC client may send it back; ignored */
};

kc_status abonnement_service_create(kc_db_pool *pool, const kc_principal *p, const char *base,
                                    const kc_idem *idem, const json_t *body, json_t **answer,
                                    long long *version, int *replayed, kc_problem *pb)
{
    create_job job;
    json_t *cat = NULL;
    const char *secrets[1];
    kc_status st;

    memset(&job, 0, sizeof(job));
    *answer = NULL;
    *version = 1;
    *replayed = 0;
    st = kc_validate_json(body, create_fields, KC_NELEMS(create_fields), pb);
    if (st == KC_BAD_REQUEST)
        return st;
    job.p = p;
    job.base = base;
    job.callback_url = json_string_value(json_object_get(body, "callbackUrl"));
    job.auth = json_string_value(json_object_get(body, "auth"));
    job.signing = json_is_true(json_object_get(body, "signing"));
    st = catalogue(pool, &cat, pb);
    if (st != KC_OK)
        goto out;
    if (job.auth != NULL)
        sub_rules_check_auth(job.auth, pb);
    if (json_is_array(json_object_get(body, "kanalen")))
        sub_rules_check_kanalen(json_object_get(body, "kanalen"), cat, pb);
    if (job.callback_url != NULL && kc_utf8_len(job.callback_url) >= 8 &&
        kc_utf8_len(job.callback_url) <= 2000)
        callback_safe(job.callback_url, pb);
    st = faults(pb);
    if (st == KC_OK)
        st = earlier_answer(pool, idem, answer, pb);
    if (st != KC_OK || *answer != NULL) {
        *replayed = *answer != NULL;
        goto out;
    }
    job.kanalen = sub_rules_normal_kanalen(json_object_get(body, "kanalen"));
    if (job.kanalen == NULL || kc_uuid_v4(job.id) != KC_OK) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    if (job.signing)
        st = new_secret_make(&job.secret, pb);
    secrets[0] = job.secret.plain;
    if (st == KC_OK)
        st = try_callback(base, job.callback_url, job.auth, secrets, job.signing ? 1 : 0, pb);
    if (st == KC_OK)
        st = kc_idem_run(pool, NOTIFICATIONS_SCHEMA, idem, &idem_codec, create_in, &job, answer,
                         replayed, pb);
out:
    new_secret_free(&job.secret);
    json_decref(job.kanalen);
    json_decref(cat);
    return st;
}

/* ---- reads ---- */

kc_status abonnement_service_list(kc_db_pool *pool, const kc_principal *p, const char *base,
                                  json_t **items, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *rows = NULL;
    kc_status st;

    *items = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = sub_repo_list(conn, p->tenant_id, &rows, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK)
        st = wire_list_map(base, rows, wire_row, items, pb);
    json_decref(rows);
    return st;
}

kc_status abonnement_service_get(kc_db_pool *pool, const kc_principal *p, const char *base,
                                 const char *id, json_t **doc, long long *version, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *row = NULL;
    kc_status st;

    *doc = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = sub_repo_doc(conn, p->tenant_id, id, &row, version, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK && (*doc = wire(base, row)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    else if (st != KC_OK)
        json_decref(row);
    return st;
}

/* ---- change ---- */

typedef struct change_job {
    const kc_principal *p;
    const char *base;
    const char *id;
    long long if_match;
    long long read_version; /* the version the change was checked against */
    const char *callback_url;
    const char *auth; /* NULL: kept */
    json_t *kanalen;  /* the merged kanalen (a reference) */
    int signing;
    const char *status;
    int enable; /* status "active" was given */
    int was_active;
    int was_failing;
    int need_secret; /* signing without a current secret: make one */
    new_secret secret;
    json_t *doc;
    long long version;
} change_job;

static kc_status check_version(long long if_match, long long current, long long read,
                               const char *id, kc_problem *pb)
{
    if (if_match >= 0 && if_match != current)
        return kc_problem_set(pb, KC_PRECONDITION_FAILED,
                              "abonnement %s is at version %lld, not %lld", id, current, if_match);
    if (read >= 0 && read != current)
        return kc_problem_set(pb, KC_CONFLICT,
                              "abonnement %s changed meanwhile; read it and try again", id);
    return KC_OK;
}

static kc_status change_in(kc_db_conn *conn, void *arg, kc_problem *pb)
{
    change_job *job = arg;
    const char *tenant = job->p->tenant_id;
    const int disabling = strcmp(job->status, "disabled") == 0 && job->was_active;
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1] = "";
    sub_repo_row row;
    char *hex = NULL;
    int cancelled = 0;
    kc_status st;

    st = sub_repo_read(conn, tenant, job->id, 1, &row, pb);
    if (st == KC_OK)
        st = check_version(job->if_match, row.version, job->read_version, job->id, pb);
    if (st == KC_OK && job->auth != NULL &&
        secret_box_seal(tenant, job->id, job->auth, &hex, key_id) != KC_OK)
        st = kc_problem_set(pb, KC_INTERNAL, "the auth value could not be sealed");
    if (st == KC_OK)
        st = sub_repo_update(conn, tenant, job->id, job->callback_url, hex, key_id, job->kanalen,
                             job->signing, job->status, disabling ? "manual" : NULL, job->enable,
                             &job->version, pb);
    if (st == KC_OK && job->need_secret)
        st = new_secret_store(conn, tenant, job->id, &job->secret, pb);
    if (st == KC_OK && disabling)
        st = sub_repo_cancel_open(conn, tenant, job->id, &cancelled, pb);
    if (st == KC_OK && disabling)
        st = event(conn, "subscription.disabled", tenant, job->id, "manual", pb);
    if (st == KC_OK && job->enable && (!job->was_active || job->was_failing))
        st = event(conn, "subscription.recovered", tenant, job->id, NULL, pb);
    if (st == KC_OK)
        st = event(conn, "subscription.updated", tenant, job->id, NULL, pb);
    if (st == KC_OK)
        st = sub_repo_doc(conn, tenant, job->id, &job->doc, &job->version, pb);
    sub_repo_row_free(&row);
    free(hex);
    return st;
}

static const char *const status_values[] = {"active", "disabled", NULL};

static const kc_field put_fields[] = {
    {.name = "callbackUrl", .type = KC_T_STRING, .required = 1, .min_len = 8, .max_len = 2000},
    {.name = "auth", .type = KC_T_STRING, .required = 1},
    {.name = "kanalen", .type = KC_T_ARRAY, .item_type = KC_T_OBJECT, .required = 1},
    {.name = "signing", .type = KC_T_BOOL},
    {.name = "url", .type = KC_T_STRING},
};

static const kc_field patch_fields[] = {
    {.name = "callbackUrl", .type = KC_T_STRING, .min_len = 8, .max_len = 2000},
    {.name = "auth", .type = KC_T_STRING},
    {.name = "kanalen", .type = KC_T_ARRAY, .item_type = KC_T_OBJECT},
    {.name = "signing", .type = KC_T_BOOL},
    {.name = "status", .type = KC_T_STRING, .enum_values = status_values},
    {.name = "url", .type = KC_T_STRING},
};

kc_status abonnement_service_change(kc_db_pool *pool, const kc_principal *p, const char *base,
                                    const char *id, const json_t *body, int replace,
                                    long long if_match, json_t **doc, long long *version,
                                    kc_problem *pb)
{
    change_job job;
    sub_repo_row row;
    subscription_creds creds;
    json_t *cat = NULL;
    kc_db_conn *conn = NULL;
    const char *secrets[2] = {NULL, NULL};
    size_t nsecrets = 0;
    const json_t *kanalen = json_object_get(body, "kanalen");
    int retry;
    kc_status st;

    memset(&job, 0, sizeof(job));
    memset(&row, 0, sizeof(row));
    memset(&creds, 0, sizeof(creds));
    *doc = NULL;
    *version = 0;
    st = replace ? kc_validate_json(body, put_fields, KC_NELEMS(put_fields), pb)
                 : kc_validate_json(body, patch_fields, KC_NELEMS(patch_fields), pb);
    if (st == KC_BAD_REQUEST)
        return st;
    kc_problem_clear(pb); /* a 404 comes before the body's faults */
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = sub_repo_read(conn, p->tenant_id, id, 0, &row, pb);
    if (st == KC_OK)
        st = subscription_credentials(conn, p->tenant_id, id, &creds, pb);
    if (st == KC_OK)
        st = kanaal_repo_list(conn, NULL, &cat, pb);
    kc_db_release(pool, conn);
    if (st != KC_OK)
        goto out;
    st = replace ? kc_validate_json(body, put_fields, KC_NELEMS(put_fields), pb)
                 : kc_validate_json(body, patch_fields, KC_NELEMS(patch_fields), pb);
    job.p = p;
    job.base = base;
    job.id = id;
    job.if_match = if_match;
    job.read_version = row.version;
    job.callback_url = json_string_value(json_object_get(body, "callbackUrl"));
    job.auth = json_string_value(json_object_get(body, "auth"));
    if (job.auth != NULL)
        sub_rules_check_auth(job.auth, pb);
    if (json_is_array(kanalen))
        sub_rules_check_kanalen(kanalen, cat, pb);
    if (job.callback_url != NULL && kc_utf8_len(job.callback_url) >= 8 &&
        kc_utf8_len(job.callback_url) <= 2000 && strcmp(job.callback_url, row.callback_url) != 0)
        callback_safe(job.callback_url, pb);
    st = faults(pb);
    if (st != KC_OK)
        goto out;
    if (if_match >= 0 && if_match != row.version) {
        st = check_version(if_match, row.version, -1, id, pb);
        goto out;
    }
    retry = (job.callback_url != NULL && strcmp(job.callback_url, creds.callback_url) != 0) ||
            (job.auth != NULL && strcmp(job.auth, creds.auth) != 0);
    if (job.callback_url == NULL)
        job.callback_url = row.callback_url;
    job.kanalen =
        json_is_array(kanalen) ? sub_rules_normal_kanalen(kanalen) : json_incref(row.kanalen);
    job.signing = json_is_boolean(json_object_get(body, "signing"))
                      ? json_is_true(json_object_get(body, "signing"))
                      : row.signing;
    job.status = json_string_value(json_object_get(body, "status"));
    job.enable = job.status != NULL && strcmp(job.status, "active") == 0;
    if (job.status == NULL)
        job.status = row.active ? "active" : "disabled";
    job.was_active = row.active;
    job.was_failing = row.failing;
    job.need_secret = job.signing && !row.has_secret;
    if (job.kanalen == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    if (job.need_secret)
        st = new_secret_make(&job.secret, pb);
    if (job.need_secret) {
        secrets[0] = job.secret.plain;
        nsecrets = 1;
    } else if (job.signing) {
        for (; nsecrets < creds.nsecrets; nsecrets++)
            secrets[nsecrets] = creds.secrets[nsecrets];
    }
    if (st == KC_OK && retry)
        st = try_callback(base, job.callback_url, job.auth != NULL ? job.auth : creds.auth, secrets,
                          nsecrets, pb);
    if (st == KC_OK)
        st = kc_db_run_tx(pool, change_in, &job, pb);
    if (st == KC_OK) {
        *version = job.version;
        *doc = wire(base, job.doc);
        job.doc = NULL;
        if (*doc != NULL && job.need_secret &&
            json_object_set_new(*doc, "secret", json_string(job.secret.plain)) != 0) {
            json_decref(*doc);
            *doc = NULL;
        }
        if (*doc == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
out:
    json_decref(job.doc);
    json_decref(job.kanalen);
    new_secret_free(&job.secret);
    subscription_creds_free(&creds);
    sub_repo_row_free(&row);
    json_decref(cat);
    return st;
}

/* ---- delete ---- */

typedef struct delete_job {
    const kc_principal *p;
    const char *id;
    long long if_match;
} delete_job;

static kc_status delete_in(kc_db_conn *conn, void *arg, kc_problem *pb)
{
    delete_job *job = arg;
    sub_repo_row row;
    kc_status st;

    st = sub_repo_read(conn, job->p->tenant_id, job->id, 1, &row, pb);
    if (st == KC_OK)
        st = check_version(job->if_match, row.version, -1, job->id, pb);
    if (st == KC_OK)
        st = sub_repo_delete(conn, job->p->tenant_id, job->id, pb);
    if (st == KC_OK)
        st = event(conn, "subscription.deleted", job->p->tenant_id, job->id, NULL, pb);
    sub_repo_row_free(&row);
    return st;
}

kc_status abonnement_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    long long if_match, kc_problem *pb)
{
    delete_job job = {p, id, if_match};

    return kc_db_run_tx(pool, delete_in, &job, pb);
}

/* ---- the secret's rotation ---- */

typedef struct rotate_job {
    const kc_principal *p;
    const char *id;
    long long overlap_s;
    new_secret secret;
    char previous_valid_until[40];
} rotate_job;

static kc_status rotate_in(kc_db_conn *conn, void *arg, kc_problem *pb)
{
    rotate_job *job = arg;
    const char *tenant = job->p->tenant_id;
    long long version = 0;
    sub_repo_row row;
    kc_status st;

    st = sub_repo_read(conn, tenant, job->id, 1, &row, pb);
    if (st == KC_OK)
        st = sub_repo_secret_retire(conn, tenant, job->id, job->overlap_s,
                                    job->previous_valid_until, pb);
    if (st == KC_OK)
        st = new_secret_store(conn, tenant, job->id, &job->secret, pb);
    if (st == KC_OK)
        st = sub_repo_update(conn, tenant, job->id, row.callback_url, NULL, NULL, row.kanalen, 1,
                             row.active ? "active" : "disabled", NULL, 0, &version, pb);
    if (st == KC_OK)
        st = event(conn, "subscription.updated", tenant, job->id, NULL, pb);
    sub_repo_row_free(&row);
    return st;
}

static const kc_field rotate_fields[] = {
    {.name = "overlapSeconds", .type = KC_T_INT, .min = 0, .max = SUB_OVERLAP_MAX},
};

kc_status abonnement_service_rotate(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, json_t **answer, kc_problem *pb)
{
    rotate_job job;
    const json_t *overlap = json_object_get(body, "overlapSeconds");
    kc_status st;

    memset(&job, 0, sizeof(job));
    *answer = NULL;
    st = kc_validate_json(body, rotate_fields, KC_NELEMS(rotate_fields), pb);
    if (st != KC_OK)
        return st;
    job.p = p;
    job.id = id;
    job.overlap_s = json_is_integer(overlap) ? json_integer_value(overlap) : SUB_OVERLAP_DEFAULT;
    st = new_secret_make(&job.secret, pb);
    if (st == KC_OK)
        st = kc_db_run_tx(pool, rotate_in, &job, pb);
    if (st == KC_OK) {
        *answer = json_pack("{s:s,s:o}", "secret", job.secret.plain, "previousValidUntil",
                            job.previous_valid_until[0] ? json_string(job.previous_valid_until)
                                                        : json_null());
        if (*answer == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    new_secret_free(&job.secret);
    return st;
}
