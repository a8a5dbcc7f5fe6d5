#ifndef KOERS_PROCESSES_IMPROVEMENT_STATUS_H
#define KOERS_PROCESSES_IMPROVEMENT_STATUS_H

#include <stddef.h>
#include "koers/problem.h"
#include "koers/states.h"

/* The statuses of an improvement (verbeterpunt): proposed by the core
 * team, planned (an owner and a due date), in progress, done (final: the
 * result is there; a new need is a new improvement), or dropped with a
 * reason (which may be taken up again: back to proposed). */
typedef enum {
    IMPROVEMENT_STATUS_PROPOSED = 0,
    IMPROVEMENT_STATUS_PLANNED,
    IMPROVEMENT_STATUS_IN_PROGRESS,
    IMPROVEMENT_STATUS_DONE,
    IMPROVEMENT_STATUS_DROPPED,
    IMPROVEMENT_STATUS_COUNT
} improvement_status;

/* Parses the API spelling ("in_progress"). Returns 0, or -1 if unknown. */
int improvement_status_parse(const char *s, improvement_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *improvement_status_name(improvement_status st);

/* 1 if the transition table allows from -> to, else 0. */
int improvement_status_can_move(improvement_status from, improvement_status to);

/* Writes the statuses reachable from `from` into out (at most max), in
 * the order of the statuses, and returns how many there are. */
size_t improvement_status_allowed_from(improvement_status from, improvement_status *out,
                                       size_t max);

/* The 409 of a move the table does not allow, naming the allowed ones
 * (allowedTransitions); returns KC_CONFLICT. */
kc_status improvement_status_refuse(improvement_status from, improvement_status to, kc_problem *pb);

/* The status table of an improvement, as data, for what runs on it (koers/status_move.h).
 * The functions above read it typed. */
extern const kc_states improvement_lifecycle;

#endif
