#ifndef KOERS_CASE_REFERENCE_H
#define KOERS_CASE_REFERENCE_H

#include <time.h>
#include "koers/db.h"

/* Case references BV-<year>-<NNNNNN>, unique per tenant.
 *
 * Numbers are reserved from the database in blocks (hi/lo): one short
 * autocommitted statement takes CASE_REFERENCE_BLOCK numbers of the tenant's
 * counter for the year, and this process hands them out from memory. So the
 * counter row is locked only for that statement, never across a case's
 * transaction, and filing cases of one tenant does not queue on it. Several
 * replicas each hold their own block: references stay unique and grow per
 * process, with gaps when a process stops with numbers left over. */
#define CASE_REFERENCE_BLOCK 100

/* The year of `now` in the Netherlands. New Year always falls in winter time
 * (UTC+1), so this is the UTC year of now + 1 hour. */
int case_reference_year(time_t now);

/* Formats "BV-<year>-<number>" with at least six digits. */
void case_reference_format(int year, long long number, char *out, size_t n);

/* Writes the next reference of the tenant for `year` to out. Uses conn,
 * which must not be inside a transaction, only when a new block is needed.
 * Thread-safe. */
kc_status case_reference_next(kc_db_conn *conn, const char *tenant_id, int year, char *out,
                              size_t n, kc_problem *pb) KC_MUST_CHECK;

#endif
