#include "monitor/lesson_service.h"
#include "programmes_resources.h"

/* A lesson learnt or a norm agreed by a team (seed 004: work meetings
 * where lessons are shared and realistic norms agreed), of a programme or
 * of the tenant at large, searchable across the tenant (GET
 * /lessons/search, monitor/lesson_service.c). A lead, or any member of the
 * programme's groups, writes; the kit serves it with lesson_service_check
 * (createdBy is the caller: from_caller). The members match lesson_wire (sql/015). Events
 * lesson.created|updated|deleted {id}. */
static const char *const lesson_kinds[] = {"lesson", "norm", NULL};

static const kc_column lesson_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .ref_table = "programmes.programmes",
     .ref_noun = "programme",
     .filter = 1},
    {.field = {.name = "team", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "team",
     .filter = 1},
    {.field = {.name = "kind", .type = KC_T_STRING, .required = 1, .enum_values = lesson_kinds},
     .column = "kind",
     .filter = 1},
    {.field = {.name = "title", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "title"},
    {.field = {.name = "body", .type = KC_T_STRING, .max_len = 8000}, .column = "body", .dflt = ""},
    {.field = {.name = "agreedOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "agreed_on"},
    {.field = {.name = "tags",
               .type = KC_T_ARRAY,
               .max_len = LESSON_TAGS_MAX,
               .item_type = KC_T_STRING,
               .item_min_len = 1,
               .item_max_len = 50},
     .column = "tags",
     .dflt = "[]",
     .filter = 1},
    {.field = {.name = "createdBy", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
     .column = "created_by",
     .from_caller = "set when the lesson is shared",
     .from_caller_detail = "createdBy is the one who shares the lesson"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

const kc_resource lesson_resource = {
    .noun = "lesson",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.lessons",
    .path = "/programmes/v1/lessons",
    .columns = lesson_columns,
    .ncolumns = KC_NELEMS(lesson_columns),
    .event_prefix = "lesson",
    .check = lesson_service_check,
};
