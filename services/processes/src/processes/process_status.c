#include "processes/process_status.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const process_status_names[PROCESS_STATUS_COUNT] = {
    "selected", "analysing", "improving", "monitoring", "archived",
};

/* The transition table of the README, as data: one row per allowed move.
 * Forward one step at a time; monitoring may go back to improving (a KPI
 * off target asks for a new round); every status but archived may be
 * archived; an archived process may be taken up again (selected). */
static const kc_move process_transitions[] = {
    {PROCESS_STATUS_SELECTED, PROCESS_STATUS_ANALYSING},
    {PROCESS_STATUS_SELECTED, PROCESS_STATUS_ARCHIVED},
    {PROCESS_STATUS_ANALYSING, PROCESS_STATUS_IMPROVING},
    {PROCESS_STATUS_ANALYSING, PROCESS_STATUS_ARCHIVED},
    {PROCESS_STATUS_IMPROVING, PROCESS_STATUS_MONITORING},
    {PROCESS_STATUS_IMPROVING, PROCESS_STATUS_ARCHIVED},
    {PROCESS_STATUS_MONITORING, PROCESS_STATUS_IMPROVING},
    {PROCESS_STATUS_MONITORING, PROCESS_STATUS_ARCHIVED},
    {PROCESS_STATUS_ARCHIVED, PROCESS_STATUS_SELECTED},
};

const kc_states process_lifecycle = {process_status_names, PROCESS_STATUS_COUNT,
                                     process_transitions, KC_NELEMS(process_transitions)};

int process_status_parse(const char *s, process_status *out)
{
    int st;

    if (kc_states_parse(&process_lifecycle, s, &st) != 0)
        return -1;
    *out = (process_status)st;
    return 0;
}

const char *process_status_name(process_status st)
{
    return kc_states_name(&process_lifecycle, (int)st);
}

int process_status_can_move(process_status from, process_status to)
{
    return kc_states_can_move(&process_lifecycle, (int)from, (int)to);
}

size_t process_status_allowed_from(process_status from, process_status *out, size_t max)
{
    int to[PROCESS_STATUS_COUNT];
    size_t n, i;

    n = kc_states_allowed_from(&process_lifecycle, (int)from, to, PROCESS_STATUS_COUNT);
    for (i = 0; i < n && i < max; i++)
        out[i] = (process_status)to[i];
    return n;
}

kc_status process_status_refuse(process_status from, process_status to, kc_problem *pb)
{
    return kc_states_refuse(&process_lifecycle, (int)from, (int)to, pb);
}
