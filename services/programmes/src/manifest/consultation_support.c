#include "manifest/consultation_support.h"

#include <math.h>
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

static int same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The sum over the counts of one statement in one round, of one
 * department when department is not NULL. */
static consultation_tally tally_of(const consultation_count *counts, size_t ncounts,
                                   const char *statement_id, int round, const char *department)
{
    consultation_tally t = {0, 0, 0, 0};
    size_t i;

    for (i = 0; i < ncounts; i++) {
        if (counts[i].round != round || !same(counts[i].statement_id, statement_id))
            continue;
        if (department != NULL && !same(counts[i].department, department))
            continue;
        (void)consultation_tally_add(&t, counts[i].stance, counts[i].n);
    }
    return t;
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

static int listed(const consultation_cell *cells, size_t ncells, const char *statement_id,
                  int round)
{
    size_t i;

    for (i = 0; i < ncells; i++)
        if (cells[i].round == round && same(cells[i].statement_id, statement_id))
            return 1;
    return 0;
}

/* 1 when counts[k]'s group (statement, round, department) came earlier. */
static int seen_before(const consultation_count *counts, size_t k)
{
    size_t i;

    for (i = 0; i < k; i++)
        if (counts[i].round == counts[k].round &&
            same(counts[i].statement_id, counts[k].statement_id) &&
            same(counts[i].department, counts[k].department))
            return 1;
    return 0;
}

json_t *consultation_support_items(const consultation_cell *cells, size_t ncells,
                                   const consultation_count *counts, size_t ncounts,
                                   int by_department, int min_group_size)
{
    json_t *items = json_array(), *item;
    consultation_tally t;
    size_t i;

    if (items == NULL)
        return NULL;
    if (!by_department) {
        for (i = 0; i < ncells; i++) {
            t = tally_of(counts, ncounts, cells[i].statement_id, cells[i].round, NULL);
            item = support_item(cells[i].statement_id, cells[i].round, NULL, &t, min_group_size);
            if (item == NULL || json_array_append_new(items, item) != 0)
                goto fail;
        }
        return items;
    }
    for (i = 0; i < ncounts; i++) {
        if (counts[i].department == NULL || seen_before(counts, i) ||
            !listed(cells, ncells, counts[i].statement_id, counts[i].round))
            continue;
        t = tally_of(counts, ncounts, counts[i].statement_id, counts[i].round,
                     counts[i].department);
        item = support_item(counts[i].statement_id, counts[i].round, counts[i].department, &t,
                            min_group_size);
        if (item == NULL || json_array_append_new(items, item) != 0)
            goto fail;
    }
    return items;
fail:
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
    consultation_tally t;
    int shown;
    size_t i;

    if (out == NULL)
        return NULL;
    for (i = 0; i < ncells; i++) {
        t = tally_of(counts, ncounts, cells[i].statement_id, cells[i].round, NULL);
        shown = consultation_group_shown(t.views, min_group_size);
        item = json_pack("{s:s, s:o, s:o, s:o, s:o}", "statementId", cells[i].statement_id, "views",
                         count_or_null(shown, t.views), "support", count_or_null(shown, t.support),
                         "supportWithRemark", count_or_null(shown, t.support_with_remark), "object",
                         count_or_null(shown, t.object));
        if (item == NULL || json_array_append_new(out, item) != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}
