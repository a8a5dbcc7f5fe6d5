#ifndef KOERS_PROGRAMMES_ACTION_STATUS_H
#define KOERS_PROGRAMMES_ACTION_STATUS_H

#include <stddef.h>
#include "koers/problem.h"
#include "koers/states.h"

/* The statuses of an action (what an approved proposal becomes): planned,
 * in progress, done; cancelled before it is done. done and cancelled are
 * final. */
typedef enum {
    ACTION_STATUS_PLANNED = 0,
    ACTION_STATUS_IN_PROGRESS,
    ACTION_STATUS_DONE,
    ACTION_STATUS_CANCELLED,
    ACTION_STATUS_COUNT
} action_status;

/* Parses the API spelling ("in_progress"). Returns 0, or -1 if unknown. */
int action_status_parse(const char *s, action_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *action_status_name(action_status st);

/* 1 if the transition table allows from -> to, else 0. */
int action_status_can_move(action_status from, action_status to);

/* Writes the statuses reachable from `from` into out (at most max), in
 * the order of the statuses, and returns how many there are. */
size_t action_status_allowed_from(action_status from, action_status *out, size_t max);

/* The 409 of a move the table does not allow, naming the allowed ones
 * (allowedTransitions); returns KC_CONFLICT. */
kc_status action_status_refuse(action_status from, action_status to, kc_problem *pb);

/* The status table of an action, as data, for what runs on it (koers/status_move.h).
 * The functions above read it typed. */
extern const kc_states action_lifecycle;

#endif
