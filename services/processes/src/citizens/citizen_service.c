#include "citizens/citizen_service.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "koers/log.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "backlog/bottleneck_score.h"
#include "citizens/citizen_events.h"
#include "citizens/citizen_repo.h"
#include "processes.h"

#define ROOT_CAUSES_LIMIT_DEFAULT 20

static atomic_llong unknown_root_causes;

long long citizen_service_unknown_root_causes(void)
{
    return atomic_load(&unknown_root_causes);
}

kc_status citizen_service_check_mapping(kc_db_conn *conn, const kc_principal *p, const char *id,
                                        const json_t *body, kc_problem *pb)
{
    const json_t *process = json_object_get(body, "processId");
    const json_t *step = json_object_get(body, "stepId");
    int ok = 0;
    kc_status st;

    if (body == NULL)
        return KC_OK; /* a delete */
    st = citizen_repo_mapping_step_ok(conn, p->tenant_id, id, process != NULL,
                                      json_string_value(process), step != NULL,
                                      json_string_value(step), &ok, pb);
    if (st != KC_OK || ok)
        return st;
    kc_problem_set(pb, KC_INVALID, "stepId is not a step of the process's flow");
    kc_problem_add_field(pb, "stepId", "must be a flow step (of any version) of processId");
    return KC_INVALID;
}

/* The proposal of a case's root cause (f->has_root_cause). */
static kc_status propose(kc_db_conn *conn, const char *tenant_id, const citizen_fact *f,
                         const json_t *data, kc_problem *pb)
{
    int process_known = 0, step_known = 0, counted = 0;
    const char *step_id;
    char new_id[37] = "";
    double days, score = 0;
    json_t *ev = NULL;
    kc_status st;

    st = citizen_repo_root_target(conn, tenant_id, f->root_process_id, f->root_step_id,
                                  &process_known, &step_known, pb);
    if (st != KC_OK)
        return st;
    if (!process_known) {
        kc_log(KC_LOG_WARN, NULL,
               "citizens' cases: a root cause named a process the tenant does not have;"
               " ignored (%lld so far)",
               (long long)atomic_fetch_add(&unknown_root_causes, 1) + 1);
        return KC_OK;
    }
    step_id = step_known ? f->root_step_id : NULL;
    days = citizen_days_over(json_string_value(json_object_get(data, "resolvedAt")),
                             json_string_value(json_object_get(data, "resolutionDue")),
                             json_is_true(json_object_get(data, "slaBreached")));
    st = citizen_repo_propose(conn, tenant_id, f->root_process_id, step_id, f->case_id, days,
                              new_id, &score, &counted, pb);
    if (st != KC_OK || new_id[0] == '\0')
        return st;
    /* the data of every bottleneck.raised (backlog/bottleneck_service.c),
     * and its status: a proposal waits for the core team */
    ev = json_pack("{s:s, s:s, s:o, s:s, s:i, s:i, s:f, s:s, s:s}", "id", new_id, "processId",
                   f->root_process_id, "stepId",
                   step_id != NULL ? json_string(step_id) : json_null(), "source", "citizens_cases",
                   "impact", CITIZEN_PROPOSAL_IMPACT, "effort", CITIZEN_PROPOSAL_EFFORT, "score",
                   score, "quadrant",
                   bottleneck_quadrant_name(
                       bottleneck_quadrant_of(CITIZEN_PROPOSAL_IMPACT, CITIZEN_PROPOSAL_EFFORT)),
                   "status", "proposed");
    if (ev == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROCESSES_SCHEMA, "bottleneck.raised", tenant_id, new_id, ev, pb);
    json_decref(ev);
    return st;
}

kc_status citizen_service_apply_event(kc_db_conn *conn, const char *tenant_id, const char *event_id,
                                      const char *type, const char *subject, const json_t *data,
                                      const char *published_at, kc_problem *pb)
{
    citizen_fact f;
    kc_status st;

    switch (citizen_event_map(type, subject, data, published_at, &f)) {
    case CITIZEN_EVENT_IGNORED:
        return KC_OK;
    case CITIZEN_EVENT_MALFORMED:
        kc_log(KC_LOG_WARN, NULL,
               "citizens' cases: casedesk event %s (%s) names no case or category;"
               " skipped",
               event_id != NULL ? event_id : "?", type);
        return KC_OK;
    case CITIZEN_EVENT_FACT:
        break;
    }
    st = citizen_repo_apply_fact(conn, tenant_id, &f, pb);
    if (st == KC_OK && f.has_root_cause)
        st = propose(conn, tenant_id, &f, data, pb);
    return st;
}

static const kc_field figures_from = {.name = "from", .type = KC_T_STRING, .format = KC_FMT_DATE};
static const kc_field figures_to = {.name = "to", .type = KC_T_STRING, .format = KC_FMT_DATE};

/* A 400 naming the query parameter. */
static kc_status query_fault(const char *name, const char *reason, kc_problem *pb)
{
    kc_problem_set(pb, KC_BAD_REQUEST, "%s: %s", name, reason);
    kc_problem_add_field(pb, name, reason);
    return KC_BAD_REQUEST;
}

kc_status citizen_service_figures(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const char *from, const char *to, const char *group_by,
                                  json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char reason[128];
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st != KC_OK)
        return st;
    if (from != NULL && !kc_validate_value(&figures_from, from, reason, sizeof(reason)))
        return query_fault("from", reason, pb);
    if (to != NULL && !kc_validate_value(&figures_to, to, reason, sizeof(reason)))
        return query_fault("to", reason, pb);
    /* YYYY-MM-DD compares as text */
    if (from != NULL && to != NULL && strcmp(from, to) > 0)
        return query_fault("from", "must not be after to", pb);
    if (group_by != NULL && strcmp(group_by, "month") != 0)
        return query_fault("groupBy", "must be month", pb);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = citizen_repo_figures(conn, p->tenant_id, id, from, to, group_by != NULL, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status citizen_service_root_causes(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const char *limit, json_t **out, kc_problem *pb)
{
    static const kc_field limit_field = {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100};
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    char reason[128];
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st != KC_OK)
        return st;
    if (limit != NULL && !kc_validate_value(&limit_field, limit, reason, sizeof(reason)))
        return query_fault("limit", reason, pb);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = citizen_repo_root_causes(conn, p->tenant_id, id,
                                      limit != NULL ? atoi(limit) : ROOT_CAUSES_LIMIT_DEFAULT,
                                      &items, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK && (*out = json_pack("{s:o}", "items", items)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}
