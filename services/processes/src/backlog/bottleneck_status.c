#include "backlog/bottleneck_status.h"

#include <string.h>
#include "koers/states.h"
#include "koers/status.h"

static const char *const status_names[BOTTLENECK_STATUS_COUNT] = {
    "proposed",
    "open",
    "solved",
    "dismissed",
};

static const char *const decision_names[BOTTLENECK_DECISION_COUNT] = {
    "take_up",
    "dismiss",
    "reopen",
};

/* The status table, as data: one row per allowed move. */
static const kc_move bottleneck_moves[] = {
    {BOTTLENECK_PROPOSED, BOTTLENECK_OPEN},      /* take_up */
    {BOTTLENECK_PROPOSED, BOTTLENECK_DISMISSED}, /* dismiss */
    {BOTTLENECK_OPEN, BOTTLENECK_SOLVED},        /* its improvements are done */
    {BOTTLENECK_OPEN, BOTTLENECK_DISMISSED},     /* dismiss */
    {BOTTLENECK_SOLVED, BOTTLENECK_OPEN},        /* reopen */
    {BOTTLENECK_DISMISSED, BOTTLENECK_OPEN},     /* reopen */
};

const kc_states bottleneck_lifecycle = {status_names, BOTTLENECK_STATUS_COUNT, bottleneck_moves,
                                        KC_NELEMS(bottleneck_moves)};

int bottleneck_status_parse(const char *s, bottleneck_status *out)
{
    int st;

    if (kc_states_parse(&bottleneck_lifecycle, s, &st) != 0)
        return -1;
    *out = (bottleneck_status)st;
    return 0;
}

const char *bottleneck_status_name(bottleneck_status st)
{
    return kc_states_name(&bottleneck_lifecycle, (int)st);
}

int bottleneck_decision_parse(const char *s, bottleneck_decision *out)
{
    int i;

    if (s == NULL)
        return -1;
    for (i = 0; i < BOTTLENECK_DECISION_COUNT; i++)
        if (strcmp(s, decision_names[i]) == 0) {
            *out = (bottleneck_decision)i;
            return 0;
        }
    return -1;
}

const char *bottleneck_decision_name(bottleneck_decision d)
{
    if ((int)d < 0 || d >= BOTTLENECK_DECISION_COUNT)
        return "unknown";
    return decision_names[d];
}

/* Which decision a move of the table is: take_up and reopen both lead to
 * open, told apart by where they start. -1: the move is no decision. */
static int decision_of(bottleneck_status from, bottleneck_status to)
{
    if (to == BOTTLENECK_DISMISSED)
        return BOTTLENECK_DISMISS;
    if (to == BOTTLENECK_OPEN)
        return from == BOTTLENECK_PROPOSED ? BOTTLENECK_TAKE_UP : BOTTLENECK_REOPEN;
    return -1;
}

int bottleneck_decide(bottleneck_status from, bottleneck_decision d, bottleneck_status *to)
{
    static const bottleneck_status target[BOTTLENECK_DECISION_COUNT] = {
        BOTTLENECK_OPEN, BOTTLENECK_DISMISSED, BOTTLENECK_OPEN};

    if ((int)d < 0 || d >= BOTTLENECK_DECISION_COUNT)
        return -1;
    if (!kc_states_can_move(&bottleneck_lifecycle, (int)from, (int)target[d]) ||
        decision_of(from, target[d]) != (int)d)
        return -1;
    *to = target[d];
    return 0;
}

size_t bottleneck_decisions_allowed(bottleneck_status from, bottleneck_decision *out, size_t max)
{
    bottleneck_status to;
    size_t n = 0;
    int d;

    for (d = 0; d < BOTTLENECK_DECISION_COUNT; d++) {
        if (bottleneck_decide(from, (bottleneck_decision)d, &to) != 0)
            continue;
        if (n < max)
            out[n] = (bottleneck_decision)d;
        n++;
    }
    return n;
}
