#include "backlog/bottleneck_score.h"

#include <string.h>

static const char *const quadrant_names[BOTTLENECK_QUADRANT_COUNT] = {
    "quick_win",
    "big_bet",
    "fill_in",
    "thankless",
};

int bottleneck_weights_valid(const bottleneck_weights *w)
{
    if (w == NULL)
        return 0;
    if (w->impact < 0 || w->impact > BOTTLENECK_WEIGHT_MAX || w->effort < 0 ||
        w->effort > BOTTLENECK_WEIGHT_MAX || w->frequency < 0 ||
        w->frequency > BOTTLENECK_WEIGHT_MAX)
        return 0;
    return w->impact + w->effort + w->frequency > 0;
}

int bottleneck_frequency_level(long frequency, bottleneck_frequency_unit unit)
{
    long per_month_x12; /* occurrences per month, times 12: whole numbers */

    if (unit == BOTTLENECK_PER_NONE)
        return 3;
    if (frequency < 0 || (unit != BOTTLENECK_PER_WEEK && unit != BOTTLENECK_PER_MONTH))
        return -1;
    if (frequency >= 105) /* at least 105 a month either way (and no overflow below) */
        return 5;
    per_month_x12 = unit == BOTTLENECK_PER_WEEK ? frequency * 52 : frequency * 12;
    if (per_month_x12 < 12) /* under once a month */
        return 1;
    if (per_month_x12 < 52) /* under once a week (52/12 a month) */
        return 2;
    if (per_month_x12 < 21 * 12) /* under once a working day */
        return 3;
    if (per_month_x12 < 105 * 12) /* under five times a working day */
        return 4;
    return 5;
}

int bottleneck_score_tenths(int impact, int effort, int frequency_level,
                            const bottleneck_weights *w)
{
    long sum, weights;

    if (impact < 1 || impact > 5 || effort < 1 || effort > 5 || frequency_level < 1 ||
        frequency_level > 5 || !bottleneck_weights_valid(w))
        return -1;
    sum = (long)w->impact * impact + (long)w->effort * (6 - effort) +
          (long)w->frequency * frequency_level;
    weights = (long)w->impact + w->effort + w->frequency;
    /* tenths = 200 * sum / weights, rounded half up (all positive) */
    return (int)((400 * sum + weights) / (2 * weights));
}

bottleneck_quadrant bottleneck_quadrant_of(int impact, int effort)
{
    if (impact >= 3)
        return effort <= 2 ? BOTTLENECK_QUICK_WIN : BOTTLENECK_BIG_BET;
    return effort <= 2 ? BOTTLENECK_FILL_IN : BOTTLENECK_THANKLESS;
}

const char *bottleneck_quadrant_name(bottleneck_quadrant q)
{
    if ((int)q < 0 || q >= BOTTLENECK_QUADRANT_COUNT)
        return "unknown";
    return quadrant_names[q];
}

int bottleneck_quadrant_parse(const char *s, bottleneck_quadrant *out)
{
    int i;

    if (s == NULL)
        return -1;
    for (i = 0; i < BOTTLENECK_QUADRANT_COUNT; i++)
        if (strcmp(s, quadrant_names[i]) == 0) {
            *out = (bottleneck_quadrant)i;
            return 0;
        }
    return -1;
}
