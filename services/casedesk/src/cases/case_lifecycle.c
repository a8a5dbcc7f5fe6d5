#include "cases/case_lifecycle.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const case_status_names[CASE_STATUS_COUNT] = {
    "received", "assigned", "in_progress", "waiting", "solution_proposed", "resolved", "closed",
};

/* The transition table of the README, as data: one row per allowed move. */
static const kc_move case_transitions[] = {
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

static const kc_states case_lifecycle = {case_status_names, CASE_STATUS_COUNT, case_transitions,
                                         KC_NELEMS(case_transitions)};

int case_status_parse(const char *s, case_status *out)
{
    int st;

    if (kc_states_parse(&case_lifecycle, s, &st) != 0)
        return -1;
    *out = (case_status)st;
    return 0;
}

const char *case_status_name(case_status st)
{
    return kc_states_name(&case_lifecycle, (int)st);
}

int case_lifecycle_can_transition(case_status from, case_status to)
{
    return kc_states_can_move(&case_lifecycle, (int)from, (int)to);
}

size_t case_lifecycle_allowed_from(case_status from, case_status *out, size_t max)
{
    int to[CASE_STATUS_COUNT];
    size_t n, i;

    n = kc_states_allowed_from(&case_lifecycle, (int)from, to, CASE_STATUS_COUNT);
    for (i = 0; i < n && i < max; i++)
        out[i] = (case_status)to[i];
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
