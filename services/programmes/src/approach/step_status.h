#ifndef KOERS_PROGRAMMES_STEP_STATUS_H
#define KOERS_PROGRAMMES_STEP_STATUS_H

#include <stddef.h>
#include "koers/problem.h"
#include "koers/states.h"

/* The statuses of a step of a programme's approach: planned, active (under
 * way), completed (after its checkpoint), or removed by a checkpoint (it
 * stays, without a position, for what refers to it). */
typedef enum {
    STEP_STATUS_PLANNED = 0,
    STEP_STATUS_ACTIVE,
    STEP_STATUS_COMPLETED,
    STEP_STATUS_REMOVED,
    STEP_STATUS_COUNT
} step_status;

/* Parses the API spelling ("active"). Returns 0, or -1 if unknown. */
int step_status_parse(const char *s, step_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *step_status_name(step_status st);

/* 1 if a step transition may move from -> to, else 0. Removing a step is
 * not a transition (only a checkpoint removes one). */
int step_status_can_move(step_status from, step_status to);

/* Writes the statuses reachable from `from` into out (at most max) and
 * returns how many there are. */
size_t step_status_allowed_from(step_status from, step_status *out, size_t max);

/* The 409 of a move the table does not allow, naming the allowed ones
 * (allowedTransitions); returns KC_CONFLICT. */
kc_status step_status_refuse(step_status from, step_status to, kc_problem *pb);

/* The status table of a step, as data, for what runs on it (koers/status_move.h).
 * The functions above read it typed. */
extern const kc_states step_lifecycle;

#endif
