#include "referrals/referral_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cases/case_ops.h"
#include "referrals/escalation.h"
#include "referrals/referral_model.h"
#include "referrals/referral_scan_repo.h"
#include "sla/settings_repo.h"
#include "sla/sla_calendar.h"

#define REFERRAL_SCAN_BATCH       50
#define REFERRAL_SCAN_MAX_BATCHES 10000
#define REFERRAL_SCAN_ACTOR       "system:scheduler"

/* What each kind of scan records: the deadline it is about (its due time
 * in the event), the timeline action and the event (NULL for a bare
 * escalation, which records its own). */
typedef struct scan_rule {
    const char *deadline; /* acknowledgement / answer */
    const char *action, *event;
} scan_rule;

static const scan_rule scan_rules[] = {
    [REFERRAL_SCAN_ACK_OVERDUE] = {"acknowledgement", "referral_overdue", "referral.overdue"},
    [REFERRAL_SCAN_ANSWER_OVERDUE] = {"answer", "referral_overdue", "referral.overdue"},
    [REFERRAL_SCAN_ESCALATE] = {"answer", NULL, NULL},
    [REFERRAL_SCAN_ACK_REMINDER] = {"acknowledgement", "referral_reminder", "referral.reminder"},
    [REFERRAL_SCAN_ANSWER_REMINDER] = {"answer", "referral_reminder", "referral.reminder"},
};

/* A batch's settings: read once per tenant met. */
typedef struct scan_ctx {
    kc_db_conn *conn;
    time_t as_of;
    char as_of_text[32];
    char tenant_id[37]; /* whose settings are loaded; "" none */
    casedesk_settings *settings;
    referral_scan_counts *counts;
    referral_scan_row *rows; /* a batch, REFERRAL_SCAN_BATCH of them */
} scan_ctx;

static kc_status scan_settings(scan_ctx *sc, const char *tenant_id, kc_problem *pb)
{
    kc_status st;

    if (strcmp(sc->tenant_id, tenant_id) == 0)
        return KC_OK;
    sc->tenant_id[0] = '\0';
    st = settings_repo_get(sc->conn, tenant_id, sc->settings, pb);
    if (st == KC_OK)
        snprintf(sc->tenant_id, sizeof(sc->tenant_id), "%s", tenant_id);
    return st;
}

/* The timeline entry (internal) and the event of one thing that happened. */
static kc_status scan_record(scan_ctx *sc, const referral_scan_row *r, const char *action,
                             const char *event, json_t *data, kc_problem *pb)
{
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = case_op_timeline_add(sc->conn, r->tenant_id, r->case_id, REFERRAL_SCAN_ACTOR, action, 0,
                              data, pb);
    if (st == KC_OK)
        st = case_op_emit(sc->conn, r->tenant_id, r->case_id, event, data, pb);
    return st;
}

/* Climbs one rung (or stops the clock past the top). */
static kc_status scan_escalate(scan_ctx *sc, const referral_scan_row *r, kc_problem *pb)
{
    const char *ladder[CASEDESK_MAX_LADDER];
    escalation_input in = {0};
    escalation_step step, after;
    sla_calendar_rules rules;
    char next_at[32];
    json_t *data = NULL;
    size_t i;
    int added = 0;
    kc_status st;

    st = scan_settings(sc, r->tenant_id, pb);
    if (st != KC_OK)
        return st;
    for (i = 0; i < sc->settings->nladder && i < CASEDESK_MAX_LADDER; i++)
        ladder[i] = sc->settings->escalation_ladder[i];
    in.level = r->level;
    in.rung = r->rung;
    in.holder_id = r->holder;
    in.ladder = ladder;
    in.nladder = i;
    in.team_manager_id = r->team_manager;
    in.process_owner_id = r->process_owner;
    if (!escalation_next(&in, &step))
        return referral_scan_repo_escalation_stop(sc->conn, r->tenant_id, r->id, pb);

    st = referral_scan_repo_escalation_add(sc->conn, r->tenant_id, r->id, sc->as_of_text,
                                           step.level, step.rung, step.official_id, &added, pb);
    if (st != KC_OK)
        return st;
    if (!added) /* this level was climbed already: stop its clock, or the
                 * row comes back in every batch */
        return referral_scan_repo_escalation_stop(sc->conn, r->tenant_id, r->id, pb);

    /* the clock runs on only while there is a rung above the new holder */
    in.level = step.level;
    in.rung = step.rung;
    in.holder_id = step.official_id;
    next_at[0] = '\0';
    if (escalation_next(&in, &after)) {
        casedesk_settings_calendar(sc->settings, &rules);
        referral_time_format(sla_calendar_deadline(&rules, sc->as_of,
                                                   sc->settings->escalation_interval_days,
                                                   SLA_CALENDAR_WORKING_DAYS),
                             next_at);
    }
    st = referral_scan_repo_escalation_set(sc->conn, r->tenant_id, r->id, step.level,
                                           step.official_id, next_at[0] ? next_at : NULL, pb);
    if (st != KC_OK)
        return st;
    data = json_pack("{s:s, s:i, s:s, s:s}", "referralId", r->id, "level", step.level, "rung",
                     step.rung, "officialId", step.official_id);
    st = scan_record(sc, r, "referral_escalated", "referral.escalated", data, pb);
    json_decref(data);
    if (st == KC_OK)
        sc->counts->escalations++;
    return st;
}

