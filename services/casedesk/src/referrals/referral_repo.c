#include "referrals/referral_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_repo.h"

/* The columns of a referral, read by referral_from_row; REFERRAL_KEY_COL
 * is the keyset sort key. */
/* clang-format off */
#define REFERRAL_COLS                                                                              \
    "r.id, r.tenant_id, r.case_id,"                                                                \
    "       (SELECT c.reference"                                                                   \
    "          FROM casedesk.cases c"                                                              \
    "         WHERE c.tenant_id = r.tenant_id AND c.id = r.case_id),"                              \
    "       r.official_id, r.department_id, r.question,"                                           \
    "       " CASEDESK_TS("r.acknowledge_by") ", " CASEDESK_TS("r.answer_by") ", r.status,"        \
    "       " CASEDESK_TS("r.acknowledged_at") ", " CASEDESK_TS("r.answered_at") ","               \
    "       r.answer, r.answered_by, r.escalation_level,"                                          \
    "       coalesce((SELECT e.rung"                                                               \
    "                   FROM casedesk.referral_escalations e"                                      \
    "                  WHERE e.tenant_id = r.tenant_id AND e.referral_id = r.id"                   \
    "                    AND e.level = r.escalation_level),"                                       \
    "                'official'),"                                                                 \
    "       r.holder_official_id, " CASEDESK_TS("r.next_escalation_at") ","                        \
    "       (SELECT coalesce(json_agg(json_build_object("                                          \
    "                        'level', e.level, 'rung', e.rung, 'officialId', e.official_id,"       \
    "                        'at', to_char(e.at AT TIME ZONE 'UTC',"                               \
    "                                      'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"                  \
    "                        ORDER BY e.level), '[]'::json)"                                       \
    "          FROM casedesk.referral_escalations e"                                               \
    "         WHERE e.tenant_id = r.tenant_id AND e.referral_id = r.id)::text,"                    \
    "       r.link_used_at IS NOT NULL, encode(r.link_nonce_hash, 'hex'),"                         \
    "       extract(epoch FROM r.answer_by)::bigint, r.version,"                                   \
    "       " CASEDESK_TS("r.created_at") ", " CASEDESK_TS("r.updated_at") ","                     \
    "       " CASEDESK_TS_US("r.created_at")

#define REFERRAL_KEY_COL 25

/* the viewer: the active official with this userSub addressed or holding */
#define REFERRAL_VIEWER(n)                                                                         \
    "(" n "::text IS NULL"                                                                         \
    "        OR EXISTS (SELECT 1"                                                                  \
    "                     FROM casedesk.officials o"                                               \
    "                    WHERE o.tenant_id = r.tenant_id AND o.user_sub = " n "::text"             \
    "                      AND o.active"                                                           \
    "                      AND (o.id = r.official_id OR o.id = r.holder_official_id)))"
/* clang-format on */

