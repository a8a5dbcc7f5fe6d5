#ifndef KOERS_STATES_H
#define KOERS_STATES_H

/* A state machine as data: the API names of its states (a state is its
 * index in names, so a service's enum counts from 0) and the moves it
 * allows, one row each. Services keep their own typed enum and wrap these
 * (case lifecycle, process status, ...); the table is the one place the
 * moves are written. */

#include <stddef.h>
#include "koers/problem.h"

typedef struct kc_move {
    int from;
    int to;
} kc_move;

typedef struct kc_states {
    const char *const *names;
    size_t nstates;
    const kc_move *moves;
    size_t nmoves;
} kc_states;

/* The state named s (0), or -1 when s is NULL or no state's name. */
int kc_states_parse(const kc_states *m, const char *s, int *out);

/* The name of state st (a static string); "unknown" if out of range. */
const char *kc_states_name(const kc_states *m, int st);

/* 1 if the table allows from -> to, else 0. */
int kc_states_can_move(const kc_states *m, int from, int to);

/* Writes the states reachable from `from` into out (at most max), in the
 * order of the states, and returns how many there are. */
size_t kc_states_allowed_from(const kc_states *m, int from, int *out, size_t max);

/* The answer to a move the table does not allow: KC_CONFLICT in pb with
 * the detail "cannot go from <from> to <to>; allowed: <a, b | none>" and
 * the allowed states' names as the extra member "allowedTransitions". */
kc_status kc_states_refuse(const kc_states *m, int from, int to, kc_problem *pb);

#endif
