#include "actions/action_status.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const action_status_names[ACTION_STATUS_COUNT] = {
    "planned",
    "in_progress",
    "done",
    "cancelled",
};

/* Forward one step at a time; an action not yet done may be cancelled. */
static const kc_move action_transitions[] = {
    {ACTION_STATUS_PLANNED, ACTION_STATUS_IN_PROGRESS},
    {ACTION_STATUS_PLANNED, ACTION_STATUS_CANCELLED},
    {ACTION_STATUS_IN_PROGRESS, ACTION_STATUS_DONE},
    {ACTION_STATUS_IN_PROGRESS, ACTION_STATUS_CANCELLED},
};

const kc_states action_lifecycle = {action_status_names, ACTION_STATUS_COUNT, action_transitions,
                                    KC_NELEMS(action_transitions)};

int action_status_parse(const char *s, action_status *out)
{
    int st;

    if (kc_states_parse(&action_lifecycle, s, &st) != 0)
        return -1;
    *out = (action_status)st;
    return 0;
}

const char *action_status_name(action_status st)
{
    return kc_states_name(&action_lifecycle, (int)st);
}

int action_status_can_move(action_status from, action_status to)
{
    return kc_states_can_move(&action_lifecycle, (int)from, (int)to);
}

size_t action_status_allowed_from(action_status from, action_status *out, size_t max)
{
    int to[ACTION_STATUS_COUNT];
    size_t n, i;

    n = kc_states_allowed_from(&action_lifecycle, (int)from, to, ACTION_STATUS_COUNT);
    for (i = 0; i < n && i < max; i++)
        out[i] = (action_status)to[i];
    return n;
}

kc_status action_status_refuse(action_status from, action_status to, kc_problem *pb)
{
    return kc_states_refuse(&action_lifecycle, (int)from, (int)to, pb);
}
