#include "citizen/tracking_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_repo.h"

/* More than any case has; a bound, not a page. */
#define TRACKING_MAX_ROWS "1000"

/* clang-format off */
#define TRACKING_CASE_COLS                                                                         \
    "c.tenant_id, c.id, c.reference, c.status, c.category_id, k.name,"                             \
    "       " CASEDESK_TS("c.created_at") ", " CASEDESK_TS("c.first_contact_due") ","              \
    "       " CASEDESK_TS("c.resolution_due") ", " CASEDESK_TS("c.first_contact_at") ","           \
    "       " CASEDESK_TS("c.suspended_since") ","                                                 \
    "       c.suspension_reason, c.outcome, c.outcome_explanation,"                                \
    "       " CASEDESK_TS("c.resolved_at") ", c.reopen_count"

#define TRACKING_FIND_SQL                                                                          \
    "SELECT " TRACKING_CASE_COLS                                                                   \
    "  FROM casedesk.cases c"                                                                      \
    "  LEFT JOIN casedesk.categories k ON k.tenant_id = c.tenant_id AND k.id = c.category_id"      \
    " WHERE c.tracking_hash = decode($1, 'hex') AND c.anonymised_at IS NULL"
/* clang-format on */

static void tracking_case_from_row(const PGresult *r, int row, void *item)
{
    tracking_case *c = item;

    kc_pg_copy(r, row, 0, c->tenant_id, sizeof(c->tenant_id));
    kc_pg_copy(r, row, 1, c->id, sizeof(c->id));
    kc_pg_copy(r, row, 2, c->reference, sizeof(c->reference));
    kc_pg_copy(r, row, 3, c->status, sizeof(c->status));
    kc_pg_copy(r, row, 4, c->category_id, sizeof(c->category_id));
    c->category_name = kc_pg_strdup(r, row, 5);
    kc_pg_copy(r, row, 6, c->created_at, sizeof(c->created_at));
    kc_pg_copy(r, row, 7, c->first_contact_due, sizeof(c->first_contact_due));
    kc_pg_copy(r, row, 8, c->resolution_due, sizeof(c->resolution_due));
    kc_pg_copy(r, row, 9, c->first_contact_at, sizeof(c->first_contact_at));
    kc_pg_copy(r, row, 10, c->suspended_since, sizeof(c->suspended_since));
    c->suspension_reason = kc_pg_strdup(r, row, 11);
    kc_pg_copy(r, row, 12, c->outcome, sizeof(c->outcome));
    c->outcome_explanation = kc_pg_strdup(r, row, 13);
    kc_pg_copy(r, row, 14, c->resolved_at, sizeof(c->resolved_at));
    c->reopen_count = kc_pg_int(r, row, 15);
}

kc_status tracking_repo_find(kc_db_conn *conn, const char *hash_hex, int lock, tracking_case *out,
                             kc_problem *pb)
{
    static const char sql[] = TRACKING_FIND_SQL;
    static const char sql_lock[] = TRACKING_FIND_SQL " FOR UPDATE OF c";
    const char *params[1] = {hash_hex};

    return kc_pg_one(conn, lock ? "casedesk_tracking_find_lock" : "casedesk_tracking_find",
                     lock ? sql_lock : sql, 1, params, tracking_case_from_row, out, pb,
                     "no case is tracked with this token");
}

/* A public case_timeline row (at, action, to_status). */
static void tracking_entry_from_row(const PGresult *r, int row, void *item)
{
    tracking_entry *e = item;

    kc_pg_copy(r, row, 0, e->at, sizeof(e->at));
    kc_pg_copy(r, row, 1, e->action, sizeof(e->action));
    kc_pg_copy(r, row, 2, e->status, sizeof(e->status));
}

kc_status tracking_repo_timeline(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 tracking_entry **items, size_t *n, kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "SELECT " CASEDESK_TS("at") ", action, to_status"
        "  FROM casedesk.case_timeline"
        " WHERE tenant_id = $1 AND case_id = $2 AND public"
        " ORDER BY id"
        " LIMIT " TRACKING_MAX_ROWS;
    /* clang-format on */
    const char *params[2] = {tenant_id, case_id};
    void *list = NULL;
    kc_status st;

    st = kc_pg_rows(conn, "casedesk_tracking_timeline", sql, 2, params, -1, sizeof(tracking_entry),
                    tracking_entry_from_row, &list, n, NULL, pb);
    *items = list;
    return st;
}

/* A case_messages row (id, author, body, at) as the citizen sees it. */
static void tracking_message_from_row(const PGresult *r, int row, void *item)
{
    tracking_message *m = item;

    m->id = strtoll(PQgetvalue(r, row, 0), NULL, 10);
    snprintf(m->direction, sizeof(m->direction), "%s",
             strcmp(PQgetvalue(r, row, 1), "citizen") == 0 ? "from_citizen" : "to_citizen");
    m->text = kc_pg_strdup(r, row, 2);
    kc_pg_copy(r, row, 3, m->at, sizeof(m->at));
}

