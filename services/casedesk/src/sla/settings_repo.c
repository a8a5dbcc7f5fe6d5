#include "sla/settings_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_repo.h"

#define SETTINGS_COLS                                                                              \
    "good_friday, liberation_day, "                                                                \
    "coalesce((SELECT string_agg(d::text, ',' ORDER BY d) FROM unnest(closing_days) d), ''), "     \
    "sla_warning_hours, referral_acknowledge_days, referral_answer_days, "                         \
    "referral_reminder_hours, array_to_string(escalation_ladder, ','), "                           \
    "escalation_interval_days, reopen_satisfaction_max, reopen_on_not_equal, retention_days, "     \
    "version, " CASEDESK_TS("updated_at") ", open311_jurisdiction_id, open311_public_reads"

/* Splits "a,b,c" (a cell of at most a few kilobytes) into its parts. */
static kc_status settings_from_row(const PGresult *r, casedesk_settings *s, kc_problem *pb)
{
    const char *lib = PQgetvalue(r, 0, 1);
    const char *closing = PQgetvalue(r, 0, 2);
    const char *ladder = PQgetvalue(r, 0, 7);
    const char *p;

    casedesk_settings_defaults(s);
    s->good_friday = kc_pg_bool(r, 0, 0);
    if (casedesk_liberation_parse(lib, &s->liberation_day) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "internal error");
    s->nclosing = 0;
    for (p = closing; *p != '\0';) {
        char date[11];
        size_t len = strcspn(p, ",");
        if (len != 10 || s->nclosing >= CASEDESK_MAX_CLOSING_DAYS)
            return kc_problem_set(pb, KC_INTERNAL, "internal error");
        memcpy(date, p, 10);
        date[10] = '\0';
        if (casedesk_date_parse(date, &s->closing_days[s->nclosing]) != 0)
            return kc_problem_set(pb, KC_INTERNAL, "internal error");
        s->nclosing++;
        p += len;
        if (*p == ',')
            p++;
    }
    s->sla_warning_hours = kc_pg_int(r, 0, 3);
    s->referral_acknowledge_days = kc_pg_int(r, 0, 4);
    s->referral_answer_days = kc_pg_int(r, 0, 5);
    s->referral_reminder_hours = kc_pg_int(r, 0, 6);
    s->nladder = 0;
    for (p = ladder; *p != '\0';) {
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= sizeof(s->escalation_ladder[0]) || s->nladder >= CASEDESK_MAX_LADDER)
            return kc_problem_set(pb, KC_INTERNAL, "internal error");
        memcpy(s->escalation_ladder[s->nladder], p, len);
        s->escalation_ladder[s->nladder][len] = '\0';
        s->nladder++;
        p += len;
        if (*p == ',')
            p++;
    }
    s->escalation_interval_days = kc_pg_int(r, 0, 8);
    s->reopen_satisfaction_max = kc_pg_int(r, 0, 9);
    s->reopen_on_not_equal = kc_pg_bool(r, 0, 10);
    s->retention_days = kc_pg_int(r, 0, 11);
    s->version = kc_pg_int(r, 0, 12);
    kc_pg_copy(r, 0, 13, s->updated_at, sizeof(s->updated_at));
    kc_pg_copy(r, 0, 14, s->open311_jurisdiction_id, sizeof(s->open311_jurisdiction_id));
    s->open311_public_reads = kc_pg_bool(r, 0, 15);
    return KC_OK;
}

kc_status settings_repo_get(kc_db_conn *conn, const char *tenant_id, casedesk_settings *out,
                            kc_problem *pb)
{
    static const char sql[] =
        "SELECT " SETTINGS_COLS " FROM casedesk.settings WHERE tenant_id = $1";
    PGresult *res = NULL;
    const char *params[1] = {tenant_id};
    kc_status st;

    casedesk_settings_defaults(out);
    st = kc_db_exec(conn, "casedesk_settings_get", sql, 1, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 1)
        st = settings_from_row(res, out, pb);
out:
    PQclear(res);
    return st;
}

/* Writes a PostgreSQL array literal of plain tokens ("{a,b}") into a heap
 * buffer (NULL when out of memory). Tokens are dates or ladder rungs: no
 * quoting needed. */
static char *array_literal(const char *const *items, size_t n)
{
    size_t i, len = 3;
    char *buf, *w;

    for (i = 0; i < n; i++)
        len += strlen(items[i]) + 1;
    buf = malloc(len);
    if (buf == NULL)
        return NULL;
    w = buf;
    *w++ = '{';
    for (i = 0; i < n; i++) {
        size_t l = strlen(items[i]);
        if (i > 0)
            *w++ = ',';
        memcpy(w, items[i], l);
        w += l;
    }
    *w++ = '}';
    *w = '\0';
    return buf;
}

kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, const casedesk_settings *in,
                            long long expected_version, casedesk_settings *out, kc_problem *pb)
{
    /* Insert the first time, update later; with an expected version the
     * insert only happens when the client expects "no row yet" (0), and the
     * update only at that version. Nothing returned = a stale version. */
    static const char sql[] =
        "INSERT INTO casedesk.settings AS s\n"
        "       (tenant_id, good_friday, liberation_day, closing_days, sla_warning_hours,\n"
        "        referral_acknowledge_days, referral_answer_days, referral_reminder_hours,\n"
        "        escalation_ladder, escalation_interval_days, reopen_satisfaction_max,\n"
        "        reopen_on_not_equal, retention_days, version, updated_at,\n"
        "        open311_jurisdiction_id, open311_public_reads)\n"
        "SELECT $1, $2::boolean, $3, $4::date[], $5::integer, $6::integer, $7::integer,\n"
        "       $8::integer, $9::text[], $10::integer, $11::integer, $12::boolean, $13::integer,\n"
        "       1, now(), $15::text, $16::boolean\n"
        " WHERE $14::integer IS NULL OR $14::integer = 0\n"
        "    OR EXISTS (SELECT 1 FROM casedesk.settings x WHERE x.tenant_id = $1)\n"
        "    ON CONFLICT (tenant_id) DO UPDATE\n"
        "   SET good_friday = EXCLUDED.good_friday,\n"
        "       liberation_day = EXCLUDED.liberation_day,\n"
        "       closing_days = EXCLUDED.closing_days,\n"
        "       sla_warning_hours = EXCLUDED.sla_warning_hours,\n"
        "       referral_acknowledge_days = EXCLUDED.referral_acknowledge_days,\n"
        "       referral_answer_days = EXCLUDED.referral_answer_days,\n"
        "       referral_reminder_hours = EXCLUDED.referral_reminder_hours,\n"
        "       escalation_ladder = EXCLUDED.escalation_ladder,\n"
        "       escalation_interval_days = EXCLUDED.escalation_interval_days,\n"
        "       reopen_satisfaction_max = EXCLUDED.reopen_satisfaction_max,\n"
        "       reopen_on_not_equal = EXCLUDED.reopen_on_not_equal,\n"
        "       retention_days = EXCLUDED.retention_days,\n"
        "       open311_jurisdiction_id = EXCLUDED.open311_jurisdiction_id,\n"
        "       open311_public_reads = EXCLUDED.open311_public_reads,\n"
        "       version = s.version + 1, updated_at = now()\n"
        " WHERE $14::integer IS NULL OR s.version = $14::integer\n"
        "RETURNING " SETTINGS_COLS;
    char dates[CASEDESK_MAX_CLOSING_DAYS][11];
    const char *date_ptrs[CASEDESK_MAX_CLOSING_DAYS];
    const char *rung_ptrs[CASEDESK_MAX_LADDER];
    char n5[16], n6[16], n7[16], n8[16], n10[16], n11[16], n13[16], ver[24];
    char *closing = NULL, *ladder = NULL;
    const char *params[16];
    PGresult *res = NULL;
    size_t i;
    kc_status st;

    for (i = 0; i < in->nclosing && i < CASEDESK_MAX_CLOSING_DAYS; i++) {
        casedesk_date_format(in->closing_days[i], dates[i]);
        date_ptrs[i] = dates[i];
    }
    for (i = 0; i < in->nladder && i < CASEDESK_MAX_LADDER; i++)
        rung_ptrs[i] = in->escalation_ladder[i];
    closing = array_literal(date_ptrs, in->nclosing);
    ladder = array_literal(rung_ptrs, in->nladder);
    if (closing == NULL || ladder == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    snprintf(n5, sizeof(n5), "%d", in->sla_warning_hours);
    snprintf(n6, sizeof(n6), "%d", in->referral_acknowledge_days);
    snprintf(n7, sizeof(n7), "%d", in->referral_answer_days);
    snprintf(n8, sizeof(n8), "%d", in->referral_reminder_hours);
    snprintf(n10, sizeof(n10), "%d", in->escalation_interval_days);
    snprintf(n11, sizeof(n11), "%d", in->reopen_satisfaction_max);
    snprintf(n13, sizeof(n13), "%d", in->retention_days);
    snprintf(ver, sizeof(ver), "%lld", expected_version);
    params[0] = tenant_id;
    params[1] = in->good_friday ? "true" : "false";
    params[2] = casedesk_liberation_name(in->liberation_day);
    params[3] = closing;
    params[4] = n5;
    params[5] = n6;
    params[6] = n7;
    params[7] = n8;
    params[8] = ladder;
    params[9] = n10;
    params[10] = n11;
    params[11] = in->reopen_on_not_equal ? "true" : "false";
    params[12] = n13;
    params[13] = expected_version >= 0 ? ver : NULL;
    params[14] = in->open311_jurisdiction_id[0] != '\0' ? in->open311_jurisdiction_id : NULL;
    params[15] = in->open311_public_reads ? "true" : "false";
    st = kc_db_exec(conn, "casedesk_settings_put", sql, 16, params, &res, pb);
    if (st == KC_CONFLICT) /* the unique index of 013_open311.sql */
        kc_problem_add_field(pb, "open311JurisdictionId",
                             "is the Open311 jurisdiction of another tenant");
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) != 1) {
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED,
                            "the settings are no longer at version %lld; read them again",
                            expected_version);
        goto out;
    }
    st = settings_from_row(res, out, pb);
out:
    PQclear(res);
    free(closing);
    free(ladder);
    return st;
}
