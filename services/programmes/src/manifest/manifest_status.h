#ifndef KOERS_PROGRAMMES_MANIFEST_STATUS_H
#define KOERS_PROGRAMMES_MANIFEST_STATUS_H

#include <stddef.h>
#include "koers/problem.h"
#include "koers/states.h"

/* The statuses of a manifest: a draft goes into consultation and is
 * adopted; an adopted manifest is superseded when a later one of the
 * programme is adopted. superseded is final; an adopted manifest never
 * changes otherwise. */
typedef enum {
    MANIFEST_STATUS_DRAFT = 0,
    MANIFEST_STATUS_CONSULTATION,
    MANIFEST_STATUS_ADOPTED,
    MANIFEST_STATUS_SUPERSEDED,
    MANIFEST_STATUS_COUNT
} manifest_status;

/* Parses the API spelling ("consultation"). Returns 0, or -1 if unknown. */
int manifest_status_parse(const char *s, manifest_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *manifest_status_name(manifest_status st);

/* 1 if the transition table allows from -> to, else 0. */
int manifest_status_can_move(manifest_status from, manifest_status to);

/* Writes the statuses reachable from `from` into out (at most max), in
 * the order of the statuses, and returns how many there are. */
size_t manifest_status_allowed_from(manifest_status from, manifest_status *out, size_t max);

/* The 409 of a move the table does not allow, naming the allowed ones
 * (allowedTransitions); returns KC_CONFLICT. */
kc_status manifest_status_refuse(manifest_status from, manifest_status to, kc_problem *pb);

/* The status table of a manifest, as data, for what runs on it (koers/status_move.h).
 * The functions above read it typed. */
extern const kc_states manifest_lifecycle;

#endif