kc_status tracking_repo_messages(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 tracking_message **items, size_t *n, kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "SELECT id, author, body, " CASEDESK_TS("at")
        "  FROM casedesk.case_messages"
        " WHERE tenant_id = $1 AND case_id = $2 AND kind = 'message'"
        " ORDER BY id"
        " LIMIT " TRACKING_MAX_ROWS;
    /* clang-format on */
    const char *params[2] = {tenant_id, case_id};
    void *list = NULL;
    kc_status st;

    st = kc_pg_rows(conn, "casedesk_tracking_messages", sql, 2, params, -1,
                    sizeof(tracking_message), tracking_message_from_row, &list, n, NULL, pb);
    *items = list;
    return st;
}

/* A feedback row (round, satisfaction, equal_party, comment, created_at). */
static void tracking_feedback_from_row(const PGresult *r, int row, tracking_feedback *f)
{
    f->present = 1;
    f->round = kc_pg_int(r, row, 0);
    f->satisfaction = kc_pg_int(r, row, 1);
    f->equal_party = kc_pg_bool(r, row, 2);
    f->comment = kc_pg_strdup(r, row, 3);
    kc_pg_copy(r, row, 4, f->at, sizeof(f->at));
}

#define TRACKING_FEEDBACK_COLS                                                                     \
    "round, satisfaction, equal_party, comment, " CASEDESK_TS("created_at")

kc_status tracking_repo_feedback(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 int round, tracking_feedback *out, kc_problem *pb)
{
    static const char sql[] = "SELECT " TRACKING_FEEDBACK_COLS "  FROM casedesk.feedback"
                              " WHERE tenant_id = $1 AND case_id = $2 AND round = $3::integer";
    PGresult *res = NULL;
    char round_s[16];
    const char *params[3] = {tenant_id, case_id, round_s};
    kc_status st;

    memset(out, 0, sizeof(*out));
    snprintf(round_s, sizeof(round_s), "%d", round);
    st = kc_db_exec(conn, "casedesk_tracking_feedback", sql, 3, params, &res, pb);
    if (st == KC_OK && PQntuples(res) > 0)
        tracking_feedback_from_row(res, 0, out);
    PQclear(res);
    return st;
}

kc_status tracking_repo_reopen_of_round(kc_db_conn *conn, const char *tenant_id,
                                        const char *case_id, int round, tracking_reopen *out,
                                        kc_problem *pb)
{
    static const char sql[] = "SELECT status, decline_reason"
                              "  FROM casedesk.reopen_requests"
                              " WHERE tenant_id = $1 AND case_id = $2 AND round = $3::integer";
    PGresult *res = NULL;
    char round_s[16];
    const char *params[3] = {tenant_id, case_id, round_s};
    kc_status st;

    memset(out, 0, sizeof(*out));
    snprintf(round_s, sizeof(round_s), "%d", round);
    st = kc_db_exec(conn, "casedesk_tracking_reopen_of_round", sql, 3, params, &res, pb);
    if (st == KC_OK && PQntuples(res) > 0) {
        out->present = 1;
        kc_pg_copy(res, 0, 0, out->status, sizeof(out->status));
        out->decline_reason = kc_pg_strdup(res, 0, 1);
    }
    PQclear(res);
    return st;
}

kc_status tracking_repo_add_message(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                    const char *text, tracking_message *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.case_messages (tenant_id, case_id, kind, author, body)"
        " VALUES ($1, $2, 'message', 'citizen', $3)"
        " RETURNING id, author, body, " CASEDESK_TS("at");
    PGresult *res = NULL;
    const char *params[3] = {tenant_id, case_id, text};
    kc_status st;

    st = kc_db_exec(conn, "casedesk_tracking_add_message", sql, 3, params, &res, pb);
    if (st == KC_OK)
        tracking_message_from_row(res, 0, out);
    PQclear(res);
    return st;
}

kc_status tracking_repo_add_feedback(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                     const tracking_feedback_new *in, int *inserted,
                                     tracking_feedback *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.feedback (tenant_id, case_id, round, satisfaction, equal_party,"
        "                               comment)"
        " VALUES ($1, $2, $3::integer, $4::smallint, $5::boolean, $6)"
        " ON CONFLICT (tenant_id, case_id, round) DO NOTHING"
        " RETURNING " TRACKING_FEEDBACK_COLS;
    PGresult *res = NULL;
    kc_params p;
    kc_status st;

    *inserted = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, case_id);
    kc_params_int(&p, in->round);
    kc_params_int(&p, in->satisfaction);
    kc_params_bool(&p, in->equal_party);
    kc_params_text(&p, in->comment);
    st = kc_db_exec(conn, "casedesk_tracking_add_feedback", sql, kc_params_count(&p),
                    kc_params_values(&p), &res, pb);
    if (st == KC_OK && PQntuples(res) > 0) {
        tracking_feedback_from_row(res, 0, out);
        *inserted = 1;
    }
    kc_params_free(&p);
    PQclear(res);
    return st;
}
