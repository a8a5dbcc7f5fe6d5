#ifndef KOERS_CASEDESK_PG_H
#define KOERS_CASEDESK_PG_H

/* Helpers for the repo files only: reading PGresult cells. Never include
 * this outside a *_repo.c file. */

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

/* A timestamptz column for API output: selected as it is and written as
 * RFC 3339 UTC with milliseconds by casedesk_pg_copy (kc_db_format_timestamp). */
#define CASEDESK_TS(col) col
/* The same column as text with microseconds: the exact sort key of a keyset
 * cursor (opaque to clients, read back as ::timestamptz). */
#define CASEDESK_TS_US(col) "(" col ")::text AS cursor_key"

/* Copies a cell into dst (truncated to n-1 bytes); "" for SQL NULL. A
 * timestamptz cell is written as RFC 3339 UTC with milliseconds. */
void casedesk_pg_copy(const PGresult *r, int row, int col, char *dst, size_t n);
/* A heap copy of a cell, NULL for SQL NULL (or on allocation failure). */
char *casedesk_pg_strdup(const PGresult *r, int row, int col);
/* A cell parsed as JSON (new reference), NULL for SQL NULL or bad JSON. */
json_t *casedesk_pg_json(const PGresult *r, int row, int col);
/* A cell as int; 0 for SQL NULL. */
int casedesk_pg_int(const PGresult *r, int row, int col);
/* 1 for a boolean cell "t". */
int casedesk_pg_bool(const PGresult *r, int row, int col);

#endif
