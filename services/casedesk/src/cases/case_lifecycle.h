#ifndef KOERS_CASEDESK_CASE_LIFECYCLE_H
#define KOERS_CASEDESK_CASE_LIFECYCLE_H

#include <stddef.h>

/* The statuses of a case, in lifecycle order. */
typedef enum {
    CASE_STATUS_RECEIVED = 0,
    CASE_STATUS_ASSIGNED,
    CASE_STATUS_IN_PROGRESS,
    CASE_STATUS_WAITING,
    CASE_STATUS_SOLUTION_PROPOSED,
    CASE_STATUS_RESOLVED,
    CASE_STATUS_CLOSED,
    CASE_STATUS_COUNT
} case_status;

/* Parses the API spelling ("in_progress"). Returns 0, or -1 if unknown. */
int case_status_parse(const char *s, case_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *case_status_name(case_status st);

/* 1 if the lifecycle table allows from -> to, else 0. */
int case_lifecycle_can_transition(case_status from, case_status to);

/* Writes the statuses reachable from `from` into out (at most max), in
 * lifecycle order, and returns how many there are. */
size_t case_lifecycle_allowed_from(case_status from, case_status *out, size_t max);

/* 1 if from -> to reopens a finished case (resolved/closed -> in_progress). */
int case_lifecycle_is_reopen(case_status from, case_status to);

/* 1 for statuses that count as open load for an officer. */
int case_status_is_open(case_status st);

#endif