static void referral_from_row(const PGresult *res, int row, void *item)
{
    referral *r = item;
    const char *v;

    kc_pg_copy(res, row, 0, r->id, sizeof(r->id));
    kc_pg_copy(res, row, 1, r->tenant_id, sizeof(r->tenant_id));
    kc_pg_copy(res, row, 2, r->case_id, sizeof(r->case_id));
    kc_pg_copy(res, row, 3, r->reference, sizeof(r->reference));
    kc_pg_copy(res, row, 4, r->official_id, sizeof(r->official_id));
    kc_pg_copy(res, row, 5, r->department_id, sizeof(r->department_id));
    r->question = kc_pg_strdup(res, row, 6);
    kc_pg_copy(res, row, 7, r->acknowledge_by, sizeof(r->acknowledge_by));
    kc_pg_copy(res, row, 8, r->answer_by, sizeof(r->answer_by));
    kc_pg_copy(res, row, 9, r->status, sizeof(r->status));
    kc_pg_copy(res, row, 10, r->acknowledged_at, sizeof(r->acknowledged_at));
    kc_pg_copy(res, row, 11, r->answered_at, sizeof(r->answered_at));
    r->answer = kc_pg_strdup(res, row, 12);
    r->answered_by = kc_pg_strdup(res, row, 13);
    r->escalation_level = kc_pg_int(res, row, 14);
    kc_pg_copy(res, row, 15, r->escalation_rung, sizeof(r->escalation_rung));
    kc_pg_copy(res, row, 16, r->holder_official_id, sizeof(r->holder_official_id));
    kc_pg_copy(res, row, 17, r->next_escalation_at, sizeof(r->next_escalation_at));
    r->escalations = kc_pg_json(res, row, 18);
    r->link_used = kc_pg_bool(res, row, 19);
    kc_pg_copy(res, row, 20, r->link_nonce_hash, sizeof(r->link_nonce_hash));
    v = PQgetvalue(res, row, 21);
    r->answer_by_unix = v != NULL ? strtoll(v, NULL, 10) : 0;
    r->version = kc_pg_int(res, row, 22);
    kc_pg_copy(res, row, 23, r->created_at, sizeof(r->created_at));
    kc_pg_copy(res, row, 24, r->updated_at, sizeof(r->updated_at));
}

/* Runs a statement answering at most one referral row into out;
 * KC_NOT_FOUND (naming id) when it answers none. */
static kc_status referral_one(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                              const char *const *params, const char *id, referral *out,
                              kc_problem *pb)
{
    return kc_pg_one(conn, stmt, sql, nparams, params, referral_from_row, out, pb,
                     "referral %s not found", id);
}

/* A case's status (column 0) into a char[24]. */
static void case_status_from_row(const PGresult *res, int row, void *status)
{
    kc_pg_copy(res, row, 0, status, 24);
}

kc_status referral_repo_case_state(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                   int lock, char status[24], kc_problem *pb)
{
    static const char sql[] = "SELECT status FROM casedesk.cases WHERE tenant_id = $1 AND id = $2";
    static const char sql_share[] =
        "SELECT status FROM casedesk.cases WHERE tenant_id = $1 AND id = $2 FOR SHARE";
    const char *params[2] = {tenant_id, case_id};

    return kc_pg_one(conn, lock ? "casedesk_referral_case_share" : "casedesk_referral_case_state",
                     lock ? sql_share : sql, 2, params, case_status_from_row, status, pb,
                     "case %s not found", case_id);
}

kc_status referral_repo_official_state(kc_db_conn *conn, const char *tenant_id,
                                       const char *official_id, int *exists, int *active,
                                       kc_problem *pb)
{
    static const char sql[] =
        "SELECT active FROM casedesk.officials WHERE tenant_id = $1 AND id = $2";
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, official_id};
    kc_status st;

    *exists = 0;
    *active = 0;
    st = kc_db_exec(conn, "casedesk_referral_official_state", sql, 2, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1) {
        *exists = 1;
        *active = kc_pg_bool(res, 0, 0);
    }
    PQclear(res);
    return st;
}

kc_status referral_repo_department_state(kc_db_conn *conn, const char *tenant_id,
                                         const char *department_id, int *exists,
                                         char team_manager_id[37], kc_problem *pb)
{
    static const char sql[] =
        "SELECT (SELECT o.id"
        "          FROM casedesk.officials o"
        "         WHERE o.tenant_id = d.tenant_id AND o.id = d.team_manager_id AND o.active)"
        "  FROM casedesk.departments d"
        " WHERE d.tenant_id = $1 AND d.id = $2";
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, department_id};
    kc_status st;

    *exists = 0;
    team_manager_id[0] = '\0';
    st = kc_db_exec(conn, "casedesk_referral_department_state", sql, 2, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1) {
        *exists = 1;
        kc_pg_copy(res, 0, 0, team_manager_id, 37);
    }
    PQclear(res);
    return st;
}

