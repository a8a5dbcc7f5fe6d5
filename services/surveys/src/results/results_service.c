#include "results/results_service.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/validate.h"
#include "results/export_csv.h"
#include "results/results_repo.h"
#include "results/stats.h"
#include "surveys.h"

/* ---- common --------------------------------------------------------------- */

static int results_is_numeric(const char *type)
{
    return strcmp(type, "likert5") == 0 || strcmp(type, "likert7") == 0 || strcmp(type, "nps") == 0;
}

static int results_survey_has_audience(const results_survey *s, const char *audience)
{
    size_t i;

    for (i = 0; i < s->naudiences; i++)
        if (strcmp(s->audiences[i], audience) == 0)
            return 1;
    return 0;
}

/* Rounds for output: the statistics are estimates; 4 decimals are plenty
 * and keep the JSON stable across platforms. */
static json_t *results_real(double v)
{
    return json_real(round(v * 10000.0) / 10000.0);
}

/* Checks the id, acquires a connection and reads the survey. */
static kc_status results_begin(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                               kc_db_conn **conn, results_survey *s, kc_problem *pb)
{
    kc_status st;

    st = surveys_check_id("id", survey_id, pb);
    if (st != KC_OK)
        return st;
    st = kc_db_acquire(pool, conn, pb);
    if (st != KC_OK)
        return st;
    return results_repo_survey(*conn, p->tenant_id, survey_id, s, pb);
}

static void results_withhold(json_t *obj, int min_group_size)
{
    char reason[64];

    stats_withheld_reason(min_group_size, reason, sizeof(reason));
    json_object_set_new(obj, "withheld", json_true());
    json_object_set_new(obj, "reason", json_string(reason));
}

/* ---- results -------------------------------------------------------------- */

/* One group (question x audience) while the results are assembled. */
typedef struct results_group {
    const results_question *q;
    const char *audience;
    long long n;
    double sum, sumsq;
    int withheld;
    long long promoters, detractors;
    json_t *obj;     /* the group's JSON (borrowed from the results array) */
    json_t *counts;  /* distribution or choices: {key: count}            */
    json_t *ranking; /* {option: mean position}                          */
    json_t *values;  /* [{valueId, name, count, share}]                  */
    json_t *texts;   /* [text]                                           */
} results_group;

/* Index of the question with id qid, or -1 (a question deleted since, or
 * an answer row that does not belong: ignored). */
