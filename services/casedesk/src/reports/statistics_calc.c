#include "reports/statistics_calc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int stat_values_push(stat_values *a, double x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap > 0 ? a->cap * 2 : 256;
        double *v = realloc(a->v, cap * sizeof(*v));
        if (v == NULL)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

int stat_values_push_be(stat_values *a, const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;

    if (a->n + n > a->cap) {
        size_t cap = a->cap > 0 ? a->cap : 256;
        double *v;
        while (cap < a->n + n)
            cap *= 2;
        v = realloc(a->v, cap * sizeof(*v));
        if (v == NULL)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    for (size_t i = 0; i < n; i++, u += 8) {
        uint64_t bits = 0;
        for (int j = 0; j < 8; j++)
            bits = (bits << 8) | u[j];
        memcpy(&a->v[a->n++], &bits, sizeof(bits));
    }
    return 0;
}

void stat_values_free(stat_values *a)
{
    if (a == NULL)
        return;
    free(a->v);
    free(a->own);
    stat_runs_free(&a->runs);
    memset(a, 0, sizeof(*a));
}

static size_t stat_min_run = STAT_RUNS_MIN_LEN;

void stat_values_set_min_run(size_t n)
{
    stat_min_run = n;
}

size_t stat_values_count(const stat_values *a)
{
    return a->n + a->runs.values;
}

int stat_values_add_run(stat_values *a, const char *p, size_t n)
{
    if (n < stat_min_run)
        return stat_values_push_be(a, p, n);
    return stat_runs_add(&a->runs, p, n) != 0 ? -1 : 1;
}

static int stat_double_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;

    return (a > b) - (a < b);
}

/* Joins a's runs and values for the selection: a->v sorted and packed as
 * one more run, or the runs copied into a->v when it holds the larger
 * share. 0, or -1 when out of memory. */
static int stat_values_fold(stat_values *a)
{
    if (a->folded)
        return 0;
    if (a->runs.n > 0 && a->n > a->runs.values / STAT_RUNS_SORT_SHARE) {
        for (size_t i = 0; i < a->runs.n; i++)
            if (stat_values_push_be(a, (const char *)a->runs.v[i].p, a->runs.v[i].n) != 0)
                return -1;
        stat_runs_free(&a->runs);
    } else if (a->runs.n > 0 && a->n > 0) {
        a->own = malloc(a->n * 8);
        if (a->own == NULL)
            return -1;
        qsort(a->v, a->n, sizeof(*a->v), stat_double_cmp);
        for (size_t i = 0; i < a->n; i++)
            stat_be_put(a->own + (i * 8), a->v[i]);
        if (stat_runs_add(&a->runs, (const char *)a->own, a->n) != 0)
            return -1;
        a->n = 0;
    }
    a->folded = 1;
    return 0;
}

/* The smallest of v[from..n). */
static double stat_min_from(const double *v, size_t from, size_t n)
{
    double m = v[from];

    for (size_t i = from + 1; i < n; i++)
        if (v[i] < m)
            m = v[i];
    return m;
}

int stat_values_percentile(stat_values *a, double p, double *out)
{
    double pos, lo_val, hi_val = 0, frac;
    size_t first, second, n;

    if (stat_values_fold(a) != 0)
        return -2;
    n = a->runs.n > 0 ? a->runs.values : a->n;
    if (n == 0)
        return -1;
    /* the arithmetic of PostgreSQL's setup_pct_info (0-based rows here) */
    pos = p * (double)(n - 1);
    first = (size_t)floor(pos);
    second = (size_t)ceil(pos);
    frac = pos - floor(pos);
    if (a->runs.n > 0) {
        if (stat_runs_select(&a->runs, first, &lo_val, second != first ? &hi_val : NULL) != 0)
            return -2;
        *out = stat_round2(second == first ? lo_val : lo_val + (frac * (hi_val - lo_val)));
        return 0;
    }
    stat_select_rank(a->v, a->n, first);
    lo_val = a->v[first];
    if (second == first) {
        *out = stat_round2(lo_val);
        return 0;
    }
    /* everything after rank first is >= it: the next rank is their least */
    hi_val = stat_min_from(a->v, first + 1, a->n);
    *out = stat_round2(lo_val + (frac * (hi_val - lo_val)));
    return 0;
}

