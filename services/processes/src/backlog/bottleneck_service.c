#include "backlog/bottleneck_service.h"

#include <stdio.h>
#include <string.h>
#include "koers/outbox.h"
#include "koers/resource.h"
#include "koers/status_move.h"
#include "koers/validate.h"
#include "backlog/bottleneck_repo.h"
#include "backlog/bottleneck_score.h"
#include "backlog/bottleneck_status.h"
#include "processes/process_service.h"
#include "processes_resources.h"

#define SOURCE_CITIZENS "citizens_cases"

static const char *const decision_values[] = {"take_up", "dismiss", "reopen", NULL};

static const kc_field decision_fields[] = {
    {.name = "decision", .type = KC_T_STRING, .required = 1, .enum_values = decision_values},
    {.name = "reason", .type = KC_T_STRING, .min_len = 1, .max_len = 2000},
};

/* A bottleneck as it will be after the write: the body's members over the
 * stored row (on create: the body alone). Strings borrowed; NULL: none. */
typedef struct bottleneck_after {
    const char *process_id;
    const char *step_id;
    const char *session_id;
    const char *source;
    int impact;
    int effort;
    const json_t *frequency; /* NULL or JSON null: none */
    const char *frequency_unit;
} bottleneck_after;

static int has(const json_t *body, const char *name)
{
    return json_object_get(body, name) != NULL;
}

static const char *text_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

/* member `name` of body when present (JSON null: NULL), else the stored value */
static const char *member(const json_t *body, const char *name, const char *stored)
{
    const json_t *v = json_object_get(body, name);

    return v != NULL ? json_string_value(v) : text_or_null(stored);
}

static int int_member(const json_t *body, const char *name, int stored)
{
    const json_t *v = json_object_get(body, name);

    return json_is_integer(v) ? (int)json_integer_value(v) : stored;
}

/* 1 when the source names a session (interview or working session), and
 * the session kind it must then be. */
static const char *session_kind_of(const char *source)
{
    if (source != NULL && strcmp(source, "interview") == 0)
        return "interview";
    if (source != NULL && strcmp(source, "session") == 0)
        return "working_session";
    return NULL;
}

/* The rules on the data of the bottleneck after the write; adds a field
 * to pb for each member at fault and sets *faults. check_step /
 * check_session: that member (or what it depends on) changes. */
static kc_status check_data(kc_db_conn *conn, const char *tenant_id, const bottleneck_after *a,
                            int check_step, int check_session, int *faults, kc_problem *pb)
{
    const char *want_kind = session_kind_of(a->source);
    char kind[32];
    int has_frequency = a->frequency != NULL && !json_is_null(a->frequency);
    int fits = 1;
    kc_status st = KC_OK;

    if (has_frequency && a->frequency_unit == NULL) {
        kc_problem_add_field(pb, "frequencyUnit", "required with frequency (week or month)");
        (*faults)++;
    }
    if (!has_frequency && a->frequency_unit != NULL) {
        kc_problem_add_field(pb, "frequency", "required with frequencyUnit");
        (*faults)++;
    }
    if (check_session && want_kind == NULL && a->session_id != NULL) {
        kc_problem_add_field(pb, "sessionId",
                             "only a bottleneck raised in an interview or working session"
                             " (source interview or session) names one");
        (*faults)++;
    } else if (check_session && want_kind != NULL && a->session_id == NULL) {
        kc_problem_add_field(pb, "sessionId",
                             "required for source interview or session: the interview or"
                             " working session it was raised in");
        (*faults)++;
    } else if (check_session && want_kind != NULL) {
        st = bottleneck_repo_session_kind(conn, tenant_id, a->session_id, kind, sizeof(kind), pb);
        if (st != KC_OK)
            return st;
        if (strcmp(kind, want_kind) != 0) {
            kc_problem_add_field(pb, "sessionId",
                                 strcmp(want_kind, "interview") == 0
                                     ? "must be an interview (source interview)"
                                     : "must be a working session (source session)");
            (*faults)++;
        }
    }
    if (check_step && a->step_id != NULL) {
        st = bottleneck_repo_step_fits(conn, tenant_id, a->process_id, a->step_id, &fits, pb);
        if (st != KC_OK)
            return st;
        if (!fits) {
            kc_problem_add_field(pb, "stepId",
                                 "must be a step of a published flow version of the process");
            (*faults)++;
        }
    }
    return KC_OK;
}

