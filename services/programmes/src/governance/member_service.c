#include "governance/member_service.h"

#include <string.h>
#include "access/access.h"
#include "governance/group_repo.h"
#include "governance/member_repo.h"
#include "koers/validate.h"
#include "programmes.h"
#include "programmes_service.h"

static const char *const member_roles[] = {"chair",   "secretary",   "member",
                                           "advisor", "facilitator", NULL};

static const kc_field member_put_fields[] = {
    {.name = "role", .type = KC_T_STRING, .required = 1, .enum_values = member_roles},
};

/* Group group_id's members (KC_NOT_FOUND when the tenant has no such
 * group): a kc_read_fn. */
static kc_status members_of(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                            json_t **items, kc_problem *pb)
{
    group_row g;
    kc_status st;

    st = group_repo_get(conn, tenant_id, group_id, 0, &g, pb);
    if (st == KC_OK)
        st = member_repo_list(conn, tenant_id, group_id, items, pb);
    return st;
}

kc_status member_service_list(kc_db_pool *pool, const kc_principal *p, const char *group_id,
                              json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, group_id, members_of, out, pb);
}

/* Who composes group g: a lead or coordinator; a working group also
 * composes itself. */
static kc_status authorise(kc_db_conn *conn, const kc_principal *p, const char *group_id,
                           const group_row *g, kc_problem *pb)
{
    if (strcmp(g->kind, "working") == 0)
        return access_require_member(conn, p, g->programme_id, ACCESS_WORKING, group_id,
                                     "compose it", pb);
    return access_require_lead(p, "composes the steering and project groups", pb);
}

/* The group, locked, and the caller's right to compose it, in the open
 * transaction on conn. */
static kc_status open_group(kc_db_conn *conn, const kc_principal *p, const char *group_id,
                            group_row *g, kc_problem *pb)
{
    kc_status st;

    st = group_repo_get(conn, p->tenant_id, group_id, 1, g, pb);
    if (st == KC_OK)
        st = authorise(conn, p, group_id, g, pb);
    return st;
}

/* What a put or a remove of a member asks (a programmes_write's arg). */
typedef struct member_write {
    const char *group_id, *person_id;
    const char *role; /* put only */
    int added;
} member_write;

static kc_status put_member(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                            kc_problem *pb)
{
    member_write *w = arg;
    group_row g;
    int changed = 0;
    kc_status st;

    st = open_group(conn, p, w->group_id, &g, pb);
    if (st == KC_OK)
        st = member_repo_person_exists(conn, p->tenant_id, w->person_id, pb);
    if (st == KC_OK)
        st = member_repo_put(conn, p->tenant_id, w->group_id, w->person_id, w->role, &w->added,
                             &changed, out, pb);
    if (st == KC_OK && changed)
        st = programmes_members_changed(conn, p, "group", w->group_id, g.programme_id, pb);
    return st;
}

kc_status member_service_put(kc_db_pool *pool, const kc_principal *p, const char *group_id,
                             const char *person_id, const json_t *body, json_t **out, int *added,
                             kc_problem *pb)
{
    member_write w = {group_id, person_id, NULL, 0};
    kc_status st;

    *out = NULL;
    *added = 0;
    st = programmes_check_person_ids(group_id, person_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, member_put_fields, KC_NELEMS(member_put_fields), pb);
    if (st != KC_OK)
        return st;
    w.role = json_string_value(json_object_get(body, "role"));
    st = programmes_write(pool, p, put_member, &w, out, pb);
    if (st == KC_OK)
        *added = w.added;
    return st;
}

static kc_status remove_member(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                               kc_problem *pb)
{
    const member_write *w = arg;
    group_row g;
    kc_status st;

    (void)out;
    st = open_group(conn, p, w->group_id, &g, pb);
    if (st == KC_OK)
        st = member_repo_remove(conn, p->tenant_id, w->group_id, w->person_id, pb);
    if (st == KC_OK)
        st = programmes_members_changed(conn, p, "group", w->group_id, g.programme_id, pb);
    return st;
}

kc_status member_service_remove(kc_db_pool *pool, const kc_principal *p, const char *group_id,
                                const char *person_id, kc_problem *pb)
{
    member_write w = {group_id, person_id, NULL, 0};
    kc_status st;

    st = programmes_check_person_ids(group_id, person_id, pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, remove_member, &w, NULL, pb);
    return st;
}

/* The groups of person_id (KC_NOT_FOUND when the tenant has no such
 * person): a kc_read_fn. */
static kc_status groups_of(kc_db_conn *conn, const char *tenant_id, const char *person_id,
                           json_t **items, kc_problem *pb)
{
    kc_status st;

    st = member_repo_person_exists(conn, tenant_id, person_id, pb);
    if (st == KC_OK)
        st = member_repo_person_groups(conn, tenant_id, person_id, items, pb);
    return st;
}

kc_status member_service_person_groups(kc_db_pool *pool, const kc_principal *p,
                                       const char *person_id, json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, person_id, groups_of, out, pb);
}
