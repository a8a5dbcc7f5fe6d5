#include "reports/statistics_runs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Below this many values left in the runs' windows, the rest are copied
 * out and selected among directly. */
#define STAT_RUNS_GATHER 2048

int stat_runs_add(stat_runs *r, const char *p, size_t n)
{
    if (n == 0)
        return 0;
    if (r->n == r->cap) {
        size_t cap = r->cap > 0 ? r->cap * 2 : 64;
        stat_sorted_run *v = realloc(r->v, cap * sizeof(*v));
        if (v == NULL)
            return -1;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n].p = (const unsigned char *)p;
    r->v[r->n].n = n;
    r->n++;
    r->values += n;
    return 0;
}

void stat_runs_free(stat_runs *r)
{
    if (r == NULL)
        return;
    free(r->v);
    memset(r, 0, sizeof(*r));
}

double stat_be_double(const unsigned char *p)
{
    uint64_t bits = 0;
    double x;

    for (int j = 0; j < 8; j++)
        bits = (bits << 8) | p[j];
    memcpy(&x, &bits, sizeof(x));
    return x;
}

void stat_be_put(unsigned char *p, double x)
{
    uint64_t bits;

    memcpy(&bits, &x, sizeof(bits));
    for (int j = 7; j >= 0; j--, bits >>= 8)
        p[j] = (unsigned char)(bits & 0xff);
}

static double stat_at(const stat_sorted_run *run, size_t i)
{
    return stat_be_double(run->p + (i * 8));
}

/* The first index of [lo, hi) of run whose value is >= x (hi if none). */
static size_t stat_lower(const stat_sorted_run *run, size_t lo, size_t hi, double x)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (stat_at(run, mid) < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first index of [lo, hi) of run whose value is > x (hi if none). */
static size_t stat_upper(const stat_sorted_run *run, size_t lo, size_t hi, double x)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (stat_at(run, mid) <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void stat_swap(double *v, size_t i, size_t j)
{
    double t = v[i];
    v[i] = v[j];
    v[j] = t;
}

void stat_select_rank(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* the rank lies in [lo, hi) */

    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, lt = lo, i = lo, gt = hi;
        double a = v[lo], b = v[mid], c = v[hi - 1], pivot;

        pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        /* [lo, lt) < pivot, [lt, i) == pivot, [gt, hi) > pivot */
        while (i < gt) {
            if (v[i] < pivot)
                stat_swap(v, lt++, i++);
            else if (v[i] > pivot)
                stat_swap(v, i, --gt);
            else
                i++;
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return;
    }
}

/* A window's middle value and the window's size. */
typedef struct {
    double x;
    size_t w;
} stat_mid;

static int stat_mid_cmp(const void *a, const void *b)
{
    double x = ((const stat_mid *)a)->x, y = ((const stat_mid *)b)->x;

    return (x > y) - (x < y);
}

/* The value of rank k (k < r->values): each run keeps a window [lo, hi)
 * that holds the runs' values still in question, below counts the values
 * left of the windows (all <= those in them). A pivot, the weighted median
 * of the windows' middles, splits every window by binary search into
 * < pivot, == pivot, > pivot; at least a quarter of what is left goes each
 * round. A few values left are copied out and selected among. */
static int stat_runs_rank(const stat_runs *r, size_t k, double *out)
{
    size_t m = r->n, active = 0, below = 0, left = 0;
    size_t *idx = malloc((m > 0 ? m : 1) * 5 * sizeof(*idx));
    size_t *lo = idx + m, *hi = lo + m, *lt = hi + m, *le = lt + m;
    stat_mid *mids = malloc((m > 0 ? m : 1) * sizeof(*mids));
    double *tmp = NULL;
    int rc = -1;

    if (idx == NULL || mids == NULL)
        goto out;
    for (size_t i = 0; i < m; i++)
        if (r->v[i].n > 0) {
            idx[active] = i;
            lo[active] = 0;
            hi[active] = r->v[i].n;
            left += r->v[i].n;
            active++;
        }
    if (k >= left)
        goto out;
    for (;;) {
        size_t nlt = below, nle = below, acc = 0, kept = 0;
        double pivot = 0;

        if (active == 1) {
            *out = stat_at(&r->v[idx[0]], lo[0] + (k - below));
            break;
        }
        if (left <= STAT_RUNS_GATHER) {
            size_t g = 0;
            tmp = malloc(left * sizeof(*tmp));
            if (tmp == NULL)
                goto out;
            for (size_t a = 0; a < active; a++)
                for (size_t i = lo[a]; i < hi[a]; i++)
                    tmp[g++] = stat_at(&r->v[idx[a]], i);
            stat_select_rank(tmp, g, k - below);
            *out = tmp[k - below];
            break;
        }
        for (size_t a = 0; a < active; a++) {
            size_t w = hi[a] - lo[a];
            mids[a].x = stat_at(&r->v[idx[a]], lo[a] + (w / 2));
            mids[a].w = w;
        }
        qsort(mids, active, sizeof(*mids), stat_mid_cmp);
        for (size_t a = 0; a < active; a++) {
            acc += mids[a].w;
            if (acc * 2 >= left) {
                pivot = mids[a].x;
                break;
            }
        }
        for (size_t a = 0; a < active; a++) {
            const stat_sorted_run *run = &r->v[idx[a]];
            lt[a] = stat_lower(run, lo[a], hi[a], pivot);
            le[a] = stat_upper(run, lt[a], hi[a], pivot);
            nlt += lt[a] - lo[a];
            nle += le[a] - lo[a];
        }
        if (k >= nlt && k < nle) {
            *out = pivot;
            break;
        }
        /* keep the values below the pivot, or those above it */
        left = 0;
        for (size_t a = 0; a < active; a++) {
            size_t l = k < nlt ? lo[a] : le[a], h = k < nlt ? lt[a] : hi[a];
            if (l == h)
                continue;
            idx[kept] = idx[a];
            lo[kept] = l;
            hi[kept] = h;
            left += h - l;
            kept++;
        }
        active = kept;
        if (k >= nle)
            below = nle;
    }
    rc = 0;
out:
    free(tmp);
    free(mids);
    free(idx);
    return rc;
}

int stat_runs_select(const stat_runs *r, size_t k, double *out, double *next)
{
    size_t le = 0;
    int found = 0;
    double v;

    if (stat_runs_rank(r, k, &v) != 0)
        return -1;
    *out = v;
    if (next == NULL)
        return 0;
    /* rank k + 1 is v again when more than k + 1 values are <= v, else the
     * least value above v */
    for (size_t i = 0; i < r->n; i++) {
        size_t u = stat_upper(&r->v[i], 0, r->v[i].n, v);
        le += u;
        if (u < r->v[i].n) {
            double x = stat_at(&r->v[i], u);
            if (!found || x < *next)
                *next = x;
            found = 1;
        }
    }
    if (le > k + 1) {
        *next = v;
        return 0;
    }
    return found ? 0 : -1;
}
