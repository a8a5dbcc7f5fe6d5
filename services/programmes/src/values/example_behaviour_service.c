#include "values/example_behaviour_service.h"

#include <string.h>
#include <strings.h>
#include "access/access.h"
#include "governance/group_repo.h"
#include "koers/idempotency.h"
#include "programmes_resources.h"
#include "values/example_behaviour_repo.h"

#define ALL_GROUPS (ACCESS_STEERING | ACCESS_PROJECT | ACCESS_WORKING)

static const kc_field behaviour_create_fields[] = {
    {.name = "programmeValueId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
    {.name = "statement", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 1000},
    {.name = "workshopId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
    {.name = "groupId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
};

static kc_status refuse(const char *field, const char *reason, kc_problem *pb)
{
    kc_problem_add_field(pb, field, reason);
    return kc_problem_set(pb, KC_INVALID, "%s: %s", field, reason);
}

/* workshopId of body (absent or null: nothing to check) must be an
 * activity of kind workshop of programme_id. */
static kc_status check_workshop(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                const json_t *body, kc_problem *pb)
{
    const char *id = json_string_value(json_object_get(body, "workshopId"));
    char activity_programme[37], kind[32];
    kc_status st;

    if (id == NULL)
        return KC_OK;
    st = example_behaviour_repo_activity(conn, tenant_id, id, activity_programme, kind, pb);
    if (st == KC_NOT_FOUND)
        return refuse("workshopId", "no such activity", pb);
    if (st != KC_OK)
        return st;
    if (strcasecmp(activity_programme, programme_id) != 0)
        return refuse("workshopId", "an activity of another programme", pb);
    if (strcmp(kind, "workshop") != 0)
        return refuse("workshopId", "the activity is not a workshop", pb);
    return KC_OK;
}

/* groupId of body (absent or null: nothing to check) must be a group of
 * programme_id. */
static kc_status check_group(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             const json_t *body, kc_problem *pb)
{
    const char *id = json_string_value(json_object_get(body, "groupId"));
    group_row g;
    kc_status st;

    if (id == NULL)
        return KC_OK;
    st = group_repo_get(conn, tenant_id, id, 0, &g, pb);
    if (st == KC_NOT_FOUND)
        return refuse("groupId", "no such group", pb);
    if (st != KC_OK)
        return st;
    if (strcasecmp(g.programme_id, programme_id) != 0)
        return refuse("groupId", "a group of another programme", pb);
    return KC_OK;
}

/* Whether p writes the example behaviour of group_id (NULL or "": none,
 * leads only) of programme_id. */
static kc_status require_writer(kc_db_conn *conn, const kc_principal *p, const char *programme_id,
                                const char *group_id, kc_problem *pb)
{
    if (group_id == NULL || group_id[0] == '\0')
        return access_require_lead(p, "write example behaviour without a group", pb);
    return access_require_member(conn, p, programme_id, ALL_GROUPS, group_id,
                                 "write the example behaviour of their group", pb);
}

typedef struct create_arg {
    const kc_principal *p;
    const json_t *body;
} create_arg;

static kc_status create_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    const create_arg *a = arg;
    const char *tenant_id = a->p->tenant_id;
    const char *value_id = json_string_value(json_object_get(a->body, "programmeValueId"));
    const char *group_id = json_string_value(json_object_get(a->body, "groupId"));
    char programme_id[37];
    json_t *row = NULL;
    long long version = 0;
    kc_status st;

    *answer = NULL;
    st = example_behaviour_repo_value(conn, tenant_id, value_id, programme_id, pb);
    if (st == KC_NOT_FOUND)
        st = refuse("programmeValueId", "no such programme value", pb);
    if (st == KC_OK)
        st = check_workshop(conn, tenant_id, programme_id, a->body, pb);
    if (st == KC_OK)
        st = check_group(conn, tenant_id, programme_id, a->body, pb);
    if (st == KC_OK)
        st = require_writer(conn, a->p, programme_id, group_id, pb);
    if (st != KC_OK)
        return st;
    row = json_deep_copy(a->body); /* createdBy is the caller's: the kit sets it */
    if (row == NULL || json_object_set_new(row, "programmeId", json_string(programme_id)) != 0) {
        json_decref(row);
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    st = kc_resource_create_in(conn, &example_behaviour_resource, a->p, row, answer, &version, pb);
    json_decref(row);
    return st;
}

kc_status example_behaviour_service_create(kc_db_pool *pool, const kc_principal *p,
                                           const kc_idem *idem, const json_t *body, json_t **answer,
                                           int *replayed, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    create_arg arg = {p, body};
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = kc_validate_json(body, behaviour_create_fields, KC_NELEMS(behaviour_create_fields), pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_idem_create(conn, PROGRAMMES_SCHEMA, idem, NULL, create_fn, &arg, answer, replayed,
                            pb);
    kc_db_release(pool, conn);
    return st;
}

/* A member the PATCH may not change: present and not the current value. */
static int changes(const json_t *body, const char *member, const char *current)
{
    const char *v = json_string_value(json_object_get(body, member));

    return json_object_get(body, member) != NULL && (v == NULL || strcasecmp(v, current) != 0);
}

static kc_status check_patch(kc_db_conn *conn, const kc_principal *p,
                             const example_behaviour_lock *cur, const json_t *body, kc_problem *pb)
{
    const json_t *group = json_object_get(body, "groupId");
    kc_status st = KC_OK;

    if (changes(body, "programmeId", cur->programme_id))
        st = refuse("programmeId", "an example behaviour stays with its programme", pb);
    if (changes(body, "programmeValueId", cur->programme_value_id))
        st = refuse("programmeValueId", "an example behaviour stays with its value", pb);
    if (changes(body, "createdBy", cur->created_by))
        st = refuse("createdBy", "set when the example behaviour was written", pb);
    if (st == KC_OK)
        st = check_workshop(conn, p->tenant_id, cur->programme_id, body, pb);
    if (st == KC_OK)
        st = check_group(conn, p->tenant_id, cur->programme_id, body, pb);
    if (st == KC_OK && group != NULL && changes(body, "groupId", cur->group_id))
        st = require_writer(conn, p, cur->programme_id, json_string_value(group), pb);
    return st;
}

kc_status example_behaviour_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                          const json_t *body, kc_problem *pb)
{
    example_behaviour_lock cur;
    kc_status st;

    if (id == NULL)
        return KC_OK; /* made by example_behaviour_service_create, which authorises */
    st = example_behaviour_repo_lock(conn, p->tenant_id, id, &cur, pb);
    if (st == KC_OK)
        st = require_writer(conn, p, cur.programme_id, cur.group_id, pb);
    if (st == KC_OK && body != NULL)
        st = check_patch(conn, p, &cur, body, pb);
    return st;
}
