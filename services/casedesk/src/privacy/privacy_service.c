#include "privacy/privacy_service.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "koers/log.h"
#include "koers/validate.h"
#include "cases/case_model.h"
#include "cases/case_ops.h"
#include "cases/case_repo.h"
#include "citizen/citizen_crypto.h"
#include "privacy/privacy_repo.h"

/* Rows per transaction of the passes, and batches per pass (the next pass
 * goes on where this one stopped). */
#define PRIVACY_BATCH           50
#define PRIVACY_MAX_BATCHES     200
#define PRIVACY_ACTOR_RETENTION "system:retention"

static const kc_field privacy_subject_fields[] = {
    /* checked as an e-mail address once trimmed: a pasted address may
     * carry blanks */
    {.name = "email", .type = KC_T_STRING, .min_len = 3, .max_len = 300},
    {.name = "phone", .type = KC_T_STRING, .min_len = 1, .max_len = 40},
};

/* The subject of a request, keys computed (heap members). */
typedef struct privacy_subject_keys {
    char *email_idx;
    char *phone_idx;
    char email_norm[256];
    char phone_norm[48];
} privacy_subject_keys;

static void privacy_subject_keys_clear(privacy_subject_keys *k)
{
    free(k->email_idx);
    free(k->phone_idx);
    memset(k, 0, sizeof(*k));
}

/* Validates {email?, phone?} and computes the keys to find the cases. */
static kc_status privacy_subject_read(const json_t *body, privacy_subject_keys *k,
                                      privacy_subject *s, kc_problem *pb)
{
    const char *email, *phone;
    kc_status st;

    memset(k, 0, sizeof(*k));
    memset(s, 0, sizeof(*s));
    st = kc_validate_json(body, privacy_subject_fields, KC_NELEMS(privacy_subject_fields), pb);
    if (st != KC_OK)
        return st;
    email = json_string_value(json_object_get(body, "email"));
    phone = json_string_value(json_object_get(body, "phone"));
    if (email == NULL && phone == NULL) {
        kc_problem_add_field(pb, "email", "email or phone is required");
        kc_problem_add_field(pb, "phone", "email or phone is required");
        return kc_problem_set(pb, KC_INVALID,
                              "a data subject request names the citizen by email or phone");
    }
    /* every fault named before answering */
    if (phone != NULL) {
        if (citizen_normalise_phone(phone, k->phone_norm, sizeof(k->phone_norm)) == 0)
            kc_problem_add_field(pb, "phone", "must contain digits");
    }
    if (email != NULL) {
        citizen_normalise_email(email, k->email_norm, sizeof(k->email_norm));
        if (!kc_is_email(k->email_norm) || strlen(k->email_norm) > 254)
            kc_problem_add_field(pb, "email", "must be an e-mail address");
    }
    if (pb->invalid_params != NULL && json_array_size(pb->invalid_params) > 0) {
        size_t faults = json_array_size(pb->invalid_params);
        return kc_problem_set(pb, KC_INVALID, "%zu field%s of the request %s invalid", faults,
                              faults == 1 ? "" : "s", faults == 1 ? "is" : "are");
    }
    if (phone != NULL) {
        k->phone_idx = citizen_phone_index(phone);
        if (k->phone_idx == NULL)
            return kc_problem_set(pb, KC_INTERNAL, "the citizen index key is not usable");
        s->phone_idx = k->phone_idx;
        s->phone_norm = k->phone_norm;
    }
    if (email != NULL) {
        k->email_idx = citizen_email_index(email);
        if (k->email_idx == NULL)
            return kc_problem_set(pb, KC_INTERNAL, "the citizen index key is not usable");
        s->email_idx = k->email_idx;
        s->email_norm = k->email_norm;
    }
    return KC_OK;
}

json_t *privacy_request_to_json(const privacy_request *q)
{
    return json_pack("{s:s, s:s, s:s, s:i, s:s}", "id", q->id, "kind", q->kind, "actor", q->actor,
                     "cases", q->cases, "at", q->at);
}

