#include "programmes_resources.h"

/* A person who takes part in a programme's groups: the tenant's staff
 * (userSub: their sign-in subject, how a caller is recognised as a group
 * member; unique per tenant) or an outsider (the facilitating party, a
 * council member). roleType describes their place in the organisation, so
 * a group's mix can be checked. Leads and coordinators write (the route);
 * a person in a group, or named in a decision or as an action's owner, is
 * not deleted (409). */
static const char *const person_role_types[] = {"manager",        "employee", "policy_officer",
                                                "council_member", "external", NULL};

static const kc_column person_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "email",
               .type = KC_T_STRING,
               .nullable = 1,
               .min_len = 3,
               .max_len = 254,
               .format = KC_FMT_EMAIL},
     .column = "email"},
    {.field = {.name = "userSub", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 128},
     .column = "user_sub",
     .unique = 1,
     .filter = 1},
    {.field =
         {.name = "roleType", .type = KC_T_STRING, .required = 1, .enum_values = person_role_types},
     .column = "role_type",
     .filter = 1},
    {.field = {.name = "organisation", .type = KC_T_STRING, .max_len = 200},
     .column = "organisation",
     .dflt = ""},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

static const kc_reference person_referred_by[] = {
    {.table = "programmes.group_members", .column = "person_id"},
    {.table = "programmes.actions", .column = "owner_id"},
    {.table = "programmes.checkpoints", .column = "present_ids", .array = 1},
    {.table = "programmes.proposal_decisions", .column = "present_ids", .array = 1},
};

const kc_resource person_resource = {
    .noun = "person",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.people",
    .path = "/programmes/v1/people",
    .columns = person_columns,
    .ncolumns = KC_NELEMS(person_columns),
    .referred_by = person_referred_by,
    .nreferred_by = KC_NELEMS(person_referred_by),
};
