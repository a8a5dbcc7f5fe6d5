#include "case_service.h"

#include <stdio.h>
#include <string.h>
#include "koers/outbox.h"
#include "koers/validate.h"
#include "officer_repo.h"
#include "routing.h"

static const char *const case_channels[] = {"web",     "app",    "phone", "email",
                                            "counter", "letter", NULL};
static const char *const case_priorities[] = {"low", "normal", "high", "urgent", NULL};
static const char *const case_statuses[] = {"received", "assigned", "in_progress",
                                            "waiting",  "solution_proposed", "resolved",
                                            "closed",   NULL};

static const kc_field case_fields_create[] = {
    {.name = "categoryId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
    {.name = "description", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 5000},
    {.name = "district", .type = KC_T_STRING, .nullable = 1, .max_len = 100},
    {.name = "location", .type = KC_T_OBJECT, .nullable = 1},
    {.name = "citizen", .type = KC_T_OBJECT, .required = 1},
    {.name = "channel", .type = KC_T_STRING, .required = 1, .enum_values = case_channels},
    {.name = "priority", .type = KC_T_STRING, .enum_values = case_priorities},
};
static const kc_field case_fields_citizen[] = {
    {.name = "name", .type = KC_T_STRING, .max_len = 200},
    {.name = "email", .type = KC_T_STRING, .max_len = 254, .format = KC_FMT_EMAIL},
    {.name = "phone", .type = KC_T_STRING, .min_len = 1, .max_len = 40},
    {.name = "address", .type = KC_T_STRING, .max_len = 300},
};
static const kc_field case_fields_location[] = {
    {.name = "latitude", .type = KC_T_NUMBER, .required = 1},
    {.name = "longitude", .type = KC_T_NUMBER, .required = 1},
    {.name = "address", .type = KC_T_STRING, .max_len = 300},
};
static const kc_field case_fields_transition[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = case_statuses},
    {.name = "reason", .type = KC_T_STRING, .max_len = 1000},
};
static const kc_field case_fields_assignment[] = {
    {.name = "officerId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
};

#define CASE_NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* Validates a nested object, naming its faults "<prefix>.<member>". */
static void case_validate_nested(const json_t *obj, const char *prefix, const kc_field *fields,
                                 size_t n, kc_problem *pb)
{
    kc_problem inner;
    const json_t *item;
    size_t i;
    char name[128];

    kc_problem_init(&inner);
    if (kc_validate_json(obj, fields, n, &inner) != KC_OK) {
        json_array_foreach(inner.invalid_params, i, item)
        {
            snprintf(name, sizeof(name), "%s.%s",
                     prefix, json_string_value(json_object_get(item, "name")));
            kc_problem_add_field(pb, name, json_string_value(json_object_get(item, "reason")));
        }
        if (inner.invalid_params == NULL)
            kc_problem_add_field(pb, prefix, inner.detail);
    }
    kc_problem_clear(&inner);
}

/* Numeric range of a location member (the field list checks only ints). */
static void case_check_range(const json_t *loc, const char *member, double lo, double hi,
                             kc_problem *pb)
{
    const json_t *v = json_object_get(loc, member);
    char name[64], reason[64];
    double d;

    if (!json_is_number(v))
        return;
    d = json_number_value(v);
    if (d < lo || d > hi) {
        snprintf(name, sizeof(name), "location.%s", member);
        snprintf(reason, sizeof(reason), "must be between %g and %g", lo, hi);
        kc_problem_add_field(pb, name, reason);
    }
}

/* Checks a filing; collects every fault, then KC_INVALID if any. */
static kc_status case_validate_new(const json_t *body, kc_problem *pb)
{
    const json_t *citizen, *loc;
    kc_status st;

    st = kc_validate_json(body, case_fields_create, CASE_NFIELDS(case_fields_create), pb);
    if (st == KC_BAD_REQUEST)
        return st;
    citizen = json_object_get(body, "citizen");
    if (json_is_object(citizen)) {
        case_validate_nested(citizen, "citizen", case_fields_citizen,
                             CASE_NFIELDS(case_fields_citizen), pb);
        if (json_object_get(citizen, "email") == NULL && json_object_get(citizen, "phone") == NULL)
            kc_problem_add_field(pb, "citizen", "needs an email or a phone number");
    }
    loc = json_object_get(body, "location");
    if (json_is_object(loc)) {
        case_validate_nested(loc, "location", case_fields_location,
                             CASE_NFIELDS(case_fields_location), pb);
        case_check_range(loc, "latitude", -90.0, 90.0, pb);
        case_check_range(loc, "longitude", -180.0, 180.0, pb);
    }
    if (pb->status != KC_OK || pb->invalid_params != NULL) {
        if (pb->detail[0] == '\0')
            kc_problem_set(pb, KC_INVALID, "the case has invalid fields");
        pb->status = KC_INVALID;
        return KC_INVALID;
    }
    return KC_OK;
}

/* Event data of c, with status and officer overridden when given. */
static kc_status case_emit(kc_db_conn *conn, const char *type, const case_record *c,
                           const char *from_status, kc_problem *pb)
{
    json_t *data = case_event_data(c);
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (from_status != NULL)
        json_object_set_new(data, "fromStatus", json_string(from_status));
    st = kc_outbox_add(conn, CASEDESK_SCHEMA, type, c->id[0] ? NULL : NULL, c->id, data, pb);
    json_decref(data);
    return st;
}
