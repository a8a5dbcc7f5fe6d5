#include "activities/buddy_pairing.h"

#include <stdlib.h>
#include <string.h>

typedef struct pairing {
    const char *const *dept;
    size_t n;
    const unsigned char *before;
    int *memo; /* exact: best score of the candidates still in a mask; -1 unknown */
} pairing;

static int across(const pairing *g, size_t i, size_t j)
{
    const char *a = g->dept[i], *b = g->dept[j];

    return a != NULL && b != NULL && a[0] != '\0' && b[0] != '\0' && strcmp(a, b) != 0;
}

static int allowed(const pairing *g, size_t i, size_t j)
{
    return i != j && (g->before == NULL || !g->before[i * g->n + j]);
}

/* A pair is worth more than all the across bonuses together, so the
 * number of pairs comes first. */
static int pair_score(const pairing *g, size_t i, size_t j)
{
    return (int)g->n + 1 + across(g, i, j);
}

static size_t lowest(unsigned long mask)
{
    size_t i = 0;

    while (!(mask & (1ul << i)))
        i++;
    return i;
}

/* The best score for the candidates in mask: its lowest candidate stays
 * alone or is paired with another one in mask. */
static int best(pairing *g, unsigned long mask)
{
    size_t i, j;
    unsigned long rest;
    int s, top;

    if (mask == 0)
        return 0;
    if (g->memo[mask] >= 0)
        return g->memo[mask];
    i = lowest(mask);
    rest = mask & ~(1ul << i);
    top = best(g, rest);
    for (j = i + 1; j < g->n; j++) {
        if (!(rest & (1ul << j)) || !allowed(g, i, j))
            continue;
        s = pair_score(g, i, j) + best(g, rest & ~(1ul << j));
        if (s > top)
            top = s;
    }
    g->memo[mask] = top;
    return top;
}

static void add_pair(buddy_proposal *out, const pairing *g, size_t i, size_t j)
{
    out->pairs[out->npairs][0] = i < j ? i : j;
    out->pairs[out->npairs][1] = i < j ? j : i;
    out->npairs++;
    out->across += (size_t)across(g, i, j);
}

/* Walks the best choices back: the first partner (in order) that reaches
 * the best score, else alone. */
static void exact(pairing *g, buddy_proposal *out)
{
    unsigned long mask = (g->n == 0) ? 0 : ((1ul << g->n) - 1), rest;
    size_t i, j;
    int want;

    while (mask != 0) {
        want = best(g, mask);
        i = lowest(mask);
        rest = mask & ~(1ul << i);
        for (j = i + 1; j < g->n; j++) {
            if ((rest & (1ul << j)) && allowed(g, i, j) &&
                pair_score(g, i, j) + best(g, rest & ~(1ul << j)) == want)
                break;
        }
        if (j < g->n) {
            add_pair(out, g, i, j);
            rest &= ~(1ul << j);
        } else {
            out->unpaired[out->nunpaired++] = i;
        }
        mask = rest;
    }
}

/* How many partners candidate i still has (across departments only when
 * want_across). */
static size_t options(const pairing *g, const unsigned char *taken, size_t i, int want_across)
{
    size_t j, k = 0;

    for (j = 0; j < g->n; j++)
        if (!taken[j] && allowed(g, i, j) && (!want_across || across(g, i, j)))
            k++;
    return k;
}

/* Greedy for a large cohort: first across departments, then within, each
 * time the candidate with the fewest partners (first in order on a tie)
 * with their partner of fewest partners. */
static void greedy(const pairing *g, unsigned char *taken, buddy_proposal *out)
{
    size_t i, j, k, pick, mate, fewest;
    int round;

    for (round = 1; round >= 0; round--) {
        for (;;) {
            pick = g->n;
            fewest = 0;
            for (i = 0; i < g->n; i++) {
                if (taken[i])
                    continue;
                k = options(g, taken, i, round);
                if (k > 0 && (pick == g->n || k < fewest)) {
                    pick = i;
                    fewest = k;
                }
            }
            if (pick == g->n)
                break;
            mate = g->n;
            fewest = 0;
            for (j = 0; j < g->n; j++) {
                if (taken[j] || !allowed(g, pick, j) || (round && !across(g, pick, j)))
                    continue;
                k = options(g, taken, j, round);
                if (mate == g->n || k < fewest) {
                    mate = j;
                    fewest = k;
                }
            }
            taken[pick] = taken[mate] = 1;
            add_pair(out, g, pick, mate);
        }
    }
    for (i = 0; i < g->n; i++)
        if (!taken[i])
            out->unpaired[out->nunpaired++] = i;
}

static int by_first(const void *a, const void *b)
{
    const size_t *x = a, *y = b;

    return (x[0] > y[0]) - (x[0] < y[0]);
}

int buddy_pairing_propose(const char *const *departments, size_t n, const unsigned char *before,
                          buddy_proposal *out)
{
    pairing g = {departments, n, before, NULL};
    unsigned char *taken = NULL;
    size_t i;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    out->pairs = calloc(n / 2 + 1, sizeof(*out->pairs));
    out->unpaired = calloc(n + 1, sizeof(*out->unpaired));
    if (out->pairs == NULL || out->unpaired == NULL)
        goto out;
    if (n <= BUDDY_PAIRING_EXACT_MAX) {
        g.memo = malloc(sizeof(*g.memo) << n);
        if (g.memo == NULL)
            goto out;
        for (i = 0; i < ((size_t)1 << n); i++)
            g.memo[i] = -1;
        exact(&g, out);
    } else {
        taken = calloc(n, 1);
        if (taken == NULL)
            goto out;
        greedy(&g, taken, out);
        qsort(out->pairs, out->npairs, sizeof(*out->pairs), by_first);
    }
    rc = 0;
out:
    free(g.memo);
    free(taken);
    if (rc != 0)
        buddy_proposal_free(out);
    return rc;
}

void buddy_proposal_free(buddy_proposal *p)
{
    if (p == NULL)
        return;
    free(p->pairs);
    free(p->unpaired);
    memset(p, 0, sizeof(*p));
}