/* The whole timeline of a case, oldest first. */
static kc_status privacy_timeline(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                  json_t **out, kc_problem *pb)
{
    case_timeline_entry *items = NULL;
    size_t n = 0, i;
    long long after = 0;
    int more = 1;
    json_t *arr = json_array();
    kc_status st = KC_OK;

    *out = NULL;
    if (arr == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    while (more) {
        st = case_repo_timeline(conn, tenant_id, case_id, after, 100, &items, &n, &more, pb);
        if (st != KC_OK)
            goto out;
        for (i = 0; i < n; i++)
            if (json_array_append_new(arr, case_timeline_entry_to_json(&items[i])) != 0) {
                st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
                goto out;
            }
        if (n == 0)
            break;
        after = items[n - 1].id;
        case_timeline_array_free(items, n);
        items = NULL;
        n = 0;
    }
    *out = arr;
    arr = NULL;
out:
    case_timeline_array_free(items, n);
    json_decref(arr);
    return st;
}

/* {case, timeline, messages, feedback} of one case. */
static kc_status privacy_export_case(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                     json_t **out, kc_problem *pb)
{
    case_record c = {0};
    json_t *timeline = NULL, *messages = NULL, *feedback = NULL, *cj = NULL;
    kc_status st;

    *out = NULL;
    st = case_repo_get(conn, tenant_id, case_id, &c, pb);
    if (st != KC_OK)
        goto out;
    st = privacy_timeline(conn, tenant_id, case_id, &timeline, pb);
    if (st != KC_OK)
        goto out;
    st = privacy_repo_messages(conn, tenant_id, case_id, &messages, pb);
    if (st != KC_OK)
        goto out;
    st = privacy_repo_feedback(conn, tenant_id, case_id, &feedback, pb);
    if (st != KC_OK)
        goto out;
    cj = case_to_json(&c);
    if (cj == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    *out = json_pack("{s:o, s:o, s:o, s:o}", "case", cj, "timeline", timeline, "messages", messages,
                     "feedback", feedback);
    cj = timeline = messages = feedback = NULL; /* stolen by json_pack, even on failure */
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(cj);
    json_decref(timeline);
    json_decref(messages);
    json_decref(feedback);
    case_record_clear(&c);
    return st;
}

kc_status privacy_service_export(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                 json_t **out, kc_problem *pb)
{
    privacy_subject_keys keys = {0};
    privacy_subject s;
    privacy_case_ref *ids = NULL;
    size_t n = 0, i;
    kc_db_conn *conn = NULL;
    json_t *cases = NULL, *one = NULL;
    char actor[160];
    kc_status st;

    *out = NULL;
    st = privacy_subject_read(body, &keys, &s, pb);
    if (st != KC_OK)
        goto out;
    casedesk_actor(p, actor, sizeof(actor));
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    st = privacy_repo_find_cases(conn, p->tenant_id, &s, 0, PRIVACY_MAX_CASES + 1, &ids, &n, pb);
    if (st != KC_OK)
        goto out;
    if (n > PRIVACY_MAX_CASES) {
        /* never a silently partial export */
        st = kc_problem_set(pb, KC_TOO_LARGE,
                            "the data subject has more than %d cases: too many for one export",
                            PRIVACY_MAX_CASES);
        goto out;
    }
    cases = json_array();
    if (cases == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++) {
        st = privacy_export_case(conn, p->tenant_id, ids[i].id, &one, pb);
        if (st != KC_OK)
            goto out;
        if (json_array_append_new(cases, one) != 0) {
            one = NULL;
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
        one = NULL;
    }
    st = privacy_repo_audit_add(conn, p->tenant_id, "export", actor, (int)n, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_commit(conn, pb);
    if (st != KC_OK)
        goto out;
    *out = json_pack("{s:o}", "cases", cases);
    cases = NULL;
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    if (st != KC_OK && conn != NULL)
        kc_db_rollback(conn);
    kc_db_release(pool, conn);
    json_decref(cases);
    free(ids);
    privacy_subject_keys_clear(&keys);
    return st;
}

/* Anonymises one case with its timeline entry and event (conn in a
 * transaction). *done = 0 when it already was. */
static kc_status privacy_anonymise_case(kc_db_conn *conn, const char *tenant_id,
                                        const char *case_id, const char *actor, const char *reason,
                                        int *done, kc_problem *pb)
{
    json_t *detail = NULL;
    kc_status st;

    st = privacy_repo_anonymise(conn, tenant_id, case_id, done, pb);
    if (st != KC_OK || !*done)
        return st;
    detail = json_pack("{s:s}", "reason", reason);
    if (detail == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = case_op_timeline_add(conn, tenant_id, case_id, actor, "anonymised", 0, detail, pb);
    if (st == KC_OK)
        st = case_op_emit(conn, tenant_id, case_id, "case.anonymised", detail, pb);
    json_decref(detail);
    return st;
}

kc_status privacy_service_erase(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                int *erased, kc_problem *pb)
{
    privacy_subject_keys keys = {0};
    privacy_subject s;
    privacy_case_ref *ids = NULL;
    size_t n = 0, i;
    kc_db_conn *conn = NULL;
    char actor[160];
    int done, count = 0, before;
    kc_status st;

    *erased = 0;
    st = privacy_subject_read(body, &keys, &s, pb);
    if (st != KC_OK)
        goto out;
    casedesk_actor(p, actor, sizeof(actor));
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    /* in rounds: an anonymised case is found no more (a round that
     * anonymised nothing ends it) */
    do {
        before = count;
        free(ids);
        ids = NULL;
        st = privacy_repo_find_cases(conn, p->tenant_id, &s, 1, PRIVACY_MAX_CASES, &ids, &n, pb);
        if (st != KC_OK)
            goto out;
        for (i = 0; i < n; i++) {
            st = privacy_anonymise_case(conn, p->tenant_id, ids[i].id, actor, "erasure", &done, pb);
            if (st != KC_OK)
                goto out;
            count += done;
        }
    } while (n == PRIVACY_MAX_CASES && count > before);
    st = privacy_repo_audit_add(conn, p->tenant_id, "erasure", actor, count, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_commit(conn, pb);
    if (st != KC_OK)
        goto out;
    *erased = count;
out:
    if (st != KC_OK && conn != NULL)
        kc_db_rollback(conn);
    kc_db_release(pool, conn);
    free(ids);
    privacy_subject_keys_clear(&keys);
    return st;
}

kc_status privacy_service_list(kc_db_pool *pool, const kc_principal *p, const char *kind,
                               const kc_keyset *page, privacy_request **items, size_t *n,
                               kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = privacy_repo_audit_list(conn, p->tenant_id, kind, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

/* ---- the scheduler's passes ------------------------------------------------ */

kc_status privacy_retention_pass(kc_db_pool *pool, time_t as_of, int *anonymised, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    privacy_case_ref *refs = NULL;
    size_t n = 0, i;
    char as_of_text[32];
    struct tm tm;
    int batch, done, in_batch, total = 0;
    kc_status st = KC_OK;

    *anonymised = 0;
    if (gmtime_r(&as_of, &tm) == NULL ||
        strftime(as_of_text, sizeof(as_of_text), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return kc_problem_set(pb, KC_INTERNAL, "retention pass: bad time");
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    for (batch = 0; batch < PRIVACY_MAX_BATCHES; batch++) {
        st = kc_db_begin(conn, pb);
        if (st != KC_OK)
            goto out;
        st = privacy_repo_retention_batch(conn, as_of_text, PRIVACY_BATCH, &refs, &n, pb);
        if (st != KC_OK)
            goto out;
        in_batch = 0;
        for (i = 0; i < n; i++) {
            st = privacy_anonymise_case(conn, refs[i].tenant_id, refs[i].id,
                                        PRIVACY_ACTOR_RETENTION, "retention", &done, pb);
            if (st != KC_OK)
                goto out;
            in_batch += done;
        }
        st = kc_db_commit(conn, pb);
        if (st != KC_OK)
            goto out;
        total += in_batch;
        free(refs);
        refs = NULL;
        if (n < PRIVACY_BATCH)
            break;
        n = 0;
    }
    *anonymised = total;
out:
    if (st != KC_OK && conn != NULL) {
        kc_db_rollback(conn);
        *anonymised = total; /* what earlier batches committed stays done */
    }
    kc_db_release(pool, conn);
    free(refs);
    return st;
}

/* Seals one row under the current key; *done = 0 when its citizen cannot
 * be opened (a key no longer configured: left as it is, and logged). */
static kc_status privacy_rekey_one(kc_db_conn *conn, const privacy_rekey_row *row, int *done,
                                   kc_problem *pb)
{
    json_t *citizen = NULL;
    citizen_sealed sealed = {0};
    kc_status st = KC_OK;

    *done = 0;
    if (row->plain != NULL)
        citizen = json_incref(row->plain);
    else if (row->key_id != NULL && row->enc_hex != NULL)
        citizen = citizen_open(row->ref.tenant_id, row->key_id, row->enc_hex);
    if (citizen == NULL) {
        kc_log(KC_LOG_WARN, NULL, "rekey: case %s of tenant %s cannot be opened; left as it is",
               row->ref.id, row->ref.tenant_id);
        return KC_OK;
    }
    st = citizen_seal(row->ref.tenant_id, citizen, &sealed, pb);
    if (st != KC_OK)
        goto out;
    if (sealed.enc_hex == NULL) /* a JSON null citizen: nothing to keep */
        goto out;
    st = privacy_repo_store_sealed(conn, row->ref.tenant_id, row->ref.id, sealed.enc_hex,
                                   sealed.key_id, sealed.email_idx_hex, sealed.phone_idx_hex, pb);
    if (st == KC_OK)
        *done = 1;
out:
    json_decref(citizen);
    citizen_sealed_clear(&sealed);
    return st;
}

kc_status privacy_rekey_pass(kc_db_pool *pool, int limit, int *rekeyed, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    privacy_rekey_row *rows = NULL;
    size_t n = 0, i;
    privacy_case_ref after = {{0}, {0}};
    const char *current;
    int want, done, in_batch, batch, total = 0;
    kc_status st = KC_OK;

    *rekeyed = 0;
    if (limit <= 0)
        return KC_OK;
    current = citizen_crypto_current_key_id();
    if (current == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "the citizen data keys are not usable");
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    for (batch = 0; batch < PRIVACY_MAX_BATCHES && total < limit; batch++) {
        want = limit - total < PRIVACY_BATCH ? limit - total : PRIVACY_BATCH;
        st = kc_db_begin(conn, pb);
        if (st != KC_OK)
            goto out;
        st = privacy_repo_rekey_batch(conn, current, after.id[0] ? after.tenant_id : NULL,
                                      after.id[0] ? after.id : NULL, want, &rows, &n, pb);
        if (st != KC_OK)
            goto out;
        in_batch = 0;
        for (i = 0; i < n; i++) {
            st = privacy_rekey_one(conn, &rows[i], &done, pb);
            if (st != KC_OK)
                goto out;
            in_batch += done;
        }
        st = kc_db_commit(conn, pb);
        if (st != KC_OK)
            goto out;
        total += in_batch;
        if (n > 0)
            after = rows[n - 1].ref;
        privacy_rekey_rows_free(rows, n);
        rows = NULL;
        if (n < (size_t)want)
            break;
        n = 0;
    }
    *rekeyed = total;
out:
    if (st != KC_OK && conn != NULL) {
        kc_db_rollback(conn);
        *rekeyed = total;
    }
    kc_db_release(pool, conn);
    privacy_rekey_rows_free(rows, n);
    return st;
}

kc_status privacy_expire_answers_pass(kc_db_pool *pool, time_t as_of, int *expired, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *expired = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = privacy_repo_expire_answers(conn, as_of, CASEDESK_IDEM_KEEP_DAYS, expired, pb);
    kc_db_release(pool, conn);
    return st;
}
