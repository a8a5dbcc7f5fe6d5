#ifndef KOERS_CASEDESK_CATEGORY_MODEL_H
#define KOERS_CASEDESK_CATEGORY_MODEL_H

#include <jansson.h>
#include "sla_calendar.h"

/* A case category; name is at most 100 characters (400 bytes of UTF-8).
 * Its SLA: first contact within first_contact_days, resolution within
 * sla_days, both counted in sla_unit ("working_days" | "calendar_days").
 * process_owner_id is an official of the tenant, "" for none. */
typedef struct category {
    char id[37];
    char name[404];
    int sla_days;
    int first_contact_days;
    char sla_unit[16];
    char process_owner_id[37];
    int version;
    char created_at[32];
    char updated_at[32];
} category;

/* A new category; sla_unit and process_owner_id may be NULL (the default
 * working_days, and none). */
typedef struct category_new {
    const char *name;
    int sla_days;
    int first_contact_days;
    const char *sla_unit;
    const char *process_owner_id;
} category_new;

/* A PATCH: only members with has_* set change (process_owner_id NULL with
 * has_process_owner_id set removes the process owner). */
typedef struct category_patch {
    int has_name;
    const char *name;
    int has_sla_days;
    int sla_days;
    int has_first_contact_days;
    int first_contact_days;
    int has_sla_unit;
    const char *sla_unit;
    int has_process_owner_id;
    const char *process_owner_id;
} category_patch;

/* The API representation (new reference): {id, name, slaDays,
 * firstContactDays, slaUnit, processOwnerId (null for none), createdAt,
 * updatedAt}. */
json_t *category_to_json(const category *c);

/* The calendar unit of c's terms. */
sla_calendar_unit category_sla_unit(const category *c);

#endif
