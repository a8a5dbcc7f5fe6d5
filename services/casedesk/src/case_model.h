#ifndef KOERS_CASEDESK_CASE_MODEL_H
#define KOERS_CASEDESK_CASE_MODEL_H

#include <jansson.h>
#include "case_lifecycle.h"

/* A citizen's case as stored. Strings that may be absent are NULL (heap)
 * or "" (fixed buffers). citizen holds personal data: never log it and
 * never put it in an event. */
typedef struct case_record {
    char id[37];
    char reference[32];
    char category_id[37];
    char *description;
    char *district;   /* NULL = none */
    json_t *location; /* NULL = none */
    json_t *citizen;
    char channel[16];
    char priority[16];
    case_status status;
    char officer_id[37]; /* "" = unassigned */
    int version;
    char created_at[32];
    char updated_at[32];
    char closed_at[32]; /* "" = open */
} case_record;

/* A new case as filed, after validation (all borrowed). */
typedef struct case_new {
    const char *category_id;
    const char *description;
    const char *district; /* NULL = none */
    const json_t *location;
    const json_t *citizen;
    const char *channel;
    const char *priority;
} case_new;

/* One entry of a case's timeline. */
typedef struct case_timeline_entry {
    long long id;
    char at[32];
    char *actor;
    char action[24];
    char from_status[24]; /* "" = none */
    char to_status[24];   /* "" = none */
    json_t *detail;       /* NULL = none */
} case_timeline_entry;

/* Releases what c holds (not c itself); NULL is fine. */
void case_record_clear(case_record *c);
/* Frees an array of n records from a list call; NULL is fine. */
void case_record_array_free(case_record *items, size_t n);
void case_timeline_array_free(case_timeline_entry *items, size_t n);

/* The API representation (new reference, NULL on allocation failure). */
json_t *case_to_json(const case_record *c);
json_t *case_timeline_entry_to_json(const case_timeline_entry *e);

/* Event data: ids, reference, category, district, status, officer; never
 * the citizen. New reference. */
json_t *case_event_data(const case_record *c);

#endif
