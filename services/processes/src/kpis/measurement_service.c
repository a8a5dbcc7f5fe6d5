#include "kpis/measurement_service.h"

#include <string.h>
#include "koers/idempotency.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "kpis/kpi_repo.h"
#include "kpis/kpi_rule.h"
#include "kpis/measurement_repo.h"
#include "processes/process_service.h"
#include "processes.h"

/* numeric(14, 4): below 10^10 either way */
#define MEASUREMENT_LIMIT 9999999999LL

static const kc_field measurement_fields[] = {
    {.name = "periodStart", .type = KC_T_STRING, .required = 1, .format = KC_FMT_DATE},
    {.name = "periodEnd", .type = KC_T_STRING, .required = 1, .format = KC_FMT_DATE},
    {.name = "value",
     .type = KC_T_NUMBER,
     .required = 1,
     .min = -MEASUREMENT_LIMIT,
     .max = MEASUREMENT_LIMIT},
    {.name = "source", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 200},
    {.name = "note", .type = KC_T_STRING, .max_len = 2000},
};

typedef struct measure_arg {
    const kc_principal *p;
    const char *kpi_id;
    const json_t *body;
} measure_arg;

/* The alarm event of a new measurement (kpi_rule_alarm), if any. */
static kc_status add_alarm(kc_db_conn *conn, const measure_arg *a, const kpi_head *head,
                           kpi_alarm alarm, const measurement_input *in, kc_problem *pb)
{
    json_t *data;
    kc_status st;

    if (alarm == KPI_ALARM_NONE)
        return KC_OK;
    data =
        json_pack("{s:s, s:s, s:f, s:f, s:s, s:s, s:s, s:o, s:o}", "kpiId", a->kpi_id, "processId",
                  head->process_id, "value", in->value, "target", head->target, "direction",
                  head->direction, "periodStart", in->period_start, "periodEnd", in->period_end,
                  "ownerId", head->owner_id[0] ? json_string(head->owner_id) : json_null(),
                  "managerId", head->manager_id[0] ? json_string(head->manager_id) : json_null());
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROCESSES_SCHEMA,
                       alarm == KPI_ALARM_OFF_TARGET ? "kpi.off_target" : "kpi.on_target",
                       a->p->tenant_id, a->kpi_id, data, pb);
    json_decref(data);
    return st;
}

static kc_status measure(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    const measure_arg *a = arg;
    kpi_head head;
    kpi_direction dir;
    measurement_input in = {0};
    char seen_start[11], seen_end[11], prev_end[11];
    int prev_on = 0;
    kc_status st;

    *answer = NULL;
    in.period_start = json_string_value(json_object_get(a->body, "periodStart"));
    in.period_end = json_string_value(json_object_get(a->body, "periodEnd"));
    in.value = kpi_rule_round(json_number_value(json_object_get(a->body, "value")));
    in.source = json_string_value(json_object_get(a->body, "source"));
    in.note = json_string_value(json_object_get(a->body, "note"));
    in.created_by = a->p->subject[0] ? a->p->subject : NULL;
    st = kpi_repo_head(conn, a->p->tenant_id, a->kpi_id, 1, &head, pb);
    if (st == KC_OK)
        st = process_service_authorise(conn, a->p, head.process_id, PROCESS_STEER, pb);
    if (st == KC_OK)
        st = measurement_repo_overlap(conn, a->p->tenant_id, a->kpi_id, in.period_start,
                                      in.period_end, seen_start, seen_end, pb);
    if (st != KC_OK)
        return st;
    if (seen_start[0] != '\0')
        return kc_problem_set(pb, KC_CONFLICT,
                              "KPI %s is measured already for %s..%s, which overlaps %s..%s",
                              a->kpi_id, seen_start, seen_end, in.period_start, in.period_end);
    if (kpi_rule_direction_parse(head.direction, &dir) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "KPI %s has an unknown direction", a->kpi_id);
    in.on_target = kpi_rule_on_target(dir, in.value, head.target);
    st = measurement_repo_latest(conn, a->p->tenant_id, a->kpi_id, prev_end, &prev_on, pb);
    if (st == KC_OK)
        st = measurement_repo_insert(conn, a->p->tenant_id, a->kpi_id, &in, answer, pb);
    if (st == KC_OK)
        st = add_alarm(conn, a, &head,
                       kpi_rule_alarm(kpi_rule_is_latest(in.period_end, prev_end), in.on_target,
                                      prev_end[0] != '\0', prev_on),
                       &in, pb);
    if (st != KC_OK) {
        json_decref(*answer);
        *answer = NULL;
    }
    return st;
}

kc_status measurement_service_create(kc_db_pool *pool, const kc_principal *p, const char *kpi_id,
                                     const struct kc_idem *idem, const json_t *body,
                                     json_t **answer, int *replayed, kc_problem *pb)
{
    measure_arg arg = {p, kpi_id, body};
    const char *start, *end;
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = kc_check_id("id", kpi_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, measurement_fields, KC_NELEMS(measurement_fields), pb);
    if (st != KC_OK)
        goto out;
    start = json_string_value(json_object_get(body, "periodStart"));
    end = json_string_value(json_object_get(body, "periodEnd"));
    if (strcmp(end, start) < 0) {
        kc_problem_add_field(pb, "periodEnd", "must not be before periodStart");
        st = kc_problem_set(pb, KC_INVALID, "the period ends before it starts");
        goto out;
    }
    st = kc_idem_run(pool, PROCESSES_SCHEMA, idem, NULL, measure, &arg, answer, replayed, pb);
out:
    return st;
}

kc_status measurement_service_list(kc_db_pool *pool, const kc_principal *p, const char *kpi_id,
                                   const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                   kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kpi_head head;
    kc_status st;

    *items = NULL;
    st = kc_check_id("id", kpi_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kpi_repo_head(conn, p->tenant_id, kpi_id, 0, &head, pb);
    if (st == KC_OK)
        st = measurement_repo_list(conn, p->tenant_id, kpi_id, page, items, next, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status measurement_service_delete(kc_db_pool *pool, const kc_principal *p, const char *kpi_id,
                                     const char *id, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kpi_head head;
    kc_status st;

    st = kc_check_id("id", kpi_id, pb);
    if (st == KC_OK)
        st = kc_check_id("measurementId", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = kpi_repo_head(conn, p->tenant_id, kpi_id, 1, &head, pb);
    if (st == KC_OK)
        st = process_service_authorise(conn, p, head.process_id, PROCESS_STEER, pb);
    if (st == KC_OK)
        st = measurement_repo_delete(conn, p->tenant_id, kpi_id, id, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    kc_db_release(pool, conn); /* rolls back what was not committed */
    return st;
}
