#ifndef KOERS_SURVEYS_STATS_H
#define KOERS_SURVEYS_STATS_H

#include <stddef.h>

/* The statistics of survey results: pure functions over counts and sums
 * that the SQL aggregates produce (no database, no HTTP, no allocation).
 * A function that cannot compute its answer from what it is given (too few
 * observations) returns -1 and leaves its out-parameters untouched; 0 on
 * success. */

/* Mean of n observations with sum `sum`; -1 when n < 1. */
int stats_mean(long long n, double sum, double *mean);

/* Sample standard deviation (divisor n-1) from n, the sum and the sum of
 * squares: sqrt((sumsq - sum^2/n) / (n-1)), never negative (rounding is
 * clamped to 0). -1 when n < 2. */
int stats_sd(long long n, double sum, double sumsq, double *sd);

/* Net Promoter Score in percent from the counts of promoters (answers 9-10)
 * and detractors (0-6) among n answers: 100 * (promoters - detractors) / n,
 * between -100 and 100. -1 when n < 1 or the counts exceed n. */
int stats_nps(long long n, long long promoters, long long detractors, double *nps);

/* The 97.5% quantile of Student's t with df degrees of freedom (the factor
 * of a two-sided 95% interval). A table for df 1..30 and a few larger df;
 * a non-integer or untabulated df takes the entry of the next smaller
 * tabulated df (the interval errs on the wide side); df >= 1000 is 1.96
 * (the normal quantile). df < 1 is treated as 1. */
double stats_t975(double df);

/* A difference with its 95% confidence interval. */
typedef struct stats_interval {
    double difference; /* a - b */
    double lo, hi;
    double df;       /* Welch-Satterthwaite degrees of freedom; 0 for proportions */
    int significant; /* the interval excludes 0 */
} stats_interval;

/* Welch's t interval for mean_a - mean_b of two independent samples given
 * by size, mean and sample standard deviation; df by Welch-Satterthwaite.
 * When both standard deviations are 0 the interval is the difference itself
 * (df n_a + n_b - 2). -1 when n_a < 2 or n_b < 2. */
int stats_welch_ci95(long long n_a, double mean_a, double sd_a, long long n_b, double mean_b,
                     double sd_b, stats_interval *out);

/* The normal (Wald) 95% interval for p_a - p_b, p = x / n, in percentage
 * points: 100 * (d +- 1.96 * sqrt(p_a(1-p_a)/n_a + p_b(1-p_b)/n_b)).
 * -1 when n_a < 1, n_b < 1 or a count is outside 0..n. */
int stats_two_prop_ci95(long long x_a, long long n_a, long long x_b, long long n_b,
                        stats_interval *out);

/* The small-group rule: 1 when a group of n respondents must be withheld
 * (n < min_group_size), else 0. */
int stats_withheld(long long n, int min_group_size);

/* The reason given for a withheld group: "fewer than <min> respondents". */
void stats_withheld_reason(int min_group_size, char *buf, size_t len);

#endif
