#ifndef KOERS_PROGRAMMES_APPROACH_SHAPE_H
#define KOERS_PROGRAMMES_APPROACH_SHAPE_H

#include <jansson.h>
#include "koers/problem.h"

/* The shape of an approach as a client sends it (a template's phases, or a
 * programme's own): phases in order, each with its steps in order. */

#define APPROACH_MAX_PHASES 20
#define APPROACH_MAX_STEPS  30

/* The step kinds (steps.kind), NULL-terminated. */
extern const char *const approach_step_kinds[];

/* Checks phases, the member `name` of a request: an array of 1..20 phases
 * {name, description?, steps}, steps an array of 1..30 steps {name,
 * description?, kind?} and, with with_dates, also {startsOn?, dueOn?}
 * (dates or null; dueOn not before startsOn). Every fault is added to pb
 * named by its path ("phases[1].steps[0].kind"), unknown members too.
 * KC_OK, or KC_INVALID. */
kc_status approach_shape_check(const json_t *phases, const char *name, int with_dates,
                               kc_problem *pb) KC_MUST_CHECK;

/* A copy of phases (checked by approach_shape_check) with the optional
 * members filled in, as it is stored and shown: description "", kind
 * "work" and, with with_dates, startsOn and dueOn null. A new reference
 * (the caller's); NULL when out of memory. */
json_t *approach_shape_normalise(const json_t *phases, int with_dates);

#endif
