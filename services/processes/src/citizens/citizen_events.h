#ifndef KOERS_PROCESSES_CITIZEN_EVENTS_H
#define KOERS_PROCESSES_CITIZEN_EVENTS_H

#include <jansson.h>

/* What one casedesk event tells about a citizen's case (pure: no
 * database). The facts kept are ids, instants, numbers and booleans: the
 * events carry no personal data and nothing else is read from them. */

/* The change of one case's facts. Strings are borrowed from the event. */
typedef struct citizen_fact {
    const char *case_id;     /* the event's subject or data.caseId */
    const char *category_id; /* data.categoryId */
    const char *received_at; /* NULL = keep */
    int set_resolved;        /* 1: store resolved_at (NULL clears) */
    const char *resolved_at;
    int set_closed; /* 1: store closed_at (NULL clears) */
    const char *closed_at;
    const char *resolution_due; /* NULL = keep */
    int breached;               /* 1: the case missed a deadline (never unset) */
    int reopen_count;           /* -1 = keep; else at least this */
    int rating;                 /* 0 = no feedback in this event; else 1..5 */
    int equal_party;            /* with rating */
    int feedback_round;         /* with rating */
    int has_root_cause;         /* case.resolved naming a root cause */
    const char *root_process_id;
    const char *root_step_id; /* NULL = the process as a whole */
} citizen_fact;

typedef enum {
    CITIZEN_EVENT_IGNORED = 0, /* not about a case's facts (e.g. case.assigned) */
    CITIZEN_EVENT_FACT,        /* *out holds the change */
    CITIZEN_EVENT_MALFORMED    /* a case event without a usable case or category id */
} citizen_event_kind;

/* Maps event `type` (subject, data) onto *out:
 *   case.received          category, received_at (createdAt)
 *   case.resolved          resolved_at, resolution_due, closed_at cleared,
 *                          breached (slaBreached), reopen_count, root cause
 *   case.closed            closed_at (closedAt), received_at, resolved_at,
 *                          breached, reopen_count
 *   case.reopened          resolved_at and closed_at cleared, reopen_count
 *   case.sla.breached      breached
 *   case.feedback.received rating (satisfaction 1..5), equal_party, round
 * Every one of them also sets the category. When an event of a casedesk
 * before 1.3.0 lacks createdAt (case.received) or closedAt (case.closed),
 * published_at (the event's publication, RFC 3339) stands in. Other types
 * are IGNORED; a malformed member (a bad instant, a rating out of range, a
 * bad root cause) is left out rather than failing the event. */
citizen_event_kind citizen_event_map(const char *type, const char *subject, const json_t *data,
                                     const char *published_at, citizen_fact *out);

/* The days a case was resolved past its resolution deadline, to two
 * decimals: (resolved_at - resolution_due) / 86400 when breached and
 * resolved after the deadline; 0 otherwise or when an instant is missing
 * or unreadable (RFC 3339 in UTC, "Z", as the casedesk writes them). */
double citizen_days_over(const char *resolved_at, const char *resolution_due, int breached);

/* An RFC 3339 UTC instant ("YYYY-MM-DDTHH:MM:SS[.fff]Z") as Unix seconds
 * into *out; -1 when it is not one. */
int citizen_parse_instant(const char *s, long long *out);

#endif
