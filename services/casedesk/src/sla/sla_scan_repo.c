#include "sla/sla_scan_repo.h"

#include <stdio.h>
#include "casedesk_repo.h"

/* The queries of one kind. take: ($1 as_of, $2 limit) -> tenant_id, id,
 * due; flag: ($1 as_of, $2 tenant_id, $3 id). */
typedef struct sla_scan_sql {
    const char *take_stmt, *take_sql;
    const char *flag_stmt, *flag_sql;
} sla_scan_sql;

static const sla_scan_sql sla_scan_sqls[] = {
    [SLA_SCAN_FIRST_CONTACT] =
        {
            "casedesk_sla_scan_first_contact",
            "SELECT c.tenant_id, c.id, c.first_contact_due "
            "FROM casedesk.cases c "
            "WHERE c.first_contact_at IS NULL "
            "AND c.first_contact_breached_at IS NULL "
            "AND c.first_contact_due <= $1::timestamptz "
            "AND c.status NOT IN ('resolved', 'closed') "
            "AND c.suspended_since IS NULL "
            "ORDER BY c.first_contact_due, c.id "
            "LIMIT $2 "
            "FOR UPDATE OF c SKIP LOCKED",
            "casedesk_sla_flag_first_contact",
            "UPDATE casedesk.cases "
            "SET first_contact_breached_at = $1::timestamptz "
            "WHERE tenant_id = $2 "
            "AND id = $3 "
            "AND first_contact_breached_at IS NULL",
        },
    [SLA_SCAN_BREACH] =
        {
            "casedesk_sla_scan_breach",
            "SELECT c.tenant_id, c.id, c.resolution_due "
            "FROM casedesk.cases c "
            "WHERE c.sla_breached_at IS NULL "
            "AND c.resolution_due <= $1::timestamptz "
            "AND c.status NOT IN ('resolved', 'closed') "
            "AND c.suspended_since IS NULL "
            "ORDER BY c.resolution_due, c.id "
            "LIMIT $2 "
            "FOR UPDATE OF c SKIP LOCKED",
            "casedesk_sla_flag_breach",
            "UPDATE casedesk.cases "
            "SET sla_breached_at = $1::timestamptz "
            "WHERE tenant_id = $2 "
            "AND id = $3 "
            "AND sla_breached_at IS NULL",
        },
    /* slaWarningHours is at most 720: the range keeps to the cases_sla_due
     * index */
    [SLA_SCAN_WARNING] =
        {
            "casedesk_sla_scan_warning",
            "SELECT c.tenant_id, c.id, c.resolution_due "
            "FROM casedesk.cases c "
            "LEFT JOIN casedesk.settings s ON s.tenant_id = c.tenant_id "
            "WHERE c.sla_breached_at IS NULL "
            "AND c.sla_warned_at IS NULL "
            "AND c.resolution_due > $1::timestamptz "
            "AND c.resolution_due <= $1::timestamptz + interval '720 hours' "
            "AND c.resolution_due - make_interval(hours => coalesce(s.sla_warning_hours, 24)) "
            "    <= $1::timestamptz "
            "AND c.status NOT IN ('resolved', 'closed') "
            "AND c.suspended_since IS NULL "
            "ORDER BY c.resolution_due, c.id "
            "LIMIT $2 "
            "FOR UPDATE OF c SKIP LOCKED",
            "casedesk_sla_flag_warning",
            "UPDATE casedesk.cases "
            "SET sla_warned_at = $1::timestamptz "
            "WHERE tenant_id = $2 "
            "AND id = $3 "
            "AND sla_warned_at IS NULL",
        },
};

kc_status sla_scan_repo_take(kc_db_conn *conn, sla_scan_kind kind, const char *as_of, int max,
                             sla_scan_case *rows, int *n, kc_problem *pb)
{
    const sla_scan_sql *q = &sla_scan_sqls[kind];
    char limit[16];
    const char *params[2] = {as_of, limit};
    PGresult *res = NULL;
    int i, found;
    kc_status st;

    *n = 0;
    snprintf(limit, sizeof(limit), "%d", max);
    st = kc_db_exec(conn, q->take_stmt, q->take_sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    found = PQntuples(res);
    for (i = 0; i < found && i < max; i++) {
        kc_pg_copy(res, i, 0, rows[i].tenant_id, sizeof(rows[i].tenant_id));
        kc_pg_copy(res, i, 1, rows[i].id, sizeof(rows[i].id));
        kc_pg_copy(res, i, 2, rows[i].due, sizeof(rows[i].due));
    }
    *n = i;
out:
    PQclear(res);
    return st;
}

kc_status sla_scan_repo_flag(kc_db_conn *conn, sla_scan_kind kind, const char *tenant_id,
                             const char *case_id, const char *as_of, kc_problem *pb)
{
    const sla_scan_sql *q = &sla_scan_sqls[kind];
    const char *params[3] = {as_of, tenant_id, case_id};

    return kc_db_exec(conn, q->flag_stmt, q->flag_sql, 3, params, NULL, pb);
}
