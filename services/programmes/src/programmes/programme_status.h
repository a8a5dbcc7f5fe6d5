#ifndef KOERS_PROGRAMMES_PROGRAMME_STATUS_H
#define KOERS_PROGRAMMES_PROGRAMME_STATUS_H

#include <stddef.h>
#include "koers/problem.h"
#include "koers/states.h"

/* The statuses of a programme: drafted (its approach and groups set up),
 * running, and then completed or stopped, both final. */
typedef enum {
    PROGRAMME_STATUS_DRAFT = 0,
    PROGRAMME_STATUS_RUNNING,
    PROGRAMME_STATUS_COMPLETED,
    PROGRAMME_STATUS_STOPPED,
    PROGRAMME_STATUS_COUNT
} programme_status;

/* Parses the API spelling ("running"). Returns 0, or -1 if unknown. */
int programme_status_parse(const char *s, programme_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *programme_status_name(programme_status st);

/* 1 if the transition table allows from -> to, else 0. */
int programme_status_can_move(programme_status from, programme_status to);

/* Writes the statuses reachable from `from` into out (at most max) and
 * returns how many there are. */
size_t programme_status_allowed_from(programme_status from, programme_status *out, size_t max);

/* The 409 of a move the table does not allow, naming the allowed ones
 * (allowedTransitions); returns KC_CONFLICT. */
kc_status programme_status_refuse(programme_status from, programme_status to, kc_problem *pb);

/* The status table of a programme, as data, for what runs on it (koers/status_move.h).
 * The functions above read it typed. */
extern const kc_states programme_lifecycle;

#endif
