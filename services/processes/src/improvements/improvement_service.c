#include "improvements/improvement_service.h"

#include <string.h>
#include "improvements/improvement_repo.h"
#include "improvements/improvement_status.h"
#include "koers/outbox.h"
#include "koers/resource.h"
#include "koers/status_move.h"
#include "koers/validate.h"
#include "processes/process_service.h"
#include "processes_resources.h"

static const char *const improvement_move_targets[] = {"proposed", "planned", "in_progress",
                                                       "done",     "dropped", NULL};

static const kc_field improvement_move_fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = improvement_move_targets},
    {.name = "reason", .type = KC_T_STRING, .min_len = 1, .max_len = 2000},
};

/* bottleneckIds and kpiId of body must be of process_id. */
static kc_status check_same_process(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                    const json_t *body, kc_problem *pb)
{
    const json_t *bottlenecks = json_object_get(body, "bottleneckIds");
    const char *kpi_id = json_string_value(json_object_get(body, "kpiId"));
    int b_out = 0, k_out = 0;
    kc_status st;

    if ((bottlenecks == NULL || json_array_size(bottlenecks) == 0) && kpi_id == NULL)
        return KC_OK;
    st = improvement_repo_outside(conn, tenant_id, process_id, bottlenecks, kpi_id, &b_out, &k_out,
                                  pb);
    if (st != KC_OK || (b_out == 0 && k_out == 0))
        return st;
    if (b_out > 0)
        kc_problem_add_field(pb, "bottleneckIds", "names a bottleneck of another process");
    if (k_out > 0)
        kc_problem_add_field(pb, "kpiId", "is a KPI of another process");
    return kc_problem_set(pb, KC_INVALID,
                          "an improvement's bottlenecks and KPI must be of its own process");
}

/* status is read-only on the resource (a column only so that lists
 * filter on it): a body may echo the current one, nothing else. */
static kc_status check_status_kept(const json_t *body, const char *current, kc_problem *pb)
{
    const char *status = json_string_value(json_object_get(body, "status"));

    if (status == NULL || strcmp(status, current) == 0)
        return KC_OK;
    kc_problem_add_field(pb, "status", "moves only through POST /improvements/{id}/transitions");
    return kc_problem_set(pb, KC_INVALID, "status is %s; it moves only through a transition",
                          current);
}

kc_status improvement_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                    const json_t *body, kc_problem *pb)
{
    improvement_lock cur = {0};
    const char *process_id, *moved_to;
    kc_status st;

    if (id == NULL) { /* create: the kit has checked that processId is the tenant's */
        process_id = json_string_value(json_object_get(body, "processId"));
        st = process_service_authorise(conn, p, process_id, PROCESS_STEER, pb);
        if (st == KC_OK)
            st = check_status_kept(body, "proposed", pb);
        if (st == KC_OK)
            st = check_same_process(conn, p->tenant_id, process_id, body, pb);
        return st;
    }
    st = improvement_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK)
        st = process_service_authorise(conn, p, cur.process_id, PROCESS_STEER, pb);
    if (st != KC_OK)
        goto out;
    if (body == NULL) {
        if (strcmp(cur.status, "proposed") != 0)
            st = kc_problem_set(pb, KC_CONFLICT,
                                "improvement %s is %s: only a proposed improvement is deleted;"
                                " drop it instead (its history stays)",
                                id, cur.status);
        goto out;
    }
    st = check_status_kept(body, cur.status, pb);
    if (st != KC_OK)
        goto out;
    moved_to = json_string_value(json_object_get(body, "processId"));
    if (moved_to != NULL && strcmp(moved_to, cur.process_id) != 0) {
        kc_problem_add_field(pb, "processId", "an improvement stays with its process");
        st = kc_problem_set(pb, KC_INVALID, "improvement %s cannot move to another process", id);
        goto out;
    }
    if (json_object_get(body, "bottleneckIds") != NULL && strcmp(cur.status, "done") == 0 &&
        !json_equal(json_object_get(body, "bottleneckIds"), cur.bottleneck_ids)) {
        kc_problem_add_field(pb, "bottleneckIds", "fixed once the improvement is done");
        st = kc_problem_set(pb, KC_CONFLICT, "improvement %s is done: its bottlenecks are fixed",
                            id);
        goto out;
    }
    st = check_same_process(conn, p->tenant_id, cur.process_id, body, pb);
