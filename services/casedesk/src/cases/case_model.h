#ifndef KOERS_CASEDESK_CASE_MODEL_H
#define KOERS_CASEDESK_CASE_MODEL_H

#include <jansson.h>
#include "koers/json_text.h"
#include "cases/case_lifecycle.h"

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
    /* the Bureau: deadlines (moved by suspension), first contact, SLA flags */
    char first_contact_due[32];         /* "" = none */
    char resolution_due[32];            /* "" = none */
    char first_contact_at[32];          /* "" = not yet */
    char sla_warned_at[32];             /* "" = not warned */
    char sla_breached_at[32];           /* "" = not breached */
    char first_contact_breached_at[32]; /* "" = not breached */
    char suspended_since[32];           /* "" = not suspended */
    char *suspension_reason;            /* NULL = none */
    long long suspended_seconds;
    char status_since[32];
    char resolved_at[32]; /* "" = not resolved */
    char outcome[16];     /* "" = none */
    char *outcome_explanation;
    int reopen_count;
    char anonymised_at[32]; /* "" = not anonymised */
    /* the same instants as Unix seconds (0 = none), for computing */
    long long first_contact_due_s;
    long long resolution_due_s;
    long long suspended_since_s;
    /* the tenant's slaWarningHours (for sla.state) */
    int sla_warning_hours;
    /* the root cause named on resolution: a process (and step) of the
     * processes service; "" = none */
    char root_cause_process_id[37];
    char root_cause_step_id[37];
    /* the Open311 attribute values it was filed with (NULL = none) */
    json_t *open311_attributes;
} case_record;

/* The SLA state of a case at `now` (case_sla_state). */
typedef enum { CASE_SLA_ON_TRACK = 0, CASE_SLA_WARNING, CASE_SLA_BREACHED } case_sla;

/* A new case as filed, after validation (all borrowed). */
typedef struct case_new {
    const char *category_id;
    const char *description;
    const char *district; /* NULL = none */
    const json_t *location;
    const json_t *citizen;
    const char *channel;
    const char *priority;
    const json_t *open311_attributes; /* checked values of an Open311 filing; NULL = none */
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
    int is_public;        /* the citizen sees it on the tracking page */
} case_timeline_entry;

/* Time spent in one status so far (GET /cases/{id}/lead-times). */
typedef struct case_lead_time {
    case_status status;
    long long seconds;
} case_lead_time;

typedef struct case_lead_times {
    case_lead_time items[CASE_STATUS_COUNT]; /* lifecycle order, only statuses visited */
    size_t n;
    case_status current;
    char current_since[32];
} case_lead_times;

/* A note (internal) or a message (between the case and the citizen). */
typedef struct case_message {
    long long id;
    char kind[8]; /* "note" | "message" */
    char *author; /* "citizen", or the staff actor */
    char *body;
    char at[32];
} case_message;

void case_message_clear(case_message *m);
void case_message_array_free(case_message *items, size_t n);
/* Notes: {id, author, text, at}; messages: {id, direction ("to_citizen" |
 * "from_citizen"), author, text, at}. */
json_t *case_message_to_json(const case_message *m);

/* Releases what c holds (not c itself); NULL is fine. */
void case_record_clear(case_record *c);
/* Frees an array of n records from a list call; NULL is fine. */
void case_record_array_free(case_record *items, size_t n);
void case_timeline_array_free(case_timeline_entry *items, size_t n);

/* The SLA state at now: breached when a breach flag is set, or (open and
 * not suspended) a deadline has passed (first contact not made by
 * firstContactDue, or resolutionDue), or (resolved/closed) it was resolved
 * after resolutionDue; warning when open, not suspended, and sla_warned_at
 * is set or resolutionDue is less than slaWarningHours away; else on_track.
 * Pure. */
case_sla case_sla_state(const case_record *c, long long now);
const char *case_sla_name(case_sla s);

/* The API representation at time(NULL) (new reference, NULL on allocation
 * failure). */
json_t *case_to_json(const case_record *c);
/* The same representation written as text into t (koers/json_text.h), the
 * same bytes as case_to_json dumped (without the citizen unless
 * with_citizen, as case_service_hide_citizen leaves it): a single case's
 * answer without a tree. A failure is marked in t. */
void case_write_json(const case_record *c, int with_citizen, kc_json_text *t);
json_t *case_lead_times_to_json(const case_lead_times *lt);
json_t *case_timeline_entry_to_json(const case_timeline_entry *e);

/* Event data: ids, reference, category, district, status, officer; never
 * the citizen. New reference. */
json_t *case_event_data(const case_record *c);

/* The times and figures of a case's course that case.received,
 * case.resolved and case.closed add to their data (for the processes
 * service's citizens' figures): createdAt, resolvedAt, closedAt,
 * resolutionDue (RFC 3339 or null), slaBreached (case_sla_state at now),
 * reopenCount. Only instants, numbers and a boolean. New reference. */
json_t *case_event_course(const case_record *c);

/* The root cause as the API and events show it: {processId, stepId}
 * (stepId null when none), or JSON null. New reference. */
json_t *case_root_cause_json(const case_record *c);

#endif
