#ifndef KOERS_PROCESSES_PROCESS_STATUS_H
#define KOERS_PROCESSES_PROCESS_STATUS_H

#include <stddef.h>
#include "koers/problem.h"
#include "koers/states.h"

/* The statuses of a process, in the order of the method (seed 002): the
 * board selects it, a core team analyses it (flow and bottlenecks),
 * improvements are carried out, then its performance is monitored; a
 * process no longer worked on is archived. */
typedef enum {
    PROCESS_STATUS_SELECTED = 0,
    PROCESS_STATUS_ANALYSING,
    PROCESS_STATUS_IMPROVING,
    PROCESS_STATUS_MONITORING,
    PROCESS_STATUS_ARCHIVED,
    PROCESS_STATUS_COUNT
} process_status;

/* Parses the API spelling ("analysing"). Returns 0, or -1 if unknown. */
int process_status_parse(const char *s, process_status *out);

/* The API spelling of st (a static string); "unknown" if out of range. */
const char *process_status_name(process_status st);

/* 1 if the transition table allows from -> to, else 0. */
int process_status_can_move(process_status from, process_status to);

/* Writes the statuses reachable from `from` into out (at most max), in
 * the order of the method, and returns how many there are. */
size_t process_status_allowed_from(process_status from, process_status *out, size_t max);

/* The 409 of a move the table does not allow, naming the allowed ones
 * (allowedTransitions); returns KC_CONFLICT. */
kc_status process_status_refuse(process_status from, process_status to, kc_problem *pb);

/* The status table of a process, as data, for what runs on it (koers/status_move.h).
 * The functions above read it typed. */
extern const kc_states process_lifecycle;

#endif
