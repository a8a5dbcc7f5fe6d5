#include "activities/cohort_service.h"

#include <string.h>
#include <strings.h>
#include "access/access.h"
#include "activities/buddy_repo.h"
#include "activities/cohort_repo.h"
#include "governance/member_repo.h"
#include "koers/outbox.h"
#include "koers/status.h"
#include "koers/validate.h"
#include "programmes.h"

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

kc_status cohort_service_members(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *items = NULL;
    cohort_row c;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = cohort_repo_get(conn, p->tenant_id, id, 0, &c, pb);
    if (st == KC_OK)
        st = cohort_repo_members(conn, p->tenant_id, id, &items, pb);
    if (st == KC_OK) {
        *out = json_pack("{s:o}", "items", items);
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    kc_db_release(pool, conn);
    return st;
}

static kc_status members_changed(kc_db_conn *conn, const kc_principal *p, const cohort_row *c,
                                 kc_problem *pb)
{
    json_t *data;
    kc_status st;

    data = json_pack("{s:s, s:s}", "cohortId", c->id, "programmeId", c->programme_id);
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROGRAMMES_SCHEMA, "cohort.members.changed", p->tenant_id, c->id, data,
                       pb);
    json_decref(data);
    return st;
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

kc_status cohort_service_put_member(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const char *person_id, const json_t *body, json_t **out,
                                    int *added, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    member_in in = {0, 0};
    cohort_row c;
    kc_status st;

    *out = NULL;
    *added = 0;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_check_id("personId", person_id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, member_fields, KC_NELEMS(member_fields), &in, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = open_cohort(conn, p, id, &c, pb);
    if (st == KC_OK)
        st = member_repo_person_exists(conn, p->tenant_id, person_id, pb);
    if (st == KC_OK)
        st = cohort_repo_put_member(conn, p->tenant_id, id, person_id,
                                    in.has_change_agent ? in.change_agent : -1, added, out, pb);
    if (st == KC_OK)
        st = members_changed(conn, p, &c, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    if (st != KC_OK) {
        json_decref(*out);
        *out = NULL;
        *added = 0;
    }
    kc_db_release(pool, conn);
    return st;
}

kc_status cohort_service_remove_member(kc_db_pool *pool, const kc_principal *p, const char *id,
                                       const char *person_id, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    buddy_person_state ps;
    cohort_row c;
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_check_id("personId", person_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = open_cohort(conn, p, id, &c, pb);
    if (st == KC_OK)
        st = buddy_repo_person_state(conn, p->tenant_id, id, person_id, &ps, pb);
    if (st == KC_OK && ps.active_pair)
        st = kc_problem_set(pb, KC_CONFLICT,
                            "person %s is in an active buddy pair of cohort %s: end it first",
                            person_id, id);
    if (st == KC_OK)
        st = cohort_repo_remove_member(conn, p->tenant_id, id, person_id, pb);
    if (st == KC_OK)
        st = members_changed(conn, p, &c, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    kc_db_release(pool, conn);
    return st;
}
