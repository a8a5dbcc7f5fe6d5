#include "approach/step_status.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const step_status_names[STEP_STATUS_COUNT] = {
    "planned",
    "active",
    "completed",
    "removed",
};

/* The transition table of a step: it starts (active) and is completed
 * after its checkpoint; a step done at once is completed from planned.
 * Completed and removed are final. */
static const kc_move step_transitions[] = {
    {STEP_STATUS_PLANNED, STEP_STATUS_ACTIVE},
    {STEP_STATUS_PLANNED, STEP_STATUS_COMPLETED},
    {STEP_STATUS_ACTIVE, STEP_STATUS_COMPLETED},
};

const kc_states step_lifecycle = {step_status_names, STEP_STATUS_COUNT, step_transitions,
                                  KC_NELEMS(step_transitions)};

int step_status_parse(const char *s, step_status *out)
{
    int st;

    if (kc_states_parse(&step_lifecycle, s, &st) != 0)
        return -1;
    *out = (step_status)st;
    return 0;
}

const char *step_status_name(step_status st)
{
    return kc_states_name(&step_lifecycle, (int)st);
}

int step_status_can_move(step_status from, step_status to)
{
    return kc_states_can_move(&step_lifecycle, (int)from, (int)to);
}

size_t step_status_allowed_from(step_status from, step_status *out, size_t max)
{
    int to[STEP_STATUS_COUNT];
    size_t n, i;

    n = kc_states_allowed_from(&step_lifecycle, (int)from, to, STEP_STATUS_COUNT);
    for (i = 0; i < n && i < max; i++)
        out[i] = (step_status)to[i];
    return n;
}

kc_status step_status_refuse(step_status from, step_status to, kc_problem *pb)
{
    return kc_states_refuse(&step_lifecycle, (int)from, (int)to, pb);
}
