#ifndef KOERS_CASEDESK_STATISTICS_CALC_H
#define KOERS_CASEDESK_STATISTICS_CALC_H

#include <stddef.h>
#include "reports/statistics_runs.h"

/* The figures of the statistics computed in C from the raw case facts,
 * exactly as PostgreSQL computed them before (statistics_repo.c streams the
 * facts): percentile_cont over float8 hours, then round(x::numeric, 2).
 * Selecting the two ranks a percentile needs costs O(n) where
 * PostgreSQL sorted every set, once per figure and group. */

/* A set of values (hours): the values pushed one by one (unsorted) and
 * the sorted runs of the built days, whose bytes stay where the COPY left
 * them (borrowed). */
typedef struct {
    double *v;
    size_t n, cap;
    stat_runs runs;
    unsigned char *own; /* v sorted and packed as one more run */
    int folded;         /* runs and v joined for the selection */
} stat_values;

/* Appends x; 0, or -1 when out of memory. */
int stat_values_push(stat_values *a, double x);
/* Appends n float8 values packed big-endian (float8send's bytes, as
 * stat_day_groups holds them); 0, or -1 when out of memory. */
int stat_values_push_be(stat_values *a, const char *p, size_t n);
/* Adds a sorted run of n float8 values packed big-endian (as
 * stat_day_groups holds them): a run of STAT_RUNS_MIN_LEN values or more
 * is kept as it is (its bytes borrowed: they must outlive a) and 1
 * returned; a shorter one is copied (0). -1 when out of memory. */
int stat_values_add_run(stat_values *a, const char *p, size_t n);
/* For tests: from which length a run is kept (STAT_RUNS_MIN_LEN unless
 * set; 1 keeps every run). Not for a running service (no lock). */
void stat_values_set_min_run(size_t n);
/* How many values a holds, pushed, copied or in kept runs. */
size_t stat_values_count(const stat_values *a);
/* Frees the values (a itself is the caller's); accepts NULL. */
void stat_values_free(stat_values *a);

/* percentile_cont(p) WITHIN GROUP (ORDER BY v) as PostgreSQL 15 computes
 * it (rows 1 + floor(p * (n - 1)) and 1 + ceil(...), interpolated as
 * lo + frac * (hi - lo)), rounded like round(x::numeric, 2) (15
 * significant digits first, then half away from zero). The ranks are
 * selected in a->v (reordered) or, when a has kept runs, across the runs
 * with a->v sorted as one more (or, when a->v is the larger share, in a->v
 * with the runs copied to it: see STAT_RUNS_SORT_SHARE; the first call
 * joins them, add nothing after it). Returns 0 and *out,
 * -1 when a holds no value (SQL NULL), -2 when out of memory. */
int stat_values_percentile(stat_values *a, double p, double *out);

/* round(x::numeric, 2) of a float8 x as PostgreSQL 15 computes it, read
 * back as a double (what the client sees). */
double stat_round2(double x);

/* Hours between two PostgreSQL timestamps given in microseconds, as
 * extract(epoch FROM b - a)::float8 / 3600 computes them. */
double stat_hours_between(long long a_us, long long b_us);

/* Hours of a number of seconds, as secs::float8 / 3600. */
double stat_hours_of_secs(long long secs);

/* The lead-time statuses, in the order of stat_group.lead. */
#define STAT_LEAD_N 7
extern const char *const stat_lead_status[STAT_LEAD_N];

/* The figures of one group while the facts stream in. */
typedef struct {
    char *key;   /* the group key's bytes as the database sent them */
    int key_len; /* -1: no key (SQL NULL: no district, no officer) */
    long long cases_in, cases_out, with_due, in_time, agreed, partly, refused;
    long long fb_n, fb_sum, fb_equal; /* answers, sum of satisfaction, equal_party */
    stat_values first_contact, resolution, lead[STAT_LEAD_N];
} stat_group;

/* The groups of one answer, found by key bytes (a hash table). */
typedef struct {
    stat_group **items; /* in order of first appearance */
    size_t n, cap;
    size_t *slots; /* index + 1 into items, 0 free */
    size_t nslots;
} stat_groups;

/* The group of key (len bytes; len -1 for SQL NULL), made empty the first
 * time; borrowed from g. NULL when out of memory. */
stat_group *stat_groups_get(stat_groups *g, const char *key, int len);
/* Frees every group (g itself is the caller's); accepts NULL. */
void stat_groups_free(stat_groups *g);

/* round(num::numeric / den, places) as PostgreSQL 15 computes it for
 * integers (num >= 0, den > 0, places 0..6): half away from zero, read back
 * as a double (what the client sees). round(avg(int), 2) is
 * stat_ratio_round(sum, count, 2). */
double stat_ratio_round(long long num, long long den, int places);

#endif
