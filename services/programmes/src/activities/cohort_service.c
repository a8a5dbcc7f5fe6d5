#include "activities/cohort_service.h"

#include <string.h>
#include <strings.h>
#include "access/access.h"
#include "activities/buddy_repo.h"
#include "activities/cohort_repo.h"
#include "governance/member_repo.h"
#include "koers/status.h"
#include "koers/validate.h"
#include "programmes_service.h"

kc_status cohort_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                               const json_t *body, kc_problem *pb)
{
    const char *moved_to;
    cohort_row c;
    kc_status st;

    st = access_require_lead(p, "forms cohorts", pb);
    if (st != KC_OK || id == NULL || body == NULL)
        return st;
    st = cohort_repo_get(conn, p->tenant_id, id, 1, &c, pb);
    if (st != KC_OK)
        return st;
    moved_to = json_string_value(json_object_get(body, "programmeId"));
    if (moved_to != NULL && strcasecmp(moved_to, c.programme_id) != 0) {
        kc_problem_add_field(pb, "programmeId", "a cohort stays with its programme");
        return kc_problem_set(pb, KC_INVALID, "cohort %s cannot move to another programme", id);
    }
    return KC_OK;
}

/* Cohort id's members (KC_NOT_FOUND when the tenant has no such cohort):
 * a kc_read_fn. */
static kc_status members_of(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **items,
                            kc_problem *pb)
{
    cohort_row c;
    kc_status st;

    st = cohort_repo_get(conn, tenant_id, id, 0, &c, pb);
    if (st == KC_OK)
        st = cohort_repo_members(conn, tenant_id, id, items, pb);
    return st;
}

kc_status cohort_service_members(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 json_t **out, kc_problem *pb)
{
    return programmes_items_of(pool, p, id, members_of, out, pb);
}

typedef struct member_in {
    int change_agent, has_change_agent;
} member_in;

static const kc_field member_fields[] = {
    {.name = "changeAgent",
     .type = KC_T_BOOL,
     .to = KC_TO(member_in, change_agent),
     .has = KC_HAS(member_in, has_change_agent)},
};

/* The cohort locked and the caller a lead, in the open transaction. */
static kc_status open_cohort(kc_db_conn *conn, const kc_principal *p, const char *id, cohort_row *c,
                             kc_problem *pb)
{
    kc_status st = access_require_lead(p, "composes cohorts", pb);

    if (st == KC_OK)
        st = cohort_repo_get(conn, p->tenant_id, id, 1, c, pb);
    return st;
}

/* What a put or a remove of a member asks (a programmes_write's arg). */
typedef struct member_write {
    const char *id, *person_id;
    member_in in; /* put only */
    int added;
} member_write;

static kc_status put_member(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                            kc_problem *pb)
{
    member_write *w = arg;
    cohort_row c;
    kc_status st;

    st = open_cohort(conn, p, w->id, &c, pb);
    if (st == KC_OK)
        st = member_repo_person_exists(conn, p->tenant_id, w->person_id, pb);
    if (st == KC_OK)
        st = cohort_repo_put_member(conn, p->tenant_id, w->id, w->person_id,
                                    w->in.has_change_agent ? w->in.change_agent : -1, &w->added,
                                    out, pb);
    if (st == KC_OK)
        st = programmes_members_changed(conn, p, "cohort", c.id, c.programme_id, pb);
    return st;
}

kc_status cohort_service_put_member(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const char *person_id, const json_t *body, json_t **out,
                                    int *added, kc_problem *pb)
{
    member_write w = {id, person_id, {0, 0}, 0};
    kc_status st;

    *out = NULL;
    *added = 0;
    st = programmes_check_person_ids(id, person_id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, member_fields, KC_NELEMS(member_fields), &w.in, pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, put_member, &w, out, pb);
    if (st == KC_OK)
        *added = w.added;
    return st;
}

static kc_status remove_member(kc_db_conn *conn, const kc_principal *p, void *arg, json_t **out,
                               kc_problem *pb)
{
    const member_write *w = arg;
    buddy_person_state ps;
    cohort_row c;
    kc_status st;

    (void)out;
    st = open_cohort(conn, p, w->id, &c, pb);
    if (st == KC_OK)
        st = buddy_repo_person_state(conn, p->tenant_id, w->id, w->person_id, &ps, pb);
    if (st == KC_OK && ps.active_pair)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "person %s is in an active buddy pair of cohort %s: end it first",
                            w->person_id, w->id);
    if (st == KC_OK)
        st = cohort_repo_remove_member(conn, p->tenant_id, w->id, w->person_id, pb);
    if (st == KC_OK)
        st = programmes_members_changed(conn, p, "cohort", c.id, c.programme_id, pb);
    return st;
}

kc_status cohort_service_remove_member(kc_db_pool *pool, const kc_principal *p, const char *id,
                                       const char *person_id, kc_problem *pb)
{
    member_write w = {id, person_id, {0, 0}, 0};
    kc_status st;

    st = programmes_check_person_ids(id, person_id, pb);
    if (st == KC_OK)
        st = programmes_write(pool, p, remove_member, &w, NULL, pb);
    return st;
}
