#ifndef KOERS_CASEDESK_WORKLIST_MODEL_H
#define KOERS_CASEDESK_WORKLIST_MODEL_H

#include <jansson.h>

/* One case as a work list or the triage queue shows it: what a liaison
 * officer needs to pick the next case, never the citizen. sla_state is
 * "on_track", "warning" or "breached" (the scheduler's flags, or the
 * deadlines against the clock when the case is not suspended). Timestamps
 * are "" when absent; heap strings NULL. */
typedef struct worklist_item {
    char id[37];
    char reference[32];
    char category_id[37];
    char *category_name;
    char *description;
    char status[24];
    char priority[16];
    char *district;
    char officer_id[37];
    char created_at[32];
    char first_contact_due[32];
    char resolution_due[32];
    char first_contact_at[32];
    char sla_state[16];
    char suspended_since[32];
    char *suspension_reason;
} worklist_item;

void worklist_item_array_free(worklist_item *items, size_t n);

/* {id, reference, categoryId, categoryName, description, status, priority,
 * district, officerId, createdAt, firstContactDue, resolutionDue,
 * firstContactAt, sla {state}, suspension {reason, since}|null} (new
 * reference). */
json_t *worklist_item_to_json(const worklist_item *w);

#endif
