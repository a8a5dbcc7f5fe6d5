#include "governance/group_service.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "governance/group_repo.h"

/* A second steering or project group of the programme: 409 naming kind. */
static kc_status check_one_of_kind(kc_db_conn *conn, const char *tenant_id,
                                   const char *programme_id, const char *kind,
                                   const char *except_id, kc_problem *pb)
{
    int taken = 0;
    kc_status st;

    if (kind == NULL || strcmp(kind, "working") == 0)
        return KC_OK;
    st = group_repo_kind_taken(conn, tenant_id, programme_id, kind, except_id, &taken, pb);
    if (st != KC_OK || !taken)
        return st;
    kc_problem_add_field(pb, "kind", "the programme has one already");
    return kc_problem_set(pb, KC_CONFLICT, "programme %s already has a %s group", programme_id,
                          kind);
}

/* A member of body that may not differ from the stored value: 422. */
static kc_status check_kept(const json_t *body, const char *member, const char *current,
                            const char *reason, kc_problem *pb)
{
    const char *v = json_string_value(json_object_get(body, member));

    if (v == NULL || strcasecmp(v, current) == 0)
        return KC_OK;
    kc_problem_add_field(pb, member, reason);
    return kc_problem_set(pb, KC_INVALID, "%s", reason);
}

/* Appends ", <n> <noun>(s)" to buf when n > 0. */
static void say_count(char *buf, size_t len, int n, const char *one, const char *many)
{
    size_t used = strlen(buf);

    if (n > 0 && used < len)
        snprintf(buf + used, len - used, "%s%d %s", used ? ", " : "", n, n == 1 ? one : many);
}

static kc_status check_unreferred(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  kc_problem *pb)
{
    group_refs refs;
    char what[256] = "";
    kc_status st;

    st = group_repo_refs(conn, tenant_id, id, &refs, pb);
    if (st != KC_OK)
        return st;
    say_count(what, sizeof(what), refs.members, "member", "members");
    say_count(what, sizeof(what), refs.building_blocks, "building block", "building blocks");
    say_count(what, sizeof(what), refs.proposals, "proposal", "proposals");
    say_count(what, sizeof(what), refs.decisions, "decision", "decisions");
    say_count(what, sizeof(what), refs.checkpoints, "checkpoint", "checkpoints");
    if (what[0] == '\0')
        return KC_OK;
    return kc_problem_set(pb, KC_CONFLICT, "group %s is referred to by %s: it cannot be deleted",
                          id, what);
}

kc_status group_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                              const json_t *body, kc_problem *pb)
{
    group_row cur;
    kc_status st;

    if (id == NULL) /* create: the kit has checked that programmeId is the tenant's */
        return check_one_of_kind(conn, p->tenant_id,
                                 json_string_value(json_object_get(body, "programmeId")),
                                 json_string_value(json_object_get(body, "kind")), NULL, pb);
    st = group_repo_get(conn, p->tenant_id, id, 1, &cur, pb);
    if (st != KC_OK)
        return st;
    if (body == NULL)
        return check_unreferred(conn, p->tenant_id, id, pb);
    st = check_kept(body, "programmeId", cur.programme_id, "a group stays with its programme", pb);
    if (st == KC_OK)
        st = check_kept(body, "kind", cur.kind, "a group keeps its kind", pb);
    return st;
}
