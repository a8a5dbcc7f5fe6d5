#ifndef KOERS_PROCESSES_BACKLOG_REPO_H
#define KOERS_PROCESSES_BACKLOG_REPO_H

#include <stddef.h>
#include "koers/db.h"
#include "koers/keyset.h"

/* The ranked backlog in SQL: proposed and open bottlenecks in the order
 * score descending, impact descending, effort ascending, oldest first,
 * then id, one keyset page at a time, served by the indexes
 * bottlenecks_backlog and bottlenecks_process_backlog
 * (sql/006_backlog_more.sql). */

/* One bottleneck of the backlog, with its process's and step's names.
 * Ids "" when NULL; the three texts are heap copies (NULL when NULL),
 * freed by backlog_item_clear. */
typedef struct backlog_item {
    char id[37];
    char process_id[37];
    char step_id[37];
    char *process_name;
    char *step_name;
    char *description;
    char source[32];
    char status[32];
    int impact;
    int effort;
    int has_frequency;
    long frequency;
    char frequency_unit[8];
    double score;
    char quadrant[16];
    int case_count;
    double case_days_over;
    char created_at[40];
    char key[40]; /* the row's sort key, "score|impact|effort|created-µs" */
} backlog_item;

void backlog_item_clear(backlog_item *item);

/* What a page asks: the statuses ("{open}" or "{proposed,open}", a text
 * array), and the optional filters (NULL: any). */
typedef struct backlog_filter {
    const char *statuses;
    const char *process_id;
    const char *quadrant;
    const char *source;
} backlog_filter;

/* Where a page starts: after the row with this sort key and id (the
 * parts of backlog_item.key); all NULL on the first page. */
typedef struct backlog_after {
    const char *score;
    const char *impact;
    const char *effort;
    const char *created_us;
    const char *id;
} backlog_after;

/* A page of the tenant's backlog (of one process when f->process_id is
 * set): up to page->limit items (*items, *n, the caller's: clear each,
 * then free the array) and, when there is more, next's key (the last
 * item's key) and id. */
kc_status backlog_repo_page(kc_db_conn *conn, const char *tenant_id, const backlog_filter *f,
                            const backlog_after *after, const kc_keyset *page, backlog_item **items,
                            size_t *n, kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* KC_OK when the tenant has process process_id, else KC_NOT_FOUND. */
kc_status backlog_repo_process_exists(kc_db_conn *conn, const char *tenant_id,
                                      const char *process_id, kc_problem *pb) KC_MUST_CHECK;

/* The tenant-wide backlog query ($1 tenant, $2 NULL, $3 statuses, $4
 * quadrant, $5 source, $6..$10 the cursor, $11 the page size + 1), for the
 * test of its plan (tests/integration/test_processes_backlog.c). */
extern const char backlog_tenant_sql[];

#endif