kc_status referral_repo_insert(kc_db_conn *conn, const char *tenant_id, const referral_new *in,
                               referral *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.referrals AS r (id, tenant_id, case_id, official_id, department_id,"
        "                                    question, acknowledge_by, answer_by,"
        "                                    holder_official_id, link_nonce_hash, created_by)"
        " VALUES ($1, $2, $3, $4::uuid, $5::uuid, $6, $7::timestamptz, $8::timestamptz, $9::uuid,"
        "         decode($10, 'hex'), $11)"
        " RETURNING " REFERRAL_COLS;
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, in->id);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, in->case_id);
    kc_params_text(&p, in->official_id);
    kc_params_text(&p, in->department_id);
    kc_params_text(&p, in->question);
    kc_params_text(&p, in->acknowledge_by);
    kc_params_text(&p, in->answer_by);
    kc_params_text(&p, in->holder_official_id);
    kc_params_text(&p, in->link_nonce_hash_hex);
    kc_params_text(&p, in->created_by);
    st = referral_one(conn, "casedesk_referral_insert", sql, kc_params_count(&p),
                      kc_params_values(&p), in->id, out, pb);
    kc_params_free(&p);
    return st;
}

kc_status referral_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                            const char *viewer_sub, int for_update, referral *out, kc_problem *pb)
{
    static const char sql[] = "SELECT " REFERRAL_COLS "  FROM casedesk.referrals r"
                              " WHERE r.tenant_id = $1 AND r.id = $2"
                              "   AND " REFERRAL_VIEWER("$3");
    static const char sql_lock[] = "SELECT " REFERRAL_COLS "  FROM casedesk.referrals r"
                                   " WHERE r.tenant_id = $1 AND r.id = $2"
                                   "   AND " REFERRAL_VIEWER("$3") " FOR UPDATE OF r";
    const char *params[3] = {tenant_id, id, viewer_sub};

    if (for_update)
        return referral_one(conn, "casedesk_referral_get_lock", sql_lock, 3, params, id, out, pb);
    return referral_one(conn, "casedesk_referral_get", sql, 3, params, id, out, pb);
}

kc_status referral_repo_get_by_link(kc_db_conn *conn, const char *id, int for_update, referral *out,
                                    kc_problem *pb)
{
    static const char sql[] = "SELECT " REFERRAL_COLS "  FROM casedesk.referrals r"
                              " WHERE r.id = $1"
                              " LIMIT 1";
    static const char sql_lock[] = "SELECT " REFERRAL_COLS "  FROM casedesk.referrals r"
                                   " WHERE r.id = $1"
                                   " LIMIT 1 FOR UPDATE OF r";
    const char *params[1] = {id};

    if (for_update)
        return referral_one(conn, "casedesk_referral_link_lock", sql_lock, 1, params, id, out, pb);
    return referral_one(conn, "casedesk_referral_link_get", sql, 1, params, id, out, pb);
}

kc_status referral_repo_case_context(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                     char **category_name, char **description, kc_problem *pb)
{
    static const char sql[] =
        "SELECT k.name, c.description"
        "  FROM casedesk.cases c"
        "  LEFT JOIN casedesk.categories k ON k.tenant_id = c.tenant_id AND k.id = c.category_id"
        " WHERE c.tenant_id = $1 AND c.id = $2";
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, case_id};
    kc_status st;

    *category_name = NULL;
    *description = NULL;
    st = kc_db_exec(conn, "casedesk_referral_case_context", sql, 2, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1) {
        *category_name = kc_pg_strdup(res, 0, 0);
        *description = kc_pg_strdup(res, 0, 1);
    }
    PQclear(res);
    return st;
}