static long results_question_index(const json_t *qindex, const char *qid)
{
    const json_t *v = json_object_get(qindex, qid);

    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static long results_audience_index(const char *const *aud, size_t naud, const char *a)
{
    size_t i;

    for (i = 0; i < naud; i++)
        if (strcmp(aud[i], a) == 0)
            return (long)i;
    return -1;
}

/* Seeds a counts object with every option of the question at 0, so a
 * choice nobody made is visible as 0 (likert/nps: every scale point). */
static void results_seed_counts(const results_question *q, json_t *counts)
{
    const json_t *choices = json_object_get(q->options, "choices"), *c;
    char key[16];
    int lo = 0, hi = -1, i;
    size_t k;

    if (strcmp(q->type, "likert5") == 0) {
        lo = 1;
        hi = 5;
    } else if (strcmp(q->type, "likert7") == 0) {
        lo = 1;
        hi = 7;
    } else if (strcmp(q->type, "nps") == 0) {
        lo = 0;
        hi = 10;
    }
    for (i = lo; i <= hi; i++) {
        snprintf(key, sizeof(key), "%d", i);
        json_object_set_new(counts, key, json_integer(0));
    }
    json_array_foreach(choices, k, c)
    {
        const char *v = json_string_value(json_object_get(c, "value"));
        if (v != NULL)
            json_object_set_new(counts, v, json_integer(0));
    }
}

/* Value objects by count desc, then name. */
static int results_value_cmp(const void *x, const void *y)
{
    const json_t *a = *(const json_t *const *)x, *b = *(const json_t *const *)y;
    json_int_t ca = json_integer_value(json_object_get(a, "count"));
    json_int_t cb = json_integer_value(json_object_get(b, "count"));
    const char *na = json_string_value(json_object_get(a, "name"));
    const char *nb = json_string_value(json_object_get(b, "name"));

    if (ca != cb)
        return ca > cb ? -1 : 1;
    return strcmp(na ? na : "", nb ? nb : "");
}

/* Sorts the members of a JSON array with cmp (over json_t * elements);
 * left as it is when out of memory. */
static void results_sort(json_t *arr, int (*cmp)(const void *, const void *))
{
    size_t i, n = json_array_size(arr);
    json_t **v;

    if (n < 2)
        return;
    v = calloc(n, sizeof(*v));
    if (v == NULL)
        return;
    for (i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(arr, i));
    qsort(v, n, sizeof(*v), cmp);
    json_array_clear(arr);
    for (i = 0; i < n; i++)
        json_array_append_new(arr, v[i]);
    free(v);
}

/* Adds one detail row (not 'g') to its group, unless the group is
 * withheld or the row is not of one of its questions and audiences. */
static void results_add_detail(results_group *g, const json_t *qindex, const char *const *aud,
                               size_t naud, const results_row *r)
{
    results_group *gr;
    long qi, ai;

    if (r->kind == 'g' || r->key == NULL)
        return;
    qi = results_question_index(qindex, r->question_id);
    ai = results_audience_index(aud, naud, r->audience);
    if (qi < 0 || ai < 0)
        return;
    gr = &g[(size_t)qi * naud + (size_t)ai];
    if (gr->withheld)
        return;
    switch (r->kind) {
    case 'd':
    case 'm':
        if (gr->counts != NULL)
            json_object_set_new(gr->counts, r->key, json_integer((json_int_t)r->count));
        if (r->kind == 'd' && strcmp(gr->q->type, "nps") == 0) {
            int v = atoi(r->key);
            if (v >= 9)
                gr->promoters += r->count;
            else if (v <= 6)
                gr->detractors += r->count;
        }
        break;
    case 'r':
        if (gr->ranking != NULL && r->count > 0)
            json_object_set_new(gr->ranking, r->key, results_real(r->sum / (double)r->count));
        break;
    case 'v':
        if (gr->values != NULL)
            json_array_append_new(
                gr->values, json_pack("{s:s, s:s?, s:I, s:o}", "valueId", r->key, "name", r->label,
                                      "count", (json_int_t)r->count, "share",
                                      results_real(100.0 * (double)r->count / (double)gr->n)));
        break;
    default:
        break;
    }
}

/* Where results_add_text puts the texts: the groups, and the group of the
 * last text (they come sorted by question and audience). */
typedef struct results_text_sink {
    results_group *g;
    const json_t *qindex;
    const char *const *aud;
    size_t naud;
    char qid[37], audience[16];
    results_group *last; /* NULL: not one of the shown open_text groups */
} results_text_sink;

/* A results_text_fn: appends the text to its group when that is shown. */
static void results_add_text(void *arg, const char *question_id, const char *audience,
                             const char *text)
{
    results_text_sink *k = arg;
    long qi, ai;

    if (strcmp(k->qid, question_id) != 0 || strcmp(k->audience, audience) != 0) {
        snprintf(k->qid, sizeof(k->qid), "%s", question_id);
        snprintf(k->audience, sizeof(k->audience), "%s", audience);
        k->last = NULL;
        qi = results_question_index(k->qindex, question_id);
        ai = results_audience_index(k->aud, k->naud, audience);
        if (qi >= 0 && ai >= 0 && !k->g[(size_t)qi * k->naud + (size_t)ai].withheld)
            k->last = &k->g[(size_t)qi * k->naud + (size_t)ai];
    }
    if (k->last != NULL && k->last->texts != NULL)
        json_array_append_new(k->last->texts, json_string(text));
}

/* Builds the results array of the groups. The withheld rule is decided
 * from the 'g' rows first; only then are the other rows and the open
 * texts read, and only into the groups that are not withheld. */
static kc_status results_build(kc_db_conn *conn, const char *tenant_id, const results_survey *s,
                               const char *audience, const results_question *qs, size_t nq,
                               const char *const *aud, size_t naud, const results_row *rows,
                               size_t nrows, json_t **out, kc_problem *pb)
{
    results_text_sink sink = {0};
    results_group *g = NULL;
    json_t *qindex = json_object(), *arr = json_array();
    size_t i, ng = nq * naud;
    kc_status st = KC_OK;

    *out = NULL;
    if (qindex == NULL || arr == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    if (ng > 0) {
        g = calloc(ng, sizeof(*g));
        if (g == NULL) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    }
    for (i = 0; i < nq; i++)
        json_object_set_new(qindex, qs[i].id, json_integer((json_int_t)i));
    for (i = 0; i < ng; i++) {
        g[i].q = &qs[i / naud];
        g[i].audience = aud[i % naud];
    }
    /* 1: group sizes and sums */
    for (i = 0; i < nrows; i++) {
        long qi, ai;
        if (rows[i].kind != 'g')
            continue;
        qi = results_question_index(qindex, rows[i].question_id);
        ai = results_audience_index(aud, naud, rows[i].audience);
        if (qi < 0 || ai < 0)
            continue;
        g[(size_t)qi * naud + (size_t)ai].n = rows[i].n;
        g[(size_t)qi * naud + (size_t)ai].sum = rows[i].sum;
        g[(size_t)qi * naud + (size_t)ai].sumsq = rows[i].sumsq;
    }
    /* 2: the rule, then the containers of the groups that may be shown */
    for (i = 0; i < ng; i++) {
        const char *type = g[i].q->type;
        g[i].obj = json_pack("{s:s, s:s, s:s, s:s, s:I, s:b}", "questionId", g[i].q->id, "code",
                             g[i].q->code, "type", type, "audience", g[i].audience, "n",
                             (json_int_t)g[i].n, "withheld", 0);
        if (g[i].obj == NULL || json_array_append_new(arr, g[i].obj) != 0) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
        g[i].withheld = stats_withheld(g[i].n, s->min_group_size);
        if (g[i].withheld) {
            results_withhold(g[i].obj, s->min_group_size);
            continue;
        }
        if (results_is_numeric(type) || strcmp(type, "single_choice") == 0) {
            g[i].counts = json_object();
            results_seed_counts(g[i].q, g[i].counts);
            json_object_set_new(g[i].obj, "distribution", g[i].counts);
        } else if (strcmp(type, "multiple_choice") == 0) {
            g[i].counts = json_object();
            results_seed_counts(g[i].q, g[i].counts);
            json_object_set_new(g[i].obj, "choices", g[i].counts);
        } else if (strcmp(type, "ranking") == 0) {
            g[i].ranking = json_object();
            json_object_set_new(g[i].obj, "ranking", g[i].ranking);
        } else if (strcmp(type, "value_selection") == 0) {
            g[i].values = json_array();
            json_object_set_new(g[i].obj, "values", g[i].values);
        } else if (strcmp(type, "open_text") == 0) {
            g[i].texts = json_array();
            json_object_set_new(g[i].obj, "texts", g[i].texts);
        }
    }
    /* 3: the details, into shown groups only */
    for (i = 0; i < nrows; i++)
        results_add_detail(g, qindex, aud, naud, &rows[i]);
    sink.g = g;
    sink.qindex = qindex;
    sink.aud = aud;
    sink.naud = naud;
    st = results_repo_texts(conn, tenant_id, s->id, audience, results_add_text, &sink, pb);
    if (st != KC_OK)
        goto out;
    /* 4: statistics of the shown groups */
    for (i = 0; i < ng; i++) {
        double mean, sd, nps;
        if (g[i].withheld)
            continue;
        if (results_is_numeric(g[i].q->type)) {
            if (stats_mean(g[i].n, g[i].sum, &mean) == 0)
                json_object_set_new(g[i].obj, "mean", results_real(mean));
            if (stats_sd(g[i].n, g[i].sum, g[i].sumsq, &sd) == 0)
                json_object_set_new(g[i].obj, "sd", results_real(sd));
        }
        if (strcmp(g[i].q->type, "nps") == 0 &&
            stats_nps(g[i].n, g[i].promoters, g[i].detractors, &nps) == 0) {
            json_object_set_new(g[i].obj, "nps", results_real(nps));
            json_object_set_new(g[i].obj, "promoters", json_integer((json_int_t)g[i].promoters));
            json_object_set_new(g[i].obj, "detractors", json_integer((json_int_t)g[i].detractors));
        }
        if (g[i].values != NULL)
            results_sort(g[i].values, results_value_cmp);
    }
    *out = arr;
    arr = NULL;
out:
    json_decref(arr);
    json_decref(qindex);
    free(g);
    return st;
}

/* The results document of survey s (connection open, survey read). */
static kc_status results_document(kc_db_conn *conn, const char *tenant_id, const results_survey *s,
                                  const char *audience, json_t **out, kc_problem *pb)
{
    results_question *qs = NULL;
    results_row *rows = NULL;
    size_t nq = 0, nrows = 0, naud = 0, i;
    const char *aud[RESULTS_MAX_AUDIENCES];
    json_t *arr = NULL;
    kc_status st;

    *out = NULL;
    if (audience != NULL) {
        aud[naud++] = audience;
    } else {
        for (i = 0; i < s->naudiences; i++)
            aud[naud++] = s->audiences[i];
    }
    st = results_repo_questions(conn, tenant_id, s->id, &qs, &nq, pb);
    if (st != KC_OK)
        goto out;
    st = results_repo_aggregates(conn, tenant_id, s->id, audience, &rows, &nrows, pb);
    if (st != KC_OK)
        goto out;
    st = results_build(conn, tenant_id, s, audience, qs, nq, aud, naud, rows, nrows, &arr, pb);
    if (st != KC_OK)
        goto out;
    *out = json_pack("{s:s, s:i, s:o}", "surveyId", s->id, "minGroupSize", s->min_group_size,
                     "results", arr);
    arr = NULL;
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(arr);
    results_row_array_free(rows, nrows);
    results_question_array_free(qs, nq);
    return st;
}

kc_status results_service_get(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                              const char *audience, json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    results_survey s;
    kc_status st;

    *out = NULL;
    st = results_begin(pool, p, survey_id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    if (audience != NULL && !results_survey_has_audience(&s, audience)) {
        kc_problem_set(pb, KC_INVALID, "%s is not an audience of this survey", audience);
        kc_problem_add_field(pb, "audience", "not an audience of this survey");
        st = KC_INVALID;
        goto out;
    }
    st = results_document(conn, p->tenant_id, &s, audience, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

/* ---- gap analysis ----------------------------------------------------------- */

/* One side of a gap item: {n} and, when shown, {score}. */
typedef struct results_side {
    long long n, count;
    double sum, sumsq;
    int seen;
} results_side;

/* Gap items by the size of their difference (withheld last), then name or
 * code. */
static int results_item_cmp(const void *x, const void *y)
{
    const json_t *a = *(const json_t *const *)x, *b = *(const json_t *const *)y;
    const json_t *da = json_object_get(a, "difference"), *db = json_object_get(b, "difference");
    const char *na, *nb;
    double fa, fb;

    if (json_is_number(da) != json_is_number(db))
        return json_is_number(da) ? -1 : 1; /* withheld (null) last */
    if (json_is_number(da)) {
        fa = fabs(json_number_value(da));
        fb = fabs(json_number_value(db));
        if (fa != fb)
            return fa > fb ? -1 : 1;
    }
    na = json_string_value(json_object_get(a, "name"));
    nb = json_string_value(json_object_get(b, "name"));
    if (na == NULL)
        na = json_string_value(json_object_get(a, "code"));
    if (nb == NULL)
        nb = json_string_value(json_object_get(b, "code"));
    return strcmp(na ? na : "", nb ? nb : "");
}

/* Fills a gap item from its two sides (the small-group rule first). For
 * values the score is the share in percent; for Likert the mean. */
static void results_gap_item(json_t *item, const results_side *a, const results_side *b,
                             int is_value, int min_group_size)
{
    double sa, sb;

    if (stats_withheld(a->n, min_group_size) || stats_withheld(b->n, min_group_size)) {
        json_object_set_new(item, "a", json_pack("{s:I, s:n}", "n", (json_int_t)a->n, "score"));
        json_object_set_new(item, "b", json_pack("{s:I, s:n}", "n", (json_int_t)b->n, "score"));
        json_object_set_new(item, "difference", json_null());
        results_withhold(item, min_group_size);
        return;
    }
    if (is_value) {
        sa = 100.0 * (double)a->count / (double)a->n;
        sb = 100.0 * (double)b->count / (double)b->n;
    } else {
        sa = a->sum / (double)a->n;
        sb = b->sum / (double)b->n;
    }
    json_object_set_new(item, "a",
                        json_pack("{s:I, s:o}", "n", (json_int_t)a->n, "score", results_real(sa)));
    json_object_set_new(item, "b",
                        json_pack("{s:I, s:o}", "n", (json_int_t)b->n, "score", results_real(sb)));
    json_object_set_new(item, "difference", results_real(sa - sb));
    json_object_set_new(item, "withheld", json_false());
}

kc_status results_service_gap(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                              const char *a, const char *b, json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    results_survey s;
    results_question *qs = NULL;
    results_row *rows = NULL;
    size_t nq = 0, nrows = 0, i, j;
    json_t *items = NULL;
    kc_status st;

    *out = NULL;
    if (a == NULL)
        a = "citizens";
    if (b == NULL)
        b = "employees";
    st = results_begin(pool, p, survey_id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    if (strcmp(a, b) == 0) {
        kc_problem_set(pb, KC_INVALID, "the gap analysis compares two different audiences");
        kc_problem_add_field(pb, "audienceB", "must differ from audienceA");
        st = KC_INVALID;
        goto out;
    }
    st = results_repo_questions(conn, p->tenant_id, s.id, &qs, &nq, pb);
    if (st != KC_OK)
        goto out;
    st = results_repo_gap(conn, p->tenant_id, s.id, a, b, &rows, &nrows, pb);
    if (st != KC_OK)
        goto out;
    items = json_array();
    if (items == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    /* values: rows come per value, both audiences next to each other */
    for (i = 0; i < nrows; i = j) {
        results_side sa = {0}, sb = {0};
        json_t *item;
        if (rows[i].kind != 'v') {
            j = i + 1;
            continue;
        }
        for (j = i; j < nrows && rows[j].kind == 'v' && rows[j].key != NULL &&
                    strcmp(rows[j].key, rows[i].key) == 0;
             j++) {
            results_side *side = strcmp(rows[j].audience, a) == 0 ? &sa : &sb;
            side->n = rows[j].n;
            side->count = rows[j].count;
        }
        if (j == i)
            j = i + 1;
        item = json_pack("{s:s, s:s, s:s?}", "kind", "value", "valueId", rows[i].key, "name",
                         rows[i].label);
        if (item == NULL)
            continue;
        results_gap_item(item, &sa, &sb, 1, s.min_group_size);
        json_array_append_new(items, item);
    }
    /* Likert questions: every one of the survey, n 0 where unanswered */
    for (i = 0; i < nq; i++) {
        results_side sa = {0}, sb = {0};
        json_t *item;
        if (strcmp(qs[i].type, "likert5") != 0 && strcmp(qs[i].type, "likert7") != 0)
            continue;
        for (j = 0; j < nrows; j++) {
            results_side *side;
            if (rows[j].kind != 'l' || strcmp(rows[j].question_id, qs[i].id) != 0)
                continue;
            side = strcmp(rows[j].audience, a) == 0 ? &sa : &sb;
            side->n = rows[j].n;
            side->sum = rows[j].sum;
        }
        item = json_pack("{s:s, s:s, s:s}", "kind", "likert", "questionId", qs[i].id, "code",
                         qs[i].code);
        if (item == NULL)
            continue;
        results_gap_item(item, &sa, &sb, 0, s.min_group_size);
        json_array_append_new(items, item);
    }
    results_sort(items, results_item_cmp);
    *out = json_pack("{s:s, s:s, s:s, s:i, s:o}", "surveyId", s.id, "audienceA", a, "audienceB", b,
                     "minGroupSize", s.min_group_size, "items", items);
    items = NULL;
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(items);
    results_row_array_free(rows, nrows);
    results_question_array_free(qs, nq);
    kc_db_release(pool, conn);
    return st;
}

/* ---- wave comparison ------------------------------------------------------- */

static kc_status results_with_invalid(kc_problem *pb, const char *reason)
{
    kc_problem_set(pb, KC_INVALID, "with: %s", reason);
    kc_problem_add_field(pb, "with", reason);
    return KC_INVALID;
}

/* An interval into item: difference, ci95 [lo, hi], significant. */
static void results_set_interval(json_t *item, const stats_interval *ci)
{
    json_object_set_new(item, "difference", results_real(ci->difference));
    json_object_set_new(item, "ci95",
                        json_pack("[o, o]", results_real(ci->lo), results_real(ci->hi)));
    json_object_set_new(item, "significant", json_boolean(ci->significant));
}

/* Items of one group (code x audience), rows [i, j) of the sorted rows:
 * the 'g' rows of both sides, then the option rows. */
static void results_compare_group(const results_row *rows, size_t i, size_t j, int min_group_size,
                                  json_t *items)
{
    results_side side[2] = {{0}, {0}};
    const results_row *r0 = &rows[i];
    const char *type = r0->type;
    size_t k, m;
    json_t *item;

    for (k = i; k < j; k++)
        if (rows[k].kind == 'g' && (rows[k].side == 0 || rows[k].side == 1)) {
            side[rows[k].side].n = rows[k].n;
            side[rows[k].side].sum = rows[k].sum;
            side[rows[k].side].sumsq = rows[k].sumsq;
        }
    if (strcmp(type, "open_text") == 0)
        return;
    if (stats_withheld(side[0].n, min_group_size) || stats_withheld(side[1].n, min_group_size)) {
        item = json_pack("{s:s, s:s, s:s, s:{s:I}, s:{s:I}}", "code", r0->code, "type", type,
                         "audience", r0->audience, "from", "n", (json_int_t)side[0].n, "to", "n",
                         (json_int_t)side[1].n);
        if (item != NULL) {
            results_withhold(item, min_group_size);
            json_array_append_new(items, item);
        }
        return;
    }
    if (results_is_numeric(type)) {
        double m0 = side[0].sum / (double)side[0].n, m1 = side[1].sum / (double)side[1].n;
        double sd0 = 0, sd1 = 0;
        stats_interval ci;
        item = json_pack("{s:s, s:s, s:s, s:{s:I, s:o}, s:{s:I, s:o}, s:b}", "code", r0->code,
                         "type", type, "audience", r0->audience, "from", "n", (json_int_t)side[0].n,
                         "mean", results_real(m0), "to", "n", (json_int_t)side[1].n, "mean",
                         results_real(m1), "withheld", 0);
        if (item == NULL)
            return;
        if (stats_sd(side[0].n, side[0].sum, side[0].sumsq, &sd0) == 0 &&
            stats_sd(side[1].n, side[1].sum, side[1].sumsq, &sd1) == 0 &&
            stats_welch_ci95(side[1].n, m1, sd1, side[0].n, m0, sd0, &ci) == 0)
            results_set_interval(item, &ci);
        json_array_append_new(items, item);
        return;
    }
    /* per option: rows of the same key are adjacent (sorted by key, side) */
    for (k = i; k < j; k = m) {
        long long cnt[2] = {0, 0};
        double sum[2] = {0, 0}, sumsq[2] = {0, 0};
        stats_interval ci;
        const char *name = NULL;
        if (rows[k].kind == 'g' || rows[k].key == NULL) {
            m = k + 1;
            continue;
        }
        for (m = k; m < j && rows[m].kind == rows[k].kind && rows[m].key != NULL &&
                    strcmp(rows[m].key, rows[k].key) == 0;
             m++) {
            int sd = rows[m].side == 1;
            cnt[sd] = rows[m].count;
            sum[sd] = rows[m].sum;
            sumsq[sd] = rows[m].sumsq;
            if (rows[m].label != NULL)
                name = rows[m].label;
        }
        if (rows[k].kind == 'r') {
            /* ranking: the mean position of the option, Welch */
            double m0 = cnt[0] ? sum[0] / (double)cnt[0] : 0,
                   m1 = cnt[1] ? sum[1] / (double)cnt[1] : 0;
            double sd0 = 0, sd1 = 0;
            item =
                json_pack("{s:s, s:s, s:s, s:s, s:{s:I, s:o}, s:{s:I, s:o}, s:b}", "code", r0->code,
                          "type", type, "audience", r0->audience, "option", rows[k].key, "from",
                          "n", (json_int_t)cnt[0], "meanPosition", results_real(m0), "to", "n",
                          (json_int_t)cnt[1], "meanPosition", results_real(m1), "withheld", 0);
            if (item == NULL)
                continue;
            if (stats_sd(cnt[0], sum[0], sumsq[0], &sd0) == 0 &&
                stats_sd(cnt[1], sum[1], sumsq[1], &sd1) == 0 &&
                stats_welch_ci95(cnt[1], m1, sd1, cnt[0], m0, sd0, &ci) == 0)
                results_set_interval(item, &ci);
        } else {
            /* a share of the group's respondents, two proportions */
            double p0 = 100.0 * (double)cnt[0] / (double)side[0].n;
            double p1 = 100.0 * (double)cnt[1] / (double)side[1].n;
            item = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:{s:I, s:o}, s:{s:I, s:o}, s:b}", "code",
                             r0->code, "type", type, "audience", r0->audience, "option",
                             rows[k].key, "name", name, "from", "n", (json_int_t)side[0].n, "share",
                             results_real(p0), "to", "n", (json_int_t)side[1].n, "share",
                             results_real(p1), "withheld", 0);
            if (item == NULL)
                continue;
            if (stats_two_prop_ci95(cnt[1], side[1].n, cnt[0], side[0].n, &ci) == 0)
                results_set_interval(item, &ci);
        }
        json_array_append_new(items, item);
    }
}

kc_status results_service_comparison(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                                     const char *with_id, const char *audience, json_t **out,
                                     kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    results_survey s, w;
    results_row *rows = NULL;
    size_t nrows = 0, i, j;
    json_t *items = NULL;
    kc_problem inner;
    kc_status st;

    *out = NULL;
    kc_problem_init(&inner);
    st = results_begin(pool, p, survey_id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    if (with_id == NULL) {
        st = results_with_invalid(pb, "required: the id of the other wave");
        goto out;
    }
    if (!kc_is_uuid(with_id)) {
        st = results_with_invalid(pb, "must be a UUID");
        goto out;
    }
    if (strcmp(with_id, s.id) == 0) {
        st = results_with_invalid(pb, "must be another wave than the survey itself");
        goto out;
    }
    st = results_repo_survey(conn, p->tenant_id, with_id, &w, &inner);
    if (st == KC_NOT_FOUND) {
        st = results_with_invalid(pb, "no such survey");
        goto out;
    }
    if (st != KC_OK) {
        st = kc_problem_set(pb, st, "%s", inner.detail);
        goto out;
    }
    if (strcmp(w.series_id, s.series_id) != 0) {
        st = results_with_invalid(pb, "not a wave of the same series");
        goto out;
    }
    st = results_repo_comparison(conn, p->tenant_id, s.id, w.id, audience, &rows, &nrows, pb);
    if (st != KC_OK)
        goto out;
    items = json_array();
    if (items == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    /* rows are sorted by code, audience: one group at a time */
    for (i = 0; i < nrows; i = j) {
        for (j = i; j < nrows && strcmp(rows[j].code, rows[i].code) == 0 &&
                    strcmp(rows[j].audience, rows[i].audience) == 0;
             j++)
            ;
        results_compare_group(rows, i, j, s.min_group_size, items);
    }
    *out =
        json_pack("{s:s, s:s, s:i, s:i, s:i, s:o}", "surveyId", s.id, "with", w.id, "minGroupSize",
                  s.min_group_size, "fromWave", s.wave, "toWave", w.wave, "items", items);
    items = NULL;
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    kc_problem_clear(&inner);
    json_decref(items);
    results_row_array_free(rows, nrows);
    kc_db_release(pool, conn);
    return st;
}

/* ---- export ------------------------------------------------------------------ */

/* A JSON answer as one CSV field: a number as digits, a string, an array
 * joined with ';'. Respondents' text is guarded against formulas. */
static void results_csv_answer(export_csv *c, const json_t *v, char *scratch, size_t len)
{
    const json_t *item;
    size_t i, used = 0;
    char *joined = NULL, *p;

    if (v == NULL || json_is_null(v)) {
        export_csv_field(c, "");
    } else if (json_is_integer(v)) {
        snprintf(scratch, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        export_csv_field(c, scratch);
    } else if (json_is_string(v)) {
        export_csv_text(c, json_string_value(v));
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, item) used += json_string_length(item) + 1;
        joined = malloc(used + 1);
        if (joined == NULL) {
            c->failed = 1;
            return;
        }
        p = joined;
        *p = '\0';
        json_array_foreach(v, i, item)
        {
            size_t n = json_string_length(item);
            if (i > 0)
                *p++ = ';';
            memcpy(p, json_string_value(item) ? json_string_value(item) : "", n);
            p += n;
            *p = '\0';
        }
        export_csv_text(c, joined);
        free(joined);
    } else {
        export_csv_field(c, "");
    }
}

/* Responses of the groups large enough. */
static kc_status results_export_responses(kc_db_conn *conn, const char *tenant_id,
                                          const results_survey *s, results_export_format format,
                                          char **csv, size_t *csv_len, json_t **json,
                                          kc_problem *pb)
{
    results_question *qs = NULL;
    results_response *rs = NULL;
    size_t nq = 0, nr = 0, i, k, a;
    long long counts[RESULTS_MAX_AUDIENCES + 1] = {0};
    int shown[RESULTS_MAX_AUDIENCES + 1] = {0};
    export_csv c = {0};
    json_t *arr = NULL, *withheld = NULL, *codes = NULL;
    char scratch[32], reason[64];
    kc_status st;

    st = results_repo_questions(conn, tenant_id, s->id, &qs, &nq, pb);
    if (st != KC_OK)
        goto out;
    st = results_repo_responses(conn, tenant_id, s->id, &rs, &nr, pb);
    if (st != KC_OK)
        goto out;
    /* the small-group rule per audience; an audience that is not the
     * survey's (should not exist) counts in the last slot and is never
     * shown */
    for (i = 0; i < nr; i++) {
        for (a = 0; a < s->naudiences && strcmp(s->audiences[a], rs[i].audience) != 0; a++)
            ;
        counts[a]++;
    }
    withheld = json_array();
    stats_withheld_reason(s->min_group_size, reason, sizeof(reason));
    for (a = 0; a < s->naudiences; a++) {
        shown[a] = !stats_withheld(counts[a], s->min_group_size);
        if (!shown[a])
            json_array_append_new(withheld,
                                  json_pack("{s:s, s:I, s:s}", "audience", s->audiences[a], "n",
                                            (json_int_t)counts[a], "reason", reason));
    }
    if (format == RESULTS_FORMAT_CSV) {
        export_csv_field(&c, "audience");
        export_csv_field(&c, "submittedOn");
        for (k = 0; k < nq; k++)
            export_csv_field(&c, qs[k].code);
        export_csv_end_row(&c);
    } else {
        arr = json_array();
        codes = json_array();
        for (k = 0; k < nq; k++)
            json_array_append_new(codes,
                                  json_pack("{s:s, s:s}", "code", qs[k].code, "type", qs[k].type));
    }
    for (i = 0; i < nr; i++) {
        json_t *answers;
        for (a = 0; a < s->naudiences && strcmp(s->audiences[a], rs[i].audience) != 0; a++)
            ;
        if (!shown[a])
            continue;
        if (format == RESULTS_FORMAT_CSV) {
            export_csv_field(&c, rs[i].audience);
            export_csv_field(&c, rs[i].submitted_on);
            for (k = 0; k < nq; k++)
                results_csv_answer(&c, json_array_get(rs[i].answers, k), scratch, sizeof(scratch));
            export_csv_end_row(&c);
            continue;
        }
        answers = json_object();
        for (k = 0; k < nq && answers != NULL; k++) {
            json_t *v = json_array_get(rs[i].answers, k);
            if (v != NULL && !json_is_null(v))
                json_object_set(answers, qs[k].code, v);
        }
        json_array_append_new(arr,
                              json_pack("{s:s, s:s, s:o*}", "audience", rs[i].audience,
                                        "submittedOn", rs[i].submitted_on, "answers", answers));
    }
    if (format == RESULTS_FORMAT_CSV) {
        *csv = export_csv_take(&c, csv_len);
        if (*csv == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    *json =
        json_pack("{s:s, s:i, s:o, s:o, s:o}", "surveyId", s->id, "minGroupSize", s->min_group_size,
                  "questions", codes, "withheld", withheld, "responses", arr);
    codes = withheld = arr = NULL;
    if (*json == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    export_csv_clear(&c);
    json_decref(arr);
    json_decref(codes);
    json_decref(withheld);
    results_response_array_free(rs, nr);
    results_question_array_free(qs, nq);
    return st;
}

/* One CSV record of the results in long form. NULL fields are empty. */
static void results_csv_record(export_csv *c, const json_t *g, const char *item,
                               const json_t *count, const json_t *share, const json_t *position,
                               int item_is_text)
{
    static const char *const cols[] = {"code",   "type", "audience", "n",  "withheld",
                                       "reason", "mean", "sd",       "nps"};
    char buf[64];
    const json_t *v;
    size_t i;

    for (i = 0; i < KC_NELEMS(cols); i++) {
        v = json_object_get(g, cols[i]);
        if (json_is_string(v))
            export_csv_field(c, json_string_value(v));
        else if (json_is_integer(v)) {
            snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            export_csv_field(c, buf);
        } else if (json_is_real(v)) {
            snprintf(buf, sizeof(buf), "%.4f", json_real_value(v));
            export_csv_field(c, buf);
        } else if (json_is_boolean(v))
            export_csv_field(c, json_is_true(v) ? "true" : "false");
        else
            export_csv_field(c, "");
    }
    if (item_is_text)
        export_csv_text(c, item);
    else
        export_csv_field(c, item);
    v = count;
    if (json_is_integer(v))
        snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        buf[0] = '\0';
    export_csv_field(c, buf);
    if (json_is_number(share))
        snprintf(buf, sizeof(buf), "%.4f", json_number_value(share));
    else
        buf[0] = '\0';
    export_csv_field(c, buf);
    if (json_is_number(position))
        snprintf(buf, sizeof(buf), "%.4f", json_number_value(position));
    else
        buf[0] = '\0';
    export_csv_field(c, buf);
    export_csv_end_row(c);
}

/* The results document as CSV: a record per group, then one per item of
 * it (distribution value, choice, ranking option, core value, text). */
static char *results_csv_of(const json_t *doc, size_t *len)
{
    static const char *const header[] = {"code",   "type",  "audience",    "n",   "withheld",
                                         "reason", "mean",  "sd",          "nps", "item",
                                         "count",  "share", "meanPosition"};
    export_csv c = {0};
    const json_t *g, *v, *o;
    const char *key;
    size_t i, k;

    for (i = 0; i < KC_NELEMS(header); i++)
        export_csv_field(&c, header[i]);
    export_csv_end_row(&c);
    json_array_foreach(json_object_get(doc, "results"), i, g)
    {
        json_int_t n = json_integer_value(json_object_get(g, "n"));
        results_csv_record(&c, g, NULL, NULL, NULL, NULL, 0);
        json_object_foreach((json_t *)json_object_get(g, "distribution"), key, v)
        {
            json_t *share = results_real(n ? 100.0 * (double)json_integer_value(v) / (double)n : 0);
            results_csv_record(&c, g, key, v, share, NULL, 0);
            json_decref(share);
        }
        json_object_foreach((json_t *)json_object_get(g, "choices"), key, v)
        {
            json_t *share = results_real(n ? 100.0 * (double)json_integer_value(v) / (double)n : 0);
            results_csv_record(&c, g, key, v, share, NULL, 0);
            json_decref(share);
        }
        json_object_foreach((json_t *)json_object_get(g, "ranking"), key, v)
            results_csv_record(&c, g, key, NULL, NULL, v, 0);
        json_array_foreach(json_object_get(g, "values"), k, o)
        {
            const char *name = json_string_value(json_object_get(o, "name"));
            results_csv_record(&c, g,
                               name ? name : json_string_value(json_object_get(o, "valueId")),
                               json_object_get(o, "count"), json_object_get(o, "share"), NULL, 1);
        }
        json_array_foreach(json_object_get(g, "texts"), k, o)
            results_csv_record(&c, g, json_string_value(o), NULL, NULL, NULL, 1);
    }
    return export_csv_take(&c, len);
}

kc_status results_service_export(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                                 results_export_what what, results_export_format format, char **csv,
                                 size_t *csv_len, json_t **json, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    results_survey s;
    json_t *doc = NULL;
    kc_status st;

    *csv = NULL;
    *csv_len = 0;
    *json = NULL;
    st = results_begin(pool, p, survey_id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    if (what == RESULTS_EXPORT_RESPONSES) {
        st = results_export_responses(conn, p->tenant_id, &s, format, csv, csv_len, json, pb);
        goto out;
    }
    st = results_document(conn, p->tenant_id, &s, NULL, &doc, pb);
    if (st != KC_OK)
        goto out;
    if (format == RESULTS_FORMAT_JSON) {
        *json = doc;
        doc = NULL;
        goto out;
    }
    *csv = results_csv_of(doc, csv_len);
    if (*csv == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(doc);
    kc_db_release(pool, conn);
    return st;
}
