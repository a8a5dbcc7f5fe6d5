#ifndef KOERS_PROGRAMMES_PROPOSAL_RULES_H
#define KOERS_PROGRAMMES_PROPOSAL_RULES_H

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"

/* The rules of decisions, splits and merges that need no database: what
 * a request must hold, and whether the proposals it names may take part.
 * Pure functions (unit-tested on their own). */

/* How many parts a split makes, how many proposals a merge takes. */
#define PROPOSAL_SPLIT_MIN 2
#define PROPOSAL_SPLIT_MAX 10
#define PROPOSAL_MERGE_MIN 2
#define PROPOSAL_MERGE_MAX 10

/* A proposal as a split, merge or decision needs it (read locked by the
 * repository). */
typedef struct proposal_brief {
    char id[37];
    char programme_id[37];
    char building_block_id[37];
    char working_group_id[37];
    char status[16];
    char title[804]; /* up to 200 characters of UTF-8 */
    int version;
    int derived; /* made by a split or a merge (derived_from not empty) */
} proposal_brief;

/* A decision's request, after its members were validated one by one:
 * outcome is approved, rejected or returned; reason (NULL or "": none) is
 * required for rejected and returned (KC_INVALID naming reason); an action
 * (has_action) only goes with approved (KC_INVALID naming action). */
kc_status proposal_rules_decision(const char *outcome, const char *reason, int has_action,
                                  kc_problem *pb) KC_MUST_CHECK;

/* A merge's proposals: ids (a JSON array of uuids, validated as such) must
 * name each proposal once (KC_INVALID naming proposalIds[i] of a repeat);
 * found (n of them, in any order) are the tenant's proposals among them:
 * an id not found is KC_INVALID naming proposalIds[i]; they must be of one
 * programme (KC_INVALID naming proposalIds[i] of another); the building
 * block must be one of theirs (KC_INVALID naming buildingBlockId); each
 * must be draft, submitted or returned (KC_CONFLICT through the status
 * table, naming the first that is not). */
kc_status proposal_rules_merge(const json_t *ids, const proposal_brief *found, size_t n,
                               const char *building_block_id, kc_problem *pb) KC_MUST_CHECK;

#endif
