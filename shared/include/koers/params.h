#ifndef KOERS_PARAMS_H
#define KOERS_PARAMS_H

/* The text parameters of one SQL statement, appended in the order of its
 * placeholders, so that $1, $2, ... are bound from a list that reads like
 * the statement instead of from hand-counted array slots:
 *
 *     kc_params p;
 *
 *     kc_params_init(&p);
 *     kc_params_text(&p, tenant_id);   (placeholder $1)
 *     kc_params_int(&p, limit);        (placeholder $2)
 *     st = kc_params_check(&p, pb);
 *     if (st == KC_OK)
 *         st = kc_db_exec(conn, stmt, sql, kc_params_count(&p), kc_params_values(&p), &res, pb);
 *     kc_params_free(&p);
 *
 * Text is borrowed and must outlive the statement; what the list formats
 * itself (numbers, JSON) it owns until kc_params_free. An append that fails
 * only marks the list, which kc_params_check then reports, so appends need
 * no checks of their own. Only JSON (out of memory) and a value beyond
 * KC_PARAMS_MAX can fail: a list of text, numbers, booleans and NULLs
 * within that bound may skip the check. A kc_params holds pointers into
 * itself: never copy one. */

#include <jansson.h>
#include "koers/problem.h"

#define KC_PARAMS_MAX 32

typedef struct kc_params {
    const char *values[KC_PARAMS_MAX]; /* $1 is values[0]; NULL is SQL NULL */
    char num[KC_PARAMS_MAX][24];       /* the text of numbers               */
    char *owned[KC_PARAMS_MAX];        /* heap text (JSON, arrays), or NULL */
    int n;
    int failed; /* an append did not fit (1) or ran out of memory (2) */
} kc_params;

/* Starts an empty list. */
void kc_params_init(kc_params *p);

/* Appends s as it is (borrowed); NULL is SQL NULL. */
void kc_params_text(kc_params *p, const char *s);
/* Appends v as decimal text. */
void kc_params_int(kc_params *p, long long v);
/* Appends "true" when v is not 0, else "false". */
void kc_params_bool(kc_params *p, int v);
/* The same, with SQL NULL for v < 0: a yes/no filter that was not given. */
void kc_params_bool_or_null(kc_params *p, int v);
/* Appends SQL NULL. */
void kc_params_null(kc_params *p);
/* Appends v as compact JSON text (owned by the list); a NULL v is SQL NULL,
 * a JSON null the text "null". */
void kc_params_json(kc_params *p, const json_t *v);

/* Appends the n strings as a PostgreSQL array literal, each quoted with
 * '"' and '\' escaped by '\' ({"a","b\"c"}; owned by the list; cast it in SQL,
 * e.g. $3::uuid[]); items NULL is SQL NULL, n 0 the empty array {}. */
void kc_params_text_array(kc_params *p, const char *const *items, size_t n);

/* KC_OK, or KC_INTERNAL with the cause on pb when an append failed; such
 * a list must not be executed. */
kc_status kc_params_check(const kc_params *p, kc_problem *pb) KC_MUST_CHECK;

/* The values for kc_db_exec: $1 first; valid until the next append or
 * kc_params_free. */
const char *const *kc_params_values(const kc_params *p);
/* How many values were appended (placeholders $1 .. $count). */
int kc_params_count(const kc_params *p);

/* Frees what the list owns and empties it; NULL is fine. */
void kc_params_free(kc_params *p);

#endif
