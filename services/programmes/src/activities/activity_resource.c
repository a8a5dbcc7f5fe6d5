#include "activities/activity_service.h"
#include "programmes_resources.h"

/* An activity of a blended programme: a group session, workshop, webinar,
 * intervision, e-learning theme, coaching, staff meeting, learning on
 * location or (ad-hoc) training, with its schedule, place or online,
 * capacity, facilitator (a person) and materials (links). The kit serves
 * it; activity_service_check keeps the rules (a lead writes, the step of
 * the programme, http(s) materials, programmeId and status read-only,
 * only a planned activity changes). The status moves through POST
 * /activities/{id}/transitions. Employees read activities (to register);
 * only leads and coordinators write. */
static const char *const activity_kinds[] = {
    "group_session", "workshop", "webinar",       "intervision",
    "e_learning",    "coaching", "staff_meeting", "learning_on_location",
    "training",      NULL};
static const char *const activity_statuses[] = {"planned", "completed", "cancelled", NULL};

static const kc_column activity_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .ref_table = "programmes.programmes",
     .ref_noun = "programme",
     .filter = 1},
    {.field = {.name = "stepId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "step_id",
     .ref_table = "programmes.steps",
     .ref_noun = "step"},
    {.field = {.name = "kind", .type = KC_T_STRING, .required = 1, .enum_values = activity_kinds},
     .column = "kind",
     .filter = 1},
    {.field = {.name = "title", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "title"},
    {.field = {.name = "description", .type = KC_T_STRING, .max_len = 4000},
     .column = "description",
     .dflt = ""},
    {.field = {.name = "startsAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .column = "starts_at"},
    {.field = {.name = "endsAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .column = "ends_at"},
    {.field = {.name = "online", .type = KC_T_BOOL}, .column = "online", .dflt = "false"},
    {.field = {.name = "place", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 200},
     .column = "place"},
    {.field = {.name = "capacity", .type = KC_T_INT, .nullable = 1, .min = 1, .max = 100000},
     .column = "capacity"},
    {.field = {.name = "facilitatorId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "facilitator_id",
     .ref_table = "programmes.people",
     .ref_noun = "person"},
    {.field = {.name = "materials", .type = KC_T_ARRAY, .max_len = 50, .item_type = KC_T_OBJECT},
     .column = "materials",
     .dflt = "[]"},
    {.field = {.name = "status", .type = KC_T_STRING, .enum_values = activity_statuses},
     .column = "status",
     .dflt = "planned",
     .filter = 1},
    {.field =
         {.name = "completedAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .expr = "r.completed_at"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

/* example behaviour written in a workshop keeps it */
static const kc_reference activity_referred_by[] = {
    {.table = "programmes.example_behaviours", .column = "workshop_id"},
};

const kc_resource activity_resource = {
    .noun = "activity",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.activities",
    .path = "/programmes/v1/activities",
    .columns = activity_columns,
    .ncolumns = KC_NELEMS(activity_columns),
    .referred_by = activity_referred_by,
    .nreferred_by = KC_NELEMS(activity_referred_by),
    .event_prefix = "activity",
    .check = activity_service_check,
};
