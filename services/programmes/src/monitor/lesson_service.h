#ifndef KOERS_PROGRAMMES_LESSON_SERVICE_H
#define KOERS_PROGRAMMES_LESSON_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

/* Lessons learnt and norms agreed per team (lesson_resource), and their
 * search across the tenant. */

/* At most this many tags per lesson. */
#define LESSON_TAGS_MAX 20
/* The longest search text, in characters. */
#define LESSON_QUERY_MAX 200

/* The kit's check of lesson_resource, in the write's transaction. A lesson
 * of a programme is written by a lead or a member of one of that
 * programme's groups; one without a programme by a lead only
 * (KC_FORBIDDEN). On PATCH and DELETE the lesson is locked (KC_NOT_FOUND
 * when not the tenant's); programmeId may be echoed but not changed and
 * createdBy is not sent (KC_INVALID naming them). */
kc_status lesson_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                               const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* GET /lessons/search: the tenant's lessons matching q (Dutch full text:
 * words are stemmed, stop words left out; "quoted phrases", `or` and
 * -excluded words as a web search has them), best match first (ts_rank
 * over title, body and team), each lesson with its `rank`. q holds 1..200
 * characters and a letter or digit (KC_BAD_REQUEST naming q); a cursor
 * that is not one of this search is KC_BAD_REQUEST naming cursor. A q of
 * stop words only finds nothing. *items (the caller's) is the page's
 * lessons, *next where the next page starts. */
kc_status lesson_service_search(kc_db_pool *pool, const kc_principal *p, const char *q,
                                const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                kc_problem *pb) KC_MUST_CHECK;

#endif
