#include "approach/approach_service.h"

#include <stdio.h>
#include <string.h>
#include "access/access.h"
#include "approach/approach_repo.h"
#include "approach/step_status.h"
#include "approach/template_repo.h"
#include "koers/outbox.h"
#include "koers/status_move.h"
#include "koers/validate.h"
#include "programmes_service.h"
#include "programmes.h"

kc_status approach_service_start(kc_db_conn *conn, const kc_principal *p, const char *programme_id,
                                 const char *template_id, const json_t *phases, kc_problem *pb)
{
    json_t *tpl = NULL;
    char reason[300];
    int version = 0;
    kc_status st = KC_OK;

    snprintf(reason, sizeof(reason), "the programme's own approach");
    if (template_id != NULL) {
        st = template_repo_get(conn, p->tenant_id, template_id, &tpl, &version, pb);
        if (st == KC_NOT_FOUND) {
            kc_problem_add_field(pb, "templateId", "names no approach template");
            st = kc_problem_set(pb, KC_INVALID, "approach template %s not found", template_id);
        }
        if (st != KC_OK)
            goto out;
        phases = json_object_get(tpl, "phases");
        snprintf(reason, sizeof(reason), "copied from template %s",
                 json_string_value(json_object_get(tpl, "name")));
    }
    st = approach_repo_copy(conn, p->tenant_id, programme_id, phases, pb);
    if (st == KC_OK)
        st = approach_repo_first_version(conn, p->tenant_id, programme_id, reason, p->subject, pb);
out:
    json_decref(tpl);
    return st;
}

kc_status approach_service_view(kc_db_pool *pool, const kc_principal *p, const char *id,
                                json_t **doc, kc_problem *pb)
{
    return kc_read_one(pool, p, id, approach_repo_view, doc, pb);
}

kc_status approach_service_versions(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    json_t **doc, kc_problem *pb)
{
    json_t *items = NULL;
    char self[128];
    kc_status st;

    *doc = NULL;
    st = kc_read_one(pool, p, id, approach_repo_versions, &items, pb);
    if (st != KC_OK)
        return st;
    snprintf(self, sizeof(self), "/programmes/v1/programmes/%s/approach/versions", id);
    *doc = json_pack("{s:o, s:{s:{s:s}}}", "items", items, "_links", "self", "href", self);
    return *doc != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

/* 1 when s is a version number: 1..999999, decimal, no sign. */
static int is_number(const char *s)
{
    size_t i, n = s != NULL ? strlen(s) : 0;

    if (n == 0 || n > 6 || s[0] == '0')
        return 0;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

kc_status approach_service_version(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const char *number, json_t **doc, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *doc = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK && !is_number(number)) {
        kc_problem_add_field(pb, "number", "must be a version number (1, 2, ...)");
        st = kc_problem_set(pb, KC_BAD_REQUEST, "invalid path parameters");
    }
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = approach_repo_version(conn, p->tenant_id, id, number, doc, pb);
    if (st == KC_NOT_FOUND)
        (void)kc_problem_set(pb, KC_NOT_FOUND, "programme %s has no approach version %s", id,
                             number);
    kc_db_release(pool, conn);
    return st;
}

static const char *const step_targets[] = {"active", "completed", NULL};

static const kc_field step_move_fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = step_targets},
};

/* The event of a completed step, in the move's transaction. */
static kc_status add_completed(kc_db_conn *conn, const kc_principal *p, const char *id,
                               const char *step_id, const step_lock *cur, kc_problem *pb)
{
    json_t *data;
    kc_status st;

    data = json_pack("{s:s, s:s, s:s, s:s}", "programmeId", id, "stepId", step_id, "phaseId",
                     cur->phase_id, "checkpointId", cur->checkpoint_id);
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROGRAMMES_SCHEMA, "programme.step.completed", p->tenant_id, step_id,
                       data, pb);
    json_decref(data);
    return st;
}

/* A step move's own: the programme of the path, the step as locked. */
typedef struct step_job {
    const char *programme_id;
    step_lock cur;
} step_job;

/* The step, for a member of the project group, while its programme runs. */
static kc_status lock_step(kc_move_ctx *m, kc_problem *pb)
{
    step_job *sm = m->arg;
    kc_status st;

    st = approach_repo_lock_step(m->conn, m->p->tenant_id, sm->programme_id, m->id, &sm->cur, pb);
    if (st == KC_OK)
        st = access_require_member(m->conn, m->p, sm->programme_id, ACCESS_PROJECT, NULL,
                                   "move its steps", pb);
    if (st != KC_OK)
        return st;
    if (strcmp(sm->cur.programme_status, "running") != 0)
        return kc_problem_set(pb, KC_CONFLICT,
                              "programme %s is %s: its steps move only while it is running",
                              sm->programme_id, sm->cur.programme_status);
    m->status = sm->cur.status;
    return KC_OK;
}

/* A step is completed after its checkpoint. */
static kc_status check_checkpoint(kc_move_ctx *m, kc_problem *pb)
{
    const step_job *sm = m->arg;

    if (m->to == STEP_STATUS_COMPLETED && sm->cur.checkpoint_id[0] == '\0')
        return kc_problem_set(pb, KC_CONFLICT,
                              "step %s has no checkpoint: the project team decides first"
                              " (POST /programmes/%s/checkpoints)",
                              m->id, sm->programme_id);
    return KC_OK;
}

/* The status (the answer: the step as it is now), and
 * programme.step.completed when it is. */
static kc_status write_step(kc_move_ctx *m, kc_problem *pb)
{
    const step_job *sm = m->arg;
    kc_status st;

    st = approach_repo_set_step_status(m->conn, m->p->tenant_id, m->id,
                                       step_status_name((step_status)m->to), m->p->subject,
                                       &m->answer, pb);
    if (st == KC_OK && m->to == STEP_STATUS_COMPLETED)
        st = add_completed(m->conn, m->p, sm->programme_id, m->id, &sm->cur, pb);
    return st;
}

static const kc_status_move step_move = {
    .noun = "step",
    .id_param = "stepId",
    .states = &step_lifecycle,
    .fields = step_move_fields,
    .nfields = KC_NELEMS(step_move_fields),
    .lock = lock_step,
    .check = check_checkpoint,
    .write = write_step,
};

kc_status approach_service_move_step(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     const char *step_id, const json_t *body, json_t **doc,
                                     kc_problem *pb)
{
    step_job sm;
    kc_status st;

    *doc = NULL;
    memset(&sm, 0, sizeof(sm));
    sm.programme_id = id;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_status_move_run(&step_move, pool, p, step_id, body, -1, &sm, doc, NULL, pb);
    return st;
}
