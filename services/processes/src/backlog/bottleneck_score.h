#ifndef KOERS_PROCESSES_BOTTLENECK_SCORE_H
#define KOERS_PROCESSES_BOTTLENECK_SCORE_H

/* The priority of a bottleneck, the C twin of the SQL functions of
 * sql/004_backlog.sql (processes.bottleneck_score, _frequency_level,
 * _quadrant), whose comment is THE formula:
 *
 *   score = 20 * (wi * impact + we * (6 - effort) + wf * f) / (wi + we + wf)
 *
 * rounded to one decimal (half away from zero), 20 (least) to 100 (most),
 * where f is the frequency level 1..5 of the occurrences per month (a
 * week counts 52/12 per month): under 1 a month 1, under 52/12 (once a
 * week) 2, under 21 (once a working day) 3, under 105 (five times a
 * working day) 4, else 5; an unknown frequency 3. The quadrant: high
 * impact is 3 or more, low effort 1 or 2. Pure: no I/O, no allocation;
 * the integration test compares it with the SQL on every combination. */

/* The tenant's weights, each 0..100 and not all zero (the settings'
 * weights {impact, effort, frequency}; defaults 2, 1, 1). */
typedef struct bottleneck_weights {
    int impact;
    int effort;
    int frequency;
} bottleneck_weights;

#define BOTTLENECK_WEIGHTS_DEFAULT                                                                 \
    {                                                                                              \
        2, 1, 1                                                                                    \
    }
#define BOTTLENECK_WEIGHT_MAX 100

typedef enum {
    BOTTLENECK_PER_NONE = 0, /* frequency unknown */
    BOTTLENECK_PER_WEEK,
    BOTTLENECK_PER_MONTH
} bottleneck_frequency_unit;

typedef enum {
    BOTTLENECK_QUICK_WIN = 0, /* high impact, low effort */
    BOTTLENECK_BIG_BET,       /* high impact, high effort */
    BOTTLENECK_FILL_IN,       /* low impact, low effort */
    BOTTLENECK_THANKLESS,     /* low impact, high effort */
    BOTTLENECK_QUADRANT_COUNT
} bottleneck_quadrant;

/* 1 when every weight is within 0..100 and they are not all zero, else 0. */
int bottleneck_weights_valid(const bottleneck_weights *w);

/* The frequency level 1..5 of `frequency` occurrences (>= 0) per unit;
 * 3 for BOTTLENECK_PER_NONE (frequency ignored); -1 for a negative
 * frequency or an unknown unit. */
int bottleneck_frequency_level(long frequency, bottleneck_frequency_unit unit);

/* The score in tenths (200..1000: 735 is 73.5) of impact and effort
 * (1..5) at frequency level 1..5 with the weights w; -1 when an input is
 * out of range or the weights are not valid. Computed in integers: exact,
 * as the SQL's numeric arithmetic is. */
int bottleneck_score_tenths(int impact, int effort, int frequency_level,
                            const bottleneck_weights *w);

/* The quadrant of impact and effort (1..5). */
bottleneck_quadrant bottleneck_quadrant_of(int impact, int effort);

/* The API spelling of q ("quick_win", ...); "unknown" if out of range. */
const char *bottleneck_quadrant_name(bottleneck_quadrant q);

/* Parses the API spelling. 0, or -1 when s is NULL or no quadrant. */
int bottleneck_quadrant_parse(const char *s, bottleneck_quadrant *out);

#endif
