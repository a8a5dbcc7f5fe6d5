#include "manifest/consultation_support.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int consultation_tally_add(consultation_tally *t, const char *stance, int n)
{
    int *slot = NULL;

    if (stance == NULL || n < 0)
        return -1;
    if (strcmp(stance, "support") == 0)
        slot = &t->support;
    else if (strcmp(stance, "support_with_remark") == 0)
        slot = &t->support_with_remark;
    else if (strcmp(stance, "object") == 0)
        slot = &t->object;
    if (slot == NULL)
        return -1;
    *slot += n;
    t->views += n;
    return 0;
}

int consultation_group_shown(int views, int min_group_size)
{
    return views > 0 && views >= min_group_size;
}

double consultation_support_share(const consultation_tally *t)
{
    if (t->views <= 0)
        return 0.0;
    return round((double)(t->support + t->support_with_remark) * 10000.0 / (double)t->views) /
           10000.0;
}

/* A count and where it came among the counts: sorted by group, so that
 * the counts of one group lie together and each group is found by a
 * binary search. Two rounds of 100 statements over 20 departments are
 * 12,000 counts; comparing every count with every other cost the service
 * 98 ms of CPU per answer by department (make bench-programmes), sorting
 * 42 ms, most of it the JSON. */
typedef struct count_ref {
    const consultation_count *c;
    size_t at;
} count_ref;

/* The groups of the per-department answer: its counts' tally, where its
 * first count came (the answer's order). */
typedef struct department_group {
    const consultation_count *c;
    size_t first;
    consultation_tally t;
} department_group;

/* Statement, then round (by_group: then the department and the place
 * among the counts). Strings are never NULL here: such counts match no
 * group and are left out before sorting. */
static int cell_cmp(const char *statement_a, int round_a, const char *statement_b, int round_b)
{
    int c = strcmp(statement_a, statement_b);

    if (c != 0)
        return c;
    return (round_a > round_b) - (round_a < round_b);
}

static int by_cell(const void *a, const void *b)
{
    const count_ref *x = a, *y = b;

    return cell_cmp(x->c->statement_id, x->c->round, y->c->statement_id, y->c->round);
}

static int by_group(const void *a, const void *b)
{
    const count_ref *x = a, *y = b;
    int c = by_cell(a, b);

    if (c == 0)
        c = strcmp(x->c->department, y->c->department);
    if (c == 0)
        c = (x->at > y->at) - (x->at < y->at);
    return c;
}

static int by_first(const void *a, const void *b)
{
    const department_group *x = a, *y = b;

    return (x->first > y->first) - (x->first < y->first);
}

static int by_cell_of_cells(const void *a, const void *b)
{
    const consultation_cell *x = a, *y = b;

    return cell_cmp(x->statement_id, x->round, y->statement_id, y->round);
}

/* The counts that can belong to a group (with a statement, and with a
 * department when departments count), sorted by cmp; NULL when out of
 * memory (or when there are none: *n is 0 then). */
static count_ref *refs_sorted(const consultation_count *counts, size_t ncounts, int departments,
                              int (*cmp)(const void *, const void *), size_t *n)
{
    count_ref *refs = malloc((ncounts > 0 ? ncounts : 1) * sizeof(*refs));
    size_t i;

    *n = 0;
    if (refs == NULL)
        return NULL;
    for (i = 0; i < ncounts; i++) {
        if (counts[i].statement_id == NULL || (departments && counts[i].department == NULL))
            continue;
        refs[*n].c = &counts[i];
        refs[*n].at = i;
        (*n)++;
    }
    qsort(refs, *n, sizeof(*refs), cmp);
    return refs;
}

