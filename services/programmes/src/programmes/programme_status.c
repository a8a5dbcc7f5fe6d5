#include "programmes/programme_status.h"

#include "koers/states.h"
#include "koers/status.h"

static const char *const programme_status_names[PROGRAMME_STATUS_COUNT] = {
    "draft",
    "running",
    "completed",
    "stopped",
};

/* The transition table, as data: one row per allowed move. A draft starts
 * or is stopped before it ran; a running programme completes or stops;
 * completed and stopped are final. */
static const kc_move programme_transitions[] = {
    {PROGRAMME_STATUS_DRAFT, PROGRAMME_STATUS_RUNNING},
    {PROGRAMME_STATUS_DRAFT, PROGRAMME_STATUS_STOPPED},
    {PROGRAMME_STATUS_RUNNING, PROGRAMME_STATUS_COMPLETED},
    {PROGRAMME_STATUS_RUNNING, PROGRAMME_STATUS_STOPPED},
};

const kc_states programme_lifecycle = {programme_status_names, PROGRAMME_STATUS_COUNT,
                                       programme_transitions, KC_NELEMS(programme_transitions)};

int programme_status_parse(const char *s, programme_status *out)
{
    int st;

    if (kc_states_parse(&programme_lifecycle, s, &st) != 0)
        return -1;
    *out = (programme_status)st;
    return 0;
}

const char *programme_status_name(programme_status st)
{
    return kc_states_name(&programme_lifecycle, (int)st);
}

int programme_status_can_move(programme_status from, programme_status to)
{
    return kc_states_can_move(&programme_lifecycle, (int)from, (int)to);
}

size_t programme_status_allowed_from(programme_status from, programme_status *out, size_t max)
{
    int to[PROGRAMME_STATUS_COUNT];
    size_t n, i;

    n = kc_states_allowed_from(&programme_lifecycle, (int)from, to, PROGRAMME_STATUS_COUNT);
    for (i = 0; i < n && i < max; i++)
        out[i] = (programme_status)to[i];
    return n;
}

kc_status programme_status_refuse(programme_status from, programme_status to, kc_problem *pb)
{
    return kc_states_refuse(&programme_lifecycle, (int)from, (int)to, pb);
}
