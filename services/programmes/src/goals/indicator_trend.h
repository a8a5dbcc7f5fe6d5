#ifndef KOERS_PROGRAMMES_INDICATOR_TREND_H
#define KOERS_PROGRAMMES_INDICATOR_TREND_H

#include <stddef.h>

/* The judgement of an indicator's values (pure: no database, no clock):
 * whether the latest value is on track against the target, and whether it
 * fell back from the best earlier value by more than the relapse margin.
 * The refresh (goals/indicator_refresh.c) raises a relapse signal and its
 * event for each verdict, once per (indicator, kind, period). */

/* One value of an indicator; the array given to the judgement is in time
 * order (oldest first). period is borrowed. */
typedef struct indicator_point {
    const char *period;
    double value;
} indicator_point;

typedef enum { INDICATOR_AT_LEAST, INDICATOR_AT_MOST } indicator_direction;

/* What the indicator asks: the target in its direction (at_least: the
 * value should be the target or more; at_most: or less) and how far the
 * latest value may fall back from the best earlier one (>= 0). */
typedef struct indicator_rule {
    double target;
    indicator_direction direction;
    double relapse_margin;
} indicator_rule;

/* The kinds of signal, as bits. */
#define INDICATOR_SIGNAL_OFF_TRACK 1u
#define INDICATOR_SIGNAL_RELAPSE   2u

/* The verdict on the latest value. Without values: has_value 0, on_track
 * 0, no signals. period borrows the latest point's period. */
typedef struct indicator_verdict {
    int has_value;
    const char *period; /* the latest value's period                  */
    double latest;
    int on_track;     /* the latest value meets the target          */
    unsigned signals; /* INDICATOR_SIGNAL_* the latest value raises */
    double reference; /* relapse: the best earlier value            */
} indicator_verdict;

/* Parses "at_least" / "at_most" into *out: 1, or 0 for anything else. */
int indicator_direction_parse(const char *text, indicator_direction *out);

/* Judges the n points (time order) against rule into *out. Off track:
 * the latest value misses the target (below it for at_least, above it for
 * at_most). Relapse: there is an earlier value and the latest is worse
 * than the best earlier value by more than the margin (the first value
 * never relapses; an equal value never does). Values are compared with a
 * tolerance far below the 4 decimals they are stored with. */
void indicator_trend_judge(const indicator_point *points, size_t n, const indicator_rule *rule,
                           indicator_verdict *out);

/* The signals of v still to raise, given the kinds already raised for
 * v->period (INDICATOR_SIGNAL_* bits): each kind once per period. */
unsigned indicator_trend_to_raise(const indicator_verdict *v, unsigned raised);

#endif
