#include "actions/action_service.h"

#include <string.h>
#include "access/access.h"
#include "actions/action_repo.h"
#include "actions/action_status.h"
#include "koers/outbox.h"
#include "koers/resource.h"
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

static kc_status changed_event(kc_db_conn *conn, const kc_principal *p, const action_lock *cur,
                               action_status from, action_status to, kc_problem *pb)
{
    json_t *data =
        json_pack("{s:s, s:s, s:s, s:s}", "id", cur->id, "programmeId", cur->programme_id, "from",
                  action_status_name(from), "to", action_status_name(to));
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROGRAMMES_SCHEMA, "action.status.changed", p->tenant_id, cur->id,
                       data, pb);
    json_decref(data);
    return st;
}

kc_status action_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                              const json_t *body, long long if_match, json_t **out,
                              long long *version, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    action_lock cur;
    action_status from, to;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, action_move_fields, KC_NELEMS(action_move_fields), pb);
    if (st != KC_OK)
        goto out;
    (void)action_status_parse(json_string_value(json_object_get(body, "to")), &to);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = action_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK)
        st = authorise(p, &cur, pb);
    if (st != KC_OK)
        goto out;
    if (if_match >= 0 && cur.version != if_match) {
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED, "action %s is at version %d, not %lld", id,
                            cur.version, if_match);
        goto out;
    }
    if (action_status_parse(cur.status, &from) != 0) {
        st = kc_problem_set(pb, KC_INTERNAL, "action %s has an unknown status", id);
        goto out;
    }
    if (!action_status_can_move(from, to)) {
        st = action_status_refuse(from, to, pb);
        goto out;
    }
    st = action_repo_set_status(conn, p->tenant_id, id, action_status_name(to),
                                json_string_value(json_object_get(body, "result")), pb);
    if (st == KC_OK)
        st = changed_event(conn, p, &cur, from, to, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    if (st != KC_OK)
        goto out; /* kc_db_release rolls the transaction back */
    kc_db_release(pool, conn);
    conn = NULL;
    st = kc_resource_get(pool, &action_resource, p->tenant_id, id, out, version, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status action_service_trace(kc_db_pool *pool, const kc_principal *p, const char *id,
                               json_t **out, kc_problem *pb)
{
    return programmes_read_one(pool, p, id, action_repo_trace, out, pb);
}
