#include "sla_scan.h"

#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "casedesk_pg.h"
#include "case_ops.h"
#include "referral_model.h"

#define SLA_SCAN_BATCH       100
#define SLA_SCAN_MAX_BATCHES 10000
#define SLA_SCAN_ACTOR       "system:scheduler"

/* The cases a pass has nothing more to do with. */
#define SLA_SCAN_OPEN "c.status NOT IN ('resolved', 'closed') AND c.suspended_since IS NULL "

typedef struct sla_kind {
    const char *select_stmt, *select_sql; /* ($1 as_of, $2 limit) -> tenant, id, due */
    const char *flag_stmt, *flag_sql;     /* ($1 tenant, $2 id, $3 as_of) */
    const char *deadline;                 /* "first_contact" / "resolution" */
    const char *action;                   /* timeline */
    const char *event;
} sla_kind;

static const sla_kind sla_first_contact = {
    "casedesk_sla_scan_first_contact",
    "SELECT c.tenant_id, c.id, " CASEDESK_TS(
        "c.first_contact_due") " FROM casedesk.cases c "
                               "WHERE c.first_contact_at IS NULL AND c.first_contact_breached_at "
                               "IS NULL "
                               "AND c.first_contact_due <= $1::timestamptz AND " SLA_SCAN_OPEN
                               "ORDER BY c.first_contact_due, c.id LIMIT $2 FOR UPDATE OF c SKIP "
                               "LOCKED",
    "casedesk_sla_flag_first_contact",
    "UPDATE casedesk.cases SET first_contact_breached_at = $3::timestamptz "
    "WHERE tenant_id = $1 AND id = $2 AND first_contact_breached_at IS NULL",
    "first_contact",
    "sla_breached",
    "case.sla.breached",
};

static const sla_kind sla_breach = {
    "casedesk_sla_scan_breach",
    "SELECT c.tenant_id, c.id, " CASEDESK_TS(
        "c.resolution_due") " FROM casedesk.cases c "
                            "WHERE c.sla_breached_at IS NULL AND c.resolution_due <= "
                            "$1::timestamptz "
                            "AND " SLA_SCAN_OPEN
                            "ORDER BY c.resolution_due, c.id LIMIT $2 FOR UPDATE OF c SKIP LOCKED",
    "casedesk_sla_flag_breach",
    "UPDATE casedesk.cases SET sla_breached_at = $3::timestamptz "
    "WHERE tenant_id = $1 AND id = $2 AND sla_breached_at IS NULL",
    "resolution",
    "sla_breached",
    "case.sla.breached",
};

/* slaWarningHours is at most 720: the range keeps to the cases_sla_due index */
static const sla_kind sla_warning = {
    "casedesk_sla_scan_warning",
    "SELECT c.tenant_id, c.id, " CASEDESK_TS(
        "c.resolution_due") " FROM casedesk.cases c "
                            "LEFT JOIN casedesk.settings s ON s.tenant_id = c.tenant_id "
                            "WHERE c.sla_breached_at IS NULL AND c.sla_warned_at IS NULL "
                            "AND c.resolution_due > $1::timestamptz "
                            "AND c.resolution_due <= $1::timestamptz + interval '720 hours' "
                            "AND c.resolution_due - make_interval(hours => "
                            "coalesce(s.sla_warning_hours, 24)) "
                            "<= $1::timestamptz AND " SLA_SCAN_OPEN
                            "ORDER BY c.resolution_due, c.id LIMIT $2 FOR UPDATE OF c SKIP LOCKED",
    "casedesk_sla_flag_warning",
    "UPDATE casedesk.cases SET sla_warned_at = $3::timestamptz "
    "WHERE tenant_id = $1 AND id = $2 AND sla_warned_at IS NULL",
    "resolution",
    "sla_warning",
    "case.sla.warning",
};

/* One case's flag, timeline entry and event. */
static kc_status sla_scan_one(kc_db_conn *conn, const sla_kind *k, const char *tenant_id,
                              const char *case_id, const char *due, const char *as_of,
                              kc_problem *pb)
{
    const char *params[3] = {tenant_id, case_id, as_of};
    json_t *data = NULL;
    kc_status st;

    data = json_pack("{s:s, s:s}", "deadline", k->deadline, "dueAt", due);
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_db_exec(conn, k->flag_stmt, k->flag_sql, 3, params, NULL, pb);
    if (st == KC_OK)
        st = case_op_timeline_add(conn, tenant_id, case_id, SLA_SCAN_ACTOR, k->action, 0, data, pb);
    if (st == KC_OK)
        st = case_op_emit(conn, tenant_id, case_id, k->event, data, pb);
    json_decref(data);
    return st;
}

/* One batch in one transaction: *n rows taken and done. */
static kc_status sla_scan_batch(kc_db_conn *conn, const sla_kind *k, const char *as_of, int *n,
                                kc_problem *pb)
{
    char limit[16], tenant[37], id[37], due[32];
    const char *params[2] = {as_of, limit};
    PGresult *res = NULL;
    int i, rows = 0;
    kc_status st;

    *n = 0;
    snprintf(limit, sizeof(limit), "%d", SLA_SCAN_BATCH);
    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        return st;
    st = kc_db_exec(conn, k->select_stmt, k->select_sql, 2, params, &res, pb);
    if (st == KC_OK)
        rows = PQntuples(res);
    for (i = 0; st == KC_OK && i < rows; i++) {
        kc_pg_copy(res, i, 0, tenant, sizeof(tenant));
        kc_pg_copy(res, i, 1, id, sizeof(id));
        kc_pg_copy(res, i, 2, due, sizeof(due));
        st = sla_scan_one(conn, k, tenant, id, due, as_of, pb);
    }
    PQclear(res);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else
        kc_db_rollback(conn);
    if (st == KC_OK)
        *n = rows;
    return st;
}

static kc_status sla_scan_kind(kc_db_conn *conn, const sla_kind *k, const char *as_of, int *done,
                               kc_problem *pb)
{
    int n = 0, batches = 0;
    kc_status st;

    do {
        st = sla_scan_batch(conn, k, as_of, &n, pb);
        if (st == KC_OK)
            *done += n;
    } while (st == KC_OK && n == SLA_SCAN_BATCH && ++batches < SLA_SCAN_MAX_BATCHES);
    return st;
}

kc_status sla_scan_run(kc_db_pool *pool, time_t as_of, sla_scan_counts *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char when[32];
    kc_status st;

    memset(out, 0, sizeof(*out));
    referral_time_format(as_of, when);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = sla_scan_kind(conn, &sla_first_contact, when, &out->first_contact_breaches, pb);
    if (st == KC_OK)
        st = sla_scan_kind(conn, &sla_breach, when, &out->breaches, pb);
    if (st == KC_OK)
        st = sla_scan_kind(conn, &sla_warning, when, &out->warnings, pb);
    kc_db_release(pool, conn);
    return st;
}