double stat_round2(double x)
{
    char buf[64], digits[20], *e;
    long long d = 0, r;
    int exp10, k, neg = x < 0, nd = 0;

    if (!isfinite(x))
        return x;
    /* float8_numeric: 15 significant digits (DBL_DIG) */
    snprintf(buf, sizeof(buf), "%.14e", neg ? -x : x);
    for (const char *s = buf; *s != '\0' && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && nd < 15)
            digits[nd++] = *s;
    digits[nd] = '\0';
    e = strchr(buf, 'e');
    exp10 = e != NULL ? atoi(e + 1) : 0;
    d = strtoll(digits, NULL, 10);
    /* the value is d * 10^(exp10 - 14); in hundredths d * 10^k */
    k = exp10 - 14 + 2;
    if (k >= 0) {
        if (exp10 >= 15) /* no decimals to round: the 15 digits themselves */
            return (neg ? -1 : 1) * strtod(buf, NULL);
        r = d;
        while (k-- > 0)
            r *= 10;
    } else if (k <= -16) {
        r = 0;
    } else {
        long long div = 1;
        while (k++ < 0)
            div *= 10;
        r = d / div;
        /* numeric round: half away from zero */
        if ((d % div) * 2 >= div)
            r++;
    }
    snprintf(buf, sizeof(buf), "%s%lld.%02lld", neg && r != 0 ? "-" : "", r / 100, r % 100);
    return strtod(buf, NULL);
}

double stat_hours_between(long long a_us, long long b_us)
{
    /* extract(epoch FROM interval) is the exact decimal us / 10^6 and its
     * float8 the nearest double: one IEEE division of two exact doubles */
    return ((double)(b_us - a_us) / 1000000.0) / 3600.0;
}

double stat_hours_of_secs(long long secs)
{
    return (double)secs / 3600.0;
}

const char *const stat_lead_status[STAT_LEAD_N] = {
    "assigned", "closed", "in_progress", "received", "resolved", "solution_proposed", "waiting"};

static size_t stat_hash(const char *key, int len)
{
    size_t h = 1469598103934665603ULL;

    for (int i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
    return len < 0 ? 7 : h;
}

static int stat_same(const stat_group *x, const char *key, int len)
{
    return x->key_len == len && (len <= 0 || memcmp(x->key, key, (size_t)len) == 0);
}

/* Doubles the slots and places every group again; 0 or -1. */
static int stat_rehash(stat_groups *g)
{
    size_t nslots = g->nslots > 0 ? g->nslots * 2 : 64;
    size_t *slots = calloc(nslots, sizeof(*slots));

    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        size_t s = stat_hash(g->items[i]->key, g->items[i]->key_len) & (nslots - 1);
        while (slots[s] != 0)
            s = (s + 1) & (nslots - 1);
        slots[s] = i + 1;
    }
    free(g->slots);
    g->slots = slots;
    g->nslots = nslots;
    return 0;
}

stat_group *stat_groups_get(stat_groups *g, const char *key, int len)
{
    stat_group *x = NULL;
    size_t s;

    if (g->nslots > 0) {
        s = stat_hash(key, len) & (g->nslots - 1);
        for (; g->slots[s] != 0; s = (s + 1) & (g->nslots - 1))
            if (stat_same(g->items[g->slots[s] - 1], key, len))
                return g->items[g->slots[s] - 1];
    }
    if ((g->n + 1) * 2 > g->nslots && stat_rehash(g) != 0)
        return NULL;
    if (g->n == g->cap) {
        size_t cap = g->cap > 0 ? g->cap * 2 : 16;
        stat_group **items = realloc(g->items, cap * sizeof(*items));
        if (items == NULL)
            return NULL;
        g->items = items;
        g->cap = cap;
    }
    x = calloc(1, sizeof(*x));
    if (x == NULL)
        return NULL;
    x->key_len = len;
    if (len > 0 && (x->key = malloc((size_t)len)) == NULL) {
        free(x);
        return NULL;
    }
    if (len > 0)
        memcpy(x->key, key, (size_t)len);
    g->items[g->n++] = x;
    s = stat_hash(key, len) & (g->nslots - 1);
    while (g->slots[s] != 0)
        s = (s + 1) & (g->nslots - 1);
    g->slots[s] = g->n;
    return x;
}

void stat_groups_free(stat_groups *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n; i++) {
        stat_group *x = g->items[i];
        stat_values_free(&x->first_contact);
        stat_values_free(&x->resolution);
        for (int j = 0; j < STAT_LEAD_N; j++)
            stat_values_free(&x->lead[j]);
        free(x->key);
        free(x);
    }
    free(g->items);
    free(g->slots);
    memset(g, 0, sizeof(*g));
}

double stat_ratio_round(long long num, long long den, int places)
{
    long long scale = 1, q;

    for (int i = 0; i < places; i++)
        scale *= 10;
    /* num / den has no tie closer to it than 1 / (2 * scale * den): the
     * numeric division's 16+ significant digits never move it across one,
     * so rounding the exact quotient is what PostgreSQL answers */
    q = (2 * num * scale + den) / (2 * den);
    /* q and scale are exact doubles: one correctly rounded division gives
     * the double nearest q / scale, as the client's parse of the numeric
     * text "q/scale" does */
    return (double)q / (double)scale;
}
