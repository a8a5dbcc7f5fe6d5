#include "citizen/reopen_request_service.h"

#include <string.h>
#include "koers/validate.h"
#include "casedesk.h"
#include "cases/case_ops.h"
#include "citizen/reopen_request_repo.h"

static const kc_field reopen_fields_accept[] = {
    {.name = "reason", .type = KC_T_STRING, .min_len = 1, .max_len = 1000},
};
static const kc_field reopen_fields_decline[] = {
    {.name = "reason", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 2000},
};

kc_status reopen_request_service_list(kc_db_pool *pool, const kc_principal *p, const char *status,
                                      const kc_keyset *page, reopen_request **items, size_t *n,
                                      kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = reopen_request_repo_list(conn, p->tenant_id, status, page, items, n, next, pb);
    if (st == KC_INVALID && page->after_key != NULL) {
        /* a well-formed cursor with a key that is no instant: not ours */
        kc_problem_clear(pb);
        kc_problem_add_field(pb, "cursor", "is not a cursor this API handed out");
        st = kc_problem_set(pb, KC_BAD_REQUEST, "cursor is not valid");
    }
    kc_db_release(pool, conn);
    return st;
}

kc_status reopen_request_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     reopen_request *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = reopen_request_repo_get(conn, p->tenant_id, id, 0, out, pb);
    kc_db_release(pool, conn);
    return st;
}

/* What a decision shares: id, body, a transaction with the
 * request and its case locked, the request still pending at the version
 * the client expects. On success *conn is the caller's (release it). */
static kc_status reopen_decision_open(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const json_t *body, const kc_field *fields, size_t nfields,
                                      long long if_match, kc_db_conn **conn, reopen_request *cur,
                                      kc_problem *pb)
{
    kc_status st = kc_check_id("id", id, pb);

    if (st == KC_OK)
        st = kc_validate_json(body, fields, nfields, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(*conn, pb);
    if (st == KC_OK)
        st = reopen_request_repo_get(*conn, p->tenant_id, id, 1, cur, pb);
    if (st != KC_OK)
        return st;
    if (if_match >= 0 && cur->version != if_match)
        return kc_problem_set(pb, KC_PRECONDITION_FAILED,
                              "reopen request %s is at version %d, not %lld", id, cur->version,
                              if_match);
    if (strcmp(cur->status, "pending") != 0)
        return kc_problem_set(pb, KC_CONFLICT, "reopen request %s was %s already", id, cur->status);
    return KC_OK;
}

/* Marks the request decided (the row is locked: it applies), emits `event`
 * and commits, then reads the request back into out. */
static kc_status reopen_decision_finish(kc_db_conn *conn, const kc_principal *p,
                                        const reopen_request *cur, const char *status,
                                        const char *decline_reason, const char *actor,
                                        const char *event, reopen_request *out, kc_problem *pb)
{
    json_t *data = NULL;
    int applied = 0;
    kc_status st;

    st = reopen_request_repo_decide(conn, p->tenant_id, cur->id, cur->version, status,
                                    decline_reason, actor, &applied, pb);
    if (st == KC_OK && !applied)
        st = kc_problem_set(pb, KC_CONFLICT, "reopen request %s was decided concurrently", cur->id);
    if (st != KC_OK)
        goto out;
    data = json_pack("{s:s, s:i}", "reopenRequestId", cur->id, "round", cur->round);
    if (data == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = case_op_emit(conn, p->tenant_id, cur->case_id, event, data, pb);
    if (st == KC_OK)
        st = reopen_request_repo_get(conn, p->tenant_id, cur->id, 0, out, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
out:
    json_decref(data);
    return st;
}

kc_status reopen_request_service_accept(kc_db_pool *pool, const kc_principal *p, const char *id,
                                        const json_t *body, long long if_match, reopen_request *out,
                                        kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    reopen_request cur = {0};
    char actor[160];
    kc_status st;

    st = reopen_decision_open(pool, p, id, body, reopen_fields_accept,
                              KC_NELEMS(reopen_fields_accept), if_match, &conn, &cur, pb);
    if (st != KC_OK)
        goto out;
    /* the request is about the resolution of its round: a case reopened
     * (and perhaps resolved again) since is not reopened once more */
    if (cur.case_reopen_count != cur.round ||
        (strcmp(cur.case_status, "resolved") != 0 && strcmp(cur.case_status, "closed") != 0)) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "case %s was reopened since this request was made (it is %s); "
                            "decline the request instead",
                            cur.reference, cur.case_status);
        goto out;
    }
    casedesk_actor(p, actor, sizeof(actor));
    st = case_op_reopen(conn, p->tenant_id, cur.case_id, actor,
                        json_string_value(json_object_get(body, "reason")), pb);
    if (st == KC_OK)
        st = reopen_decision_finish(conn, p, &cur, "accepted", NULL, actor, "case.reopen.accepted",
                                    out, pb);
out:
    kc_db_release(pool, conn);
    reopen_request_clear(&cur);
    return st;
}

kc_status reopen_request_service_decline(kc_db_pool *pool, const kc_principal *p, const char *id,
                                         const json_t *body, long long if_match,
                                         reopen_request *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    reopen_request cur = {0};
    json_t *detail = NULL;
    const char *reason;
    char actor[160];
    kc_status st;

    st = reopen_decision_open(pool, p, id, body, reopen_fields_decline,
                              KC_NELEMS(reopen_fields_decline), if_match, &conn, &cur, pb);
    if (st != KC_OK)
        goto out;
    reason = json_string_value(json_object_get(body, "reason"));
    detail = json_pack("{s:s}", "reason", reason);
    if (detail == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    casedesk_actor(p, actor, sizeof(actor));
    st = case_op_timeline_add(conn, p->tenant_id, cur.case_id, actor, "reopen_declined", 1, detail,
                              pb);
    if (st == KC_OK)
        st = reopen_decision_finish(conn, p, &cur, "declined", reason, actor,
                                    "case.reopen.declined", out, pb);
out:
    json_decref(detail);
    kc_db_release(pool, conn);
    reopen_request_clear(&cur);
    return st;
}
