#ifndef KOERS_PROGRAMMES_PROPOSAL_STATUS_H
#define KOERS_PROGRAMMES_PROPOSAL_STATUS_H

#include <stddef.h>
#include "koers/problem.h"
#include "koers/states.h"

/* The statuses of an improvement proposal (verbeterpunt): a working
 * group's draft, submitted to the project group, which approves, rejects
 * or returns it for changes (a returned one is submitted again); a draft,
 * submitted or returned proposal may also end as split (into new ones) or
 * merged (with others into a new one). approved, rejected, split and
 * merged are final. */
typedef enum {
    PROPOSAL_STATUS_DRAFT = 0,
    PROPOSAL_STATUS_SUBMITTED,
    PROPOSAL_STATUS_APPROVED,
    PROPOSAL_STATUS_REJECTED,
    PROPOSAL_STATUS_RETURNED,
    PROPOSAL_STATUS_SPLIT,
    PROPOSAL_STATUS_MERGED,
    PROPOSAL_STATUS_COUNT
} proposal_status;

/* Parses the API spelling ("submitted"). Returns 0, or -1 if unknown. */
int proposal_status_parse(const char *s, proposal_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *proposal_status_name(proposal_status st);

/* 1 if the transition table allows from -> to, else 0. */
int proposal_status_can_move(proposal_status from, proposal_status to);

/* 1 while a proposal may still be changed by its working group (PATCH):
 * draft or returned. */
int proposal_status_editable(proposal_status st);

/* Writes the statuses reachable from `from` into out (at most max), in
 * the order of the statuses, and returns how many there are. */
size_t proposal_status_allowed_from(proposal_status from, proposal_status *out, size_t max);

/* The 409 of a move the table does not allow, naming the allowed ones
 * (allowedTransitions); returns KC_CONFLICT. */
kc_status proposal_status_refuse(proposal_status from, proposal_status to, kc_problem *pb);

/* The status table of a proposal, as data, for what runs on it (koers/status_move.h).
 * The functions above read it typed. */
extern const kc_states proposal_lifecycle;

#endif
