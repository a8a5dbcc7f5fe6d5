#include "referral_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "casedesk_pg.h"
#include "case_ops.h"
#include "escalation.h"
#include "referral_model.h"
#include "settings_repo.h"
#include "sla_calendar.h"

#define REFERRAL_SCAN_BATCH       50
#define REFERRAL_SCAN_MAX_BATCHES 10000
#define REFERRAL_SCAN_ACTOR       "system:scheduler"

typedef enum {
    SCAN_ACK_OVERDUE,
    SCAN_ANSWER_OVERDUE, /* and the first escalation */
    SCAN_ESCALATE,
    SCAN_ACK_REMINDER,
    SCAN_ANSWER_REMINDER,
} scan_kind;

/* What a row of every scan holds. */
#define SCAN_COLS                                                                                  \
    "r.tenant_id, r.id, r.case_id, " CASEDESK_TS("r.acknowledge_by") ", " CASEDESK_TS(             \
        "r.answer_by") ", r.escalation_level, "                                                    \
                       "coalesce((SELECT e.rung FROM casedesk.referral_escalations e WHERE "       \
                       "e.tenant_id = "                                                            \
                       "r.tenant_id AND e.referral_id = r.id AND e.level = r.escalation_level), "  \
                       "'official'), "                                                             \
                       "r.holder_official_id, "                                                    \
                       "(SELECT tm.id FROM casedesk.departments d JOIN casedesk.officials tm "     \
                       "ON tm.tenant_id = d.tenant_id AND tm.id = d.team_manager_id AND "          \
                       "tm.active "                                                                \
                       "WHERE d.tenant_id = r.tenant_id AND d.id = coalesce(r.department_id, "     \
                       "(SELECT a.department_id FROM casedesk.officials a WHERE a.tenant_id = "    \
                       "r.tenant_id "                                                              \
                       "AND a.id = r.official_id))), "                                             \
                       "(SELECT po.id FROM casedesk.cases c JOIN casedesk.categories k "           \
                       "ON k.tenant_id = c.tenant_id AND k.id = c.category_id JOIN "               \
                       "casedesk.officials po "                                                    \
                       "ON po.tenant_id = k.tenant_id AND po.id = k.process_owner_id AND "         \
                       "po.active "                                                                \
                       "WHERE c.tenant_id = r.tenant_id AND c.id = r.case_id)"

/* a referral of a case that is resolved or closed no longer reminds,
 * falls overdue or escalates (it stays open for the record) */
#define SCAN_FROM                                                                                  \
    " FROM casedesk.referrals r LEFT JOIN casedesk.settings s ON s.tenant_id = r.tenant_id "       \
    "WHERE EXISTS (SELECT 1 FROM casedesk.cases oc WHERE oc.tenant_id = r.tenant_id AND oc.id = "  \
    "r.case_id AND oc.status NOT IN ('resolved', 'closed')) AND "
#define SCAN_PENDING "r.status IN ('open', 'acknowledged') "
#define SCAN_TAIL    " LIMIT $2 FOR UPDATE OF r SKIP LOCKED"

typedef struct scan_def {
    const char *stmt, *sql;           /* ($1 as_of, $2 limit) */
    const char *flag_stmt, *flag_sql; /* ($1 tenant, $2 id, $3 as_of); NULL: none */
    const char *deadline;             /* acknowledgement / answer */
    const char *action, *event;       /* NULL for a bare escalation */
} scan_def;

