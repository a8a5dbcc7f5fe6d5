#include "governance/building_block_service.h"

#include <string.h>
#include <strings.h>
#include "access/access.h"
#include "governance/building_block_repo.h"
#include "governance/building_block_status.h"
#include "governance/group_repo.h"

/* stepId of body (absent or null: nothing to check) must be a step of
 * programme_id that was not removed. */
static kc_status check_step(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                            const json_t *body, kc_problem *pb)
{
    const char *step_id = json_string_value(json_object_get(body, "stepId"));
    building_block_step step;
    kc_status st;

    if (step_id == NULL)
        return KC_OK;
    st = building_block_repo_step(conn, tenant_id, step_id, &step, pb);
    if (st == KC_NOT_FOUND) { /* the kit's reference check ran first: gone meanwhile */
        kc_problem_add_field(pb, "stepId", "no such step");
        return kc_problem_set(pb, KC_INVALID, "step %s not found", step_id);
    }
    if (st != KC_OK)
        return st;
    if (strcasecmp(step.programme_id, programme_id) != 0) {
        kc_problem_add_field(pb, "stepId", "is a step of another programme");
        return kc_problem_set(pb, KC_INVALID, "step %s is not a step of programme %s", step_id,
                              programme_id);
    }
    if (strcmp(step.status, "removed") == 0) {
        kc_problem_add_field(pb, "stepId", "the step was removed from the approach");
        return kc_problem_set(pb, KC_INVALID, "step %s was removed from the approach", step_id);
    }
    return KC_OK;
}

/* workingGroupId of body (absent or null: nothing to check) must be a
 * working group of programme_id. */
static kc_status check_working_group(kc_db_conn *conn, const char *tenant_id,
                                     const char *programme_id, const json_t *body, kc_problem *pb)
{
    const char *group_id = json_string_value(json_object_get(body, "workingGroupId"));
    group_row g;
    kc_status st;

    if (group_id == NULL)
        return KC_OK;
    st = group_repo_get(conn, tenant_id, group_id, 0, &g, pb);
    if (st == KC_NOT_FOUND) {
        kc_problem_add_field(pb, "workingGroupId", "no such group");
        return kc_problem_set(pb, KC_INVALID, "group %s not found", group_id);
    }
    if (st != KC_OK)
        return st;
    if (strcasecmp(g.programme_id, programme_id) != 0) {
        kc_problem_add_field(pb, "workingGroupId", "is a group of another programme");
        return kc_problem_set(pb, KC_INVALID, "group %s is not a group of programme %s", group_id,
                              programme_id);
    }
    if (strcmp(g.kind, "working") != 0) {
        kc_problem_add_field(pb, "workingGroupId", "is not a working group");
        return kc_problem_set(pb, KC_INVALID, "group %s is the %s group, not a working group",
                              group_id, g.kind);
    }
    return KC_OK;
}

static kc_status check_refs(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                            const json_t *body, kc_problem *pb)
{
    kc_status st = check_step(conn, tenant_id, programme_id, body, pb);

    if (st == KC_OK)
        st = check_working_group(conn, tenant_id, programme_id, body, pb);
    return st;
}

/* A status in body other than the current one must be a move of the
 * table. */
static kc_status check_move(const char *id, const char *current, const json_t *body, kc_problem *pb)
{
    const char *to_name = json_string_value(json_object_get(body, "status"));
    building_block_status from, to;

    if (to_name == NULL || strcmp(to_name, current) == 0)
        return KC_OK;
    if (building_block_status_parse(current, &from) != 0 ||
        building_block_status_parse(to_name, &to) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "building block %s has an unknown status", id);
    if (!building_block_status_can_move(from, to))
        return building_block_status_refuse(from, to, pb);
    return KC_OK;
}

/* A caller who does not run programmes changes a building block as a
 * member of its working group, and then only its status. */
static kc_status check_member_patch(kc_db_conn *conn, const kc_principal *p,
                                    const building_block_lock *cur, const json_t *body,
                                    kc_problem *pb)
{
    const char *member;
    json_t *v;
    kc_status st;

    if (cur->working_group_id[0] == '\0')
        return access_require_lead(p, "changes a building block without a working group", pb);
    st = access_require_member(conn, p, cur->programme_id, ACCESS_WORKING, cur->working_group_id,
                               "change the status of its building blocks", pb);
    if (st != KC_OK)
        return st;
    json_object_foreach((json_t *)body, member, v)
    {
        if (strcmp(member, "status") == 0)
            continue;
        return kc_problem_set(pb, KC_FORBIDDEN,
                              "a member of the working group changes only a building block's"
                              " status, not %s",
                              member);
    }
    return KC_OK;
}

static kc_status check_create(kc_db_conn *conn, const kc_principal *p, const json_t *body,
                              kc_problem *pb)
{
    const char *status = json_string_value(json_object_get(body, "status"));
    kc_status st;

    st = access_require_lead(p, "sets up building blocks", pb);
    if (st != KC_OK)
        return st;
    if (status != NULL && strcmp(status, "open") != 0) {
        kc_problem_add_field(pb, "status", "a building block starts open");
        return kc_problem_set(pb, KC_INVALID, "a building block starts open, not %s", status);
    }
    /* the kit has checked that programmeId is the tenant's */
    return check_refs(conn, p->tenant_id, json_string_value(json_object_get(body, "programmeId")),
                      body, pb);
}

kc_status building_block_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                       const json_t *body, kc_problem *pb)
{
    building_block_lock cur;
    const char *moved_to;
    kc_status st;

    if (id == NULL)
        return check_create(conn, p, body, pb);
    st = building_block_repo_lock(conn, p->tenant_id, id, BUILDING_BLOCK_FOR_UPDATE, &cur, pb);
    if (st != KC_OK)
        return st;
    if (body == NULL)
        return access_require_lead(p, "deletes building blocks", pb);
    if (!access_runs_programmes(p)) {
        st = check_member_patch(conn, p, &cur, body, pb);
        if (st != KC_OK)
            return st;
    }
    moved_to = json_string_value(json_object_get(body, "programmeId"));
    if (moved_to != NULL && strcasecmp(moved_to, cur.programme_id) != 0) {
        kc_problem_add_field(pb, "programmeId", "a building block stays with its programme");
        return kc_problem_set(pb, KC_INVALID, "building block %s cannot move to another programme",
                              id);
    }
    st = check_move(id, cur.status, body, pb);
    if (st == KC_OK)
        st = check_refs(conn, p->tenant_id, cur.programme_id, body, pb);
    return st;
}
