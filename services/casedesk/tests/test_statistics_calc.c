/* LINK: reports/statistics_calc.c reports/statistics_runs.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "reports/statistics_calc.h"

/* The figures of the statistics computed in C (statistics_calc.c) against
 * what PostgreSQL 15 answers for the same SQL (values worked out from its
 * definitions: percentile_cont, round(x::numeric, n), numeric division);
 * tests/integration/test_casedesk_statistics.c compares with a live
 * PostgreSQL. */

static double pct(const double *v, size_t n, double p)
{
    stat_values a = {0};
    double out = -1;

    for (size_t i = 0; i < n; i++)
        assert_int_equal(stat_values_push(&a, v[i]), 0);
    assert_int_equal(stat_values_percentile(&a, p, &out), 0);
    stat_values_free(&a);
    return out;
}

static void test_percentile_like_percentile_cont(void **state)
{
    static const double one[] = {4.25};
    static const double ten[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    static const double two[] = {3, 1};
    static const double ties[] = {2, 2, 2, 2, 7, 7, 1};
    stat_values empty = {0};
    double out = 42;
    (void)state;

    assert_true(pct(one, 1, 0.5) == 4.25);
    assert_true(pct(one, 1, 0.9) == 4.25);
    /* 1..10: median rows 5 and 6 -> 5.5; p90 rows 9 and 10, frac 0.1 -> 9.1 */
    assert_true(pct(ten, 10, 0.5) == 5.5);
    assert_true(pct(ten, 10, 0.9) == 9.1);
    /* {1, 3}: 1 + 0.5 * 2 = 2; p90 1 + 0.9 * 2 = 2.8 */
    assert_true(pct(two, 2, 0.5) == 2.0);
    assert_true(pct(two, 2, 0.9) == 2.8);
    /* {1, 2, 2, 2, 2, 7, 7}: median row 4 = 2; p90 pos 5.4: 7 */
    assert_true(pct(ties, 7, 0.5) == 2.0);
    assert_true(pct(ties, 7, 0.9) == 7.0);
    /* no value: SQL NULL */
    assert_int_equal(stat_values_percentile(&empty, 0.5, &out), -1);
    assert_true(out == 42);
    stat_values_free(&empty);
    stat_values_free(NULL);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The selection equals the sort PostgreSQL does, on sets with many equal
 * values and in any order. */
static void test_percentile_equals_sorted(void **state)
{
    static const double ps[] = {0.5, 0.9, 0.0, 1.0, 0.25};
    unsigned long long seed = 12345;
    (void)state;

    for (size_t n = 1; n <= 300; n += 7) {
        double *v = malloc(n * sizeof(*v)), *s = malloc(n * sizeof(*s));
        assert_non_null(v);
        assert_non_null(s);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            v[i] = (double)((seed >> 33) % (n / 3 + 2)) / 8.0; /* ties, eighths */
        }
        memcpy(s, v, n * sizeof(*v));
        qsort(s, n, sizeof(*s), cmp_double);
        for (size_t j = 0; j < sizeof(ps) / sizeof(ps[0]); j++) {
            double pos = ps[j] * (double)(n - 1);
            size_t lo = (size_t)pos, hi = lo + (pos > (double)lo ? 1 : 0);
            double want = stat_round2(s[lo] + ((pos - (double)lo) * (s[hi] - s[lo])));
            assert_true(pct(v, n, ps[j]) == want);
        }
        free(v);
        free(s);
    }
}

static unsigned long long rng(unsigned long long *seed)
{
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return *seed >> 33;
}

/* A value with many ties (few distinct), negative ones and zero, or with
 * hardly any, by kind. */
static double value_of(unsigned long long *seed, int kind)
{
    switch (kind) {
    case 0:
        return (double)((long long)(rng(seed) % 7) - 3);
    case 1:
        return (double)((long long)(rng(seed) % 2001) - 1000) / 8.0;
    default:
        return (double)rng(seed) / 3.0;
    }
}

/* m runs of random lengths (0, 1, 2 or up to maxlen), each sorted and
 * packed big-endian into one buffer, plus all values sorted in s. */
typedef struct {
    unsigned char *bytes;
    size_t *off, *len;
    size_t m, total;
    double *s;
} runs_case;

static void runs_case_make(runs_case *c, unsigned long long *seed, size_t m, size_t maxlen,
                           int kind)
{
    size_t cap = m * (maxlen + 2), at = 0;
    double *run = malloc((maxlen + 2) * sizeof(*run));

    c->bytes = malloc(cap * 8 + 1);
    c->off = malloc((m + 1) * sizeof(size_t));
    c->len = malloc((m + 1) * sizeof(size_t));
    c->s = malloc((cap + 1) * sizeof(double));
    assert_non_null(run);
    assert_non_null(c->bytes);
    assert_non_null(c->off);
    assert_non_null(c->len);
    assert_non_null(c->s);
    c->m = m;
    c->total = 0;
    for (size_t i = 0; i < m; i++) {
        size_t r = rng(seed) % 8, n = r < 3 ? r : (size_t)(rng(seed) % (maxlen + 1));
        for (size_t j = 0; j < n; j++)
            run[j] = value_of(seed, kind);
        qsort(run, n, sizeof(*run), cmp_double);
        c->off[i] = at;
        c->len[i] = n;
        for (size_t j = 0; j < n; j++) {
            stat_be_put(c->bytes + ((at + j) * 8), run[j]);
            c->s[c->total++] = run[j];
        }
        at += n;
    }
    qsort(c->s, c->total, sizeof(*c->s), cmp_double);
    free(run);
}

static void runs_case_free(runs_case *c)
{
    free(c->bytes);
    free(c->off);
    free(c->len);
    free(c->s);
}

/* Every rank (or, in large sets, every 97th and the ends) selected across
 * the sorted runs is the sorted union's, and so is the next rank. */
static void test_runs_select_equals_sorted(void **state)
{
    unsigned long long seed = 4242;
    (void)state;

    for (int round = 0; round < 400; round++) {
        size_t m = (size_t)(rng(&seed) % 40) + (round % 50 == 0 ? 300 : 0);
        size_t maxlen = round % 3 == 0 ? 4 : (round % 3 == 1 ? 60 : 900);
        runs_case c;
        stat_runs r = {0};

        runs_case_make(&c, &seed, m, maxlen, round % 3);
        for (size_t i = 0; i < c.m; i++)
            assert_int_equal(stat_runs_add(&r, (const char *)c.bytes + (c.off[i] * 8), c.len[i]),
                             0);
        assert_int_equal(r.values, c.total);
        for (size_t k = 0; k<c.total; k += c.total> 3000 && k > 2 && k + 3 < c.total ? 97 : 1) {
            double out = -1e300, next = -1e300;
            assert_int_equal(stat_runs_select(&r, k, &out, k + 1 < c.total ? &next : NULL), 0);
            assert_true(out == c.s[k]);
            if (k + 1 < c.total)
                assert_true(next == c.s[k + 1]);
        }
        {
            double out;
            assert_int_equal(stat_runs_select(&r, c.total, &out, NULL), -1);
        }
        stat_runs_free(&r);
        runs_case_free(&c);
    }
}

/* stat_values_percentile over built days' runs and raw values (the run
 * selection, or the copy into one array for short runs) gives exactly
 * what it gives for the same values pushed one by one. */
static void test_percentile_runs_like_quickselect(void **state)
{
    static const double ps[] = {0.5, 0.9, 0.0, 1.0, 0.25};
    unsigned long long seed = 777;
    (void)state;

    for (int round = 0; round < 300; round++) {
        size_t m = (size_t)(rng(&seed) % 30) + 1;
        size_t maxlen = round % 4 == 0 ? 8 : (round % 4 == 1 ? 100 : 400);
        size_t raw = round % 5 == 0 ? 0 : (size_t)(rng(&seed) % 50);
        runs_case c;
        stat_values a = {0}, b = {0};
        double got, want;

        runs_case_make(&c, &seed, m, maxlen, round % 3);
        for (size_t i = 0; i < c.m; i++) {
            int rc = stat_values_add_run(&a, (const char *)c.bytes + (c.off[i] * 8), c.len[i]);
            assert_int_equal(rc, c.len[i] >= STAT_RUNS_MIN_LEN ? 1 : 0);
            assert_int_equal(
                stat_values_push_be(&b, (const char *)c.bytes + (c.off[i] * 8), c.len[i]), 0);
        }
        for (size_t i = 0; i < raw; i++) {
            double x = value_of(&seed, round % 3);
            assert_int_equal(stat_values_push(&a, x), 0);
            assert_int_equal(stat_values_push(&b, x), 0);
        }
        assert_int_equal(stat_values_count(&a), c.total + raw);
        for (size_t j = 0; j < sizeof(ps) / sizeof(ps[0]); j++) {
            int rc = stat_values_percentile(&b, ps[j], &want);
            assert_int_equal(stat_values_percentile(&a, ps[j], &got), rc);
            if (rc == 0)
                assert_true(got == want);
            else
                assert_int_equal(c.total + raw, 0);
        }
        stat_values_free(&a);
        stat_values_free(&b);
        runs_case_free(&c);
    }
}

/* Ties across runs at the ranks of the median: one value, two values,
 * equal runs, empty runs among them. */
static void test_runs_edges(void **state)
{
    unsigned char one[8], two[16], eq[8 * 6], neg[8 * 3];
    stat_runs r = {0};
    stat_values a = {0};
    double out = 0, next = 0;
    (void)state;

    stat_be_put(one, 4.25);
    assert_true(stat_be_double(one) == 4.25);
    stat_be_put(two, -1.5);
    stat_be_put(two + 8, 3.0);
    for (int i = 0; i < 6; i++)
        stat_be_put(eq + (i * 8), 2.0);
    stat_be_put(neg, -7.0);
    stat_be_put(neg + 8, -0.0);
    stat_be_put(neg + 16, 0.0);
    assert_int_equal(stat_runs_add(&r, (const char *)one, 0), 0); /* left out */
    assert_int_equal(r.n, 0);
    assert_int_equal(stat_runs_add(&r, (const char *)one, 1), 0);
    assert_int_equal(stat_runs_select(&r, 0, &out, NULL), 0);
    assert_true(out == 4.25);
    assert_int_equal(stat_runs_add(&r, (const char *)two, 2), 0);
    assert_int_equal(stat_runs_add(&r, (const char *)eq, 6), 0);
    assert_int_equal(stat_runs_add(&r, (const char *)neg, 3), 0);
    /* -7 -1.5 -0 0 2 2 2 2 2 2 3 4.25 */
    assert_int_equal(stat_runs_select(&r, 0, &out, &next), 0);
    assert_true(out == -7.0 && next == -1.5);
    assert_int_equal(stat_runs_select(&r, 4, &out, &next), 0);
    assert_true(out == 2.0 && next == 2.0);
    assert_int_equal(stat_runs_select(&r, 9, &out, &next), 0);
    assert_true(out == 2.0 && next == 3.0);
    assert_int_equal(stat_runs_select(&r, 10, &out, &next), 0);
    assert_true(out == 3.0 && next == 4.25);
    assert_int_equal(stat_runs_select(&r, 11, &out, NULL), 0);
    assert_true(out == 4.25);
    stat_runs_free(&r);
    stat_runs_free(&r);
    stat_runs_free(NULL);

    /* a short run is copied (0), a long one kept (1) */
    assert_int_equal(stat_values_add_run(&a, (const char *)one, 1), 0);
    assert_int_equal(a.n, 1);
    assert_int_equal(a.runs.n, 0);
    assert_int_equal(stat_values_percentile(&a, 0.9, &out), 0);
    assert_true(out == 4.25);
    stat_values_free(&a);
    {
        unsigned char *big = malloc(STAT_RUNS_MIN_LEN * 8);
        assert_non_null(big);
        for (int i = 0; i < STAT_RUNS_MIN_LEN; i++)
            stat_be_put(big + (i * 8), (double)i);
        assert_int_equal(stat_values_add_run(&a, (const char *)big, STAT_RUNS_MIN_LEN), 1);
        assert_int_equal(stat_values_add_run(&a, (const char *)big, STAT_RUNS_MIN_LEN), 1);
        assert_int_equal(a.runs.n, 2);
        assert_int_equal(a.n, 0);
        assert_int_equal(stat_values_count(&a), 2 * STAT_RUNS_MIN_LEN);
        /* and a raw value below all of it: sorted as one more run */
        assert_int_equal(stat_values_push(&a, -3.0), 0);
        assert_int_equal(stat_values_percentile(&a, 0.0, &out), 0);
        assert_true(out == -3.0);
        assert_int_equal(a.runs.n, 3);
        assert_int_equal(a.n, 0);
        assert_int_equal(stat_values_count(&a), (2 * STAT_RUNS_MIN_LEN) + 1);
        /* 129 values -3, 0, 0, 1, 1, ...: the median is rank 64, 31 */
        assert_int_equal(stat_values_percentile(&a, 0.5, &out), 0);
        assert_true(out == 31.0);
        assert_int_equal(stat_values_percentile(&a, 1.0, &out), 0);
        assert_true(out == (double)(STAT_RUNS_MIN_LEN - 1));
        stat_values_free(&a);
        free(big);
    }
    stat_values_free(NULL);
}

/* round(x::numeric, 2): 15 significant digits first, then half away from
 * zero (not the binary value's own rounding). */
static void test_round2_like_numeric(void **state)
{
    (void)state;
    assert_true(stat_round2(0.005) == 0.01); /* 0.005000000000000000104 */
    assert_true(stat_round2(2.675) == 2.68); /* 2.67499999999999982236 */
    assert_true(stat_round2(1.005) == 1.01); /* 1.00499999999999989342 */
    assert_true(stat_round2(0.125) == 0.13); /* a binary tie: away from zero */
    assert_true(stat_round2(-0.125) == -0.13);
    assert_true(stat_round2(0.0049999) == 0.0);
    assert_true(stat_round2(12345.678) == 12345.68);
    assert_true(stat_round2(0) == 0.0);
    assert_true(stat_round2(1e20) == 1e20);
}

static void test_hours(void **state)
{
    (void)state;
    /* 18 s = 0.005 h: the rounding edge of the integration data */
    assert_true(stat_hours_between(0, 18000000) == 0.005);
    assert_true(stat_round2(stat_hours_between(1000000, 1000000 + 18000000)) == 0.01);
    assert_true(stat_hours_between(5, 5) == 0.0);
    assert_true(stat_hours_between(0, 5400000000LL) == 1.5);
    assert_true(stat_hours_of_secs(5400) == 1.5);
    assert_true(stat_hours_of_secs(18) == 0.005);
}

/* round(num::numeric / den, places): the mean satisfaction and the share
 * of equal_party answers. */
static void test_ratio_round(void **state)
{
    (void)state;
    assert_true(stat_ratio_round(7, 3, 2) == 2.33);
    assert_true(stat_ratio_round(8, 3, 2) == 2.67);
    assert_true(stat_ratio_round(1, 8, 2) == 0.13); /* 0.125: away from zero */
    assert_true(stat_ratio_round(1, 200, 2) == 0.01);
    assert_true(stat_ratio_round(1, 201, 2) == 0.0);
    assert_true(stat_ratio_round(15, 3, 2) == 5.0);
    assert_true(stat_ratio_round(1, 3, 4) == 0.3333);
    assert_true(stat_ratio_round(2, 3, 4) == 0.6667);
    assert_true(stat_ratio_round(1, 20000, 4) == 0.0001); /* 0.00005 */
    assert_true(stat_ratio_round(0, 5, 4) == 0.0);
    assert_true(stat_ratio_round(5, 5, 4) == 1.0);
    assert_true(stat_ratio_round(371234, 110007, 2) == 3.37);
    assert_true(stat_ratio_round(7, 2, 0) == 4.0);
}

static void test_groups_by_key(void **state)
{
    stat_groups g = {0};
    stat_group *none, *empty, *a, *b;
    char key[16];
    (void)state;

    none = stat_groups_get(&g, NULL, -1);
    empty = stat_groups_get(&g, "", 0);
    a = stat_groups_get(&g, "north", 5);
    b = stat_groups_get(&g, "north-", 6);
    assert_non_null(none);
    assert_true(none != empty && empty != a && a != b && none != a);
    assert_int_equal(none->key_len, -1);
    assert_int_equal(empty->key_len, 0);
    a->cases_in = 3;
    /* many more keys: the table grows, the groups stay where they are */
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof(key), "d%04d", i);
        assert_non_null(stat_groups_get(&g, key, 5));
    }
    assert_int_equal(g.n, 1004);
    assert_ptr_equal(stat_groups_get(&g, "north", 5), a);
    assert_ptr_equal(stat_groups_get(&g, NULL, -1), none);
    assert_ptr_equal(stat_groups_get(&g, "", 0), empty);
    assert_ptr_equal(g.items[2], a);
    assert_int_equal(a->cases_in, 3);
    assert_int_equal(g.n, 1004);
    stat_groups_free(&g);
    stat_groups_free(&g);
    stat_groups_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentile_like_percentile_cont),
        cmocka_unit_test(test_percentile_equals_sorted),
        cmocka_unit_test(test_runs_select_equals_sorted),
        cmocka_unit_test(test_percentile_runs_like_quickselect),
        cmocka_unit_test(test_runs_edges),
        cmocka_unit_test(test_round2_like_numeric),
        cmocka_unit_test(test_hours),
        cmocka_unit_test(test_ratio_round),
        cmocka_unit_test(test_groups_by_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
