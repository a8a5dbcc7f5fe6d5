#include "cases/case_lifecycle.h"

#include <string.h>
#include "koers/status.h"

static const char *const case_status_names[CASE_STATUS_COUNT] = {
    "received", "assigned", "in_progress", "waiting", "solution_proposed", "resolved", "closed",
};

/* The transition table of the README, as data: one row per allowed move. */
static const struct {
    case_status from;
    case_status to;
} case_transitions[] = {
    {CASE_STATUS_RECEIVED, CASE_STATUS_ASSIGNED},
    {CASE_STATUS_ASSIGNED, CASE_STATUS_IN_PROGRESS},
    {CASE_STATUS_IN_PROGRESS, CASE_STATUS_WAITING},
    {CASE_STATUS_IN_PROGRESS, CASE_STATUS_SOLUTION_PROPOSED},
    {CASE_STATUS_IN_PROGRESS, CASE_STATUS_RESOLVED},
    {CASE_STATUS_WAITING, CASE_STATUS_IN_PROGRESS},
    {CASE_STATUS_SOLUTION_PROPOSED, CASE_STATUS_IN_PROGRESS},
    {CASE_STATUS_SOLUTION_PROPOSED, CASE_STATUS_RESOLVED},
    {CASE_STATUS_RESOLVED, CASE_STATUS_CLOSED},
    {CASE_STATUS_RESOLVED, CASE_STATUS_IN_PROGRESS},
    {CASE_STATUS_CLOSED, CASE_STATUS_IN_PROGRESS},
};

int case_status_parse(const char *s, case_status *out)
{
    size_t i;

    if (s == NULL)
        return -1;
    for (i = 0; i < CASE_STATUS_COUNT; i++) {
        if (strcmp(s, case_status_names[i]) == 0) {
            *out = (case_status)i;
            return 0;
        }
    }
    return -1;
}

const char *case_status_name(case_status st)
{
    if ((int)st < 0 || st >= CASE_STATUS_COUNT)
        return "unknown";
    return case_status_names[st];
}

int case_lifecycle_can_transition(case_status from, case_status to)
{
    size_t i;

    for (i = 0; i < KC_NELEMS(case_transitions); i++) {
        if (case_transitions[i].from == from && case_transitions[i].to == to)
            return 1;
    }
    return 0;
}

size_t case_lifecycle_allowed_from(case_status from, case_status *out, size_t max)
{
    size_t n = 0;
    int to;

    for (to = 0; to < CASE_STATUS_COUNT; to++) {
        if (!case_lifecycle_can_transition(from, (case_status)to))
            continue;
        if (n < max)
            out[n] = (case_status)to;
        n++;
    }
    return n;
}

int case_lifecycle_is_reopen(case_status from, case_status to)
{
    return (from == CASE_STATUS_RESOLVED || from == CASE_STATUS_CLOSED) &&
           to == CASE_STATUS_IN_PROGRESS;
}

int case_status_is_open(case_status st)
{
    return st != CASE_STATUS_RESOLVED && st != CASE_STATUS_CLOSED;
}