kc_status referral_repo_list(kc_db_conn *conn, const char *tenant_id, const referral_filter *f,
                             const kc_keyset *page, referral **items, size_t *n,
                             kc_keyset_next *next, kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "SELECT " REFERRAL_COLS
        "  FROM casedesk.referrals r"
        " WHERE r.tenant_id = $1"
        "   AND ($2::uuid IS NULL OR r.case_id = $2::uuid)"
        "   AND ($3::text IS NULL OR r.status = $3::text)"
        "   AND ($4::uuid IS NULL OR r.official_id = $4::uuid OR r.holder_official_id = $4::uuid)"
        "   AND ($5::boolean IS NULL"
        "        OR $5::boolean = (r.status IN ('open', 'acknowledged')"
        "                          AND (r.answer_by <= now()"
        "                               OR (r.status = 'open' AND r.acknowledge_by <= now()))))"
        "   AND " REFERRAL_VIEWER("$6")
        "   AND ($7::timestamptz IS NULL OR (r.created_at, r.id) > ($7::timestamptz, $8::uuid))"
        " ORDER BY r.created_at, r.id"
        " LIMIT $9";
    /* clang-format on */
    char limit[16];
    kc_params p;
    void *list = NULL;
    kc_status st;

    kc_pg_page_limit(page, limit, sizeof(limit));
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, f->case_id);
    kc_params_text(&p, f->status);
    kc_params_text(&p, f->official_id);
    kc_params_bool_or_null(&p, f->overdue);
    kc_params_text(&p, f->viewer_sub);
    kc_params_text(&p, page->after_key);
    kc_params_text(&p, page->after_id);
    kc_params_text(&p, limit);
    st =
        kc_pg_list(conn, "casedesk_referral_list", sql, kc_params_count(&p), kc_params_values(&p),
                   page, REFERRAL_KEY_COL, sizeof(referral), referral_from_row, &list, n, next, pb);
    kc_params_free(&p);
    *items = list;
    return st;
}

kc_status referral_repo_apply(kc_db_conn *conn, const char *tenant_id, const char *id,
                              referral_action action, const char *answer, const char *answered_by,
                              int via_link, referral *out, kc_problem *pb)
{
    static const char sql_ack[] =
        "UPDATE casedesk.referrals r"
        "   SET status = 'acknowledged', acknowledged_at = now(), version = r.version + 1,"
        "       updated_at = now()"
        " WHERE r.tenant_id = $1 AND r.id = $2 AND r.status = 'open'"
        " RETURNING " REFERRAL_COLS;
    static const char sql_answer[] =
        "UPDATE casedesk.referrals r"
        "   SET status = 'answered', answered_at = now(),"
        "       acknowledged_at = coalesce(r.acknowledged_at, now()),"
        "       answer = $3, answered_by = $4, next_escalation_at = NULL,"
        "       link_used_at = CASE WHEN $5::boolean THEN now() ELSE r.link_used_at END,"
        "       version = r.version + 1, updated_at = now()"
        " WHERE r.tenant_id = $1 AND r.id = $2 AND r.status IN ('open', 'acknowledged')"
        " RETURNING " REFERRAL_COLS;
    static const char sql_withdraw[] =
        "UPDATE casedesk.referrals r"
        "   SET status = 'withdrawn', next_escalation_at = NULL, version = r.version + 1,"
        "       updated_at = now()"
        " WHERE r.tenant_id = $1 AND r.id = $2 AND r.status IN ('open', 'acknowledged')"
        " RETURNING " REFERRAL_COLS;
    const char *params[5] = {tenant_id, id, answer, answered_by, via_link ? "true" : "false"};
    kc_status st;

    if (action == REFERRAL_ACKNOWLEDGE)
        st = referral_one(conn, "casedesk_referral_ack", sql_ack, 2, params, id, out, pb);
    else if (action == REFERRAL_ANSWER)
        st = referral_one(conn, "casedesk_referral_answer", sql_answer, 5, params, id, out, pb);
    else
        st = referral_one(conn, "casedesk_referral_withdraw", sql_withdraw, 2, params, id, out, pb);
    if (st == KC_NOT_FOUND)
        st = kc_problem_set(pb, KC_CONFLICT, "referral %s changed concurrently", id);
    return st;
}
