#include "proposals/decision_service.h"

#include <stdio.h>
#include <string.h>
#include "access/access.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "programmes_service.h"
#include "programmes.h"
#include "proposals/decision_repo.h"
#include "proposals/proposal_repo.h"
#include "proposals/proposal_rules.h"
#include "proposals/proposal_service.h"
#include "proposals/proposal_status.h"

static const char *const decision_outcomes[] = {"approved", "rejected", "returned", NULL};

static const kc_field decision_fields[] = {
    {.name = "outcome", .type = KC_T_STRING, .required = 1, .enum_values = decision_outcomes},
    {.name = "reason", .type = KC_T_STRING, .max_len = 4000},
    {.name = "groupId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
    {.name = "presentIds",
     .type = KC_T_ARRAY,
     .max_len = 100,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_UUID},
    {.name = "action", .type = KC_T_OBJECT},
};

static const kc_field decision_action_fields[] = {
    {.name = "title", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
    {.name = "ownerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
    {.name = "dueOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
};

/* The body's members one by one, the action's named action.<member>,
 * then the rules between them. */
static kc_status check_body(const json_t *body, kc_problem *pb)
{
    const json_t *action;
    kc_status st;

    st = kc_validate_json(body, decision_fields, KC_NELEMS(decision_fields), pb);
    if (st != KC_OK)
        return st;
    action = json_object_get(body, "action");
    if (action != NULL && !kc_validate_nested(action, "action", decision_action_fields,
                                              KC_NELEMS(decision_action_fields), pb))
        return kc_problem_set(pb, KC_INVALID, "the action of the decision is not valid");
    return proposal_rules_decision(json_string_value(json_object_get(body, "outcome")),
                                   json_string_value(json_object_get(body, "reason")),
                                   action != NULL, pb);
}

/* The deciding group: the programme's project group; a groupId must name
 * it. *group is "" when the programme has none (then only a lead
 * decides). */
static kc_status deciding_group(kc_db_conn *conn, const kc_principal *p, const char *programme_id,
                                const json_t *body, char group[37], kc_problem *pb)
{
    const char *asked = json_string_value(json_object_get(body, "groupId"));
    kc_status st;

    st = decision_repo_project_group(conn, p->tenant_id, programme_id, group, pb);
    if (st != KC_OK || asked == NULL || strcmp(asked, group) == 0)
        return st;
    kc_problem_add_field(pb, "groupId", "must be the programme's project group");
    return kc_problem_set(pb, KC_INVALID, "proposals are decided by the project group%s%s",
                          group[0] ? " " : " (the programme has none yet)", group);
}

/* Every one present must be a member of the deciding group. */
static kc_status check_present(kc_db_conn *conn, const kc_principal *p, const char *group,
                               const json_t *present, kc_problem *pb)
{
    json_t *outside = NULL;
    char name[40];
    size_t i, j;
    kc_status st;

    if (present == NULL || json_array_size(present) == 0)
        return KC_OK;
    if (group[0] == '\0') {
        kc_problem_add_field(pb, "presentIds", "the programme has no project group");
        return kc_problem_set(pb, KC_INVALID, "no group decides: nobody can be present");
    }
    st = decision_repo_outsiders(conn, p->tenant_id, group, present, &outside, pb);
    if (st != KC_OK || json_array_size(outside) == 0)
        goto out;
    for (i = 0; i < json_array_size(present); i++)
        for (j = 0; j < json_array_size(outside); j++)
            if (json_equal(json_array_get(present, i), json_array_get(outside, j))) {
                snprintf(name, sizeof(name), "presentIds[%zu]", i);
                kc_problem_add_field(pb, name, "not a member of the project group");
                break;
            }
    st = kc_problem_set(pb, KC_INVALID, "only members of the project group can be present");
out:
    json_decref(outside);
    return st;
}

/* The action's owner must be a person of the tenant. */
static kc_status check_owner(kc_db_conn *conn, const kc_principal *p, const char *owner,
                             kc_problem *pb)
{
    int exists = 0;
    kc_status st;

    if (owner == NULL)
        return KC_OK;
    st = decision_repo_person_exists(conn, p->tenant_id, owner, &exists, pb);
    if (st != KC_OK || exists)
        return st;
    kc_problem_add_field(pb, "action.ownerId", "no such person");
    return kc_problem_set(pb, KC_INVALID, "person %s not found", owner);
}

kc_status decision_service_decided_event(kc_db_conn *conn, const kc_principal *p,
                                         const proposal_brief *cur, const char *decision_id,
                                         const char *outcome, const char *action_id, kc_problem *pb)
{
    json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "id", cur->id, "programmeId",
                             cur->programme_id, "decisionId", decision_id, "outcome", outcome);
    kc_status st;

    if (data != NULL && action_id != NULL && action_id[0] != '\0' &&
        json_object_set_new(data, "actionId", json_string(action_id)) != 0) {
        json_decref(data);
        data = NULL;
    }
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st =
        kc_outbox_add(conn, PROGRAMMES_SCHEMA, "proposal.decided", p->tenant_id, cur->id, data, pb);
    json_decref(data);
    return st;
}

static kc_status decide_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    proposal_job *a = arg;
    const char *outcome = json_string_value(json_object_get(a->body, "outcome"));
    const json_t *action = json_object_get(a->body, "action");
    const char *title = json_string_value(json_object_get(action, "title"));
    char group[37] = "", decision_id[37] = "", action_id[37] = "";
    proposal_brief cur;
    proposal_status from, to;
    decision_new d;
    action_new an;
    kc_status st;

    *answer = NULL;
    (void)proposal_status_parse(outcome, &to);
    st = proposal_repo_lock(conn, a->p->tenant_id, a->id, &cur, pb);
    if (st == KC_OK)
        st = deciding_group(conn, a->p, cur.programme_id, a->body, group, pb);
    if (st == KC_OK)
        st = access_require_member(conn, a->p, cur.programme_id, ACCESS_PROJECT,
                                   group[0] ? group : NULL, "decide proposals", pb);
    if (st != KC_OK)
        return st;
    if (proposal_status_parse(cur.status, &from) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "proposal %s has an unknown status", a->id);
    if (from != PROPOSAL_STATUS_SUBMITTED || !proposal_status_can_move(from, to)) {
        (void)proposal_status_refuse(from, to, pb);
        return kc_problem_set(pb, KC_CONFLICT,
                              "proposal %s is %s: only a submitted proposal is decided", a->id,
                              cur.status);
    }
    st = check_present(conn, a->p, group, json_object_get(a->body, "presentIds"), pb);
    if (st == KC_OK)
        st = check_owner(conn, a->p, json_string_value(json_object_get(action, "ownerId")), pb);
    if (st != KC_OK)
        return st;
    d = (decision_new){a->id,
                       outcome,
                       json_string_value(json_object_get(a->body, "reason")),
                       group[0] ? group : NULL,
                       json_object_get(a->body, "presentIds"),
                       NULL,
                       a->p->subject};
    st = decision_repo_insert(conn, a->p->tenant_id, &d, decision_id, pb);
    if (st == KC_OK)
        st = proposal_repo_set_status(conn, a->p->tenant_id, a->id, outcome, NULL, pb);
    if (st == KC_OK && to == PROPOSAL_STATUS_APPROVED) {
        an = (action_new){cur.programme_id,
                          a->id,
                          decision_id,
                          title ? title : cur.title,
                          json_string_value(json_object_get(action, "ownerId")),
                          json_string_value(json_object_get(action, "dueOn"))};
        st = decision_repo_insert_action(conn, a->p->tenant_id, &an, action_id, pb);
    }
    if (st == KC_OK)
        st = decision_service_decided_event(conn, a->p, &cur, decision_id, outcome, action_id, pb);
    if (st == KC_OK)
        st = decision_repo_wire(conn, a->p->tenant_id, decision_id, answer, pb);
    return st;
}

kc_status decision_service_decide(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const kc_idem *idem, const json_t *body, json_t **answer,
                                  int *replayed, kc_problem *pb)
{
    return proposal_service_run(pool, p, id, idem, body, check_body, decide_fn, answer, replayed,
                                pb);
}

kc_status decision_service_list(kc_db_pool *pool, const kc_principal *p, const char *id,
                                json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, id, decision_repo_list, out, pb);
}
