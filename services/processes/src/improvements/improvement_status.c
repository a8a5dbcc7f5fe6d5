#include "improvements/improvement_status.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const improvement_status_names[IMPROVEMENT_STATUS_COUNT] = {
    "proposed", "planned", "in_progress", "done", "dropped",
};

/* The transition table of the README, as data: forward one step at a
 * time; every status before done may be dropped; a dropped improvement may
 * be taken up again (proposed). done is final: its bottlenecks may have
 * been solved by it, and a new need is a new improvement. */
static const kc_move improvement_transitions[] = {
    {IMPROVEMENT_STATUS_PROPOSED, IMPROVEMENT_STATUS_PLANNED},
    {IMPROVEMENT_STATUS_PROPOSED, IMPROVEMENT_STATUS_DROPPED},
    {IMPROVEMENT_STATUS_PLANNED, IMPROVEMENT_STATUS_IN_PROGRESS},
    {IMPROVEMENT_STATUS_PLANNED, IMPROVEMENT_STATUS_DROPPED},
    {IMPROVEMENT_STATUS_IN_PROGRESS, IMPROVEMENT_STATUS_DONE},
    {IMPROVEMENT_STATUS_IN_PROGRESS, IMPROVEMENT_STATUS_DROPPED},
    {IMPROVEMENT_STATUS_DROPPED, IMPROVEMENT_STATUS_PROPOSED},
};

const kc_states improvement_lifecycle = {improvement_status_names, IMPROVEMENT_STATUS_COUNT,
                                         improvement_transitions,
                                         KC_NELEMS(improvement_transitions)};

int improvement_status_parse(const char *s, improvement_status *out)
{
    int st;

    if (kc_states_parse(&improvement_lifecycle, s, &st) != 0)
        return -1;
    *out = (improvement_status)st;
    return 0;
}

const char *improvement_status_name(improvement_status st)
{
    return kc_states_name(&improvement_lifecycle, (int)st);
}

int improvement_status_can_move(improvement_status from, improvement_status to)
{
    return kc_states_can_move(&improvement_lifecycle, (int)from, (int)to);
}

size_t improvement_status_allowed_from(improvement_status from, improvement_status *out, size_t max)
{
    int to[IMPROVEMENT_STATUS_COUNT];
    size_t n, i;

    n = kc_states_allowed_from(&improvement_lifecycle, (int)from, to, IMPROVEMENT_STATUS_COUNT);
    for (i = 0; i < n && i < max; i++)
        out[i] = (improvement_status)to[i];
    return n;
}

kc_status improvement_status_refuse(improvement_status from, improvement_status to, kc_problem *pb)
{
    return kc_states_refuse(&improvement_lifecycle, (int)from, (int)to, pb);
}
