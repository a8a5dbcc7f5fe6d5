#include "processes/process_service.h"

#include <string.h>
#include "koers/resource.h"
#include "koers/status_move.h"
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

/* The process, for its owner or manager or a coordinator. */
static kc_status lock_process(kc_move_ctx *m, kc_problem *pb)
{
    process_lock *cur = m->arg;
    kc_status st;

    st = process_repo_lock(m->conn, m->p->tenant_id, m->id, cur, pb);
    if (st != KC_OK)
        return st;
    if (!process_service_may_move(m->p, cur->owner_sub, cur->manager_sub))
        return kc_problem_set(pb, KC_FORBIDDEN,
                              "only the process's owner or manager, or a coordinator,"
                              " moves its status");
    m->status = cur->status;
    m->version = cur->version;
    return KC_OK;
}

/* The status, and process.status.changed (with the reason when given). */
static kc_status write_move(kc_move_ctx *m, kc_problem *pb)
{
    const char *reason = json_string_value(json_object_get(m->body, "reason"));
    json_t *extra = NULL;
    int new_version = 0;
    kc_status st;

    st = process_repo_set_status(m->conn, m->p->tenant_id, m->id,
                                 process_status_name((process_status)m->to), &new_version, pb);
    if (st != KC_OK)
        return st;
    if (reason != NULL) {
        extra = json_pack("{s:s}", "reason", reason);
        if (extra == NULL)
            return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    st = kc_status_move_event(m, PROCESSES_SCHEMA, "process.status.changed", extra, pb);
    json_decref(extra);
    return st;
}

static const kc_status_move process_move = {
    .noun = "process",
    .states = &process_lifecycle,
    .fields = process_move_fields,
    .nfields = KC_NELEMS(process_move_fields),
    .lock = lock_process,
    .write = write_move,
    .resource = &process_resource,
};

kc_status process_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                               const json_t *body, long long if_match, json_t **out,
                               long long *version, kc_problem *pb)
{
    process_lock cur = {0};

    return kc_status_move_run(&process_move, pool, p, id, body, if_match, &cur, out, version, pb);
}