static kc_status refuse(int faults, kc_problem *pb)
{
    return kc_problem_set(pb, KC_INVALID, "the bottleneck has %d invalid member%s", faults,
                          faults == 1 ? "" : "s");
}

static kc_status check_create(kc_db_conn *conn, const kc_principal *p, const json_t *body,
                              kc_problem *pb)
{
    bottleneck_after a = {0};
    const char *status = json_string_value(json_object_get(body, "status"));
    int faults = 0;
    kc_status st;

    a.process_id = json_string_value(json_object_get(body, "processId"));
    st = process_service_authorise(conn, p, a.process_id, PROCESS_CONTRIBUTE, pb);
    if (st != KC_OK)
        return st;
    a.source = json_string_value(json_object_get(body, "source"));
    a.step_id = member(body, "stepId", NULL);
    a.session_id = member(body, "sessionId", NULL);
    a.frequency = json_object_get(body, "frequency");
    a.frequency_unit = member(body, "frequencyUnit", NULL);
    if (a.source != NULL && strcmp(a.source, SOURCE_CITIZENS) == 0) {
        kc_problem_add_field(pb, "source",
                             "citizens_cases is proposed by the service from the root causes of"
                             " citizens' cases; raise as interview, session or staff");
        faults++;
    }
    if (status != NULL && strcmp(status, "open") != 0) {
        kc_problem_add_field(pb, "status",
                             "a raised bottleneck is open; its status then changes through"
                             " POST /processes/v1/bottlenecks/{id}/decisions");
        faults++;
    }
    st = check_data(conn, p->tenant_id, &a, 1, 1, &faults, pb);
    if (st == KC_OK && faults > 0)
        st = refuse(faults, pb);
    return st;
}

static kc_status prioritised_event(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *process_id, int score_tenths, int impact, int effort,
                                   int previous_tenths, kc_problem *pb)
{
    json_t *data;
    kc_status st;

    data = json_pack("{s:s, s:s, s:f, s:s}", "id", id, "processId", process_id, "score",
                     score_tenths / 10.0, "quadrant",
                     bottleneck_quadrant_name(bottleneck_quadrant_of(impact, effort)));
    if (data != NULL && previous_tenths >= 0)
        json_object_set_new(data, "previousScore", json_real(previous_tenths / 10.0));
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROCESSES_SCHEMA, "bottleneck.prioritised", tenant_id, id, data, pb);
    json_decref(data);
    return st;
}