static kc_status scan_one(scan_ctx *sc, referral_scan_kind kind, const referral_scan_row *r,
                          kc_problem *pb)
{
    const scan_rule *d = &scan_rules[kind];
    const char *due = strcmp(d->deadline, "answer") == 0 ? r->answer_by : r->acknowledge_by;
    json_t *data = NULL;
    kc_status st = KC_OK;

    if (kind == REFERRAL_SCAN_ESCALATE)
        return scan_escalate(sc, r, pb);
    st = referral_scan_repo_flag(sc->conn, kind, r->tenant_id, r->id, sc->as_of_text, pb);
    if (st != KC_OK)
        return st;
    data = json_pack("{s:s, s:s, s:s, s:o}", "referralId", r->id, "deadline", d->deadline, "dueAt",
                     due, "holderOfficialId", r->holder[0] ? json_string(r->holder) : json_null());
    st = scan_record(sc, r, d->action, d->event, data, pb);
    json_decref(data);
    if (st != KC_OK)
        return st;
    if (kind == REFERRAL_SCAN_ACK_REMINDER || kind == REFERRAL_SCAN_ANSWER_REMINDER)
        sc->counts->reminders++;
    else
        sc->counts->overdue++;
    if (kind == REFERRAL_SCAN_ANSWER_OVERDUE)
        st = scan_escalate(sc, r, pb);
    return st;
}

/* One batch in one transaction; *n rows taken. The counts grow only when
 * it commits. */
static kc_status scan_batch(scan_ctx *sc, referral_scan_kind kind, int *n, kc_problem *pb)
{
    referral_scan_counts saved = *sc->counts;
    int i, taken = 0;
    kc_status st;

    *n = 0;
    st = kc_db_begin(sc->conn, pb);
    if (st != KC_OK)
        return st;
    st = referral_scan_repo_take(sc->conn, kind, sc->as_of_text, REFERRAL_SCAN_BATCH, sc->rows,
                                 &taken, pb);
    for (i = 0; st == KC_OK && i < taken; i++)
        st = scan_one(sc, kind, &sc->rows[i], pb);
    if (st == KC_OK)
        st = kc_db_commit(sc->conn, pb);
    else
        kc_db_rollback(sc->conn);
    if (st == KC_OK)
        *n = taken;
    else
        *sc->counts = saved;
    return st;
}

kc_status referral_scan_run(kc_db_pool *pool, time_t as_of, referral_scan_counts *out,
                            kc_problem *pb)
{
    static const referral_scan_kind order[] = {
        REFERRAL_SCAN_ACK_OVERDUE, REFERRAL_SCAN_ANSWER_OVERDUE, REFERRAL_SCAN_ESCALATE,
        REFERRAL_SCAN_ACK_REMINDER, REFERRAL_SCAN_ANSWER_REMINDER};
    scan_ctx sc = {0};
    size_t k;
    int n, batches;
    kc_status st;

    memset(out, 0, sizeof(*out));
    sc.as_of = as_of;
    sc.counts = out;
    referral_time_format(as_of, sc.as_of_text);
    sc.settings = calloc(1, sizeof(*sc.settings));
    sc.rows = calloc(REFERRAL_SCAN_BATCH, sizeof(*sc.rows));
    if (sc.settings == NULL || sc.rows == NULL) {
        free(sc.settings);
        free(sc.rows);
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    st = kc_db_acquire(pool, &sc.conn, pb);
    for (k = 0; st == KC_OK && k < KC_NELEMS(order); k++) {
        batches = 0;
        do {
            /* settings may change between transactions: read them afresh */
            sc.tenant_id[0] = '\0';
            st = scan_batch(&sc, order[k], &n, pb);
        } while (st == KC_OK && n == REFERRAL_SCAN_BATCH && ++batches < REFERRAL_SCAN_MAX_BATCHES);
    }
    kc_db_release(pool, sc.conn);
    free(sc.rows);
    free(sc.settings);
    return st;
}
