#ifndef KOERS_PROGRAMMES_BUILDING_BLOCK_STATUS_H
#define KOERS_PROGRAMMES_BUILDING_BLOCK_STATUS_H

#include <stddef.h>
#include "koers/problem.h"

/* The statuses of a building block (ontwikkelpunt): open until its
 * working group takes it up, in progress while the group works it out
 * into improvement proposals, done, or dropped (no longer needed; a new
 * need is a new building block). done and dropped are final. */
typedef enum {
    BUILDING_BLOCK_OPEN = 0,
    BUILDING_BLOCK_IN_PROGRESS,
    BUILDING_BLOCK_DONE,
    BUILDING_BLOCK_DROPPED,
    BUILDING_BLOCK_STATUS_COUNT
} building_block_status;

/* Parses the API spelling ("in_progress"). Returns 0, or -1 if unknown. */
int building_block_status_parse(const char *s, building_block_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *building_block_status_name(building_block_status st);

/* 1 if the transition table allows from -> to, else 0. */
int building_block_status_can_move(building_block_status from, building_block_status to);

/* The 409 of a move the table does not allow, naming the allowed ones
 * (allowedTransitions); returns KC_CONFLICT. */
kc_status building_block_status_refuse(building_block_status from, building_block_status to,
                                       kc_problem *pb);

#endif
