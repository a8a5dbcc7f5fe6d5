#ifndef KOERS_PAGE_H
#define KOERS_PAGE_H

#include <jansson.h>
#include "koers/http.h"
#include "koers/keyset.h"

/* Cursor pagination (keyset): a cursor is an opaque base64url token of the
 * sort key of the last item ("<sort value>|<id>"). */
typedef struct kc_page {
    int limit; /* ?limit, 1..100, default 20                     */
    int has_cursor;
    char after_key[128]; /* sort value of the last item of the prior page  */
    char after_id[37];
} kc_page;

/* Reads limit and cursor (a bad one is KC_BAD_REQUEST naming it). */
kc_status kc_page_read(const kc_ctx *ctx, kc_page *page, kc_problem *pb) KC_MUST_CHECK;

/* Encodes a cursor; caller frees. */
char *kc_cursor_encode(const char *key, const char *id);
int kc_cursor_decode(const char *cursor, kc_page *page);

/* {"items": items, "_links": {"self": {...}, "next": {...}}} where next is
 * present when next_key/next_id are not NULL. Steals items. */
json_t *kc_page_body(const kc_ctx *ctx, json_t *items, const char *next_key, const char *next_id);

/* The HTTP-free view of a read page (borrows from kp). */
void kc_page_keyset(const kc_page *kp, kc_keyset *in);

/* Checks the query against fields (NULL: only limit and cursor allowed;
 * otherwise the list must include limit and cursor), reads the page and
 * fills *in (borrowing from *kp). */
kc_status kc_page_query(kc_ctx *ctx, const kc_field *fields, size_t nfields, kc_page *kp,
                        kc_keyset *in, kc_problem *pb) KC_MUST_CHECK;

/* Answers 200 with the list envelope of kc_page_body (steals items). */
kc_status kc_respond_page(kc_ctx *ctx, json_t *items, const kc_keyset_next *next);

/* A service's page of the rows under the path's :id (a programme's
 * checkpoints, a KPI's measurements): the caller, :id and the page in,
 * *items (a new JSON array, the caller's) and next out. */
typedef kc_status (*kc_list_on_fn)(struct kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                   kc_problem *pb);

/* The handler of such a list: the query may hold only limit and cursor
 * (kc_page_query); calls fn with the server's pool (kc_ctx_pool), the
 * caller and :id, and answers 200 with the page (kc_respond_page). */
kc_status kc_http_list_on(kc_ctx *ctx, kc_list_on_fn fn, kc_problem *pb) KC_MUST_CHECK;

/* Reads the page of a numbered list under one parent (a case's timeline,
 * its notes): the query may hold only limit and cursor, and a cursor must
 * be one kc_respond_seq_page gave for this parent. *after is the number
 * the page starts after (0 without a cursor). Another cursor is
 * KC_BAD_REQUEST naming it: "the cursor is not one of this <what>". */
kc_status kc_seq_page_read(kc_ctx *ctx, const char *parent_id, const char *what, kc_page *kp,
                           long long *after, kc_problem *pb) KC_MUST_CHECK;

/* Answers 200 with the list envelope of kc_page_body (steals items); when
 * has_more, its next cursor points after last (the number of the page's
 * last item) under parent_id. */
kc_status kc_respond_seq_page(kc_ctx *ctx, json_t *items, int has_more, long long last,
                              const char *parent_id);

/* A list in sequence order paged by number (?after=<seq>&limit=n: the
 * outbox's events, the notifications intake's pull): checks the query
 * against fields (which must include after and limit, with their bounds)
 * and reads *after (0 when absent) and *limit (limit_default when
 * absent). A bad query is KC_BAD_REQUEST naming it. */
kc_status kc_after_page_read(kc_ctx *ctx, const kc_field *fields, size_t nfields, int limit_default,
                             long long *after, int *limit, kc_problem *pb) KC_MUST_CHECK;

/* Answers 200 with {"items": items, "_links": {"self": ..., "next": ...}}:
 * self is this URL with after and limit (then extra, "name=value" already
 * encoded, when not NULL), next the same after last when has_more. Steals
 * items (also on failure: KC_INTERNAL when out of memory). */
kc_status kc_respond_after_page(kc_ctx *ctx, json_t *items, long long after, int limit,
                                const char *extra, int has_more, long long last,
                                kc_problem *pb) KC_MUST_CHECK;

#endif