static kc_status check_update(kc_db_conn *conn, const kc_principal *p, const char *id,
                              const json_t *body, kc_problem *pb)
{
    bottleneck_row cur;
    bottleneck_after a = {0};
    const char *process_id, *source, *status;
    json_t *stored_frequency = NULL;
    int faults = 0, score = 0;
    int changes_score;
    kc_status st;

    st = bottleneck_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK)
        st = process_service_authorise(conn, p, cur.process_id, PROCESS_STEER, pb);
    if (st != KC_OK || body == NULL)
        return st; /* a delete: the improvements referring to it are the kit's */
    process_id = json_string_value(json_object_get(body, "processId"));
    if (process_id != NULL && strcmp(process_id, cur.process_id) != 0) {
        kc_problem_add_field(pb, "processId",
                             "cannot change: raise a bottleneck on the other process instead");
        faults++;
    }
    source = json_string_value(json_object_get(body, "source"));
    if (source != NULL && strcmp(source, cur.source) != 0 &&
        (strcmp(source, SOURCE_CITIZENS) == 0 || strcmp(cur.source, SOURCE_CITIZENS) == 0)) {
        kc_problem_add_field(pb, "source",
                             "citizens_cases is the service's own: it is neither set nor left"
                             " by hand");
        faults++;
    }
    status = json_string_value(json_object_get(body, "status"));
    if (status != NULL && strcmp(status, cur.status) != 0) {
        kc_problem_add_field(pb, "status",
                             "changes through POST /processes/v1/bottlenecks/{id}/decisions");
        faults++;
    }
    a.process_id = cur.process_id;
    a.source = member(body, "source", cur.source);
    a.step_id = member(body, "stepId", cur.step_id);
    a.session_id = member(body, "sessionId", cur.session_id);
    a.impact = int_member(body, "impact", cur.impact);
    a.effort = int_member(body, "effort", cur.effort);
    if (cur.has_frequency)
        stored_frequency = json_integer(cur.frequency);
    a.frequency = has(body, "frequency") ? json_object_get(body, "frequency") : stored_frequency;
    a.frequency_unit = member(body, "frequencyUnit", cur.frequency_unit);
    st = check_data(conn, p->tenant_id, &a, has(body, "stepId"),
                    has(body, "sessionId") || has(body, "source"), &faults, pb);
    if (st == KC_OK && faults > 0)
        st = refuse(faults, pb);
    if (st != KC_OK)
        goto out;
    changes_score = a.impact != cur.impact || a.effort != cur.effort ||
                    (a.frequency_unit == NULL) != !cur.has_frequency ||
                    (a.frequency_unit != NULL &&
                     (strcmp(a.frequency_unit, cur.frequency_unit) != 0 ||
                      json_integer_value(a.frequency) != (json_int_t)cur.frequency));
    if (!changes_score)
        goto out;
    st = bottleneck_repo_score(conn, p->tenant_id, a.impact, a.effort,
                               (long)json_integer_value(a.frequency), a.frequency_unit, &score, pb);
    if (st == KC_OK)
        st = prioritised_event(conn, p->tenant_id, id, cur.process_id, score, a.impact, a.effort,
                               cur.score_tenths, pb);
out:
    json_decref(stored_frequency);
    return st;
}

kc_status bottleneck_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                   const json_t *body, kc_problem *pb)
{
    if (id == NULL)
        return check_create(conn, p, body, pb);
    return check_update(conn, p, id, body, pb);
}

typedef struct create_arg {
    const kc_principal *p;
    const json_t *body;
    long long version;
} create_arg;

/* The kit's create and the event, in kc_idem_create's transaction. */
static kc_status create_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    create_arg *a = arg;
    json_t *data = NULL, *row = NULL;
    const char *id;
    kc_status st;

    *answer = NULL;
    st = kc_resource_create_in(conn, &bottleneck_resource, a->p, a->body, &row, &a->version, pb);
    if (st != KC_OK)
        goto out;
    id = json_string_value(json_object_get(row, "id"));
    data =
        json_pack("{s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id", id, "processId",
                  json_object_get(row, "processId"), "stepId", json_object_get(row, "stepId"),
                  "source", json_object_get(row, "source"), "impact",
                  json_object_get(row, "impact"), "effort", json_object_get(row, "effort"), "score",
                  json_object_get(row, "score"), "quadrant", json_object_get(row, "quadrant"));
    if (data == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_outbox_add(conn, PROCESSES_SCHEMA, "bottleneck.raised", a->p->tenant_id, id, data, pb);
    if (st == KC_OK) {
        *answer = row;
        row = NULL;
    }
out:
    json_decref(data);
    json_decref(row);
    return st;
}

kc_status bottleneck_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                    const json_t *body, json_t **row, long long *version,
                                    int *replayed, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    create_arg arg = {p, body, 1}; /* a replayed answer is of the row as it was created */
    kc_status st;

    *row = NULL;
    *replayed = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_idem_create(conn, PROCESSES_SCHEMA, idem, NULL, create_fn, &arg, row, replayed, pb);
    *version = arg.version;
    kc_db_release(pool, conn);
    return st;
}

