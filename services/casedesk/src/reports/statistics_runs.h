#ifndef KOERS_CASEDESK_STATISTICS_RUNS_H
#define KOERS_CASEDESK_STATISTICS_RUNS_H

#include <stddef.h>

/* Ranks selected straight from sorted runs of values. A built day of
 * stat_day_groups (018) holds each percentile's values sorted, as float8
 * packed big-endian (float8send's bytes): the statistics keep those bytes
 * where the COPY left them and find the value of a rank across all the
 * runs, decoding a value only when it is probed, instead of copying every
 * value into one array and selecting there. */

/* One run: n float8 values, big-endian, in ascending order; the bytes are
 * borrowed. */
typedef struct {
    const unsigned char *p;
    size_t n;
} stat_sorted_run;

/* The runs of one set of values. */
typedef struct {
    stat_sorted_run *v;
    size_t n, cap;
    size_t values; /* the sum of the runs' n */
} stat_runs;

/* A run shorter than this is copied into the set's array of values: its
 * copy, while the CopyData buffer is still in the cache, and a share of
 * one quickselect cost less than probing it (grouped by officer a day's run
 * holds ~23 values, by category ~46, by district ~76, ungrouped ~915). */
#define STAT_RUNS_MIN_LEN 64

/* A set's values copied one by one are sorted and selected among as one
 * more run when they number at most 1 / STAT_RUNS_SORT_SHARE of its runs'
 * values (the raw days beside a year of built ones); more of them, and
 * the runs are copied to them and everything is quickselected. */
#define STAT_RUNS_SORT_SHARE 8

/* Adds the run of n values at p (borrowed: the bytes must outlive r;
 * ascending); an empty run is left out. 0, or -1 when out of memory. */
int stat_runs_add(stat_runs *r, const char *p, size_t n);

/* Frees the list of runs (not their bytes, nor r itself); accepts NULL. */
void stat_runs_free(stat_runs *r);

/* The value of rank k (0-based, k < r->values) of the union of the runs
 * into *out, and the value of rank k + 1 into *next when next is not NULL
 * (k + 1 < r->values). 0, or -1 when out of memory or k (or k + 1) is
 * out of range. */
int stat_runs_select(const stat_runs *r, size_t k, double *out, double *next);

/* Reorders v[0..n) so that v[k] is the value of rank k (0-based), every
 * value before it <= v[k] and every value after it >= v[k]: quickselect
 * with a three-way partition (runs of equal values cost nothing) and a
 * median-of-three pivot. */
void stat_select_rank(double *v, size_t n, size_t k);

/* The double of the big-endian float8 at p. */
double stat_be_double(const unsigned char *p);

/* Writes x as a big-endian float8 (float8send's bytes) to p. */
void stat_be_put(unsigned char *p, double x);

#endif
