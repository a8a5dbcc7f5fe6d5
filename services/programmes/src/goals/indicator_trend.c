#include "goals/indicator_trend.h"

#include <string.h>

/* Stored values have 4 decimals: differences below this are equality. */
#define TREND_EPSILON 1e-7

int indicator_direction_parse(const char *text, indicator_direction *out)
{
    if (text != NULL && strcmp(text, "at_least") == 0)
        *out = INDICATOR_AT_LEAST;
    else if (text != NULL && strcmp(text, "at_most") == 0)
        *out = INDICATOR_AT_MOST;
    else
        return 0;
    return 1;
}

/* How much worse a is than b in the direction (positive: worse). */
static double worse_by(indicator_direction d, double a, double b)
{
    return d == INDICATOR_AT_LEAST ? b - a : a - b;
}

void indicator_trend_judge(const indicator_point *points, size_t n, const indicator_rule *rule,
                           indicator_verdict *out)
{
    double best;
    size_t i;

    memset(out, 0, sizeof(*out));
    if (n == 0)
        return;
    out->has_value = 1;
    out->period = points[n - 1].period;
    out->latest = points[n - 1].value;
    out->on_track = worse_by(rule->direction, out->latest, rule->target) <= TREND_EPSILON;
    if (!out->on_track)
        out->signals |= INDICATOR_SIGNAL_OFF_TRACK;
    if (n < 2)
        return;
    best = points[0].value;
    for (i = 1; i + 1 < n; i++)
        if (worse_by(rule->direction, best, points[i].value) > 0)
            best = points[i].value;
    out->reference = best;
    if (worse_by(rule->direction, out->latest, best) > rule->relapse_margin + TREND_EPSILON)
        out->signals |= INDICATOR_SIGNAL_RELAPSE;
}

unsigned indicator_trend_to_raise(const indicator_verdict *v, unsigned raised)
{
    return v->has_value ? v->signals & ~raised : 0u;
}