out:
    improvement_lock_clear(&cur);
    return st;
}

static json_t *number_or_null(int has, double v)
{
    return has ? json_real(v) : json_null();
}

/* The events of a move, in the move's transaction. */
static kc_status add_events(kc_move_ctx *m, const improvement_lock *cur, const json_t *solved,
                            kc_problem *pb)
{
    json_t *extra = NULL, *completed = NULL;
    kc_status st;

    extra = json_pack("{s:s}", "processId", cur->process_id);
    if (extra != NULL && solved != NULL)
        json_object_set(extra, "solvedBottleneckIds", (json_t *)solved);
    if (m->to == IMPROVEMENT_STATUS_DONE)
        completed =
            json_pack("{s:s, s:s, s:O, s:O, s:o, s:o, s:o}", "id", m->id, "processId",
                      cur->process_id, "bottleneckIds", cur->bottleneck_ids, "solvedBottleneckIds",
                      solved, "kpiId", cur->kpi_id[0] ? json_string(cur->kpi_id) : json_null(),
                      "kpiBefore", number_or_null(cur->has_kpi_before, cur->kpi_before), "kpiAfter",
                      number_or_null(cur->has_kpi_after, cur->kpi_after));
    if (extra == NULL || (m->to == IMPROVEMENT_STATUS_DONE && completed == NULL)) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_status_move_event(m, PROCESSES_SCHEMA, "improvement.status.changed", extra, pb);
    if (st == KC_OK && completed != NULL)
        st = kc_outbox_add(m->conn, PROCESSES_SCHEMA, "improvement.completed", m->p->tenant_id,
                           m->id, completed, pb);
out:
    json_decref(extra);
    json_decref(completed);
    return st;
}

static kc_status lock_improvement(kc_move_ctx *m, kc_problem *pb)
{
    improvement_lock *cur = m->arg;
    kc_status st;

    st = improvement_repo_lock(m->conn, m->p->tenant_id, m->id, cur, pb);
    if (st == KC_OK)
        st = process_service_authorise(m->conn, m->p, cur->process_id, PROCESS_STEER, pb);
    if (st == KC_OK) {
        m->status = cur->status;
        m->version = cur->version;
    }
    return st;
}

static kc_status check_reason(kc_move_ctx *m, kc_problem *pb)
{
    if (m->to == IMPROVEMENT_STATUS_DROPPED &&
        json_string_value(json_object_get(m->body, "reason")) == NULL) {
        kc_problem_add_field(pb, "reason", "required to drop an improvement");
        return kc_problem_set(pb, KC_INVALID, "say why improvement %s is dropped", m->id);
    }
    return KC_OK;
}

/* The status (with the reason of a drop); done or dropped, the
 * bottlenecks it solves; then the events. */
static kc_status write_move(kc_move_ctx *m, kc_problem *pb)
{
    const improvement_lock *cur = m->arg;
    int ends = m->to == IMPROVEMENT_STATUS_DONE || m->to == IMPROVEMENT_STATUS_DROPPED;
    json_t *solved = NULL;
    int new_version = 0;
    kc_status st;

    st = improvement_repo_set_status(
        m->conn, m->p->tenant_id, m->id, improvement_status_name((improvement_status)m->to),
        m->to == IMPROVEMENT_STATUS_DROPPED ? json_string_value(json_object_get(m->body, "reason"))
                                            : NULL,
        &new_version, pb);
    if (st == KC_OK && ends)
        st = improvement_repo_solve_bottlenecks(m->conn, m->p->tenant_id, cur->bottleneck_ids,
                                                &solved, pb);
    if (st == KC_OK)
        st = add_events(m, cur, solved, pb);
    json_decref(solved);
    return st;
}

static const kc_status_move improvement_move = {
    .noun = "improvement",
    .states = &improvement_lifecycle,
    .fields = improvement_move_fields,
    .nfields = KC_NELEMS(improvement_move_fields),
    .lock = lock_improvement,
    .check = check_reason,
    .write = write_move,
    .resource = &improvement_resource,
};

kc_status improvement_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const json_t *body, long long if_match, json_t **out,
                                   long long *version, kc_problem *pb)
{
    improvement_lock cur = {0};
    kc_status st;

    st = kc_status_move_run(&improvement_move, pool, p, id, body, if_match, &cur, out, version, pb);
    improvement_lock_clear(&cur);
    return st;
}