static const scan_def scan_defs[] = {
    [SCAN_ACK_OVERDUE] = {"casedesk_referral_scan_ack_overdue",
                          "SELECT " SCAN_COLS SCAN_FROM
                          "r.status = 'open' AND r.ack_overdue_at IS NULL "
                          "AND r.acknowledge_by <= $1::timestamptz "
                          "ORDER BY r.acknowledge_by, r.id" SCAN_TAIL,
                          "casedesk_referral_flag_ack_overdue",
                          "UPDATE casedesk.referrals SET ack_overdue_at = $3::timestamptz "
                          "WHERE tenant_id = $1 AND id = $2",
                          "acknowledgement", "referral_overdue", "referral.overdue"},
    [SCAN_ANSWER_OVERDUE] = {"casedesk_referral_scan_answer_overdue",
                             "SELECT " SCAN_COLS SCAN_FROM SCAN_PENDING
                             "AND r.answer_overdue_at IS NULL "
                             "AND r.answer_by <= $1::timestamptz "
                             "ORDER BY r.answer_by, r.id" SCAN_TAIL,
                             "casedesk_referral_flag_answer_overdue",
                             "UPDATE casedesk.referrals SET answer_overdue_at = $3::timestamptz "
                             "WHERE tenant_id = $1 AND id = $2",
                             "answer", "referral_overdue", "referral.overdue"},
    [SCAN_ESCALATE] = {"casedesk_referral_scan_escalate",
                       "SELECT " SCAN_COLS SCAN_FROM SCAN_PENDING
                       "AND r.answer_overdue_at IS NOT NULL "
                       "AND r.next_escalation_at <= $1::timestamptz "
                       "ORDER BY r.next_escalation_at, r.id" SCAN_TAIL,
                       NULL, NULL, "answer", NULL, NULL},
    [SCAN_ACK_REMINDER] = {"casedesk_referral_scan_ack_reminder",
                           "SELECT " SCAN_COLS SCAN_FROM
                           "r.status = 'open' AND r.ack_reminded_at IS NULL "
                           "AND r.ack_overdue_at IS NULL AND r.acknowledge_by > $1::timestamptz "
                           "AND r.acknowledge_by - make_interval(hours => "
                           "coalesce(s.referral_reminder_hours, 8)) <= $1::timestamptz "
                           "ORDER BY r.acknowledge_by, r.id" SCAN_TAIL,
                           "casedesk_referral_flag_ack_reminder",
                           "UPDATE casedesk.referrals SET ack_reminded_at = $3::timestamptz "
                           "WHERE tenant_id = $1 AND id = $2",
                           "acknowledgement", "referral_reminder", "referral.reminder"},
    [SCAN_ANSWER_REMINDER] = {"casedesk_referral_scan_answer_reminder",
                              "SELECT " SCAN_COLS SCAN_FROM SCAN_PENDING
                              "AND r.answer_reminded_at IS NULL AND r.answer_overdue_at IS NULL "
                              "AND r.answer_by > $1::timestamptz "
                              "AND r.answer_by - make_interval(hours => "
                              "coalesce(s.referral_reminder_hours, 8)) <= $1::timestamptz "
                              "ORDER BY r.answer_by, r.id" SCAN_TAIL,
                              "casedesk_referral_flag_answer_reminder",
                              "UPDATE casedesk.referrals SET answer_reminded_at = $3::timestamptz "
                              "WHERE tenant_id = $1 AND id = $2",
                              "answer", "referral_reminder", "referral.reminder"},
};

/* One row of a scan. */
typedef struct scan_row {
    char tenant_id[37], id[37], case_id[37];
    char acknowledge_by[32], answer_by[32];
    int level;
    char rung[16];
    char holder[37], team_manager[37], process_owner[37];
} scan_row;

