#include "monitor/coaching_service.h"
#include "programmes_resources.h"

/* The coaching log (seed 001 step 6: half a day a week of guidance during
 * the project): when, which coach, which team or which person, the signals
 * of relapse seen, the intervention, the follow-up and when, and the
 * relapse signal (monitor) that led to it. Leads and coordinators write it;
 * the kit serves it with coaching_service_check; createdBy is the caller
 * (from_caller). Events coaching_entry.created|updated|deleted
 * {id}: the log itself holds what people said, the events never do. */
static const kc_column coaching_entry_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .ref_table = "programmes.programmes",
     .ref_noun = "programme",
     .filter = 1},
    {.field = {.name = "heldOn", .type = KC_T_STRING, .required = 1, .format = KC_FMT_DATE},
     .column = "held_on"},
    {.field = {.name = "coachId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "coach_id",
     .ref_table = "programmes.people",
     .ref_noun = "person"},
    {.field = {.name = "team", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 200},
     .column = "team",
     .filter = 1},
    {.field = {.name = "personId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "person_id",
     .ref_table = "programmes.people",
     .ref_noun = "person",
     .filter = 1},
    {.field = {.name = "signals",
               .type = KC_T_ARRAY,
               .max_len = COACHING_SIGNALS_MAX,
               .item_type = KC_T_STRING,
               .item_min_len = 1,
               .item_max_len = 500},
     .column = "signals",
     .dflt = "[]"},
    {.field = {.name = "intervention",
               .type = KC_T_STRING,
               .required = 1,
               .min_len = 1,
               .max_len = 4000},
     .column = "intervention"},
    {.field = {.name = "followUp", .type = KC_T_STRING, .max_len = 4000},
     .column = "follow_up",
     .dflt = ""},
    {.field = {.name = "followUpOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "follow_up_on"},
    {.field =
         {.name = "relapseSignalId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "relapse_signal_id",
     .ref_table = "programmes.relapse_signals",
     .ref_noun = "relapse signal"},
    {.field = {.name = "createdBy", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
     .column = "created_by",
     .from_caller = "set when the entry is made",
     .from_caller_detail = "createdBy is the one who writes the entry"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

const kc_resource coaching_entry_resource = {
    .noun = "coaching entry",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.coaching_entries",
    .path = "/programmes/v1/coaching-entries",
    .columns = coaching_entry_columns,
    .ncolumns = KC_NELEMS(coaching_entry_columns),
    .event_prefix = "coaching_entry",
    .check = coaching_service_check,
};
