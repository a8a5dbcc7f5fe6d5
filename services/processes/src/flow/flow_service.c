#include "flow/flow_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "flow/flow_mermaid.h"
#include "flow/flow_picture.h"
#include "flow/flow_repo.h"
#include "flow/flow_svg.h"
#include "flow/flow_text.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "processes.h"
#include "processes/process_service.h"

static const kc_field flow_draft_fields[] = {
    {.name = "steps",
     .type = KC_T_ARRAY,
     .required = 1,
     .max_len = FLOW_STEPS_MAX,
     .item_type = KC_T_OBJECT},
};

static const kc_field flow_step_fields[] = {
    {.name = "stepKey", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
    {.name = "teamId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
    {.name = "role", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 200},
    {.name = "inputs",
     .type = KC_T_ARRAY,
     .max_len = FLOW_ITEMS_MAX,
     .item_type = KC_T_STRING,
     .item_min_len = 1,
     .item_max_len = 200},
    {.name = "outputs",
     .type = KC_T_ARRAY,
     .max_len = FLOW_ITEMS_MAX,
     .item_type = KC_T_STRING,
     .item_min_len = 1,
     .item_max_len = 200},
    {.name = "normHours", .type = KC_T_NUMBER, .nullable = 1},
};

static const kc_field flow_publish_fields[] = {
    {.name = "note", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 2000},
};

static int present(const json_t *step, const char *member)
{
    const json_t *v = json_object_get(step, member);

    return v != NULL && !json_is_null(v);
}

static void step_fault(kc_problem *pb, size_t i, const char *member, const char *reason)
{
    char name[96];

    snprintf(name, sizeof(name), "steps[%zu].%s", i, member);
    kc_problem_add_field(pb, name, reason);
}

/* The rules of one step that need no database; faults go to pb. */
static void check_step(const json_t *step, size_t i, kc_problem *pb)
{
    kc_problem local;
    const json_t *f;
    size_t k;
    double hours;

    kc_problem_init(&local);
    if (kc_validate_json(step, flow_step_fields, KC_NELEMS(flow_step_fields), &local) != KC_OK) {
        json_array_foreach(local.invalid_params, k, f)
        {
            step_fault(pb, i, json_string_value(json_object_get(f, "name")),
                       json_string_value(json_object_get(f, "reason")));
        }
        kc_problem_clear(&local);
        return;
    }
    kc_problem_clear(&local);
    if (!present(step, "teamId") && !present(step, "role"))
        step_fault(pb, i, "teamId", "a step needs the team (teamId) or the role responsible");
    if (present(step, "normHours")) {
        hours = json_number_value(json_object_get(step, "normHours"));
        if (!(hours >= 0.01 && hours <= 999999.99))
            step_fault(pb, i, "normHours", "must be a number of hours from 0.01 to 999999.99");
    }
}

/* The rules of a draft's body that need no database: KC_OK or KC_INVALID
 * naming every field at fault. */
static kc_status check_draft_body(const json_t *body, kc_problem *pb)
{
    const json_t *steps, *step, *other;
    const char *key, *other_key;
    size_t i, j;
    kc_status st;

    st = kc_validate_json(body, flow_draft_fields, KC_NELEMS(flow_draft_fields), pb);
    if (st != KC_OK)
        return st;
    steps = json_object_get(body, "steps");
    json_array_foreach(steps, i, step)
    {
        check_step(step, i, pb);
        key = json_string_value(json_object_get(step, "stepKey"));
        for (j = 0; key != NULL && j < i; j++) {
            other = json_array_get(steps, j);
            other_key = json_string_value(json_object_get(other, "stepKey"));
            if (other_key != NULL && strcasecmp(other_key, key) == 0) {
                step_fault(pb, i, "stepKey", "is the stepKey of an earlier step");
                break;
            }
        }
    }
    if (pb->invalid_params != NULL && json_array_size(pb->invalid_params) > 0)
        return kc_problem_set(pb, KC_INVALID, "%zu field%s of the flow's steps %s invalid",
                              json_array_size(pb->invalid_params),
                              json_array_size(pb->invalid_params) == 1 ? "" : "s",
                              json_array_size(pb->invalid_params) == 1 ? "is" : "are");
    return KC_OK;
}

static kc_status check_if_match(const flow_draft_lock *lock, const char *process_id,
                                long long if_match, kc_problem *pb)
{
    if (if_match >= 0 && lock->version != if_match)
        return kc_problem_set(pb, KC_PRECONDITION_FAILED,
                              "the draft of process %s's flow is at version %d, not %lld",
                              process_id, lock->version, if_match);
    return KC_OK;
}

/* Opens a transaction on a new connection and checks that the caller
 * steers process_id. */
static kc_status begin_write(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                             kc_db_conn **conn, kc_problem *pb)
{
    kc_status st;

    st = kc_check_id("id", process_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(*conn, pb);
    if (st == KC_OK)
        st = process_service_authorise(*conn, p, process_id, PROCESS_STEER, pb);
    return st;
}

/* After a commit: the version which of the process, read on conn. */
static kc_status read_back(kc_db_conn *conn, const kc_principal *p, const char *process_id,
                           int which, flow_version *out, kc_problem *pb)
{
    return flow_repo_get(conn, p->tenant_id, process_id, which, out, pb);
}

kc_status flow_service_get(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                           int which, flow_version *out, int *draft_exists, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char *name = NULL;
    kc_status st;

    *draft_exists = 0;
    st = kc_check_id("id", process_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = flow_repo_process_name(conn, p->tenant_id, process_id, &name, pb);
    if (st == KC_OK)
        st = flow_repo_get(conn, p->tenant_id, process_id, which, out, pb);
    if (st == KC_OK)
        st = which == FLOW_WHICH_DRAFT
                 ? KC_OK
                 : flow_repo_has_draft(conn, p->tenant_id, process_id, draft_exists, pb);
    if (st == KC_OK && which == FLOW_WHICH_DRAFT)
        *draft_exists = 1;
    if (st != KC_OK)
        flow_version_clear(out);
    free(name);
    kc_db_release(pool, conn);
    return st;
}

kc_status flow_service_list(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                            long long after, int limit, flow_version **items, size_t *n, int *more,
                            kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char *name = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    *more = 0;
    st = kc_check_id("id", process_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = flow_repo_process_name(conn, p->tenant_id, process_id, &name, pb);
    if (st == KC_OK)
        st = flow_repo_list(conn, p->tenant_id, process_id, after, limit, items, n, more, pb);
    free(name);
    kc_db_release(pool, conn);
    return st;
}

kc_status flow_service_start_draft(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                                   flow_version *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char id[37];
    int has = 0;
    kc_status st;

    st = begin_write(pool, p, process_id, &conn, pb);
    if (st == KC_OK)
        st = flow_repo_has_draft(conn, p->tenant_id, process_id, &has, pb);
    if (st == KC_OK && has)
        st = KC_CONFLICT;
    if (st == KC_OK)
        st = flow_repo_start_draft(conn, p->tenant_id, process_id, id, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    if (st == KC_CONFLICT) /* found, or started concurrently (the unique index) */
        kc_problem_set(pb, KC_CONFLICT,
                       "process %s has a draft of its flow already: change it (PUT), publish it"
                       " or discard it (DELETE) first",
                       process_id);
    if (st == KC_OK)
        st = read_back(conn, p, process_id, FLOW_WHICH_DRAFT, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status flow_service_put_draft(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                                 const json_t *body, long long if_match, flow_version *out,
                                 kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    flow_draft_lock lock;
    const json_t *steps;
    int *team_ok = NULL, *key_ok = NULL, version = 0;
    size_t n = 0, i;
    kc_status st;

    st = kc_check_id("id", process_id, pb);
    if (st == KC_OK)
        st = check_draft_body(body, pb);
    if (st != KC_OK)
        goto out;
    steps = json_object_get(body, "steps");
    n = json_array_size(steps);
    team_ok = calloc(n + 1, sizeof(int));
    key_ok = calloc(n + 1, sizeof(int));
    if (team_ok == NULL || key_ok == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = begin_write(pool, p, process_id, &conn, pb);
    if (st == KC_OK)
        st = flow_repo_lock_draft(conn, p->tenant_id, process_id, &lock, pb);
    if (st == KC_OK)
        st = check_if_match(&lock, process_id, if_match, pb);
    if (st == KC_OK && n > 0)
        st = flow_repo_check_steps(conn, p->tenant_id, process_id, steps, team_ok, key_ok, n, pb);
    if (st != KC_OK)
        goto out;
    for (i = 0; i < n; i++) {
        if (!team_ok[i])
            step_fault(pb, i, "teamId", "is not a team of the tenant");
        if (!key_ok[i])
            step_fault(pb, i, "stepKey",
                       "is not a step key of this process's flow; leave it out for a new step");
    }
    if (pb->invalid_params != NULL && json_array_size(pb->invalid_params) > 0) {
        st = kc_problem_set(pb, KC_INVALID, "steps of the flow refer to what is not there");
        goto out;
    }
    st = flow_repo_replace_steps(conn, p->tenant_id, lock.id, steps, &version, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    if (st == KC_OK)
        st = read_back(conn, p, process_id, FLOW_WHICH_DRAFT, out, pb);
out:
    free(team_ok);
    free(key_ok);
    kc_db_release(pool, conn);
    return st;
}

kc_status flow_service_discard_draft(kc_db_pool *pool, const kc_principal *p,
                                     const char *process_id, long long if_match, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    flow_draft_lock lock;
    kc_status st;

    st = begin_write(pool, p, process_id, &conn, pb);
    if (st == KC_OK)
        st = flow_repo_lock_draft(conn, p->tenant_id, process_id, &lock, pb);
    if (st == KC_OK)
        st = check_if_match(&lock, process_id, if_match, pb);
    if (st == KC_OK)
        st = flow_repo_discard_draft(conn, p->tenant_id, lock.id, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status flow_service_publish(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                               const json_t *body, long long if_match, flow_version *out,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    flow_draft_lock lock;
    json_t *data = NULL;
    int number = 0;
    kc_status st;

    st = kc_check_id("id", process_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, flow_publish_fields, KC_NELEMS(flow_publish_fields), pb);
    if (st == KC_OK)
        st = begin_write(pool, p, process_id, &conn, pb);
    if (st == KC_OK)
        st = flow_repo_lock_draft(conn, p->tenant_id, process_id, &lock, pb);
    if (st == KC_OK)
        st = check_if_match(&lock, process_id, if_match, pb);
    if (st == KC_OK && lock.steps_count == 0) {
        kc_problem_add_field(pb, "steps", "a draft without steps cannot be published");
        st = kc_problem_set(pb, KC_INVALID,
                            "the draft of process %s's flow has no steps: add them first",
                            process_id);
    }
    if (st == KC_OK)
        st = flow_repo_publish(conn, p->tenant_id, process_id, lock.id,
                               json_string_value(json_object_get(body, "note")), p->subject,
                               &number, pb);
    if (st == KC_OK) {
        data = json_pack("{s:s, s:s, s:i, s:i}", "processId", process_id, "versionId", lock.id,
                         "number", number, "steps", lock.steps_count);
        st = data != NULL ? kc_outbox_add(conn, PROCESSES_SCHEMA, "process.flow.published",
                                          p->tenant_id, process_id, data, pb)
                          : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    if (st == KC_OK)
        st = read_back(conn, p, process_id, number, out, pb);
    json_decref(data);
    kc_db_release(pool, conn);
    return st;
}

kc_status flow_service_picture(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                               int which, flow_picture_format format, char **text, size_t *len,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    flow_version v = {0};
    flow_picture *pic = NULL;
    flow_picture_step *steps = NULL;
    flow_text out = {0};
    char *name = NULL;
    size_t i;
    kc_status st;

    *text = NULL;
    *len = 0;
    st = kc_check_id("id", process_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = flow_repo_process_name(conn, p->tenant_id, process_id, &name, pb);
    if (st == KC_OK)
        st = flow_repo_get(conn, p->tenant_id, process_id, which, &v, pb);
    if (st != KC_OK)
        goto out;
    pic = calloc(1, sizeof(*pic));
    steps = calloc(v.nsteps + 1, sizeof(*steps));
    if (pic == NULL || steps == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < v.nsteps; i++) {
        steps[i].name = v.steps[i].name;
        steps[i].team_id = v.steps[i].team_id;
        steps[i].team_name = v.steps[i].team_name;
        steps[i].role = v.steps[i].role;
    }
    st = flow_repo_markers(conn, p->tenant_id, process_id, v.id, steps, v.nsteps, pb);
    if (st != KC_OK)
        goto out;
    pic->process_name = name;
    pic->number = v.published ? v.number : 0;
    pic->steps = steps;
    pic->nsteps = v.nsteps;
    flow_picture_assign_lanes(pic);
    if (format == FLOW_PICTURE_SVG)
        flow_svg_write(pic, &out);
    else
        flow_mermaid_write(pic, &out);
    *text = flow_text_take(&out, len);
    if (*text == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    flow_text_clear(&out);
    free(steps);
    free(pic);
    free(name);
    flow_version_clear(&v);
    kc_db_release(pool, conn);
    return st;
}
