#include "actions/action_service.h"

#include <string.h>
#include "access/access.h"
#include "actions/action_repo.h"
#include "actions/action_status.h"
#include "koers/resource.h"
#include "koers/status_move.h"
#include "koers/validate.h"
#include "programmes_service.h"
#include "programmes_resources.h"

static const char *const action_move_targets[] = {"planned", "in_progress", "done", "cancelled",
                                                  NULL};

static const kc_field action_move_fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = action_move_targets},
    {.name = "result", .type = KC_T_STRING, .max_len = 4000},
};

/* A lead, or the action's owner. */
static kc_status authorise(const kc_principal *p, const action_lock *cur, kc_problem *pb)
{
    if (access_runs_programmes(p))
        return KC_OK;
    if (p->kind == KC_PRINCIPAL_STAFF && p->subject[0] != '\0' &&
        strcmp(p->subject, cur->owner_sub) == 0)
        return KC_OK;
    return kc_problem_set(pb, KC_FORBIDDEN,
                          "only a programme lead or the owner of action %s carries it out",
                          cur->id);
}

static void keep(const json_t *body, const char *name, const char *stored, const char *why,
                 kc_problem *pb)
{
    const char *v = json_string_value(json_object_get(body, name));

    if (v != NULL && strcmp(v, stored) != 0)
        kc_problem_add_field(pb, name, why);
}

kc_status action_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                               const json_t *body, kc_problem *pb)
{
    action_lock cur;
    kc_status st;

    if (id == NULL || body == NULL)
        return kc_problem_set(pb, KC_FORBIDDEN,
                              "an action is made by approving a proposal and never deleted");
    st = action_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK)
        st = authorise(p, &cur, pb);
    if (st != KC_OK)
        return st;
    keep(body, "programmeId", cur.programme_id, "an action stays with its programme", pb);
    keep(body, "proposalId", cur.proposal_id, "an action stays with its proposal", pb);
    keep(body, "decisionId", cur.decision_id, "an action stays with its decision", pb);
    keep(body, "status", cur.status, "moves only through POST /actions/{id}/transitions", pb);
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "these members of action %s are read-only", id);
    return KC_OK;
}

static kc_status lock_action(kc_move_ctx *m, kc_problem *pb)
{
    action_lock *cur = m->arg;
    kc_status st;

    st = action_repo_lock(m->conn, m->p->tenant_id, m->id, cur, pb);
    if (st == KC_OK)
        st = authorise(m->p, cur, pb);
    if (st == KC_OK) {
        m->status = cur->status;
        m->version = cur->version;
    }
    return st;
}

/* The status and the result, and action.status.changed. */
static kc_status write_move(kc_move_ctx *m, kc_problem *pb)
{
    const action_lock *cur = m->arg;
    json_t *extra = NULL;
    kc_status st;

    st = action_repo_set_status(m->conn, m->p->tenant_id, m->id,
                                action_status_name((action_status)m->to),
                                json_string_value(json_object_get(m->body, "result")), pb);
    if (st != KC_OK)
        return st;
    extra = json_pack("{s:s}", "programmeId", cur->programme_id);
    if (extra == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_status_move_event(m, PROGRAMMES_SCHEMA, "action.status.changed", extra, pb);
    json_decref(extra);
    return st;
}

static const kc_status_move action_move = {
    .noun = "action",
    .states = &action_lifecycle,
    .fields = action_move_fields,
    .nfields = KC_NELEMS(action_move_fields),
    .lock = lock_action,
    .write = write_move,
    .resource = &action_resource,
};

kc_status action_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                              const json_t *body, long long if_match, json_t **out,
                              long long *version, kc_problem *pb)
{
    action_lock cur;

    return kc_status_move_run(&action_move, pool, p, id, body, if_match, &cur, out, version, pb);
}

kc_status action_service_trace(kc_db_pool *pool, const kc_principal *p, const char *id,
                               json_t **out, kc_problem *pb)
{
    return kc_read_one(pool, p, id, action_repo_trace, out, pb);
}
