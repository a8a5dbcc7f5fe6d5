#include "referrals/referral_scan_repo.h"

#include <stdio.h>
#include "casedesk_scan_repo.h"

/* The head of every take query: the columns of a referral_scan_row, and
 * only referrals of open cases. */
#define SCAN_SELECT                                                                                \
    "SELECT r.tenant_id, r.id, r.case_id, r.acknowledge_by, r.answer_by, r.escalation_level, "     \
    "coalesce((SELECT e.rung "                                                                     \
    "            FROM casedesk.referral_escalations e "                                            \
    "           WHERE e.tenant_id = r.tenant_id "                                                  \
    "             AND e.referral_id = r.id "                                                       \
    "             AND e.level = r.escalation_level), 'official'), "                                \
    "r.holder_official_id, "                                                                       \
    "(SELECT tm.id "                                                                               \
    "   FROM casedesk.departments d "                                                              \
    "   JOIN casedesk.officials tm "                                                               \
    "     ON tm.tenant_id = d.tenant_id AND tm.id = d.team_manager_id AND tm.active "              \
    "  WHERE d.tenant_id = r.tenant_id "                                                           \
    "    AND d.id = coalesce(r.department_id, (SELECT a.department_id "                            \
    "                                            FROM casedesk.officials a "                       \
    "                                           WHERE a.tenant_id = r.tenant_id "                  \
    "                                             AND a.id = r.official_id))), "                   \
    "(SELECT po.id "                                                                               \
    "   FROM casedesk.cases c "                                                                    \
    "   JOIN casedesk.categories k "                                                               \
    "     ON k.tenant_id = c.tenant_id AND k.id = c.category_id "                                  \
    "   JOIN casedesk.officials po "                                                               \
    "     ON po.tenant_id = k.tenant_id AND po.id = k.process_owner_id AND po.active "             \
    "  WHERE c.tenant_id = r.tenant_id "                                                           \
    "    AND c.id = r.case_id) "                                                                   \
    "FROM casedesk.referrals r "                                                                   \
    "LEFT JOIN casedesk.settings s ON s.tenant_id = r.tenant_id "                                  \
    "WHERE EXISTS (SELECT 1 "                                                                      \
    "                FROM casedesk.cases oc "                                                      \
    "               WHERE oc.tenant_id = r.tenant_id "                                             \
    "                 AND oc.id = r.case_id "                                                      \
    "                 AND oc.status NOT IN ('resolved', 'closed')) "

/* The tail of every take query: a batch, each row once across replicas. */
#define SCAN_LOCK                                                                                  \
    "LIMIT $2 "                                                                                    \
    "FOR UPDATE OF r SKIP LOCKED"

/* The queries of one kind (casedesk_scan_sql); take answers the columns of
 * SCAN_SELECT. Laid out by hand: one clause per line, the shared head and
 * tail as macros of their own lines. */
/* clang-format off */
static const casedesk_scan_sql scan_sqls[] = {
    [REFERRAL_SCAN_ACK_OVERDUE] = {
        "casedesk_referral_scan_ack_overdue",
        SCAN_SELECT
        "AND r.status = 'open' "
        "AND r.ack_overdue_at IS NULL "
        "AND r.acknowledge_by <= $1::timestamptz "
        "ORDER BY r.acknowledge_by, r.id "
        SCAN_LOCK,
        "casedesk_referral_flag_ack_overdue",
        "UPDATE casedesk.referrals "
        "SET ack_overdue_at = $1::timestamptz "
        "WHERE tenant_id = $2 "
        "AND id = $3",
    },
    [REFERRAL_SCAN_ANSWER_OVERDUE] = {
        "casedesk_referral_scan_answer_overdue",
        SCAN_SELECT
        "AND r.status IN ('open', 'acknowledged') "
        "AND r.answer_overdue_at IS NULL "
        "AND r.answer_by <= $1::timestamptz "
        "ORDER BY r.answer_by, r.id "
        SCAN_LOCK,
        "casedesk_referral_flag_answer_overdue",
        "UPDATE casedesk.referrals "
        "SET answer_overdue_at = $1::timestamptz "
        "WHERE tenant_id = $2 "
        "AND id = $3",
    },
    [REFERRAL_SCAN_ESCALATE] = {
        "casedesk_referral_scan_escalate",
        SCAN_SELECT
        "AND r.status IN ('open', 'acknowledged') "
        "AND r.answer_overdue_at IS NOT NULL "
        "AND r.next_escalation_at <= $1::timestamptz "
        "ORDER BY r.next_escalation_at, r.id "
        SCAN_LOCK,
        NULL,
        NULL,
    },
    [REFERRAL_SCAN_ACK_REMINDER] = {
        "casedesk_referral_scan_ack_reminder",
        SCAN_SELECT
        "AND r.status = 'open' "
        "AND r.ack_reminded_at IS NULL "
        "AND r.ack_overdue_at IS NULL "
        "AND r.acknowledge_by > $1::timestamptz "
        "AND r.acknowledge_by - make_interval(hours => coalesce(s.referral_reminder_hours, 8)) "
        "    <= $1::timestamptz "
        "ORDER BY r.acknowledge_by, r.id "
        SCAN_LOCK,
        "casedesk_referral_flag_ack_reminder",
        "UPDATE casedesk.referrals "
        "SET ack_reminded_at = $1::timestamptz "
        "WHERE tenant_id = $2 "
        "AND id = $3",
    },
    [REFERRAL_SCAN_ANSWER_REMINDER] = {
        "casedesk_referral_scan_answer_reminder",
        SCAN_SELECT
        "AND r.status IN ('open', 'acknowledged') "
        "AND r.answer_reminded_at IS NULL "
        "AND r.answer_overdue_at IS NULL "
        "AND r.answer_by > $1::timestamptz "
        "AND r.answer_by - make_interval(hours => coalesce(s.referral_reminder_hours, 8)) "
        "    <= $1::timestamptz "
        "ORDER BY r.answer_by, r.id "
        SCAN_LOCK,
        "casedesk_referral_flag_answer_reminder",
        "UPDATE casedesk.referrals "
        "SET answer_reminded_at = $1::timestamptz "
        "WHERE tenant_id = $2 "
        "AND id = $3",
    },
};
/* clang-format on */

