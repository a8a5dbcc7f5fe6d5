#include "backlog/backlog_service.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/validate.h"
#include "backlog/backlog_repo.h"

/* The statuses of ?status as a text array: only proposed and open are on
 * the backlog (the others are listed by GET /bottlenecks?status=). */
static kc_status statuses_of(const char *status, const char **out, kc_problem *pb)
{
    if (status == NULL || strcmp(status, "open") == 0)
        *out = "{open}";
    else if (strcmp(status, "proposed") == 0)
        *out = "{proposed}";
    else if (strcmp(status, "proposed,open") == 0 || strcmp(status, "open,proposed") == 0)
        *out = "{proposed,open}";
    else {
        kc_problem_add_field(pb, "status", "open, proposed, or both: proposed,open");
        return kc_problem_set(pb, KC_BAD_REQUEST,
                              "status: the backlog holds proposed and open bottlenecks");
    }
    return KC_OK;
}

static int all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s), i;

    if (n < min || n > max)
        return 0;
    for (i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* A cursor of this list: "score|impact|effort|created-µs|rank" and the
 * id. The parts are written into buf (split in place) and pointed at
 * from after; *rank is the last rank handed out. -1 for anything else. */
static int parse_cursor(const kc_keyset *page, char *buf, size_t n, backlog_after *after,
                        long *rank)
{
    char *part[5], *save = NULL, *dot;
    const char *us;
    int i;

    if (snprintf(buf, n, "%s", page->after_key) >= (int)n)
        return -1;
    for (i = 0; i < 5; i++) {
        part[i] = strtok_r(i == 0 ? buf : NULL, "|", &save);
        if (part[i] == NULL)
            return -1;
    }
    if (strtok_r(NULL, "|", &save) != NULL || !kc_is_uuid(page->after_id))
        return -1;
    dot = strchr(part[0], '.'); /* the score: 20.0 .. 100.0 */
    if (dot == NULL || !all_digits(dot + 1, 1, 1))
        return -1;
    *dot = '\0';
    if (!all_digits(part[0], 1, 3))
        return -1;
    *dot = '.';
    if (!all_digits(part[1], 1, 1) || part[1][0] < '1' || part[1][0] > '5' ||
        !all_digits(part[2], 1, 1) || part[2][0] < '1' || part[2][0] > '5')
        return -1;
    us = part[3][0] == '-' ? part[3] + 1 : part[3];
    if (!all_digits(us, 1, 18) || !all_digits(part[4], 1, 9))
        return -1;
    after->score = part[0];
    after->impact = part[1];
    after->effort = part[2];
    after->created_us = part[3];
    after->id = page->after_id;
    *rank = strtol(part[4], NULL, 10);
    return 0;
}

static void set_string_or_null(json_t *o, const char *key, const char *s)
{
    json_object_set_new(o, key, s != NULL && s[0] != '\0' ? json_string(s) : json_null());
}

static json_t *item_json(const backlog_item *b, long rank)
{
    json_t *o = json_object();

    if (o == NULL)
        return NULL;
    json_object_set_new(o, "rank", json_integer(rank));
    json_object_set_new(o, "id", json_string(b->id));
    json_object_set_new(o, "processId", json_string(b->process_id));
    set_string_or_null(o, "processName", b->process_name);
    set_string_or_null(o, "stepId", b->step_id);
    set_string_or_null(o, "stepName", b->step_name);
    set_string_or_null(o, "description", b->description);
    json_object_set_new(o, "source", json_string(b->source));
    json_object_set_new(o, "status", json_string(b->status));
    json_object_set_new(o, "impact", json_integer(b->impact));
    json_object_set_new(o, "effort", json_integer(b->effort));
    json_object_set_new(o, "frequency",
                        b->has_frequency ? json_integer(b->frequency) : json_null());
    set_string_or_null(o, "frequencyUnit", b->frequency_unit);
    json_object_set_new(o, "score", json_real(b->score));
    json_object_set_new(o, "quadrant", json_string(b->quadrant));
    json_object_set_new(o, "caseCount", json_integer(b->case_count));
    json_object_set_new(o, "caseDaysOver", json_real(b->case_days_over));
    json_object_set_new(o, "createdAt", json_string(b->created_at));
    return o;
}

kc_status backlog_service_page(kc_db_pool *pool, const kc_principal *p, const backlog_query *q,
                               const kc_keyset *page, json_t **items, kc_keyset_next *next,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    backlog_filter f = {0};
    backlog_after after = {0};
    backlog_item *rows = NULL;
    char cursor[128];
    long rank = 0;
    size_t n = 0, i;
    kc_status st;

    *items = NULL;
    next->has_more = 0;
    st = statuses_of(q->status, &f.statuses, pb);
    if (st == KC_OK && q->of_process)
        st = kc_check_id("id", q->process_id, pb);
    if (st != KC_OK)
        goto out;
    if (page->after_key != NULL && parse_cursor(page, cursor, sizeof(cursor), &after, &rank) != 0) {
        kc_problem_add_field(pb, "cursor", "is not a cursor of this backlog");
        st = kc_problem_set(pb, KC_BAD_REQUEST, "cursor is not valid");
        goto out;
    }
    f.process_id = q->process_id;
    f.quadrant = q->quadrant;
    f.source = q->source;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK && q->of_process)
        st = backlog_repo_process_exists(conn, p->tenant_id, q->process_id, pb);
    if (st == KC_OK)
        st = backlog_repo_page(conn, p->tenant_id, &f, page->after_key ? &after : NULL, page, &rows,
                               &n, next, pb);
    if (st != KC_OK)
        goto out;
    *items = json_array();
    for (i = 0; *items != NULL && i < n; i++)
        if (json_array_append_new(*items, item_json(&rows[i], rank + (long)i + 1)) != 0)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (*items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st == KC_OK && next->has_more && n > 0 &&
        snprintf(next->key, sizeof(next->key), "%s|%ld", rows[n - 1].key, rank + (long)n) >=
            (int)sizeof(next->key))
        st = kc_problem_set(pb, KC_INTERNAL, "backlog: the sort key does not fit a cursor");
    if (st != KC_OK) {
        json_decref(*items);
        *items = NULL;
    }
out:
    for (i = 0; i < n; i++)
        backlog_item_clear(&rows[i]);
    free(rows);
    kc_db_release(pool, conn);
    return st;
}
