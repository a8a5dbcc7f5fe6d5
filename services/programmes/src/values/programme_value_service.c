#include "values/programme_value_service.h"

#include <stdio.h>
#include <string.h>
#include "koers/idempotency.h"
#include "programmes_resources.h"
#include "values/programme_value_repo.h"
#include "values/value_rules.h"

static const char *const value_sources[] = {"catalogue", "survey", "brainstorm", NULL};

static const kc_field value_create_fields[] = {
    {.name = "valueId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
    {.name = "source", .type = KC_T_STRING, .required = 1, .enum_values = value_sources},
    {.name = "sourceRef", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
    {.name = "position", .type = KC_T_INT, .min = 1, .max = 100},
};

typedef struct create_arg {
    const kc_principal *p;
    const char *programme_id;
    const json_t *body;
} create_arg;

static kc_status refuse(const char *field, const char *reason, kc_problem *pb)
{
    kc_problem_add_field(pb, field, reason);
    return kc_problem_set(pb, KC_INVALID, "%s: %s", field, reason);
}

/* The value's name from where the body says it came from (name: at least
 * PROGRAMME_VALUE_NAME_SIZE bytes), or 422 naming what does not hold. */
static kc_status name_from_source(kc_db_conn *conn, const create_arg *a, value_source source,
                                  const char *value_id, const char *ref, char *name, kc_problem *pb)
{
    const char *tenant_id = a->p->tenant_id;
    int active = 0, linked = 0, closed = 0;
    kc_status st;

    switch (source) {
    case VALUE_SOURCE_CATALOGUE:
        st = programme_value_repo_catalogue(conn, tenant_id, value_id, name, &active, pb);
        if (st == KC_NOT_FOUND)
            return refuse("valueId", "not a value of the tenant's catalogue", pb);
        if (st == KC_OK && !active)
            return refuse("valueId", "the catalogue's value is not active", pb);
        return st;
    case VALUE_SOURCE_SURVEY:
        st = programme_value_repo_survey(conn, tenant_id, a->programme_id, ref, value_id, &linked,
                                         &closed, name, pb);
        if (st != KC_OK)
            return st;
        if (!linked)
            return refuse("sourceRef", "not a survey of the programme (its surveyIds)", pb);
        if (!closed)
            return refuse("sourceRef", "the survey has no closed results yet", pb);
        if (name[0] == '\0')
            return refuse("valueId", "not among the survey's results", pb);
        return KC_OK;
    case VALUE_SOURCE_BRAINSTORM:
        st = programme_value_repo_promotion(conn, tenant_id, ref, value_id, name, pb);
        if (st == KC_NOT_FOUND)
            return refuse("sourceRef", "the brainstorm session did not promote this value", pb);
        return st;
    }
    return kc_problem_set(pb, KC_INTERNAL, "unknown source");
}

static kc_status create_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    const create_arg *a = arg;
    const char *value_id = json_string_value(json_object_get(a->body, "valueId"));
    const char *ref = json_string_value(json_object_get(a->body, "sourceRef"));
    const json_t *position = json_object_get(a->body, "position");
    char name[PROGRAMME_VALUE_NAME_SIZE];
    value_source source;
    json_t *row = NULL;
    long long version = 0;
    int taken = 0, next_position = 1;
    kc_status st;

    *answer = NULL;
    if (value_source_parse(json_string_value(json_object_get(a->body, "source")), &source) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "source passed validation but is unknown");
    st = programme_value_repo_programme(conn, a->p->tenant_id, a->programme_id, pb);
    if (st == KC_OK)
        st = value_source_check(source, ref, pb);
    if (st == KC_OK)
        st = name_from_source(conn, a, source, value_id, ref, name, pb);
    if (st == KC_OK)
        st = programme_value_repo_place(conn, a->p->tenant_id, a->programme_id, value_id, &taken,
                                        &next_position, pb);
    if (st == KC_OK && taken) {
        kc_problem_add_field(pb, "valueId", "already a core value of the programme");
        st = kc_problem_set(pb, KC_CONFLICT, "value %s is already a core value of programme %s",
                            value_id, a->programme_id);
    }
    if (st != KC_OK)
        return st;
    row = json_pack("{s:s, s:s, s:s, s:O, s:o, s:I}", "programmeId", a->programme_id, "valueId",
                    value_id, "name", name, "source", json_object_get(a->body, "source"),
                    "sourceRef", ref != NULL ? json_string(ref) : json_null(), "position",
                    position != NULL ? json_integer_value(position) : (json_int_t)next_position);
    if (row == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_resource_create_in(conn, &programme_value_resource, a->p, row, answer, &version, pb);
    json_decref(row);
    return st;
}

kc_status programme_value_service_create(kc_db_pool *pool, const kc_principal *p,
                                         const char *programme_id, const kc_idem *idem,
                                         const json_t *body, json_t **answer, int *replayed,
                                         kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    create_arg arg = {p, programme_id, body};
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = kc_check_id("id", programme_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, value_create_fields, KC_NELEMS(value_create_fields), pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_idem_create(conn, PROGRAMMES_SCHEMA, idem, NULL, create_fn, &arg, answer, replayed,
                            pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status programme_value_service_list(kc_db_pool *pool, const kc_principal *p,
                                       const char *programme_id, const kc_keyset *page,
                                       json_t **items, kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *filters = NULL;
    kc_status st;

    *items = NULL;
    st = kc_check_id("id", programme_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = programme_value_repo_programme(conn, p->tenant_id, programme_id, pb);
    kc_db_release(pool, conn);
    if (st != KC_OK)
        return st;
    filters = json_pack("{s:s}", "programmeId", programme_id);
    st = filters != NULL ? kc_resource_list(pool, &programme_value_resource, p->tenant_id, filters,
                                            page, items, next, pb)
                         : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    json_decref(filters);
    return st;
}

kc_status programme_value_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                        const json_t *body, kc_problem *pb)
{
    const char *member;
    json_t *v;
    kc_status st = KC_OK;

    (void)conn;
    (void)p;
    if (id == NULL || body == NULL)
        return KC_OK; /* made by programme_value_service_create; deleted by the kit */
    json_object_foreach((json_t *)body, member, v)
    {
        if (strcmp(member, "position") == 0 || strcmp(member, "version") == 0)
            continue;
        kc_problem_add_field(pb, member, "set when the value was added; only position changes");
        st = KC_INVALID;
    }
    if (st != KC_OK)
        st = kc_problem_set(pb, KC_INVALID, "a programme value changes only its position");
    return st;
}
