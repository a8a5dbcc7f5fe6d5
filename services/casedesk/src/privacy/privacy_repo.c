#include "privacy/privacy_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_repo.h"

/* What an anonymised text reads (the CHECKs need a non-empty text). */
#define PRIVACY_ERASED_TEXT "[geanonimiseerd]"

/* The subject's cases: by the keyed hashes, and, for rows filed before
 * citizens were sealed and not yet sealed by the rekey pass, by the plain
 * citizen normalised as citizen_crypto.c normalises. */
#define PRIVACY_FIND_SQL                                                                           \
    "SELECT tenant_id, id FROM casedesk.cases "                                                    \
    "WHERE tenant_id = $1 AND anonymised_at IS NULL "                                              \
    "AND (citizen_email_idx = $2::bytea OR citizen_phone_idx = $3::bytea "                         \
    "OR (citizen IS NOT NULL AND (lower(btrim(citizen->>'email')) = $4 "                           \
    "OR (CASE WHEN btrim(citizen->>'phone') LIKE '+%' THEN '+' ELSE '' END) "                      \
    "|| regexp_replace(citizen->>'phone', '[^0-9]', '', 'g') = $5))) "                             \
    "ORDER BY created_at, id LIMIT $6"

/* A case's (tenant_id, id). */
static void privacy_ref_from_row(const PGresult *r, int row, void *item)
{
    privacy_case_ref *ref = item;

    kc_pg_copy(r, row, 0, ref->tenant_id, sizeof(ref->tenant_id));
    kc_pg_copy(r, row, 1, ref->id, sizeof(ref->id));
}

kc_status privacy_repo_find_cases(kc_db_conn *conn, const char *tenant_id, const privacy_subject *s,
                                  int lock, int max, privacy_case_ref **ids, size_t *n,
                                  kc_problem *pb)
{
    char lim[16];
    const char *params[6];
    void *list = NULL;
    kc_status st;

    snprintf(lim, sizeof(lim), "%d", max);
    params[0] = tenant_id;
    params[1] = s->email_idx;
    params[2] = s->phone_idx;
    params[3] = s->email_norm;
    params[4] = s->phone_norm;
    params[5] = lim;
    st = kc_pg_rows(conn, lock ? "casedesk_privacy_find_lock" : "casedesk_privacy_find",
                    lock ? PRIVACY_FIND_SQL " FOR UPDATE" : PRIVACY_FIND_SQL, 6, params, -1,
                    sizeof(privacy_case_ref), privacy_ref_from_row, &list, n, NULL, pb);
    *ids = list;
    return st;
}

static json_t *privacy_ts(const PGresult *r, int row, int col)
{
    char buf[40];

    if (PQgetisnull(r, row, col))
        return json_null();
    kc_pg_copy(r, row, col, buf, sizeof(buf));
    return json_string(buf);
}

static json_t *privacy_text(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return json_null();
    return json_string(PQgetvalue(r, row, col));
}

/* Runs sql ($1 tenant_id, $2 case_id) and answers its rows as a new JSON
 * array (*out, the caller's), each made by row_json (NULL: out of memory). */