static void scan_row_read(const PGresult *res, int i, scan_row *r)
{
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

/* A batch's settings: read once per tenant met. */
typedef struct scan_ctx {
    kc_db_conn *conn;
    time_t as_of;
    char as_of_text[32];
    char tenant_id[37]; /* whose settings are loaded; "" none */
    casedesk_settings *settings;
    referral_scan_counts *counts;
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
static kc_status scan_record(scan_ctx *sc, const scan_row *r, const char *action, const char *event,
                             json_t *data, kc_problem *pb)
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
static kc_status scan_escalate(scan_ctx *sc, const scan_row *r, kc_problem *pb)
{
    static const char insert_sql[] =
        "INSERT INTO casedesk.referral_escalations (tenant_id, referral_id, at, level, rung, "
        "official_id) VALUES ($1, $2, $3::timestamptz, $4::integer, $5, $6::uuid) "
        "ON CONFLICT (tenant_id, referral_id, level) DO NOTHING RETURNING id";
    static const char update_sql[] =
        "UPDATE casedesk.referrals SET escalation_level = $3::integer, "
        "holder_official_id = $4::uuid, next_escalation_at = $5::timestamptz, "
        "version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2";
    static const char stop_sql[] = "UPDATE casedesk.referrals SET next_escalation_at = NULL "
                                   "WHERE tenant_id = $1 AND id = $2";
    const char *ladder[CASEDESK_MAX_LADDER];
    escalation_input in = {0};
    escalation_step step, after;
    sla_calendar_rules rules;
    char level[16], next_at[32];
    const char *params[6];
    PGresult *res = NULL;
    json_t *data = NULL;
    size_t i;
    int inserted;
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
    params[0] = r->tenant_id;
    params[1] = r->id;
    if (!escalation_next(&in, &step))
        return kc_db_exec(sc->conn, "casedesk_referral_escalation_stop", stop_sql, 2, params, NULL,
                          pb);

    snprintf(level, sizeof(level), "%d", step.level);
    params[2] = sc->as_of_text;
    params[3] = level;
    params[4] = step.rung;
    params[5] = step.official_id;
    st = kc_db_exec(sc->conn, "casedesk_referral_escalation_insert", insert_sql, 6, params, &res,
                    pb);
    inserted = st == KC_OK && PQntuples(res) == 1;
    PQclear(res);
    if (st != KC_OK)
        return st;
    if (!inserted) /* this level was climbed already: stop its clock, or the
                    * row comes back in every batch */
        return kc_db_exec(sc->conn, "casedesk_referral_escalation_stop", stop_sql, 2, params, NULL,
                          pb);

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
    params[2] = level;
    params[3] = step.official_id;
    params[4] = next_at[0] ? next_at : NULL;
    st = kc_db_exec(sc->conn, "casedesk_referral_escalation_update", update_sql, 5, params, NULL,
                    pb);
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

static kc_status scan_one(scan_ctx *sc, scan_kind kind, const scan_row *r, kc_problem *pb)
{
    const scan_def *d = &scan_defs[kind];
    const char *params[3] = {r->tenant_id, r->id, sc->as_of_text};
    const char *due = strcmp(d->deadline, "answer") == 0 ? r->answer_by : r->acknowledge_by;
    json_t *data = NULL;
    kc_status st = KC_OK;

    if (kind == SCAN_ESCALATE)
        return scan_escalate(sc, r, pb);
    st = kc_db_exec(sc->conn, d->flag_stmt, d->flag_sql, 3, params, NULL, pb);
    if (st != KC_OK)
        return st;
    data = json_pack("{s:s, s:s, s:s, s:o}", "referralId", r->id, "deadline", d->deadline, "dueAt",
                     due, "holderOfficialId", r->holder[0] ? json_string(r->holder) : json_null());
    st = scan_record(sc, r, d->action, d->event, data, pb);
    json_decref(data);
    if (st != KC_OK)
        return st;
    if (kind == SCAN_ACK_REMINDER || kind == SCAN_ANSWER_REMINDER)
        sc->counts->reminders++;
    else
        sc->counts->overdue++;
    if (kind == SCAN_ANSWER_OVERDUE)
        st = scan_escalate(sc, r, pb);
    return st;
}

/* One batch in one transaction; *n rows taken. The counts grow only when
 * it commits. */
static kc_status scan_batch(scan_ctx *sc, scan_kind kind, int *n, kc_problem *pb)
{
    const scan_def *d = &scan_defs[kind];
    referral_scan_counts saved = *sc->counts;
    char limit[16];
    const char *params[2] = {sc->as_of_text, limit};
    PGresult *res = NULL;
    scan_row row;
    int i, rows = 0;
    kc_status st;

    *n = 0;
    snprintf(limit, sizeof(limit), "%d", REFERRAL_SCAN_BATCH);
    st = kc_db_begin(sc->conn, pb);
    if (st != KC_OK)
        return st;
    st = kc_db_exec(sc->conn, d->stmt, d->sql, 2, params, &res, pb);
    if (st == KC_OK)
        rows = PQntuples(res);
    for (i = 0; st == KC_OK && i < rows; i++) {
        memset(&row, 0, sizeof(row));
        scan_row_read(res, i, &row);
        st = scan_one(sc, kind, &row, pb);
    }
    PQclear(res);
    if (st == KC_OK)
        st = kc_db_commit(sc->conn, pb);
    else
        kc_db_rollback(sc->conn);
    if (st == KC_OK)
        *n = rows;
    else
        *sc->counts = saved;
    return st;
}

kc_status referral_scan_run(kc_db_pool *pool, time_t as_of, referral_scan_counts *out,
                            kc_problem *pb)
{
    static const scan_kind order[] = {SCAN_ACK_OVERDUE, SCAN_ANSWER_OVERDUE, SCAN_ESCALATE,
                                      SCAN_ACK_REMINDER, SCAN_ANSWER_REMINDER};
    scan_ctx sc = {0};
    size_t k;
    int n, batches;
    kc_status st;

    memset(out, 0, sizeof(*out));
    sc.as_of = as_of;
    sc.counts = out;
    referral_time_format(as_of, sc.as_of_text);
    sc.settings = calloc(1, sizeof(*sc.settings));
    if (sc.settings == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
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
    free(sc.settings);
    return st;
}
