#include "backlog/backlog_repo.h"

#include <stdlib.h>
#include <string.h>
#include "koers/params.h"
#include "koers/pg.h"

/* The first page starts after a sort key no row reaches: every score is
 * at most 100, so -score > -10000 holds for all. */
#define FIRST_SCORE "10000"

/* The columns of a backlog row, then its sort key (column 17). */
#define BACKLOG_KEY_COL 17

void backlog_item_clear(backlog_item *item)
{
    if (item == NULL)
        return;
    free(item->process_name);
    free(item->step_name);
    free(item->description);
    memset(item, 0, sizeof(*item));
}

static void item_from(const PGresult *r, int row, void *out)
{
    backlog_item *b = out;

    kc_pg_copy(r, row, 0, b->id, sizeof(b->id));
    kc_pg_copy(r, row, 1, b->process_id, sizeof(b->process_id));
    b->process_name = kc_pg_strdup(r, row, 2);
    kc_pg_copy(r, row, 3, b->step_id, sizeof(b->step_id));
    b->step_name = kc_pg_strdup(r, row, 4);
    b->description = kc_pg_strdup(r, row, 5);
    kc_pg_copy(r, row, 6, b->source, sizeof(b->source));
    kc_pg_copy(r, row, 7, b->status, sizeof(b->status));
    b->impact = kc_pg_int(r, row, 8);
    b->effort = kc_pg_int(r, row, 9);
    b->has_frequency = !PQgetisnull(r, row, 10);
    b->frequency = kc_pg_int(r, row, 10);
    kc_pg_copy(r, row, 11, b->frequency_unit, sizeof(b->frequency_unit));
    b->score = strtod(PQgetvalue(r, row, 12), NULL);
    kc_pg_copy(r, row, 13, b->quadrant, sizeof(b->quadrant));
    b->case_count = kc_pg_int(r, row, 14);
    b->case_days_over = strtod(PQgetvalue(r, row, 15), NULL);
    kc_pg_copy(r, row, 16, b->created_at, sizeof(b->created_at));
    kc_pg_copy(r, row, BACKLOG_KEY_COL, b->key, sizeof(b->key));
}

/* The tenant-wide and the per-process query differ only in the process
 * condition, which lets the per-process one use its own index (the
 * tenant-wide one is asked with $2 NULL only). Each starts at the cursor
 * with one row comparison on the index's (negated) keys. The page is taken
 * from the bottlenecks alone (the inner query, LIMIT inside), and only its
 * rows are joined to their process and step: whatever the planner thinks
 * of the processes table (a fresh one has no statistics), it cannot start
 * from the processes and sort every open bottleneck of the tenant. */
#define BACKLOG_SELECT                                                                             \
    "SELECT b.id, b.process_id, p.name, b.step_id, s.name, b.description,\n"                       \
    "       b.source, b.status, b.impact, b.effort, b.frequency, b.frequency_unit,\n"              \
    "       b.score, processes.bottleneck_quadrant(b.impact, b.effort),\n"                         \
    "       b.case_count, b.case_days_over, b.created_at,\n"                                       \
    "       concat_ws('|', b.score, b.impact, b.effort,\n"                                         \
    "                 (extract(epoch FROM b.created_at) * 1000000)::bigint) AS sort_key\n"         \
    "  FROM (SELECT b.*\n"                                                                         \
    "          FROM processes.bottlenecks b\n"                                                     \
    "         WHERE b.tenant_id = $1\n"
#define BACKLOG_REST                                                                                \
    "           AND b.status IN ('proposed', 'open')\n"                                             \
    "           AND b.status = ANY ($3::text[])\n"                                                  \
    "           AND ($4::text IS NULL OR processes.bottleneck_quadrant(b.impact, b.effort) = $4)\n" \
    "           AND ($5::text IS NULL OR b.source = $5)\n"                                          \
    "           AND (-b.score, -b.impact, b.effort, b.created_at, b.id)\n"                          \
    "               > (-$6::numeric, -$7::integer, $8::integer,\n"                                  \
    "                  timestamptz 'epoch' + $9::bigint * interval '1 microsecond', $10::uuid)\n"   \
    "         ORDER BY -b.score, -b.impact, b.effort, b.created_at, b.id\n"                         \
    "         LIMIT $11) b\n"                                                                       \
    "  JOIN processes.processes p ON p.tenant_id = b.tenant_id AND p.id = b.process_id\n"           \
    "  LEFT JOIN processes.flow_steps s ON s.tenant_id = b.tenant_id AND s.id = b.step_id\n"        \
    " ORDER BY -b.score, -b.impact, b.effort, b.created_at, b.id"

const char backlog_tenant_sql[] =
    BACKLOG_SELECT "           AND ($2::uuid IS NULL OR b.process_id = $2::uuid)\n" BACKLOG_REST;
static const char backlog_process_sql[] =
    BACKLOG_SELECT "           AND b.process_id = $2::uuid\n" BACKLOG_REST;

kc_status backlog_repo_page(kc_db_conn *conn, const char *tenant_id, const backlog_filter *f,
                            const backlog_after *after, const kc_keyset *page, backlog_item **items,
                            size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    kc_params p;
    void *list = NULL;
    int first = after == NULL || after->score == NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, f->process_id);
    kc_params_text(&p, f->statuses);
    kc_params_text(&p, f->quadrant);
    kc_params_text(&p, f->source);
    kc_params_text(&p, first ? FIRST_SCORE : after->score);
    kc_params_text(&p, first ? "0" : after->impact);
    kc_params_text(&p, first ? "0" : after->effort);
    kc_params_text(&p, first ? "0" : after->created_us);
    kc_params_text(&p, first ? "00000000-0000-0000-0000-000000000000" : after->id);
    kc_params_int(&p, page->limit + 1);
    /* unnamed statements: planned with the page's values every time (under
     * a millisecond), so the optional filters never lead a generic plan
     * away from the index that gives the order */
    if (f->process_id != NULL)
        st = kc_pg_list(conn, NULL, backlog_process_sql, kc_params_count(&p), kc_params_values(&p),
                        page, BACKLOG_KEY_COL, sizeof(backlog_item), item_from, &list, n, next, pb);
    else
        st = kc_pg_list(conn, NULL, backlog_tenant_sql, kc_params_count(&p), kc_params_values(&p),
                        page, BACKLOG_KEY_COL, sizeof(backlog_item), item_from, &list, n, next, pb);
    *items = list;
    kc_params_free(&p);
    return st;
}

kc_status backlog_repo_process_exists(kc_db_conn *conn, const char *tenant_id,
                                      const char *process_id, kc_problem *pb)
{
    static const char sql[] = "SELECT 1\n"
                              "  FROM processes.processes\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    const char *params[2] = {tenant_id, process_id};

    return kc_pg_one(conn, "processes_backlog_process_exists", sql, 2, params, NULL, NULL, pb,
                     "process %s not found", process_id);
}
