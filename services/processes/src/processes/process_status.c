#include "processes/process_status.h"

#include <string.h>
#include "koers/status.h"

static const char *const process_status_names[PROCESS_STATUS_COUNT] = {
    "selected", "analysing", "improving", "monitoring", "archived",
};

/* The transition table of the README, as data: one row per allowed move.
 * Forward one step at a time; monitoring may go back to improving (a KPI
 * off target asks for a new round); every status but archived may be
 * archived; an archived process may be taken up again (selected). */
static const struct {
    process_status from;
    process_status to;
} process_transitions[] = {
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

int process_status_parse(const char *s, process_status *out)
{
    size_t i;

    if (s == NULL)
        return -1;
    for (i = 0; i < PROCESS_STATUS_COUNT; i++) {
        if (strcmp(s, process_status_names[i]) == 0) {
            *out = (process_status)i;
            return 0;
        }
    }
    return -1;
}

const char *process_status_name(process_status st)
{
    if ((int)st < 0 || st >= PROCESS_STATUS_COUNT)
        return "unknown";
    return process_status_names[st];
}

int process_status_can_move(process_status from, process_status to)
{
    size_t i;

    for (i = 0; i < KC_NELEMS(process_transitions); i++) {
        if (process_transitions[i].from == from && process_transitions[i].to == to)
            return 1;
    }
    return 0;
}

size_t process_status_allowed_from(process_status from, process_status *out, size_t max)
{
    size_t n = 0;
    int to;

    for (to = 0; to < PROCESS_STATUS_COUNT; to++) {
        if (!process_status_can_move(from, (process_status)to))
            continue;
        if (n < max)
            out[n] = (process_status)to;
        n++;
    }
    return n;
}
