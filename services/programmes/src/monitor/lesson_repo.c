#include "monitor/lesson_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

/* The first page starts after a rank no lesson reaches. */
#define FIRST_RANK "1000000"
#define FIRST_ID   "00000000-0000-0000-0000-000000000000"
/* The columns of a hit: id, the lesson with its rank, the sort key. */
#define HIT_KEY_COL 2

static void lock_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

kc_status lesson_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                           char *programme_id, kc_problem *pb)
{
    static const char sql[] = "SELECT l.programme_id\n"
                              "  FROM programmes.lessons l\n"
                              " WHERE l.tenant_id = $1\n"
                              "   AND l.id = $2\n"
                              "   FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    programme_id[0] = '\0';
    return kc_pg_one(conn, "programmes_lesson_lock", sql, 2, params, lock_from_row, programme_id,
                     pb, "lesson %s not found", id);
}

typedef struct lesson_hit {
    json_t *doc;
} lesson_hit;

static void hit_from_row(const PGresult *r, int row, void *out)
{
    lesson_hit *h = out;

    h->doc = kc_pg_json(r, row, 1);
}

kc_status lesson_repo_search(kc_db_conn *conn, const char *tenant_id, const char *q,
                             const char *after_rank, const char *after_id, const kc_keyset *page,
                             json_t **items, kc_keyset_next *next, kc_problem *pb)
{
    /* the match uses the GIN index on the generated column; the order is
     * the rank's, so the page is sorted from the matches */
    static const char sql[] =
        "SELECT x.id, programmes.lesson_wire(x.l) || jsonb_build_object('rank', x.rank),\n"
        "       x.rank::text\n"
        "  FROM (SELECT l.id, l,\n"
        "               round(ts_rank(l.search, websearch_to_tsquery('dutch', $2))::numeric, 6)\n"
        "                   AS rank\n"
        "          FROM programmes.lessons l\n"
        "         WHERE l.tenant_id = $1\n"
        "           AND l.search @@ websearch_to_tsquery('dutch', $2)) x\n"
        " WHERE (-x.rank, x.id) > (-$3::numeric, $4::uuid)\n"
        " ORDER BY -x.rank, x.id\n"
        " LIMIT $5";
    kc_params p;
    void *list = NULL;
    lesson_hit *hits;
    size_t n = 0, i;
    kc_status st;

    *items = NULL;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, q);
    kc_params_text(&p, after_rank != NULL ? after_rank : FIRST_RANK);
    kc_params_text(&p, after_id != NULL ? after_id : FIRST_ID);
    kc_params_int(&p, page->limit + 1);
    st = kc_params_check(&p, pb);
    if (st == KC_OK)
        st = kc_pg_list(conn, "programmes_lesson_search", sql, kc_params_count(&p),
                        kc_params_values(&p), page, HIT_KEY_COL, sizeof(lesson_hit), hit_from_row,
                        &list, &n, next, pb);
    hits = list;
    if (st == KC_OK) {
        *items = json_array();
        for (i = 0; i < n; i++)
            if (*items == NULL || hits[i].doc == NULL ||
                json_array_append(*items, hits[i].doc) != 0)
                st = KC_INTERNAL;
        if (st != KC_OK) {
            json_decref(*items);
            *items = NULL;
            st = kc_problem_set(pb, KC_INTERNAL, "lesson search: out of memory");
        }
    }
    for (i = 0; i < n; i++)
        json_decref(hits[i].doc);
    free(list);
    kc_params_free(&p);
    return st;
}