/* The first of the sorted refs of (statement_id, round), or n when none. */
static size_t first_of_cell(const count_ref *refs, size_t n, const char *statement_id, int round)
{
    size_t lo = 0, hi = n, mid;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (cell_cmp(refs[mid].c->statement_id, refs[mid].c->round, statement_id, round) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && cell_cmp(refs[lo].c->statement_id, refs[lo].c->round, statement_id, round) == 0
               ? lo
               : n;
}

/* Each cell's tally over every department (out: ncells of them); -1 when
 * out of memory. */
static int cell_tallies(const consultation_cell *cells, size_t ncells,
                        const consultation_count *counts, size_t ncounts, consultation_tally *out)
{
    size_t n, i, k;
    count_ref *refs = refs_sorted(counts, ncounts, 0, by_cell, &n);

    if (refs == NULL)
        return -1;
    for (i = 0; i < ncells; i++) {
        out[i] = (consultation_tally){0, 0, 0, 0};
        if (cells[i].statement_id == NULL)
            continue;
        for (k = first_of_cell(refs, n, cells[i].statement_id, cells[i].round);
             k < n && cell_cmp(refs[k].c->statement_id, refs[k].c->round, cells[i].statement_id,
                               cells[i].round) == 0;
             k++)
            (void)consultation_tally_add(&out[i], refs[k].c->stance, refs[k].c->n);
    }
    free(refs);
    return 0;
}

/* One item of the support answer, or NULL when out of memory. */
static json_t *support_item(const char *statement_id, int round, const char *department,
                            const consultation_tally *t, int min_group_size)
{
    json_t *item = json_pack("{s:s, s:i}", "statementId", statement_id, "round", round);
    json_t *figures = NULL;

    if (item == NULL)
        return NULL;
    if (department != NULL && json_object_set_new(item, "department", json_string(department)) != 0)
        goto fail;
    if (!consultation_group_shown(t->views, min_group_size)) {
        if (json_object_set_new(item, "withheld", json_true()) != 0)
            goto fail;
        return item;
    }
    figures = json_pack("{s:b, s:i, s:i, s:i, s:i, s:f}", "withheld", 0, "views", t->views,
                        "support", t->support, "supportWithRemark", t->support_with_remark,
                        "object", t->object, "supportShare", consultation_support_share(t));
    if (figures == NULL || json_object_update(item, figures) != 0)
        goto fail;
    json_decref(figures);
    return item;
fail:
    json_decref(figures);
    json_decref(item);
    return NULL;
}

/* The items of the per-department answer: one per (statement, round,
 * department) that has counts and whose cell is listed, in the order its
 * first count came. NULL when out of memory. */
static json_t *department_items(const consultation_cell *cells, size_t ncells,
                                const consultation_count *counts, size_t ncounts,
                                int min_group_size)
{
    json_t *items = json_array(), *item;
    consultation_cell *listed = malloc((ncells > 0 ? ncells : 1) * sizeof(*listed));
    department_group *groups = malloc((ncounts > 0 ? ncounts : 1) * sizeof(*groups));
    count_ref *refs = NULL;
    size_t n = 0, ngroups = 0, nlisted = 0, i, k;

    if (items == NULL || listed == NULL || groups == NULL)
        goto fail;
    refs = refs_sorted(counts, ncounts, 1, by_group, &n);
    if (refs == NULL)
        goto fail;
    for (i = 0; i < ncells; i++)
        if (cells[i].statement_id != NULL)
            listed[nlisted++] = cells[i];
    qsort(listed, nlisted, sizeof(*listed), by_cell_of_cells);
    for (i = 0; i < n; i = k) {
        consultation_cell want = {refs[i].c->statement_id, refs[i].c->round};

        groups[ngroups] = (department_group){refs[i].c, refs[i].at, {0, 0, 0, 0}};
        for (k = i; k < n && by_cell(&refs[k], &refs[i]) == 0 &&
                    strcmp(refs[k].c->department, refs[i].c->department) == 0;
             k++)
            (void)consultation_tally_add(&groups[ngroups].t, refs[k].c->stance, refs[k].c->n);
        if (bsearch(&want, listed, nlisted, sizeof(*listed), by_cell_of_cells) != NULL)
            ngroups++;
    }
    qsort(groups, ngroups, sizeof(*groups), by_first);
    for (i = 0; i < ngroups; i++) {
        item = support_item(groups[i].c->statement_id, groups[i].c->round, groups[i].c->department,
                            &groups[i].t, min_group_size);
        if (item == NULL || json_array_append_new(items, item) != 0)
            goto fail;
    }
    free(refs);
    free(groups);
    free(listed);
    return items;
fail:
    free(refs);
    free(groups);
    free(listed);
    json_decref(items);
    return NULL;
}

json_t *consultation_support_items(const consultation_cell *cells, size_t ncells,
                                   const consultation_count *counts, size_t ncounts,
                                   int by_department, int min_group_size)
{
    json_t *items = NULL, *item;
    consultation_tally *tallies = NULL;
    size_t i;

    if (by_department)
        return department_items(cells, ncells, counts, ncounts, min_group_size);
    items = json_array();
    tallies = malloc((ncells > 0 ? ncells : 1) * sizeof(*tallies));
    if (items == NULL || tallies == NULL ||
        cell_tallies(cells, ncells, counts, ncounts, tallies) != 0)
        goto fail;
    for (i = 0; i < ncells; i++) {
        item =
            support_item(cells[i].statement_id, cells[i].round, NULL, &tallies[i], min_group_size);
        if (item == NULL || json_array_append_new(items, item) != 0)
            goto fail;
    }
    free(tallies);
    return items;
fail:
    free(tallies);
    json_decref(items);
    return NULL;
}

/* A count, or null when withheld. */
static json_t *count_or_null(int shown, int n)
{
    return shown ? json_integer(n) : json_null();
}

json_t *consultation_support_event(const consultation_cell *cells, size_t ncells,
                                   const consultation_count *counts, size_t ncounts,
                                   int min_group_size)
{
    json_t *out = json_array(), *item;
    consultation_tally *tallies = malloc((ncells > 0 ? ncells : 1) * sizeof(*tallies));
    consultation_tally t;
    int shown;
    size_t i;

    if (out == NULL || tallies == NULL ||
        cell_tallies(cells, ncells, counts, ncounts, tallies) != 0) {
        free(tallies);
        json_decref(out);
        return NULL;
    }
    for (i = 0; i < ncells; i++) {
        t = tallies[i];
        shown = consultation_group_shown(t.views, min_group_size);
        item = json_pack("{s:s, s:o, s:o, s:o, s:o}", "statementId", cells[i].statement_id, "views",
                         count_or_null(shown, t.views), "support", count_or_null(shown, t.support),
                         "supportWithRemark", count_or_null(shown, t.support_with_remark), "object",
                         count_or_null(shown, t.object));
        if (item == NULL || json_array_append_new(out, item) != 0) {
            free(tallies);
            json_decref(out);
            return NULL;
        }
    }
    free(tallies);
    return out;
}
