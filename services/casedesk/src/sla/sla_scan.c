#include "sla/sla_scan.h"

#include <string.h>
#include <jansson.h>
#include "cases/case_ops.h"
#include "referrals/referral_model.h"
#include "sla/sla_scan_repo.h"

#define SLA_SCAN_BATCH       100
#define SLA_SCAN_MAX_BATCHES 10000
#define SLA_SCAN_ACTOR       "system:scheduler"

/* What a kind of scan records: the deadline it is about, the timeline
 * action and the event. */
typedef struct sla_rule {
    sla_scan_kind kind;
    const char *deadline; /* "first_contact" / "resolution" */
    const char *action;   /* timeline */
    const char *event;
} sla_rule;

static const sla_rule sla_first_contact = {
    SLA_SCAN_FIRST_CONTACT,
    "first_contact",
    "sla_breached",
    "case.sla.breached",
};

static const sla_rule sla_breach = {
    SLA_SCAN_BREACH,
    "resolution",
    "sla_breached",
    "case.sla.breached",
};

static const sla_rule sla_warning = {
    SLA_SCAN_WARNING,
    "resolution",
    "sla_warning",
    "case.sla.warning",
};

/* One case's flag, timeline entry and event. */
static kc_status sla_scan_one(kc_db_conn *conn, const sla_rule *k, const char *tenant_id,
                              const char *case_id, const char *due, const char *as_of,
                              kc_problem *pb)
{
    json_t *data = NULL;
    kc_status st;

    data = json_pack("{s:s, s:s}", "deadline", k->deadline, "dueAt", due);
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = sla_scan_repo_flag(conn, k->kind, tenant_id, case_id, as_of, pb);
    if (st == KC_OK)
        st = case_op_timeline_add(conn, tenant_id, case_id, SLA_SCAN_ACTOR, k->action, 0, data, pb);
    if (st == KC_OK)
        st = case_op_emit(conn, tenant_id, case_id, k->event, data, pb);
    json_decref(data);
    return st;
}

/* One batch in one transaction: *n cases taken and done. */
static kc_status sla_scan_batch(kc_db_conn *conn, const sla_rule *k, const char *as_of, int *n,
                                kc_problem *pb)
{
    sla_scan_case rows[SLA_SCAN_BATCH];
    int i, taken = 0;
    kc_status st;

    *n = 0;
    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        return st;
    st = sla_scan_repo_take(conn, k->kind, as_of, SLA_SCAN_BATCH, rows, &taken, pb);
    for (i = 0; st == KC_OK && i < taken; i++)
        st = sla_scan_one(conn, k, rows[i].tenant_id, rows[i].id, rows[i].due, as_of, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else
        kc_db_rollback(conn);
    if (st == KC_OK)
        *n = taken;
    return st;
}

static kc_status sla_scan_batches(kc_db_conn *conn, const sla_rule *k, const char *as_of, int *done,
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
        st = sla_scan_batches(conn, &sla_first_contact, when, &out->first_contact_breaches, pb);
    if (st == KC_OK)
        st = sla_scan_batches(conn, &sla_breach, when, &out->breaches, pb);
    if (st == KC_OK)
        st = sla_scan_batches(conn, &sla_warning, when, &out->warnings, pb);
    kc_db_release(pool, conn);
    return st;
}