static kc_status privacy_rows_json(kc_db_conn *conn, const char *stmt, const char *sql,
                                   const char *tenant_id, const char *case_id,
                                   json_t *(*row_json)(const PGresult *r, int row), json_t **out,
                                   kc_problem *pb)
{
    const char *params[2] = {tenant_id, case_id};
    PGresult *r = NULL;
    json_t *arr = NULL, *item;
    kc_status st;
    int i;

    *out = NULL;
    st = kc_db_exec(conn, stmt, sql, 2, params, &r, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < PQntuples(r); i++) {
        item = row_json(r, i);
        if (item == NULL || json_array_append_new(arr, item) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    if (arr == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    *out = arr;
    arr = NULL;
out:
    json_decref(arr);
    PQclear(r);
    return st;
}

/* A case_messages row (id, kind, author, body, at) as the export shows it. */
static json_t *privacy_message_json(const PGresult *r, int row)
{
    const char *kind = PQgetvalue(r, row, 1), *author = PQgetvalue(r, row, 2);
    json_t *m =
        json_pack("{s:I, s:s, s:s, s:o, s:o}", "id",
                  (json_int_t)strtoll(PQgetvalue(r, row, 0), NULL, 10), "kind", kind, "author",
                  author, "text", privacy_text(r, row, 3), "at", privacy_ts(r, row, 4));

    if (m != NULL && strcmp(kind, "message") == 0)
        json_object_set_new(
            m, "direction",
            json_string(strcmp(author, "citizen") == 0 ? "from_citizen" : "to_citizen"));
    return m;
}

kc_status privacy_repo_messages(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                json_t **out, kc_problem *pb)
{
    static const char sql[] = "SELECT id, kind, author, body, " CASEDESK_TS(
        "at") " FROM casedesk.case_messages WHERE tenant_id = $1 AND case_id = $2 ORDER BY id";

    return privacy_rows_json(conn, "casedesk_privacy_messages", sql, tenant_id, case_id,
                             privacy_message_json, out, pb);
}

/* A feedback row (round, satisfaction, equal_party, comment, created_at). */
static json_t *privacy_feedback_json(const PGresult *r, int row)
{
    return json_pack("{s:i, s:i, s:b, s:o, s:o}", "round", kc_pg_int(r, row, 0), "satisfaction",
                     kc_pg_int(r, row, 1), "equalParty", kc_pg_bool(r, row, 2), "comment",
                     privacy_text(r, row, 3), "createdAt", privacy_ts(r, row, 4));
}

kc_status privacy_repo_feedback(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                json_t **out, kc_problem *pb)
{
    static const char sql[] = "SELECT round, satisfaction, equal_party, comment, " CASEDESK_TS(
        "created_at") " FROM casedesk.feedback WHERE tenant_id = $1 AND case_id = $2 "
                      "ORDER BY round";

    return privacy_rows_json(conn, "casedesk_privacy_feedback", sql, tenant_id, case_id,
                             privacy_feedback_json, out, pb);
}

kc_status privacy_repo_anonymise(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 int *done, kc_problem *pb)
{
    /* One statement: the case, the citizen's messages, the feedback
     * comments, the Open311 attribute values (free text), and the stored
     * first answer of an idempotent filing (it holds the citizen and the
     * tracking token). The location goes whole
     * (coordinates can point at a home); the district stays for the
     * statistics. */
    static const char sql[] =
        "WITH c AS ("
        "    UPDATE casedesk.cases"
        "       SET citizen = NULL, citizen_enc = NULL, citizen_key_id = NULL,"
        "           citizen_email_idx = NULL, citizen_phone_idx = NULL,"
        "           description = '" PRIVACY_ERASED_TEXT "', location = NULL, tracking_hash = NULL,"
        "           open311_attributes = NULL,"
        "           anonymised_at = now(), version = version + 1, updated_at = now()"
        "     WHERE tenant_id = $1 AND id = $2 AND anonymised_at IS NULL"
        "    RETURNING id),"
        "     m AS ("
        "    UPDATE casedesk.case_messages"
        "       SET body = '" PRIVACY_ERASED_TEXT "'"
        "     WHERE tenant_id = $1 AND case_id = $2 AND kind = 'message' AND author = 'citizen'"
        "       AND EXISTS (SELECT 1 FROM c)"
        "    RETURNING 1),"
        "     f AS ("
        "    UPDATE casedesk.feedback"
        "       SET comment = NULL"
        "     WHERE tenant_id = $1 AND case_id = $2 AND comment IS NOT NULL"
        "       AND EXISTS (SELECT 1 FROM c)"
        "    RETURNING 1),"
        "     k AS ("
        "    DELETE FROM casedesk.idempotency_keys"
        "     WHERE tenant_id = $1 AND http_status = 201 AND body->>'id' = $2::text"
        "       AND EXISTS (SELECT 1 FROM c)"
        "    RETURNING 1)"
        " SELECT (SELECT count(*) FROM c)::integer";
    const char *params[2] = {tenant_id, case_id};
    PGresult *r = NULL;
    kc_status st;

    *done = 0;
    st = kc_db_exec(conn, "casedesk_privacy_anonymise", sql, 2, params, &r, pb);
    if (st == KC_OK)
        *done = kc_pg_int(r, 0, 0) > 0;
    PQclear(r);
    return st;
}

kc_status privacy_repo_audit_add(kc_db_conn *conn, const char *tenant_id, const char *kind,
                                 const char *actor, int cases, kc_problem *pb)
{
    static const char sql[] = "INSERT INTO casedesk.privacy_requests (tenant_id, kind, actor, "
                              "cases) VALUES ($1, $2, $3, $4)";
    char n[16];
    const char *params[4] = {tenant_id, kind, actor, n};

    snprintf(n, sizeof(n), "%d", cases);
    return kc_db_exec(conn, "casedesk_privacy_audit_add", sql, 4, params, NULL, pb);
}

static void privacy_request_from_row(const PGresult *r, int row, void *item)
{
    privacy_request *q = item;

    kc_pg_copy(r, row, 0, q->id, sizeof(q->id));
    kc_pg_copy(r, row, 1, q->kind, sizeof(q->kind));
    kc_pg_copy(r, row, 2, q->actor, sizeof(q->actor));
    q->cases = kc_pg_int(r, row, 3);
    kc_pg_copy(r, row, 4, q->at, sizeof(q->at));
}

kc_status privacy_repo_audit_list(kc_db_conn *conn, const char *tenant_id, const char *kind,
                                  const kc_keyset *page, privacy_request **items, size_t *n,
                                  kc_keyset_next *next, kc_problem *pb)
{
    static const char sql[] =
        "SELECT id, kind, actor, cases, " CASEDESK_TS("at") ", " CASEDESK_TS_US(
            "at") " FROM casedesk.privacy_requests WHERE tenant_id = $1 "
                  "AND ($2::text IS NULL OR kind = $2) "
                  "AND ($3::timestamptz IS NULL OR (at, id) < ($3::timestamptz, $4::uuid)) "
                  "ORDER BY at DESC, id DESC LIMIT $5";
    char lim[16];
    const char *params[5];

    kc_pg_page_limit(page, lim, sizeof(lim));
    params[0] = tenant_id;
    params[1] = kind;
    params[2] = page->after_key;
    params[3] = page->after_id;
    params[4] = lim;
    return kc_pg_list(conn, "casedesk_privacy_audit_list", sql, 5, params, page, 5,
                      sizeof(privacy_request), privacy_request_from_row, (void **)items, n, next,
                      pb);
}

kc_status privacy_repo_retention_batch(kc_db_conn *conn, const char *as_of, int limit,
                                       privacy_case_ref **refs, size_t *n, kc_problem *pb)
{
    /* the first bound (the shortest retention of any tenant: no tenant
     * keeps less than that, and a tenant without settings keeps 730 days)
     * keeps the scan of cases_retention to rows old enough for some tenant */
    static const char sql[] =
        "SELECT c.tenant_id, c.id FROM casedesk.cases c "
        "WHERE c.closed_at IS NOT NULL AND c.anonymised_at IS NULL "
        "AND c.closed_at < $1::timestamptz - make_interval(days => (SELECT "
        "least(coalesce(min(s.retention_days), 730), 730) FROM casedesk.settings s)) "
        "AND c.closed_at < $1::timestamptz - make_interval(days => coalesce("
        "(SELECT s.retention_days FROM casedesk.settings s WHERE s.tenant_id = c.tenant_id), 730)) "
        "ORDER BY c.closed_at LIMIT $2 FOR UPDATE OF c SKIP LOCKED";
    char lim[16];
    const char *params[2] = {as_of, lim};
    void *list = NULL;
    kc_status st;

    snprintf(lim, sizeof(lim), "%d", limit);
    st = kc_pg_rows(conn, "casedesk_privacy_retention_batch", sql, 2, params, -1,
                    sizeof(privacy_case_ref), privacy_ref_from_row, &list, n, NULL, pb);
    *refs = list;
    return st;
}

void privacy_rekey_rows_free(privacy_rekey_row *rows, size_t n)
{
    size_t i;

    if (rows == NULL)
        return;
    for (i = 0; i < n; i++) {
        json_decref(rows[i].plain);
        free(rows[i].key_id);
        free(rows[i].enc_hex);
    }
    free(rows);
}

/* A case to rekey: (tenant_id, id), the plain citizen, the key id, the
 * sealed citizen. */
static void rekey_row_from_row(const PGresult *r, int row, void *item)
{
    privacy_rekey_row *k = item;

    privacy_ref_from_row(r, row, &k->ref);
    k->plain = kc_pg_json(r, row, 2);
    k->key_id = kc_pg_strdup(r, row, 3);
    k->enc_hex = kc_pg_strdup(r, row, 4);
}

kc_status privacy_repo_rekey_batch(kc_db_conn *conn, const char *current_key_id,
                                   const char *after_tenant, const char *after_id, int limit,
                                   privacy_rekey_row **rows, size_t *n, kc_problem *pb)
{
    /* "< or >" rather than "<>": two ranges of cases_key_id (004) */
    static const char sql[] =
        "SELECT tenant_id, id, citizen::text, citizen_key_id, citizen_enc FROM casedesk.cases "
        "WHERE anonymised_at IS NULL AND (citizen IS NOT NULL OR (citizen_enc IS NOT NULL AND "
        "(citizen_key_id < $1 OR citizen_key_id > $1 OR citizen_key_id IS NULL))) "
        "AND ($2::uuid IS NULL OR (tenant_id, id) > ($2::uuid, $3::uuid)) "
        "ORDER BY tenant_id, id LIMIT $4 FOR UPDATE SKIP LOCKED";
    char lim[16];
    const char *params[4] = {current_key_id, after_tenant, after_id, lim};
    void *list = NULL;
    kc_status st;

    snprintf(lim, sizeof(lim), "%d", limit);
    st = kc_pg_rows(conn, "casedesk_privacy_rekey_batch", sql, 4, params, -1,
                    sizeof(privacy_rekey_row), rekey_row_from_row, &list, n, NULL, pb);
    *rows = list;
    return st;
}

kc_status privacy_repo_store_sealed(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                    const char *enc_hex, const char *key_id, const char *email_idx,
                                    const char *phone_idx, kc_problem *pb)
{
    /* no new version: the representation does not change */
    static const char sql[] =
        "UPDATE casedesk.cases SET citizen = NULL, citizen_enc = $3::bytea, citizen_key_id = $4, "
        "citizen_email_idx = $5::bytea, citizen_phone_idx = $6::bytea "
        "WHERE tenant_id = $1 AND id = $2 AND anonymised_at IS NULL";
    const char *params[6] = {tenant_id, case_id, enc_hex, key_id, email_idx, phone_idx};

    return kc_db_exec(conn, "casedesk_privacy_store_sealed", sql, 6, params, NULL, pb);
}

kc_status privacy_repo_expire_answers(kc_db_conn *conn, time_t as_of, int keep_days, int *expired,
                                      kc_problem *pb)
{
    static const char sql[] =
        "DELETE FROM casedesk.idempotency_keys WHERE created_at < to_timestamp($1::bigint) - "
        "make_interval(days => $2::integer)";
    PGresult *res = NULL;
    char at[24], days[16];
    const char *params[2] = {at, days};
    kc_status st;

    snprintf(at, sizeof(at), "%lld", (long long)as_of);
    snprintf(days, sizeof(days), "%d", keep_days);
    st = kc_db_exec(conn, "casedesk_privacy_expire_answers", sql, 2, params, &res, pb);
    if (st == KC_OK)
        *expired = atoi(PQcmdTuples(res));
    PQclear(res);
    return st;
}
