#include "citizen/reopen_request_repo.h"

#include <stdio.h>
#include <string.h>
#include "casedesk_repo.h"

/* clang-format off */
#define REOPEN_COLS                                                                                \
    "r.id, r.case_id, c.reference, r.round, r.status, r.decline_reason, r.decided_by,"             \
    "       " CASEDESK_TS("r.decided_at") ", " CASEDESK_TS("r.created_at") ","                     \
    "       f.satisfaction, f.equal_party, r.version, c.status, c.reopen_count,"                   \
    "       " CASEDESK_TS_US("r.created_at")
/* clang-format on */
#define REOPEN_COL_CURSOR 14

#define REOPEN_FROM                                                                                \
    "  FROM casedesk.reopen_requests r"                                                            \
    "  JOIN casedesk.cases c ON c.tenant_id = r.tenant_id AND c.id = r.case_id"                    \
    "  LEFT JOIN casedesk.feedback f"                                                              \
    "    ON f.tenant_id = r.tenant_id AND f.case_id = r.case_id AND f.round = r.round"

static void reopen_from_row(const PGresult *r, int row, void *item)
{
    reopen_request *q = item;

    kc_pg_copy(r, row, 0, q->id, sizeof(q->id));
    kc_pg_copy(r, row, 1, q->case_id, sizeof(q->case_id));
    kc_pg_copy(r, row, 2, q->reference, sizeof(q->reference));
    q->round = kc_pg_int(r, row, 3);
    kc_pg_copy(r, row, 4, q->status, sizeof(q->status));
    q->decline_reason = kc_pg_strdup(r, row, 5);
    q->decided_by = kc_pg_strdup(r, row, 6);
    kc_pg_copy(r, row, 7, q->decided_at, sizeof(q->decided_at));
    kc_pg_copy(r, row, 8, q->created_at, sizeof(q->created_at));
    q->has_feedback = !PQgetisnull(r, row, 9);
    q->satisfaction = kc_pg_int(r, row, 9);
    q->equal_party = kc_pg_bool(r, row, 10);
    q->version = kc_pg_int(r, row, 11);
    kc_pg_copy(r, row, 12, q->case_status, sizeof(q->case_status));
    q->case_reopen_count = kc_pg_int(r, row, 13);
}

kc_status reopen_request_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                     int round, char id_out[37], kc_problem *pb)
{
    static const char sql[] = "INSERT INTO casedesk.reopen_requests (id, tenant_id, case_id, round)"
                              " VALUES (gen_random_uuid(), $1, $2, $3::integer)"
                              " RETURNING id";
    PGresult *res = NULL;
    char round_s[16];
    const char *params[3] = {tenant_id, case_id, round_s};
    kc_status st;

    snprintf(round_s, sizeof(round_s), "%d", round);
    st = kc_db_exec(conn, "casedesk_reopen_insert", sql, 3, params, &res, pb);
    if (st == KC_CONFLICT)
        kc_problem_set(pb, KC_CONFLICT, "a reopen request of this round exists already");
    if (st == KC_OK)
        kc_pg_copy(res, 0, 0, id_out, 37);
    PQclear(res);
    return st;
}

kc_status reopen_request_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                                  reopen_request *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT " REOPEN_COLS REOPEN_FROM " WHERE r.tenant_id = $1 AND r.id = $2";
    static const char sql_lock[] =
        "SELECT " REOPEN_COLS REOPEN_FROM " WHERE r.tenant_id = $1 AND r.id = $2"
        "   FOR UPDATE OF r, c";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, lock ? "casedesk_reopen_get_lock" : "casedesk_reopen_get",
                     lock ? sql_lock : sql, 2, params, reopen_from_row, out, pb,
                     "reopen request %s not found", id);
}

kc_status reopen_request_repo_list(kc_db_conn *conn, const char *tenant_id, const char *status,
                                   const kc_keyset *page, reopen_request **items, size_t *n,
                                   kc_keyset_next *next, kc_problem *pb)
{
    static const char sql[] =
        "SELECT " REOPEN_COLS REOPEN_FROM " WHERE r.tenant_id = $1"
        "   AND ($2::text IS NULL OR r.status = $2::text)"
        "   AND ($3::timestamptz IS NULL OR (r.created_at, r.id) > ($3::timestamptz, $4::uuid))"
        " ORDER BY r.created_at, r.id"
        " LIMIT $5";
    char limit[16];
    kc_params p;
    kc_status st;

    kc_pg_page_limit(page, limit, sizeof(limit));
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, status);
    kc_params_text(&p, page->after_key);
    kc_params_text(&p, page->after_id);
    kc_params_text(&p, limit);
    st = kc_pg_list(conn, "casedesk_reopen_list", sql, kc_params_count(&p), kc_params_values(&p),
                    page, REOPEN_COL_CURSOR, sizeof(reopen_request), reopen_from_row,
                    (void **)items, n, next, pb);
    kc_params_free(&p);
    return st;
}

kc_status reopen_request_repo_decide(kc_db_conn *conn, const char *tenant_id, const char *id,
                                     int expected_version, const char *status,
                                     const char *decline_reason, const char *decided_by,
                                     int *applied, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE casedesk.reopen_requests"
        "   SET status = $4, decline_reason = $5, decided_by = $6, decided_at = now(),"
        "       version = version + 1"
        " WHERE tenant_id = $1 AND id = $2 AND version = $3::integer AND status = 'pending'"
        " RETURNING id";
    PGresult *res = NULL;
    kc_params p;
    kc_status st;

    *applied = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    kc_params_int(&p, expected_version);
    kc_params_text(&p, status);
    kc_params_text(&p, decline_reason);
    kc_params_text(&p, decided_by);
    st = kc_db_exec(conn, "casedesk_reopen_decide", sql, kc_params_count(&p), kc_params_values(&p),
                    &res, pb);
    if (st == KC_OK)
        *applied = PQntuples(res) > 0;
    kc_params_free(&p);
    PQclear(res);
    return st;
}
