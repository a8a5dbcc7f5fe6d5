#include "sla/sla_scan_repo.h"

#include "casedesk_scan_repo.h"

/* The queries of one kind (casedesk_scan_sql); take answers tenant_id, id,
 * due. */
static const casedesk_scan_sql sla_scan_sqls[] = {
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

static void sla_scan_case_read(const PGresult *res, int i, void *row)
{
    sla_scan_case *c = row;

    kc_pg_copy(res, i, 0, c->tenant_id, sizeof(c->tenant_id));
    kc_pg_copy(res, i, 1, c->id, sizeof(c->id));
    kc_pg_copy(res, i, 2, c->due, sizeof(c->due));
}

kc_status sla_scan_repo_take(kc_db_conn *conn, sla_scan_kind kind, const char *as_of, int max,
                             sla_scan_case *rows, int *n, kc_problem *pb)
{
    return casedesk_scan_take(conn, &sla_scan_sqls[kind], as_of, max, sizeof(*rows),
                              sla_scan_case_read, rows, n, pb);
}

kc_status sla_scan_repo_flag(kc_db_conn *conn, sla_scan_kind kind, const char *tenant_id,
                             const char *case_id, const char *as_of, kc_problem *pb)
{
    return casedesk_scan_flag(conn, &sla_scan_sqls[kind], tenant_id, case_id, as_of, pb);
}