static void scan_row_read(const PGresult *res, int i, void *row)
{
    referral_scan_row *r = row;

    kc_pg_copy(res, i, 0, r->tenant_id, sizeof(r->tenant_id));
    kc_pg_copy(res, i, 1, r->id, sizeof(r->id));
    kc_pg_copy(res, i, 2, r->case_id, sizeof(r->case_id));
    kc_pg_copy(res, i, 3, r->acknowledge_by, sizeof(r->acknowledge_by));
    kc_pg_copy(res, i, 4, r->answer_by, sizeof(r->answer_by));
    r->level = kc_pg_int(res, i, 5);
    kc_pg_copy(res, i, 6, r->rung, sizeof(r->rung));
    kc_pg_copy(res, i, 7, r->holder, sizeof(r->holder));
    kc_pg_copy(res, i, 8, r->team_manager, sizeof(r->team_manager));
    kc_pg_copy(res, i, 9, r->process_owner, sizeof(r->process_owner));
}

kc_status referral_scan_repo_take(kc_db_conn *conn, referral_scan_kind kind, const char *as_of,
                                  int max, referral_scan_row *rows, int *n, kc_problem *pb)
{
    return casedesk_scan_take(conn, &scan_sqls[kind], as_of, max, sizeof(*rows), scan_row_read,
                              rows, n, pb);
}

kc_status referral_scan_repo_flag(kc_db_conn *conn, referral_scan_kind kind, const char *tenant_id,
                                  const char *id, const char *as_of, kc_problem *pb)
{
    return casedesk_scan_flag(conn, &scan_sqls[kind], tenant_id, id, as_of, pb);
}

kc_status referral_scan_repo_escalation_add(kc_db_conn *conn, const char *tenant_id,
                                            const char *referral_id, const char *at, int level,
                                            const char *rung, const char *official_id, int *added,
                                            kc_problem *pb)
{
    static const char sql[] = "INSERT INTO casedesk.referral_escalations "
                              "(tenant_id, referral_id, at, level, rung, official_id) "
                              "VALUES ($1, $2, $3::timestamptz, $4::integer, $5, $6::uuid) "
                              "ON CONFLICT (tenant_id, referral_id, level) DO NOTHING "
                              "RETURNING id";
    char level_s[16];
    const char *params[6] = {tenant_id, referral_id, at, level_s, rung, official_id};
    PGresult *res = NULL;
    kc_status st;

    *added = 0;
    snprintf(level_s, sizeof(level_s), "%d", level);
    st = kc_db_exec(conn, "casedesk_referral_escalation_insert", sql, 6, params, &res, pb);
    if (st == KC_OK)
        *added = PQntuples(res) == 1;
    PQclear(res);
    return st;
}

kc_status referral_scan_repo_escalation_set(kc_db_conn *conn, const char *tenant_id, const char *id,
                                            int level, const char *holder_id, const char *next_at,
                                            kc_problem *pb)
{
    static const char sql[] = "UPDATE casedesk.referrals "
                              "SET escalation_level = $1::integer, "
                              "holder_official_id = $2::uuid, "
                              "next_escalation_at = $3::timestamptz, "
                              "version = version + 1, "
                              "updated_at = now() "
                              "WHERE tenant_id = $4 "
                              "AND id = $5";
    char level_s[16];
    const char *params[5] = {level_s, holder_id, next_at, tenant_id, id};

    snprintf(level_s, sizeof(level_s), "%d", level);
    return kc_db_exec(conn, "casedesk_referral_escalation_update", sql, 5, params, NULL, pb);
}

kc_status referral_scan_repo_escalation_stop(kc_db_conn *conn, const char *tenant_id,
                                             const char *id, kc_problem *pb)
{
    static const char sql[] = "UPDATE casedesk.referrals "
                              "SET next_escalation_at = NULL "
                              "WHERE tenant_id = $1 "
                              "AND id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_db_exec(conn, "casedesk_referral_escalation_stop", sql, 2, params, NULL, pb);
}
