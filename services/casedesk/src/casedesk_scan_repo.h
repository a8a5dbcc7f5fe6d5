#ifndef KOERS_CASEDESK_SCAN_REPO_H
#define KOERS_CASEDESK_SCAN_REPO_H

/* The scheduled scans' way with the database, for their repositories
 * (sla/sla_scan_repo.c, referrals/referral_scan_repo.c): a kind of scan is
 * two statements, one taking a batch of due rows, one flagging a row done. */

#include "casedesk_repo.h"

/* The statements of one kind of scan. take: ($1 as_of, $2 limit), locking
 * its rows FOR UPDATE SKIP LOCKED so replicas scanning at once take
 * different rows; flag (NULL: the kind has none): ($1 as_of, $2 tenant_id,
 * $3 id). */
typedef struct casedesk_scan_sql {
    const char *take_stmt, *take_sql;
    const char *flag_stmt, *flag_sql;
} casedesk_scan_sql;

/* Runs q's take at as_of (RFC 3339) for up to max rows, each read by
 * from_row into rows (the caller's array of at least max elements of
 * item_size); *n is how many. conn must be in a transaction. */
kc_status casedesk_scan_take(kc_db_conn *conn, const casedesk_scan_sql *q, const char *as_of,
                             int max, size_t item_size,
                             void (*from_row)(const PGresult *r, int row, void *item), void *rows,
                             int *n, kc_problem *pb) KC_MUST_CHECK;

/* Runs q's flag on the row (tenant_id, id) at as_of; queued in the
 * transaction (no result). KC_INTERNAL when q has no flag. */
kc_status casedesk_scan_flag(kc_db_conn *conn, const casedesk_scan_sql *q, const char *tenant_id,
                             const char *id, const char *as_of, kc_problem *pb) KC_MUST_CHECK;

#endif
