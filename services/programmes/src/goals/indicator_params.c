#include "goals/indicator_params.h"

#include <stdio.h>
#include <string.h>
#include "koers/validate.h"

static const char *const audiences[] = {"citizens", "employees", "managers", "council_members",
                                        NULL};
static const char *const activity_kinds[] = {
    "group_session", "workshop", "webinar",       "intervision",
    "e_learning",    "coaching", "staff_meeting", "learning_on_location",
    "training",      NULL};

/* The members a kind allows; for each, a check. */
typedef enum { P_UUID, P_CODE, P_AUDIENCE, P_ACTIVITY_KIND } param_type;

typedef struct param_rule {
    const char *name;
    param_type type;
    int required;
} param_rule;

static const param_rule pulse_rules[] = {{"seriesId", P_UUID, 1},
                                         {"questionCode", P_CODE, 1},
                                         {"audience", P_AUDIENCE, 0},
                                         {NULL, P_UUID, 0}};
static const param_rule attendance_rules[] = {{"activityKind", P_ACTIVITY_KIND, 0},
                                              {NULL, P_UUID, 0}};
static const param_rule manifest_rules[] = {{"manifestId", P_UUID, 0}, {NULL, P_UUID, 0}};
static const param_rule none_rules[] = {{NULL, P_UUID, 0}};

static const param_rule *rules_of(const char *kind)
{
    if (strcmp(kind, "pulse_question") == 0)
        return pulse_rules;
    if (strcmp(kind, "attendance_rate") == 0)
        return attendance_rules;
    if (strcmp(kind, "manifest_support") == 0)
        return manifest_rules;
    return none_rules;
}

static int in_list(const char *s, const char *const *list)
{
    for (; *list != NULL; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static int is_code(const char *s)
{
    size_t n = strlen(s), i;

    if (n < 1 || n > 40)
        return 0;
    for (i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

/* Why value is not a valid member of type t, or NULL when it is. */
static const char *fault(param_type t, const json_t *value)
{
    const char *s = json_string_value(value);

    if (s == NULL)
        return "must be a string";
    switch (t) {
    case P_UUID:
        return kc_is_uuid(s) ? NULL : "must be a UUID";
    case P_CODE:
        return is_code(s) ? NULL : "must be a question code: 1 to 40 of a-z, 0-9 and _";
    case P_AUDIENCE:
        return in_list(s, audiences)
                   ? NULL
                   : "must be one of citizens, employees, managers, council_members";
    case P_ACTIVITY_KIND:
        return in_list(s, activity_kinds) ? NULL : "must be an activity kind";
    }
    return "is not valid";
}

kc_status indicator_params_check(const char *kind, const json_t *params, kc_problem *pb)
{
    const param_rule *rules = rules_of(kind), *r;
    const char *key, *why;
    const json_t *value;
    char name[64];
    int bad = 0;

    if (!json_is_object(params)) {
        kc_problem_add_field(pb, "params", "must be an object");
        return kc_problem_set(pb, KC_INVALID, "the indicator's params are not valid");
    }
    json_object_foreach((json_t *)params, key, value)
    {
        for (r = rules; r->name != NULL && strcmp(r->name, key) != 0; r++)
            ;
        snprintf(name, sizeof(name), "params.%.40s", key);
        why = r->name == NULL ? "is not a parameter of this kind of indicator"
                              : fault(r->type, value);
        if (why != NULL) {
            kc_problem_add_field(pb, name, why);
            bad = 1;
        }
    }
    for (r = rules; r->name != NULL; r++) {
        if (r->required && json_object_get(params, r->name) == NULL) {
            snprintf(name, sizeof(name), "params.%s", r->name);
            kc_problem_add_field(pb, name, "is required for this kind of indicator");
            bad = 1;
        }
    }
    if (bad)
        return kc_problem_set(pb, KC_INVALID, "the indicator's params are not valid for kind %s",
                              kind);
    return KC_OK;
}
