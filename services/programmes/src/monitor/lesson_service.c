#include "monitor/lesson_service.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "access/access.h"
#include "monitor/lesson_repo.h"
#include "programmes.h"
#include "programmes_resources.h"

/* Who writes a lesson: of a programme, a lead or a member of any of its
 * groups; without one, a lead. */
static kc_status require_writer(kc_db_conn *conn, const kc_principal *p, const char *programme_id,
                                kc_problem *pb)
{
    if (programme_id == NULL || programme_id[0] == '\0')
        return access_require_lead(p, "shares a lesson that belongs to no programme", pb);
    return access_require_member(conn, p, programme_id,
                                 ACCESS_STEERING | ACCESS_PROJECT | ACCESS_WORKING, NULL,
                                 "share its lessons", pb);
}

kc_status lesson_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                               const json_t *body, kc_problem *pb)
{
    char programme_id[37];
    const json_t *moved_to;
    kc_status st;

    if (id == NULL)
        return require_writer(conn, p, json_string_value(json_object_get(body, "programmeId")), pb);
    st = lesson_repo_lock(conn, p->tenant_id, id, programme_id, pb);
    if (st == KC_OK)
        st = require_writer(conn, p, programme_id, pb);
    if (st != KC_OK || body == NULL)
        return st;
    moved_to = json_object_get(body, "programmeId");
    if (moved_to != NULL &&
        (json_is_null(moved_to) ? programme_id[0] != '\0'
                                : strcasecmp(json_string_value(moved_to), programme_id) != 0))
        kc_problem_add_field(pb, "programmeId", "a lesson stays with its programme");
    if (json_object_get(body, "createdBy") != NULL)
        kc_problem_add_field(pb, "createdBy", "set when the lesson is shared");
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "these members of lesson %s are read-only", id);
    return KC_OK;
}

/* 1 when s holds a letter or digit (any non-ASCII byte counts: a letter
 * of another script). */
static int has_word(const char *s)
{
    for (; *s != '\0'; s++)
        if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

/* The cursor's rank: a decimal number from 0 to 10^6 (a rank is far
 * below). 0 for anything else. */
static int rank_ok(const char *key)
{
    char *end = NULL;
    double v;

    if (key == NULL || key[0] == '\0' || strspn(key, "0123456789.") != strlen(key))
        return 0;
    v = strtod(key, &end);
    return end != NULL && *end == '\0' && v >= 0 && v <= 1e6;
}

kc_status lesson_service_search(kc_db_pool *pool, const kc_principal *p, const char *q,
                                const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    size_t len;
    kc_status st;

    *items = NULL;
    next->has_more = 0;
    len = q != NULL ? kc_utf8_len(q) : 0;
    if (q == NULL || len == 0 || !has_word(q)) {
        kc_problem_add_field(pb, "q", "the words to search for: at least one letter or digit");
        return kc_problem_set(pb, KC_BAD_REQUEST, "q is required: what to search the lessons for");
    }
    if (len == (size_t)-1 || len > LESSON_QUERY_MAX) {
        kc_problem_add_field(pb, "q", "at most 200 characters of UTF-8");
        return kc_problem_set(pb, KC_BAD_REQUEST, "q is too long: at most %d characters",
                              LESSON_QUERY_MAX);
    }
    if (page->after_key != NULL && !rank_ok(page->after_key)) {
        kc_problem_add_field(pb, "cursor", "not a cursor of a lesson search");
        return kc_problem_set(pb, KC_BAD_REQUEST, "the cursor is not one of a lesson search");
    }
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = lesson_repo_search(conn, p->tenant_id, q, page->after_key, page->after_id, page, items,
                                next, pb);
    kc_db_release(pool, conn);
    return st;
}
