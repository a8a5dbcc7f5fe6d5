#ifndef KOERS_PROCESSES_BOTTLENECK_STATUS_H
#define KOERS_PROCESSES_BOTTLENECK_STATUS_H

#include <stddef.h>
#include "koers/states.h"

/* The statuses of a bottleneck (sql/004_backlog.sql): proposed (put
 * forward from citizens' cases, not yet taken up), open (on the backlog),
 * solved (all its improvements done), dismissed (the core team decided
 * not to act on it). */
typedef enum {
    BOTTLENECK_PROPOSED = 0,
    BOTTLENECK_OPEN,
    BOTTLENECK_SOLVED,
    BOTTLENECK_DISMISSED,
    BOTTLENECK_STATUS_COUNT
} bottleneck_status;

/* The core team's decisions on a bottleneck, each one move of the status
 * table: take_up proposed -> open; dismiss proposed | open -> dismissed;
 * reopen dismissed | solved -> open. (open -> solved is in the table too,
 * but it is no decision: completing the improvements makes it.) */
typedef enum {
    BOTTLENECK_TAKE_UP = 0,
    BOTTLENECK_DISMISS,
    BOTTLENECK_REOPEN,
    BOTTLENECK_DECISION_COUNT
} bottleneck_decision;

/* Parses the API spelling ("open"). 0, or -1 if unknown. */
int bottleneck_status_parse(const char *s, bottleneck_status *out);
/* The API spelling of st (a static string); "unknown" if out of range. */
const char *bottleneck_status_name(bottleneck_status st);

/* Parses the API spelling ("take_up"). 0, or -1 if unknown. */
int bottleneck_decision_parse(const char *s, bottleneck_decision *out);
const char *bottleneck_decision_name(bottleneck_decision d);

/* The status decision d leads to from `from`: 0 and *to when the table
 * allows it, -1 when d is not a move from `from`. */
int bottleneck_decide(bottleneck_status from, bottleneck_decision d, bottleneck_status *to);

/* Writes the decisions allowed from `from` into out (at most max), in the
 * order take_up, dismiss, reopen, and returns how many there are. */
size_t bottleneck_decisions_allowed(bottleneck_status from, bottleneck_decision *out, size_t max);

/* The status table of a bottleneck, as data, for what runs on it (koers/status_move.h).
 * The functions above read it typed. */
extern const kc_states bottleneck_lifecycle;

#endif
