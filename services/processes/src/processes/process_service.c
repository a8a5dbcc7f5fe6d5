#include "processes/process_service.h"

#include <string.h>
#include "koers/outbox.h"
#include "koers/resource.h"
#include "koers/validate.h"
#include "processes/process_repo.h"
#include "processes/process_status.h"
#include "processes_resources.h"

static const char *const process_move_targets[] = {"selected",   "analysing", "improving",
                                                   "monitoring", "archived",  NULL};

static const kc_field process_move_fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = process_move_targets},
    {.name = "reason", .type = KC_T_STRING, .min_len = 1, .max_len = 500},
};

kc_status process_service_check_people(kc_db_conn *conn, const kc_principal *p, const char *id,
                                       const json_t *body, kc_problem *pb)
{
    process_people_input in = {0};
    process_people_check chk = {0};
    const json_t *v;
    kc_status st;

    if (body == NULL)
        return KC_OK; /* a delete: the references to it are the kit's */
    in.id = id;
    v = json_object_get(body, "ownerId");
    in.has_owner = v != NULL;
    in.owner_id = json_string_value(v);
    v = json_object_get(body, "managerId");
    in.has_manager = v != NULL;
    in.manager_id = json_string_value(v);
    v = json_object_get(body, "teamIds");
    in.has_teams = v != NULL;
    in.team_ids = v;
    st = process_repo_people(conn, p->tenant_id, &in, &chk, pb);
    if (st != KC_OK)
        return st;
    if (chk.owner_is_team_manager && chk.manager_in_teams)
        return KC_OK;
    kc_problem_set(pb, KC_INVALID, "the process's owner or manager does not fit its teams");
    if (!chk.owner_is_team_manager)
        kc_problem_add_field(pb, "ownerId",
                             "must be a team manager: a staff member who manages a team");
    if (!chk.manager_in_teams)
        kc_problem_add_field(pb, "managerId",
                             "must be a staff member of one of the process's teams (teamIds)");
    return KC_INVALID;
}

int process_service_may_move(const kc_principal *p, const char *owner_sub, const char *manager_sub)
{
    if (p->kind != KC_PRINCIPAL_STAFF)
        return 0;
    if (kc_principal_has_role(p, "admin") || kc_principal_has_role(p, PROCESSES_ROLES_MANAGE))
        return 1;
    if (kc_principal_has_role(p, PROCESSES_ROLE_OWNER) && owner_sub != NULL &&
        owner_sub[0] != '\0' && strcmp(owner_sub, p->subject) == 0)
        return 1;
    if (kc_principal_has_role(p, PROCESSES_ROLE_MANAGER) && manager_sub != NULL &&
        manager_sub[0] != '\0' && strcmp(manager_sub, p->subject) == 0)
        return 1;
    return 0;
}

kc_status process_service_authorise(kc_db_conn *conn, const kc_principal *p, const char *process_id,
                                    process_right right, kc_problem *pb)
{
    process_relation rel;
    kc_status st;

    if (p->kind != KC_PRINCIPAL_STAFF)
        return kc_problem_set(pb, KC_FORBIDDEN, "only staff change a process's analysis");
    st = process_repo_relation(conn, p->tenant_id, process_id, p->subject, &rel, pb);
    if (st != KC_OK)
        return st;
    if (kc_principal_has_role(p, "admin") || kc_principal_has_role(p, PROCESSES_ROLES_MANAGE))
        return KC_OK;
    if ((rel.is_owner && kc_principal_has_role(p, PROCESSES_ROLE_OWNER)) ||
        (rel.is_manager && kc_principal_has_role(p, PROCESSES_ROLE_MANAGER)))
        return KC_OK;
    if (right == PROCESS_CONTRIBUTE && rel.in_core_team &&
        kc_principal_has_role(p, PROCESSES_ROLE_CORE_TEAM))
        return KC_OK;
    return kc_problem_set(pb, KC_FORBIDDEN,
                          right == PROCESS_CONTRIBUTE
                              ? "only the process's owner, manager or core team, or a"
                                " coordinator, contributes to its analysis"
                              : "only the process's owner or manager, or a coordinator, steers"
                                " its analysis");
}

kc_status process_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                               const json_t *body, long long if_match, json_t **out,
                               long long *version, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    process_lock cur = {0};
    process_status from, to;
    const char *reason;
    json_t *data = NULL;
    int new_version = 0;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, process_move_fields, KC_NELEMS(process_move_fields), pb);
    if (st != KC_OK)
        goto out;
    (void)process_status_parse(json_string_value(json_object_get(body, "to")), &to);
    reason = json_string_value(json_object_get(body, "reason"));
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    st = process_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st != KC_OK)
        goto out;
    if (!process_service_may_move(p, cur.owner_sub, cur.manager_sub)) {
        st = kc_problem_set(pb, KC_FORBIDDEN,
                            "only the process's owner or manager, or a coordinator,"
                            " moves its status");
        goto out;
    }
    if (if_match >= 0 && cur.version != if_match) {
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED, "process %s is at version %d, not %lld", id,
                            cur.version, if_match);
        goto out;
    }
    if (process_status_parse(cur.status, &from) != 0) {
        st = kc_problem_set(pb, KC_INTERNAL, "process %s has an unknown status", id);
        goto out;
    }
    if (!process_status_can_move(from, to)) {
        st = process_status_refuse(from, to, pb);
        goto out;
    }
    st = process_repo_set_status(conn, p->tenant_id, id, process_status_name(to), &new_version, pb);
    if (st != KC_OK)
        goto out;
    data = json_pack("{s:s, s:s, s:s}", "id", id, "from", process_status_name(from), "to",
                     process_status_name(to));
    if (data != NULL && reason != NULL)
        json_object_set_new(data, "reason", json_string(reason));
    st =
        kc_outbox_add(conn, PROCESSES_SCHEMA, "process.status.changed", p->tenant_id, id, data, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    if (st != KC_OK)
        goto out; /* kc_db_release rolls the transaction back */
    kc_db_release(pool, conn);
    conn = NULL;
    st = kc_resource_get(pool, &process_resource, p->tenant_id, id, out, version, pb);
out:
    json_decref(data);
    kc_db_release(pool, conn);
    return st;
}
