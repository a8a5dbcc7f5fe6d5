#include "approach/approach_shape.h"

#include <stdio.h>
#include <string.h>
#include "koers/status.h"
#include "koers/validate.h"

const char *const approach_step_kinds[] = {
    "work",    "survey",      "brainstorm", "workshop", "staff_meeting", "group_session",
    "webinar", "intervision", "e_learning", "coaching", "setup",         NULL};

static const kc_field phase_fields[] = {
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
    {.name = "description", .type = KC_T_STRING, .max_len = 4000},
    {.name = "steps", .type = KC_T_ARRAY, .required = 1, .item_type = KC_T_OBJECT},
};

/* the first three without dates (a template's step), all five with */
static const kc_field step_fields[] = {
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
    {.name = "description", .type = KC_T_STRING, .max_len = 4000},
    {.name = "kind", .type = KC_T_STRING, .enum_values = approach_step_kinds},
    {.name = "startsOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
    {.name = "dueOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
};
#define STEP_FIELDS_UNDATED 3

/* A list member of 1..max items; 1 when it is one. */
static int check_list(const json_t *list, const char *path, size_t max, kc_problem *pb)
{
    char reason[64];

    if (json_is_array(list) && json_array_size(list) >= 1 && json_array_size(list) <= max)
        return 1;
    snprintf(reason, sizeof(reason), "must be an array of 1 to %zu items", max);
    kc_problem_add_field(pb, path, reason);
    return 0;
}

static void check_step(const json_t *step, const char *path, int with_dates, kc_problem *pb)
{
    const char *starts, *due;
    char name[256];

    if (!kc_validate_nested(step, path, step_fields,
                            with_dates ? KC_NELEMS(step_fields) : STEP_FIELDS_UNDATED, pb))
        return;
    starts = json_string_value(json_object_get(step, "startsOn"));
    due = json_string_value(json_object_get(step, "dueOn"));
    if (starts != NULL && due != NULL && strcmp(due, starts) < 0) {
        snprintf(name, sizeof(name), "%s.dueOn", path);
        kc_problem_add_field(pb, name, "must not be before startsOn");
    }
}

kc_status approach_shape_check(const json_t *phases, const char *name, int with_dates,
                               kc_problem *pb)
{
    char path[128], step_path[192];
    size_t i, j;
    const json_t *phase, *step, *steps;
    int faults = 0;

    if (!check_list(phases, name, APPROACH_MAX_PHASES, pb))
        return kc_problem_set(pb, KC_INVALID, "an approach has 1 to %d phases",
                              APPROACH_MAX_PHASES);
    json_array_foreach(phases, i, phase)
    {
        snprintf(path, sizeof(path), "%s[%zu]", name, i);
        steps = json_object_get(phase, "steps");
        if (!kc_validate_nested(phase, path, phase_fields, KC_NELEMS(phase_fields), pb)) {
            faults = 1;
            if (steps == NULL || !json_is_array(steps))
                continue;
        }
        snprintf(step_path, sizeof(step_path), "%s.steps", path);
        if (!check_list(steps, step_path, APPROACH_MAX_STEPS, pb)) {
            faults = 1;
            continue;
        }
        json_array_foreach(steps, j, step)
        {
            snprintf(step_path, sizeof(step_path), "%s.steps[%zu]", path, j);
            check_step(step, step_path, with_dates, pb);
        }
    }
    if (faults || pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "the approach has invalid phases or steps");
    return KC_OK;
}

/* Sets member key of o to the string dflt when o lacks it. */
static int fill(json_t *o, const char *key, json_t *dflt)
{
    if (json_object_get(o, key) != NULL) {
        json_decref(dflt);
        return 0;
    }
    return json_object_set_new(o, key, dflt);
}

json_t *approach_shape_normalise(const json_t *phases, int with_dates)
{
    json_t *out = NULL, *phase, *step;
    size_t i, j;
    int bad = 0;

    out = json_deep_copy(phases);
    if (out == NULL)
        return NULL;
    json_array_foreach(out, i, phase)
    {
        bad |= fill(phase, "description", json_string(""));
        json_array_foreach(json_object_get(phase, "steps"), j, step)
        {
            bad |= fill(step, "description", json_string(""));
            bad |= fill(step, "kind", json_string("work"));
            if (with_dates) {
                bad |= fill(step, "startsOn", json_null());
                bad |= fill(step, "dueOn", json_null());
            }
        }
    }
    if (bad) {
        json_decref(out);
        return NULL;
    }
    return out;
}