/* The 409 of a decision the status table does not allow. */
static kc_status refuse_decision(bottleneck_status from, bottleneck_decision d, kc_problem *pb)
{
    bottleneck_decision allowed[BOTTLENECK_DECISION_COUNT];
    char list[64] = "";
    json_t *arr = json_array();
    size_t n, i;

    n = bottleneck_decisions_allowed(from, allowed, BOTTLENECK_DECISION_COUNT);
    for (i = 0; i < n; i++) {
        json_array_append_new(arr, json_string(bottleneck_decision_name(allowed[i])));
        if (i > 0)
            strncat(list, ", ", sizeof(list) - strlen(list) - 1);
        strncat(list, bottleneck_decision_name(allowed[i]), sizeof(list) - strlen(list) - 1);
    }
    kc_problem_set(pb, KC_CONFLICT, "cannot %s a bottleneck that is %s; allowed: %s",
                   bottleneck_decision_name(d), bottleneck_status_name(from), n ? list : "none");
    kc_problem_set_extra(pb, "allowedDecisions", arr);
    return KC_CONFLICT;
}

/* A decision's own: the decision of the body, the bottleneck as locked. */
typedef struct decide_job {
    bottleneck_decision d;
    bottleneck_row cur;
} decide_job;

/* A dismissal says why. */
static kc_status check_decision(kc_move_ctx *m, kc_problem *pb)
{
    decide_job *job = m->arg;

    (void)bottleneck_decision_parse(json_string_value(json_object_get(m->body, "decision")),
                                    &job->d);
    if (job->d == BOTTLENECK_DISMISS &&
        json_string_value(json_object_get(m->body, "reason")) == NULL) {
        kc_problem_add_field(pb, "reason", "required to dismiss: why the core team will not act");
        return kc_problem_set(pb, KC_INVALID, "a dismissal needs a reason");
    }
    return KC_OK;
}

static kc_status lock_bottleneck(kc_move_ctx *m, kc_problem *pb)
{
    decide_job *job = m->arg;
    kc_status st;

    st = bottleneck_repo_lock(m->conn, m->p->tenant_id, m->id, &job->cur, pb);
    if (st == KC_OK)
        st = process_service_authorise(m->conn, m->p, job->cur.process_id, PROCESS_STEER, pb);
    if (st == KC_OK) {
        m->status = job->cur.status;
        m->version = job->cur.version;
    }
    return st;
}

/* The status the decision leads to, or the 409 naming the allowed ones. */
static kc_status decision_target(kc_move_ctx *m, kc_problem *pb)
{
    const decide_job *job = m->arg;
    bottleneck_status to;

    if (bottleneck_decide((bottleneck_status)m->from, job->d, &to) != 0)
        return refuse_decision((bottleneck_status)m->from, job->d, pb);
    m->to = (int)to;
    return KC_OK;
}

/* The decision; a bottleneck taken up is prioritised on the backlog. */
static kc_status write_decision(kc_move_ctx *m, kc_problem *pb)
{
    const decide_job *job = m->arg;
    int new_version = 0;
    kc_status st;

    st = bottleneck_repo_decide(
        m->conn, m->p->tenant_id, m->id, bottleneck_status_name((bottleneck_status)m->to),
        bottleneck_decision_name(job->d), json_string_value(json_object_get(m->body, "reason")),
        &new_version, pb);
    if (st == KC_OK && job->d == BOTTLENECK_TAKE_UP)
        st = prioritised_event(m->conn, m->p->tenant_id, m->id, job->cur.process_id,
                               job->cur.score_tenths, job->cur.impact, job->cur.effort, -1, pb);
    return st;
}

static const kc_status_move bottleneck_decision_move = {
    .noun = "bottleneck",
    .states = &bottleneck_lifecycle,
    .fields = decision_fields,
    .nfields = KC_NELEMS(decision_fields),
    .check_body = check_decision,
    .lock = lock_bottleneck,
    .target = decision_target,
    .write = write_decision,
    .resource = &bottleneck_resource,
};

kc_status bottleneck_service_decide(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, long long if_match, json_t **out,
                                    long long *version, kc_problem *pb)
{
    decide_job job;

    memset(&job, 0, sizeof(job));
    return kc_status_move_run(&bottleneck_decision_move, pool, p, id, body, if_match, &job, out,
                              version, pb);
}

kc_status bottleneck_service_rescore(kc_db_conn *conn, const char *tenant_id, kc_problem *pb)
{
    long changed = 0;

    return bottleneck_repo_rescore(conn, tenant_id, &changed, pb);
}
